import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from articles.cache_keys import changed_keys
from articles.models import Article, Byline, Mention, Note, Quote
from pagecache import invalidation
from pagecache.invalidation import (
    content_changed,
)
from pagecache.middleware import PublicPageCacheMiddleware
from tests.factories import make_article, make_person, make_photo

pytestmark = [
    pytest.mark.django_db,
    # Reindexing and invalidation happen on commit.
    pytest.mark.usefixtures("commits_as_in_production"),
]

FRONT = reverse_lazy("articles:front")


@pytest.fixture
def page_cache(settings):
    """Whole-page caching on, with an empty cache of its own."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    caches["default"].clear()
    return caches["default"]


def is_hit(response):
    return response.get("X-Page-Cache") == "hit"


def test_second_request_is_served_from_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    """A repeated anonymous request is a cache hit that runs no query."""
    story = make_article("Cached headline")
    first = client.get(story.get_absolute_url())
    assert first.status_code == 200 and not is_hit(first)
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second.status_code == 200 and is_hit(second)
    assert second.content == first.content


def test_a_hit_reads_the_cache_once(client, page_cache, monkeypatch):
    """Between changes a hit is one ``get_many`` (the page and the generation)."""
    story = make_article("Read once")
    client.get(story.get_absolute_url())
    reads, inside = [], []
    for name in ("get", "get_many", "has_key"):
        original = getattr(page_cache, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            # LocMemCache.get_many calls get per key: one read, as MGET is.
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(page_cache, name, counted)
    response = client.get(story.get_absolute_url())
    assert is_hit(response)
    assert reads == ["get_many"]


def test_cached_page_has_public_cache_control_etag_and_last_modified(
    client, page_cache
):
    """Reader pages tell browsers and CDNs how long they may keep them."""
    story = make_article()
    response = client.get(story.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.parametrize("cached_first", [False, True])
def test_if_none_match_answers_304(client, page_cache, cached_first):
    """A browser holding the current ETag gets 304 Not Modified."""
    story = make_article()
    url = story.get_absolute_url()
    etag = client.get(url)["ETag"]
    if cached_first:
        assert is_hit(client.get(url))
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_if_modified_since_answers_304(client, page_cache):
    """A browser holding a copy as recent as the page gets 304."""
    story = make_article()
    client.get(story.get_absolute_url())
    later = http_date(time.time() + 5)
    response = client.get(
        story.get_absolute_url(), headers={"if-modified-since": later}
    )
    assert response.status_code == 304


def test_changed_page_gets_a_new_etag(client, page_cache):
    """After an edit the old ETag no longer matches and the new page is sent."""
    story = make_article("Old headline")
    etag = client.get(story.get_absolute_url())["ETag"]
    story.headline = "New headline"
    story.save()
    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert b"New headline" in response.content


def test_publishing_a_draft_shows_it_at_once(client, page_cache):
    """A draft published after the front page was cached appears on it."""
    make_article("Already out")
    draft = make_article("Fresh scoop", published=False)
    assert b"Fresh scoop" not in client.get(FRONT).content
    assert is_hit(client.get(FRONT))
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    response = client.get(FRONT)
    # Rendered again by the task (run at once here), never the stale copy.
    assert response.get("X-Page-Cache") != "stale"
    assert b"Fresh scoop" in response.content
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_removes_story_at_once(client, page_cache):
    """An unpublished story is a 404 and leaves the front page immediately."""
    story = make_article("Pulled story")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert b"Pulled story" in client.get(FRONT).content
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert b"Pulled story" not in client.get(FRONT).content


def test_deleting_a_story_removes_it(client, page_cache):
    """A deleted story leaves the cached front page."""
    story = make_article("Deleted story")
    assert b"Deleted story" in client.get(FRONT).content
    story.delete()
    assert b"Deleted story" not in client.get(FRONT).content


def test_editing_a_person_updates_their_page(client, page_cache):
    """A renamed person shows under the new name straight away."""
    person = make_person("Sok Eysan")
    Mention.objects.create(article=make_article(), person=person)
    assert b"Sok Eysan" in client.get(person.get_absolute_url()).content
    person.name = "Sok Eysan (CPP)"
    person.save()
    assert b"Sok Eysan (CPP)" in client.get(person.get_absolute_url()).content


def test_editing_a_quote_updates_its_page(client, page_cache):
    """Corrected quoted words replace the cached ones."""
    story = make_article()
    quote = Quote.objects.create(
        article=story, speaker=make_person(), text="Words as first reported"
    )
    assert b"Words as first reported" in client.get(quote.get_absolute_url()).content
    quote.text = "Words as corrected"
    quote.save()
    assert b"Words as corrected" in client.get(quote.get_absolute_url()).content


def test_tagging_a_story_updates_the_tag_page(client, page_cache):
    """A story given a tag joins the cached tag page."""
    make_article("First tagged", tags=["diplomacy"])
    second = make_article("Second tagged")
    url = reverse("articles:tag", kwargs={"slug": "diplomacy"})
    assert b"Second tagged" not in client.get(url).content
    assert is_hit(client.get(url))
    second.tags.add("diplomacy")
    assert b"Second tagged" in client.get(url).content
    second.tags.clear()
    assert b"Second tagged" not in client.get(url).content


def test_renaming_a_tag_invalidates(client, page_cache):
    """A tag itself changing drops cached pages."""
    story = make_article(tags=["asean"])
    client.get(story.get_absolute_url())
    tag = Tag.objects.get(name="asean")
    tag.name = "ASEAN summit"
    tag.save()
    assert not is_hit(client.get(story.get_absolute_url()))


@pytest.mark.parametrize(
    "change",
    [
        "byline",
        "mention",
        "note",
        "related",
        "photo",
        "quote_delete",
        "speaker_rename",
    ],
)
def test_every_related_change_invalidates(client, page_cache, change):
    """Bylines, mentions, notes, related links, photos, speakers, deletions count."""
    photo = make_photo()
    story = make_article(lead_photo=photo)
    person = make_person()
    # A pull quote: its words and speaker show on the story page.
    quote = Quote.objects.create(
        article=story, speaker=make_person(), text="Hi", is_pull_quote=True
    )
    url = story.get_absolute_url()
    client.get(url)
    assert is_hit(client.get(url))
    if change == "byline":
        Byline.objects.create(article=story, person=person)
    elif change == "mention":
        Mention.objects.create(article=story, person=person)
    elif change == "note":
        Note.objects.create(article=story, text="Corrected the date.")
    elif change == "related":
        story.related.add(make_article())
    elif change == "photo":
        photo.caption = "New caption"
        photo.save()
    elif change == "quote_delete":
        quote.delete()
    elif change == "speaker_rename":
        quote.speaker.name = "Renamed speaker"
        quote.speaker.save()
    assert not is_hit(client.get(url))


def test_changes_to_what_a_page_does_not_show_leave_it_cached(client, page_cache):
    """Deleting an unrelated person or editing another story keeps the page."""
    story = make_article("Stays cached", tags=["asean"])
    other = make_article("Another story", tags=["sport"])
    bystander = make_person()
    url = story.get_absolute_url()
    client.get(url)
    bystander.delete()
    other.headline = "Another story, corrected"
    other.save()
    assert is_hit(client.get(url))
    assert b"Another story, corrected" in client.get(FRONT).content


def test_one_transaction_invalidates_once(page_cache, monkeypatch):
    """Many changes in one transaction reach content_changed once, on commit."""
    calls = []
    monkeypatch.setattr(
        invalidation,
        "content_changed",
        lambda keys, gone=(), at_once=(): calls.append(keys),
    )
    with transaction.atomic():
        first, second = make_article(), make_article()
        assert calls == []
    assert calls == [{f"a{first.pk}", f"a{second.pk}", "front"}]


def test_content_changed_is_for_bulk_updates(client, page_cache):
    """QuerySet.update() sends no signal; content_changed() invalidates then."""
    story = make_article("Bulk updated")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    content_changed()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduled_story_appears_at_its_time(client, page_cache, time_machine):
    """A cached front page never outlives the next scheduled publication."""
    time_machine.move_to(timezone.now(), tick=False)
    make_article("Already out")
    at = timezone.now() + timedelta(seconds=2)
    make_article("On the hour", published_at=at)
    first = client.get(FRONT)
    assert b"On the hour" not in first.content
    assert "max-age=2," in first["Cache-Control"]
    assert is_hit(client.get(FRONT))
    time_machine.shift(timedelta(seconds=1.9))
    assert is_hit(client.get(FRONT))
    time_machine.shift(timedelta(seconds=0.2))
    assert b"On the hour" in client.get(FRONT).content


def test_staff_never_get_cached_pages(client, page_cache, django_user_model):
    """Signed-in staff always get a fresh, private page, and never fill the cache."""
    story = make_article()
    url = story.get_absolute_url()
    client.get(url)
    assert is_hit(client.get(url))
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and not is_hit(response)
    assert "private" in response["Cache-Control"]
    page_cache.clear()
    client.get(url)
    client.logout()
    assert not is_hit(client.get(url))


def test_admin_and_post_are_not_cached(client, page_cache):
    """The admin login page and POST requests go straight to the view."""
    client.get("/admin/login/")
    assert not is_hit(client.get("/admin/login/"))
    story = make_article()
    client.post(story.get_absolute_url())
    assert not is_hit(client.post(story.get_absolute_url()))


def test_not_found_is_not_cached(client, page_cache):
    """A 404 is not kept: the story may be published a second later."""
    client.get("/stories/not-yet/")
    response = client.get("/stories/not-yet/")
    assert response.status_code == 404 and not is_hit(response)


@pytest.mark.parametrize(
    "header,value",
    [
        ("Cache-Control", "private"),
        ("Cache-Control", "no-store"),
        ("Cache-Control", "no-cache"),
        ("Set-Cookie", None),
    ],
)
def test_private_or_cookie_setting_responses_are_not_cached(page_cache, header, value):
    """Responses that say private/no-store or set a cookie are never stored."""

    def view(request):
        response = HttpResponse("page")
        if value is None:
            response.set_cookie("tracking", "1")
        else:
            response[header] = value
        return response

    middleware = PublicPageCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/anything/"))
    assert not is_hit(middleware(factory.get("/anything/")))


def test_preview_parameter_does_not_skip_the_cache(page_cache):
    """Previews are the admin's: ?preview on a reader page is served cached."""
    middleware = PublicPageCacheMiddleware(lambda request: HttpResponse("page"))
    factory = RequestFactory()
    middleware(factory.get("/stories/x/"))
    assert is_hit(middleware(factory.get("/stories/x/?preview=1")))
    middleware(factory.get("/stories/film-preview-week/"))
    assert is_hit(middleware(factory.get("/stories/film-preview-week/")))


