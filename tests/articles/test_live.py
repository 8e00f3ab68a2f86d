"""Live stories: posts, roles, the reader page, polling, JSON-LD, feed and ninjs."""

import json
import re
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from jsonschema import Draft202012Validator, FormatChecker

from articles import publishing
from articles.models import Article, Byline, LiveCoverage, LivePost, Quote
from pagecache import invalidation
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"
NINJS = Draft202012Validator(
    json.loads((DATA / "ninjs-schema_2.2.json").read_text()),
    format_checker=FormatChecker(),
)
# The story page's queries (test_views.STORY_PAGE_MAX_QUERIES) and one for posts.
LIVE_PAGE_MAX_QUERIES = 7 + 1 + 1
# The story with its coverage, the newest posts, the key events.
UPDATES_MAX_QUERIES = 3
KHMER_POST = "<p>គណៈកម្មាធិការជាតិរៀបចំការបោះឆ្នោតបានប្រកាសលទ្ធផលបឋម។</p>"


@pytest.fixture
def live_story(editor, reporter):
    """A public story the reporter is bylined on, covered live by the editor."""
    article = make_article("Election count, live")
    Byline.objects.create(article=article, person=reporter.person, position=0)
    publishing.start_live(article, editor)
    return Article.objects.get(pk=article.pk)


def add_post(article, author, body="<p>An update.</p>", **fields):
    return LivePost.objects.create(article=article, author=author, body=body, **fields)


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def updates_url(article):
    return reverse("articles:live_updates", kwargs={"slug": article.slug})


# Roles


def test_bylined_reporter_posts_on_the_live_desk(live_story, reporter_client, reporter):
    """A reporter on the byline adds a post; it carries their name."""
    response = reporter_client.post(
        desk_url(live_story), {"headline": "", "body": "<p>Polls closed.</p>"}
    )
    assert response.status_code == 302
    post = live_story.live_posts.get()
    assert post.author == reporter.person
    assert post.body == "<p>Polls closed.</p>"
    assert not post.pinned


def test_reporter_not_on_the_byline_cannot_post(live_story, client, other_reporter):
    """A forged post from a reporter not credited on the story is refused."""
    client.force_login(other_reporter)
    response = client.post(desk_url(live_story), {"body": "<p>Not mine.</p>"})
    assert response.status_code == 403
    assert not live_story.live_posts.exists()