def test_cache_outage_serves_uncached(client, page_cache, settings):
    """A cache that cannot be reached degrades to uncached pages, not errors."""
    pytest.importorskip("redis", reason="the redis extra")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    story = make_article("Still readable")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert b"Still readable" in response.content


def test_tracking_parameters_share_the_clean_pages_entry(client, page_cache):
    """?utm_source=… and junk are served the clean page's cache entry."""
    story = make_article()
    url = story.get_absolute_url()
    client.get(url)
    for junk in ("?utm_source=x", "?x=1&fbclid=abc", "?utm_medium=social&y="):
        assert is_hit(client.get(url + junk))
    assert len([k for k in page_cache._cache if "newsroom:page:" in k]) == 1


def test_parameters_a_view_reads_are_part_of_the_key(client, page_cache):
    """?page=2 and a search query are pages of their own; junk beside them is not."""
    for _ in range(21):
        make_article()
    first = client.get(FRONT)
    second = client.get(f"{FRONT}?page=2")
    assert not is_hit(second) and second.content != first.content
    # A page with a query is stored when it is asked for a second time.
    assert not is_hit(client.get(f"{FRONT}?page=2"))
    assert is_hit(client.get(f"{FRONT}?page=2&utm_campaign=z"))
    client.get("/search/?q=story")
    client.get("/search/?q=story")
    assert not is_hit(client.get("/search/?q=other"))
    assert is_hit(client.get("/search/?utm_source=x&q=story"))