def test_reporter_cannot_pin_a_key_event(live_story, reporter_client, reporter):
    """Pinning is the desk's: a reporter's forged ``pinned`` gets 403."""
    response = reporter_client.post(
        desk_url(live_story), {"body": "<p>Big news.</p>", "pinned": "on"}
    )
    assert response.status_code == 403
    assert not live_story.live_posts.exists()
    post = add_post(live_story, reporter.person)
    url = reverse("admin:articles_livepost_change", args=[post.pk])
    form = reporter_client.get(url).content.decode()
    assert 'name="pinned"' not in form
    response = reporter_client.post(url, {"body": "<p>Big news.</p>", "pinned": "on"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert not post.pinned


def test_reporter_edits_and_deletes_only_their_own_posts(
    live_story, client, reporter, editor
):
    """A reporter changes their own post; another's answers 403."""
    mine = add_post(live_story, reporter.person)
    theirs = add_post(live_story, editor.person, body="<p>The desk's.</p>")
    client.force_login(reporter)
    change = reverse("admin:articles_livepost_change", args=[mine.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"headline": "", "body": "<p>Corrected.</p>"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.body == "<p>Corrected.</p>"

    other = reverse("admin:articles_livepost_change", args=[theirs.pk])
    response = client.post(other, {"headline": "", "body": "<p>Hijacked.</p>"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.body == "<p>The desk's.</p>"
    delete = reverse("admin:articles_livepost_delete", args=[theirs.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert LivePost.objects.filter(pk=theirs.pk).exists()
    delete = reverse("admin:articles_livepost_delete", args=[mine.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not LivePost.objects.filter(pk=mine.pk).exists()


def test_editor_pins_and_edits_any_post(live_story, editor_client, reporter):
    """Editors change anyone's post and mark key events."""
    post = add_post(live_story, reporter.person)
    url = reverse("admin:articles_livepost_change", args=[post.pk])
    response = editor_client.post(
        url,
        {
            "headline": "Results declared",
            "body": "<p>An update.</p>",
            "pinned": "on",
            "author": reporter.person.pk,
            "posted_at_0": timezone.localtime(post.posted_at).strftime("%Y-%m-%d"),
            "posted_at_1": timezone.localtime(post.posted_at).strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.context["errors"]
    post.refresh_from_db()
    assert post.pinned and post.headline == "Results declared"


def test_only_editors_start_and_end_live_coverage(client, reporter, editor):
    """Starting and ending coverage is refused to reporters, forged or not."""
    article = make_article("A verdict")
    Byline.objects.create(article=article, person=reporter.person, position=0)
    with pytest.raises(PermissionDenied):
        publishing.start_live(article, reporter)
    client.force_login(reporter)
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(change, {"_start_live": "1"}).status_code == 403
    assert not LiveCoverage.objects.filter(pk=article.pk).exists()

    publishing.start_live(article, editor)
    end = reverse("admin:articles_article_end_live", args=[article.pk])
    assert client.post(end, {"summary": "Over."}).status_code == 403
    with pytest.raises(PermissionDenied):
        publishing.end_live(article, reporter, "Over.")
    assert LiveCoverage.objects.get(pk=article.pk).ended_at is None


def test_reporter_cannot_post_after_coverage_ends(live_story, reporter_client, editor):
    """Once ended, the story's posts are the desk's."""
    publishing.end_live(live_story, editor, "The count is over.")
    response = reporter_client.post(desk_url(live_story), {"body": "<p>Late.</p>"})
    assert response.status_code == 403


def test_editor_starts_live_from_the_story_form(editor_client):
    """The story form's “Start live coverage” button opens the live desk."""
    article = make_article("Flood warning")
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(change).content.decode()
    assert 'name="_start_live"' in page
    response = editor_client.post(desk_url(article), {"_start_live": "1"})
    assert response.status_code == 302
    assert LiveCoverage.objects.get(pk=article.pk).is_running
    page = editor_client.get(change).content.decode()
    assert 'name="_end_live"' in page and desk_url(article) in page


def test_live_desk_pages_render(live_story, editor, reporter):
    """The desk lists posts newest first with the quick add form on top."""
    add_post(live_story, reporter.person, headline="First")
    add_post(
        live_story,
        reporter.person,
        headline="Second",
        posted_at=timezone.now() + timedelta(seconds=1),
    )
    for user in (reporter, editor):
        client = Client()
        client.force_login(user)
        page = client.get(desk_url(live_story)).content.decode()
        assert 'class="live-post-form"' in page
        assert page.index("Second") < page.index("First")
        changelist = reverse("admin:articles_livepost_changelist")
        assert client.get(changelist).status_code == 200
    end = reverse("admin:articles_article_end_live", args=[live_story.pk])
    assert client.get(end).status_code == 200


# Sanitising


def test_post_body_is_sanitised_on_save(live_story, reporter):
    """Scripts and event handlers never reach the database."""
    post = add_post(
        live_story,
        reporter.person,
        body='<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<iframe src="//x"></iframe>',
    )
    post.refresh_from_db()
    assert "script" not in post.body and "onclick" not in post.body
    assert "iframe" not in post.body and "Hi" in post.body


def test_embed_must_be_a_web_link(live_story, reporter):
    """An embed is an http(s) link shown as a link, never markup."""
    post = LivePost(
        article=live_story, author=reporter.person, embed_url="javascript:alert(1)"
    )
    with pytest.raises(ValidationError):
        post.full_clean()


def test_embed_and_quote_render_escaped(live_story, reporter, client):
    """An embed is a link to its site; a quote shows its speaker."""
    speaker = make_person("Hun Manet")
    quote = Quote.objects.create(article=live_story, speaker=speaker, text="We won.")
    add_post(
        live_story,
        reporter.person,
        body="",
        embed_url='https://video.example.org/watch?v=1&x="><script>',
    )
    add_post(live_story, reporter.person, body="", quote=quote)
    page = client.get(live_story.get_absolute_url()).content.decode()
    assert "video.example.org" in page and '"><script>' not in page
    assert "We won." in page and "Hun Manet" in page


def test_empty_post_is_refused(live_story, reporter):
    """A post says something: text, a photo, a quote or an embed."""
    with pytest.raises(ValidationError):
        LivePost(article=live_story, author=reporter.person).full_clean()


def test_quote_must_be_of_the_story(live_story, reporter):
    """A post quotes its own story's quotes."""
    elsewhere = Quote.objects.create(
        article=make_article(), speaker=make_person(), text="Elsewhere."
    )
    post = LivePost(article=live_story, author=reporter.person, quote=elsewhere)
    with pytest.raises(ValidationError):
        post.full_clean()


# The reader page


def test_page_shows_key_events_then_posts_newest_first(live_story, client, reporter):
    """Key events are listed at the top; every post has its time and author."""
    now = timezone.now()
    add_post(live_story, reporter.person, headline="Polls open", posted_at=now)
    add_post(
        live_story,
        reporter.person,
        headline="Turnout at noon",
        pinned=True,
        posted_at=now + timedelta(minutes=1),
    )
    add_post(
        live_story,
        reporter.person,
        headline="Count begins",
        posted_at=now + timedelta(minutes=2),
    )
    page = client.get(live_story.get_absolute_url()).content.decode()
    key_events = page[
        page.index('id="key-events-heading"') : page.index('id="live-heading"')
    ]
    assert "Turnout at noon" in key_events and "Polls open" not in key_events
    posts = page[page.index("data-live-posts") :]
    assert (
        posts.index("Count begins")
        < posts.index("Turnout at noon")
        < posts.index("Polls open")
    )
    assert posts.count(reporter.person.name) == 3
    assert posts.count("<time datetime=") == 3
    assert 'aria-live="polite"' in page
    assert "js/live.js" in page
    assert updates_url(live_story) in page


def test_khmer_live_story_speaks_khmer(editor, reporter, client):
    """A Khmer story's live posts and its notice words are in Khmer."""
    article = make_article("លទ្ធផលបោះឆ្នោត ផ្ទាល់", language="km")
    publishing.start_live(article, editor)
    add_post(article, reporter.person, body=KHMER_POST)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "គណៈកម្មាធិការជាតិ" in page
    notice = re.search(r'data-live-one="([^"]*)"', page).group(1)
    assert notice != "1 new post" and "ថ្មី" in notice
    assert "Latest updates" not in page


def test_ended_coverage_shows_summary_and_stops_polling(live_story, editor, client):
    """After the end, readers see the summary and the page no longer polls."""
    with pytest.raises(ValidationError):
        publishing.end_live(live_story, editor, "   ")
    publishing.end_live(live_story, editor, "The ruling party won 120 seats.")
    live_story.live.refresh_from_db()
    assert live_story.live.ended_at is not None
    page = client.get(live_story.get_absolute_url()).content.decode()
    assert "The ruling party won 120 seats." in page
    assert "js/live.js" not in page and "data-live-updates" not in page
    data = client.get(updates_url(live_story)).json()
    assert data["live"] is False and data["ended_at"]


def test_coverage_restarts_after_it_ended(live_story, editor):
    """An editor can take a story live again."""
    publishing.end_live(live_story, editor, "Paused for the night.")
    publishing.start_live(live_story, editor)
    assert LiveCoverage.objects.get(pk=live_story.pk).is_running
    with pytest.raises(ValidationError):
        publishing.start_live(live_story, editor)


def test_ending_before_start_is_refused_by_the_database(live_story):
    """The invariants hold whatever path writes the row."""
    from django.db import IntegrityError, transaction

    coverage = LiveCoverage.objects.get(pk=live_story.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveCoverage.objects.filter(pk=coverage.pk).update(
            ended_at=coverage.started_at - timedelta(hours=1), summary="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveCoverage.objects.filter(pk=coverage.pk).update(
            ended_at=timezone.now(), summary=""
        )


# Polling


def test_update_endpoint_answers_304_when_nothing_changed(live_story, client, reporter):
    """ETag and Last-Modified both give a 304; a new post gives a 200 with it."""
    first = add_post(live_story, reporter.person)
    response = client.get(updates_url(live_story))
    assert response.status_code == 200
    etag, modified = response["ETag"], response["Last-Modified"]
    assert [post["id"] for post in response.json()["posts"]] == [first.pk]
    assert "max-age=" in response["Cache-Control"]

    assert (
        client.get(updates_url(live_story), HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    response = client.get(updates_url(live_story), HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 304

    # A post in a later second than the last version.
    later = timezone.now() + timedelta(seconds=2)
    LiveCoverage.objects.filter(pk=live_story.pk).update(updated_at=later)
    second = add_post(live_story, reporter.person, body=KHMER_POST)
    response = client.get(updates_url(live_story), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    data = response.json()
    assert [post["id"] for post in data["posts"]] == [second.pk, first.pk]
    assert "គណៈកម្មាធិការជាតិ" in data["posts"][0]["html"]
    assert response["ETag"] != etag
    assert (
        client.get(
            updates_url(live_story),
            HTTP_IF_MODIFIED_SINCE=http_date(later.timestamp() - 5),
        ).status_code
        == 200
    )


def test_edits_and_deletes_move_the_version(
    live_story, client, reporter, django_capture_on_commit_callbacks
):
    """Changing or deleting a post (each its own transaction) makes a 200."""
    with django_capture_on_commit_callbacks(execute=True):
        post = add_post(live_story, reporter.person)
    etag = client.get(updates_url(live_story))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        post.body = "<p>Corrected.</p>"
        post.save()
    changed = client.get(updates_url(live_story), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    gone = client.get(updates_url(live_story), HTTP_IF_NONE_MATCH=changed["ETag"])
    assert gone.status_code == 200 and gone.json()["posts"] == []


def test_a_post_moves_the_story_pages_last_modified(
    live_story, client, reporter, django_capture_on_commit_callbacks
):
    """A conditional request for the page after a post is answered in full."""
    before = client.get(live_story.get_absolute_url())["Last-Modified"]
    later = timezone.now() + timedelta(seconds=5)
    with django_capture_on_commit_callbacks(execute=True):
        add_post(live_story, reporter.person)
    LiveCoverage.objects.filter(pk=live_story.pk).update(updated_at=later)
    response = client.get(live_story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=before)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(later.timestamp())


def test_a_post_leaves_the_story_form_current(live_story, reporter):
    """A post moves the coverage's version, not the story's (no stale form)."""
    modified = Article.objects.get(pk=live_story.pk).modified_at
    updated = LiveCoverage.objects.get(pk=live_story.pk).updated_at
    add_post(live_story, reporter.person)
    assert Article.objects.get(pk=live_story.pk).modified_at == modified
    assert LiveCoverage.objects.get(pk=live_story.pk).updated_at > updated


# Drafts never leak


def test_posts_of_a_story_readers_cannot_see_never_leak(editor, reporter, client):
    """A draft or scheduled live story: page, endpoint and feed are 404."""
    draft = make_article("Secret count", published=False)
    scheduled = make_article(
        "Later count",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    for article in (draft, scheduled):
        publishing.start_live(article, editor)
        add_post(article, reporter.person, body="<p>Leaked words.</p>")
        for url in (
            article.get_absolute_url(),
            updates_url(article),
            reverse("articles:live_feed_atom", kwargs={"slug": article.slug}),
        ):
            assert client.get(url).status_code == 404, url
    api = client.get(reverse("api:stories")).content.decode()
    assert "Leaked words" not in api


def test_a_story_never_live_has_no_endpoint(client):
    """Only a live (or once live) story has updates and a live feed."""
    article = make_article()
    assert client.get(updates_url(article)).status_code == 404
    feed = reverse("articles:live_feed_atom", kwargs={"slug": article.slug})
    assert client.get(feed).status_code == 404


# Query counts


def many_posts(article, authors, count=60):
    now = timezone.now()
    photo = make_photo()
    speaker = make_person("Speaker")
    quote = Quote.objects.create(article=article, speaker=speaker, text="Words.")
    LivePost.objects.bulk_create(
        LivePost(
            article=article,
            author=authors[i % len(authors)],
            headline=f"Update {i}",
            body=f"<p>Update number {i}.</p>",
            photo=photo if i % 5 == 0 else None,
            quote=quote if i % 7 == 0 else None,
            pinned=i % 10 == 0,
            posted_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    )


def test_live_page_query_count_does_not_grow_with_posts(
    live_story, client, reporter, editor, django_assert_max_num_queries
):
    """Sixty posts by several authors cost the same queries as one."""
    authors = [reporter.person, editor.person, make_person("Stringer", is_staff=True)]
    many_posts(live_story, authors)
    with django_assert_max_num_queries(LIVE_PAGE_MAX_QUERIES):
        response = client.get(live_story.get_absolute_url())
    page = response.content.decode()
    assert page.count("data-live-post=") == 60
    assert "Update 59" in page and "Stringer" in page


def test_update_endpoint_query_count_is_fixed(
    live_story, client, reporter, editor, django_assert_max_num_queries
):
    """The endpoint reads three rows sets whatever the posts; a 304 reads one."""
    many_posts(live_story, [reporter.person, editor.person])
    with django_assert_max_num_queries(UPDATES_MAX_QUERIES):
        response = client.get(updates_url(live_story))
    assert len(response.json()["posts"]) == 20
    with django_assert_max_num_queries(1):
        response = client.get(
            updates_url(live_story), HTTP_IF_NONE_MATCH=response["ETag"]
        )
    assert response.status_code == 304


# Invalidation


def test_a_post_invalidates_the_story_and_its_lists_only(
    live_story, reporter, monkeypatch, django_capture_on_commit_callbacks
):
    """The story page, the front page and its lists; never the whole site."""
    live_story.tags.add("elections")
    calls = []
    monkeypatch.setattr(
        invalidation,
        "content_changed",
        lambda keys=None, gone=(), at_once=(): calls.append(keys),
    )
    with django_capture_on_commit_callbacks(execute=True):
        post = add_post(live_story, reporter.person)
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert len(calls) == 2
    for keys in calls:
        assert keys, "never everything"
        assert f"a{live_story.pk}" in keys and "front" in keys
        assert any(key.startswith("tl") for key in keys)
        assert all(
            not key.startswith("a") or key == f"a{live_story.pk}" for key in keys
        )


def test_a_post_on_a_draft_invalidates_nothing(
    editor, reporter, monkeypatch, django_capture_on_commit_callbacks
):
    """A draft's posts were never shown: no page moves."""
    draft = make_article(published=False)
    publishing.start_live(draft, editor)
    calls = []
    monkeypatch.setattr(
        invalidation,
        "content_changed",
        lambda keys=None, gone=(), at_once=(): calls.append(keys),
    )
    with django_capture_on_commit_callbacks(execute=True):
        add_post(draft, reporter.person)
    assert calls == []


# Structured data, feed, ninjs


def json_ld(page):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S
    )
    return [json.loads(block) for block in blocks]


def test_live_story_is_a_live_blog_posting(live_story, client, reporter, editor):
    """Google's live-blog fields: coverage times and BlogPosting updates."""
    add_post(live_story, reporter.person, headline="Polls open", pinned=True)
    add_post(live_story, reporter.person, body=KHMER_POST)
    data = next(
        block
        for block in json_ld(client.get(live_story.get_absolute_url()).content.decode())
        if block.get("@type") == "LiveBlogPosting"
    )
    assert data["@context"] == "https://schema.org"
    assert data["coverageStartTime"] and "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert len(updates) == 2
    for update in updates:
        assert update["@type"] == "BlogPosting"
        assert update["headline"] and update["articleBody"] and update["datePublished"]
        assert update["author"] == {
            "@type": "Person",
            "name": reporter.person.name,
            "url": f"http://testserver{reporter.person.get_absolute_url()}",
        }
    assert "គណៈកម្មាធិការជាតិ" in updates[0]["articleBody"]
    assert updates[1]["headline"] == "Polls open"
    # Still a news article's properties (headline, dates, publisher).
    for key in ("headline", "datePublished", "dateModified", "publisher", "author"):
        assert data[key]

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    for key in keys(data):
        assert key.startswith("@") or re.fullmatch(r"[a-z][A-Za-z]+", key), key

    publishing.end_live(live_story, editor, "Counting is over.")
    data = next(
        block
        for block in json_ld(client.get(live_story.get_absolute_url()).content.decode())
        if block.get("@type") == "LiveBlogPosting"
    )
    assert data["coverageEndTime"] >= data["coverageStartTime"]


def test_live_feed_carries_the_posts(live_story, client, reporter):
    """The story's live feed: one entry per post, newest first, with its author."""
    now = timezone.now()
    add_post(live_story, reporter.person, headline="First", posted_at=now)
    add_post(
        live_story,
        reporter.person,
        body=KHMER_POST,
        posted_at=now + timedelta(minutes=1),
    )
    url = reverse("articles:live_feed_atom", kwargs={"slug": live_story.slug})
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles[1] == "First" and "គណៈកម្មាធិការជាតិ" in titles[0]
    assert feed.entries[0].author == reporter.person.name
    assert feed.entries[0].id.endswith(f":post:{live_story.live_posts.first().pk}")


def test_ninjs_carries_posts_and_validates(live_story, client, reporter):
    """The API document lists the posts as associations, valid ninjs 2.2."""
    add_post(live_story, reporter.person, headline="Key", pinned=True)
    add_post(
        live_story,
        reporter.person,
        body=KHMER_POST,
        embed_url="https://video.example.org/1",
    )
    document = client.get(reverse("api:story", kwargs={"pk": live_story.pk})).json()
    errors = sorted(NINJS.iter_errors(document), key=str)
    assert not errors, errors
    posts = [a for a in document["associations"] if a["name"].startswith("live-post-")]
    assert len(posts) == 2
    assert {post["profile"] for post in posts} == {
        "newsroom-key-event",
        "newsroom-live-post",
    }
    assert document["genres"] == [{"name": "Live coverage", "literal": "live"}]


@pytest.fixture
def fragment_cache(settings):
    """Fragments cached (the whole-page cache off), in an empty cache."""
    from django.core.cache import caches

    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.NEWSROOM_PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "live-fragment-tests",
        }
    }
    caches["default"].clear()
    return caches["default"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_live_page_with_current_fragments_costs_one_query_and_a_post_renews_it(
    fragment_cache, client, django_assert_num_queries
):
    """Posts are read only when the page's fragments are stale; a post makes them so."""
    editor = make_person("Desk Editor", is_staff=True)
    article = make_article("Verdict day, live")
    LiveCoverage.objects.create(article=article)
    add_post(article, editor, headline="Court opens")
    many_posts(article, [editor], count=30)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Court opens" in page

    add_post(article, editor, headline="Verdict read out")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Verdict read out" in page
    ld = next(b for b in json_ld(page) if b.get("@type") == "LiveBlogPosting")
    assert ld["liveBlogUpdate"][0]["headline"] == "Verdict read out"


def test_live_page_and_feed_are_valid(live_story, client, reporter, editor, tmp_path):
    """The live page (running and ended) is valid HTML; the feed's queries are few."""
    import subprocess

    from tests.test_html_validity import vnu_command

    command = vnu_command()
    speaker = make_person("Hun Manet")
    quote = Quote.objects.create(article=live_story, speaker=speaker, text="We won.")
    add_post(live_story, reporter.person, headline="Key", pinned=True)
    add_post(live_story, reporter.person, body="", quote=quote)
    add_post(live_story, reporter.person, body="", photo=make_photo())
    add_post(live_story, reporter.person, body="", embed_url="https://x.example/1")
    files = []
    running = tmp_path / "running.html"
    running.write_bytes(client.get(live_story.get_absolute_url()).content)
    files.append(str(running))
    publishing.end_live(live_story, editor, "Over.")
    ended = tmp_path / "ended.html"
    ended.write_bytes(client.get(live_story.get_absolute_url()).content)
    files.append(str(ended))
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []


def test_live_feed_query_count_is_fixed(
    live_story, client, reporter, editor, django_assert_max_num_queries
):
    """The feed reads the story and its posts, however many."""
    many_posts(live_story, [reporter.person, editor.person])
    url = reverse("articles:live_feed_atom", kwargs={"slug": live_story.slug})
    with django_assert_max_num_queries(2):
        response = client.get(url)
    assert len(feedparser.parse(response.content).entries) == 60