def test_bad_host_is_400_without_traceback(client, page_cache, caplog):
    """A Host header the site does not serve is a 400 and one warning line."""
    story = make_article()
    response = client.get(story.get_absolute_url(), headers={"host": "evil.example"})
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.levelname == "ERROR" or r.exc_info]
    assert any("evil.example" in r.getMessage() for r in caplog.records)


def test_responses_name_what_they_show_for_cdns(client, page_cache):
    """Surrogate-Key and Cache-Tag name the story, its tags, people and lists."""
    person = make_person()
    story = make_article(tags=["asean"])
    Byline.objects.create(article=story, person=person)
    tag = Tag.objects.get(name="asean")
    keys = client.get(story.get_absolute_url())["Surrogate-Key"].split()
    assert {f"a{story.pk}", f"t{tag.pk}", f"p{person.pk}", "all"} <= set(keys)
    assert "front" not in keys
    front = client.get(FRONT)
    assert {"front", f"a{story.pk}"} <= set(front["Surrogate-Key"].split())
    assert front["Cache-Tag"] == ",".join(front["Surrogate-Key"].split())
    tag_page = client.get(reverse("articles:tag", kwargs={"slug": tag.slug}))
    assert f"tl{tag.pk}" in tag_page["Surrogate-Key"].split()
    assert f"pl{person.pk}" in client.get(person.get_absolute_url())["Surrogate-Key"]


def test_cdns_are_told_to_serve_stale_while_revalidating(client, page_cache):
    """Cache-Control carries stale-while-revalidate and stale-if-error."""
    response = client.get(make_article().get_absolute_url())
    assert "stale-while-revalidate=30" in response["Cache-Control"]
    assert "stale-if-error=86400" in response["Cache-Control"]


def test_stale_page_is_rendered_by_one_worker_while_others_serve_it(client, page_cache):
    """While one request re-renders a stale page, others get the previous one."""
    story = make_article("First version")
    url = story.get_absolute_url()
    client.get(url)
    story.headline = "Second version"
    story.save()
    # Another worker is rendering it: it holds the page's render lock.
    key = PublicPageCacheMiddleware(None).page_key(RequestFactory().get(url))
    page_cache.add("newsroom:render:" + key, 1, timeout=5)
    stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert b"First version" in stale.content
    assert "s-maxage=1" in stale["Cache-Control"]
    page_cache.delete("newsroom:render:" + key)
    fresh = client.get(url)
    assert b"Second version" in fresh.content and not is_hit(fresh)
    assert is_hit(client.get(url))


def test_stale_page_is_served_when_rendering_fails(client, page_cache, monkeypatch):
    """A page that errors while re-rendering serves the previous version."""
    from articles import views

    story = make_article("Still here")
    url = story.get_absolute_url()
    client.get(url)
    story.deck = "Changed"
    story.save()

    def broken(*args, **kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr(views.ArticleDetailView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale-if-error"
    assert b"Still here" in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_purges_exactly_its_keys(page_cache, settings):
    """After a change commits, the purge endpoint gets its keys, once."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append((self.command, self.headers["xkey-purge"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    try:
        person = make_person()
        story = make_article(tags=["asean"])
        Byline.objects.create(article=story, person=person)
        tag = Tag.objects.get(name="asean")
        received.clear()
        content_changed(changed_keys([story.pk]))
    finally:
        server.shutdown()
    assert len(received) == 1
    method, keys = received[0]
    assert method == "PURGE"
    assert set(keys.split()) == {
        f"a{story.pk}",
        f"tl{tag.pk}",
        f"pl{person.pk}",
        "front",
        "any",
    }


def test_tagging_a_story_leaves_other_pages_naming_the_tag_cached(client, page_cache):
    """A story joining a tag changes the tag's list, not pages naming the tag."""
    elsewhere = make_article("Also on politics", tags=["politics"])
    joining = make_article("Joins politics")
    client.get(elsewhere.get_absolute_url())
    joining.tags.add("politics")
    assert is_hit(client.get(elsewhere.get_absolute_url()))
    tag_page = client.get(reverse("articles:tag", kwargs={"slug": "politics"}))
    assert b"Joins politics" in tag_page.content
