"""
An embargoed story reaches readers at its second, with nothing run, and no
cache outlives it; a killed story leaves every surface and cache at once.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles import events, ninjs, publishing, tasks
from articles.cache_keys import article_key, seconds_until_next_publication
from articles.desk import desk_sections
from articles.models import Article
from pagecache.invalidation import seconds_until_next_change
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
NINJS = Draft202012Validator(
    json.loads((DATA / "ninjs-schema_2.2.json").read_text()),
    format_checker=FormatChecker(),
)
RELEASE = timezone.now().replace(microsecond=0) + timedelta(days=2)


def khmer(name="01_vietnam_hotline"):
    label = json.loads((DATA / "khmer" / f"{name}.json").read_text())
    body = (DATA / "khmer" / label["text_file"]).read_text()
    return label["headline"], body


@pytest.fixture
def embargoed(django_capture_on_commit_callbacks):
    """A Khmer story published for partners now, for readers at ``RELEASE``."""
    headline, body = khmer()
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(
            headline,
            slug="embargoed-story",
            language="km",
            body="".join(f"<p>{line}</p>" for line in body.splitlines() if line),
            embargo_until=RELEASE,
            tags=["embargo-tag"],
        )


@pytest.fixture
def caches_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "embargo-release",
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def reader_surfaces(story):
    return {
        "front page": reverse("articles:front"),
        "latest RSS": reverse("articles:feed_rss"),
        "Khmer RSS": reverse("articles:language_feed_rss", kwargs={"language": "km"}),
        "tag page": reverse("articles:tag", kwargs={"slug": "embargo-tag"}),
        "stories sitemap": "/sitemap-stories.xml",
        "news sitemap": reverse("news-sitemap"),
        "API stories": "/api/stories/",
    }


def shows(client, url, story):
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, url
    content = response.content.decode()
    return story.slug in content or f"/api/stories/{story.pk}/" in content


@pytest.mark.parametrize(
    ("offset", "visible"),
    [
        (timedelta(seconds=-1), False),
        (timedelta(0), True),
        (timedelta(seconds=1), True),
    ],
    ids=["second-before", "at-the-second", "second-after"],
)
def test_embargoed_story_reaches_readers_at_its_second(
    client, embargoed, offset, visible
):
    with time_machine.travel(RELEASE + offset, tick=False):
        assert embargoed.is_public is visible
        page = client.get(embargoed.get_absolute_url())
        assert page.status_code == (200 if visible else 404)
        api = client.get(f"/api/stories/{embargoed.pk}/")
        assert api.status_code == (200 if visible else 404)
        for name, url in reader_surfaces(embargoed).items():
            assert shows(client, url, embargoed) is visible, name
        found = client.get(reverse("articles:search") + "?q=" + embargoed.headline)
        assert (embargoed.get_absolute_url() in found.content.decode()) is visible


def test_no_cache_timeout_outlives_the_release(embargoed):
    with time_machine.travel(RELEASE - timedelta(seconds=30), tick=False):
        assert seconds_until_next_publication() == pytest.approx(30, abs=1)
        assert seconds_until_next_change() == pytest.approx(30, abs=1)
    with time_machine.travel(RELEASE + timedelta(seconds=1), tick=False):
        assert seconds_until_next_publication() is None


def test_a_later_date_than_the_embargo_releases_at_the_date():
    at = RELEASE + timedelta(hours=1)
    make_article(published_at=at, embargo_until=RELEASE)
    with time_machine.travel(RELEASE - timedelta(seconds=10), tick=False):
        assert seconds_until_next_publication() == pytest.approx(3610, abs=1)


def s_maxage(response):
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


@pytest.mark.usefixtures("caches_on")
def test_cached_pages_never_outlive_the_release(client, embargoed):
    story_url = embargoed.get_absolute_url()
    front = reverse("articles:front")
    with time_machine.travel(RELEASE - timedelta(seconds=20), tick=False):
        stored = client.get(front)
        assert embargoed.slug not in stored.content.decode()
        assert 0 < s_maxage(stored) <= 20
        missing = client.get(story_url)
        assert missing.status_code == 404
        # A CDN keeps the 404 no longer than the front page.
        assert 0 < s_maxage(missing) <= 20
    with time_machine.travel(RELEASE - timedelta(seconds=1), tick=False):
        again = client.get(front)
        assert again.content == stored.content
        assert client.get(story_url).status_code == 404
    with time_machine.travel(RELEASE, tick=False):
        assert embargoed.slug in client.get(front).content.decode()
        assert client.get(story_url).status_code == 200


@pytest.mark.usefixtures("caches_on")
def test_the_release_task_renews_the_pages_and_dates_the_story(
    client, embargoed, django_capture_on_commit_callbacks
):
    heard = []
    events.subscribe(heard.extend)
    try:
        with (
            time_machine.travel(RELEASE, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert tasks.release_embargo.call(embargoed.pk, RELEASE.isoformat())
    finally:
        events.unsubscribe(heard.extend)
    assert heard == [events.StoryEvent(embargoed.pk, events.RELEASE)]
    embargoed.refresh_from_db()
    assert embargoed.embargo_until is None
    assert embargoed.published_at == RELEASE
    with time_machine.travel(RELEASE + timedelta(seconds=1), tick=False):
        assert client.get(embargoed.get_absolute_url()).status_code == 200


def test_release_is_queued_at_the_embargo_when_set_or_moved(
    editor, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    story = make_article(published=False)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.embargo(story, editor, RELEASE)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.embargo(story, editor, RELEASE + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Same embargo, new headline"
        story.save()
    queued = default_task_backend.results
    assert [(r.task.run_after, r.args) for r in queued] == [
        (RELEASE, [story.pk, RELEASE.isoformat()]),
        (
            RELEASE + timedelta(hours=1),
            [story.pk, (RELEASE + timedelta(hours=1)).isoformat()],
        ),
    ]
    default_task_backend.clear()


def test_partner_documents_mark_embargo_and_kill(editor):
    story = make_article("Partner story", embargo_until=RELEASE)
    document = ninjs.partner_story(ninjs.partner_documents().get(pk=story.pk))
    assert document["embargoed"] == RELEASE.isoformat()
    assert document["pubstatus"] == "usable"
    NINJS.validate(document)
    publishing.kill(story, editor, "Legal complaint.")
    killed = ninjs.partner_documents().get(pk=story.pk)
    document = ninjs.partner_story(killed)
    assert document["pubstatus"] == "canceled"
    assert "embargoed" not in document and "bodies" not in document
    assert document["uri"] == ninjs.story_ninjs(killed)["uri"]
    NINJS.validate(document)
    public = make_article("Public partner story")
    document = ninjs.partner_story(ninjs.partner_documents().get(pk=public.pk))
    assert "embargoed" not in document
    NINJS.validate(document)


@pytest.fixture
def purge_endpoint(settings):
    """A CDN purge endpoint that records the keys it is sent."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.extend(self.headers["xkey-purge"].split())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield received
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("commits_as_in_production", "caches_on")
def test_a_kill_reaches_every_surface_and_cache(client, editor, purge_endpoint):
    headline, _body = khmer()
    story = make_article(headline, slug="to-be-killed", tags=["kill-tag"])
    url = story.get_absolute_url()
    surfaces = [
        reverse("articles:front"),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        "/sitemap-stories.xml",
        reverse("news-sitemap"),
        "/api/stories/",
        reverse("articles:search") + "?q=" + headline,
    ]
    assert client.get(url).status_code == 200
    for surface in surfaces:
        assert "to-be-killed" in client.get(surface).content.decode(), surface
    publishing.kill(story, editor, "ប្រភពមិនត្រឹមត្រូវ: withdrawn.")
    gone = client.get(url)
    assert gone.status_code == 410
    assert "ប្រភពមិនត្រឹមត្រូវ: withdrawn." in gone.content.decode()
    assert headline not in gone.content.decode()
    for surface in surfaces:
        assert "to-be-killed" not in client.get(surface).content.decode(), surface
    assert client.get(f"/api/stories/{story.pk}/").status_code == 404
    assert (
        client.get(reverse("articles:tag", kwargs={"slug": "kill-tag"})).status_code
        == 404
    )
    assert article_key(story.pk) in purge_endpoint
    corrections = next(s for s in desk_sections(editor) if s.key == "corrections")
    assert [(n.article_id, n.kind) for n in corrections.rows] == [(story.pk, "kill")]


def test_a_killed_story_old_address_is_gone_too(client, editor):
    story = make_article("Renamed then killed", slug="first-address")
    story.slug = "second-address"
    story.save()
    publishing.kill(story, editor, "Wrong.")
    assert client.get("/stories/first-address/").status_code == 410
    assert client.get("/stories/second-address/").status_code == 410
    assert Article.objects.killed().get().pk == story.pk


def test_a_killed_khmer_story_says_so_in_khmer(client, editor):
    from django.utils import translation

    headline, _body = khmer()
    story = make_article(headline, language="km")
    publishing.kill(story, editor, "ព័ត៌មានមិនត្រឹមត្រូវ")
    page = client.get(story.get_absolute_url())
    assert page.status_code == 410
    with translation.override("km"):
        title = translation.gettext("This story has been withdrawn")
    assert title != "This story has been withdrawn"
    content = page.content.decode()
    assert title in content and "ព័ត៌មានមិនត្រឹមត្រូវ" in content
    assert 'lang="km"' in content


def test_a_scheduled_story_reaches_partners_at_its_date(
    editor, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    story = make_article(published=False)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.schedule(story, editor, RELEASE)
    queued = default_task_backend.results
    assert [(r.task.name, r.task.run_after, r.args) for r in queued] == [
        ("publish_scheduled", RELEASE, [story.pk, RELEASE.isoformat()])
    ]
    default_task_backend.clear()
    caches["default"].clear()
    heard = []
    events.subscribe(heard.extend)
    try:
        iso = RELEASE.isoformat()
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.publish_scheduled.call(story.pk, iso) is False
            with time_machine.travel(RELEASE, tick=False):
                assert tasks.publish_scheduled.call(story.pk, iso) is True
                assert tasks.publish_scheduled.call(story.pk, iso) is False
                moved = (RELEASE - timedelta(hours=1)).isoformat()
                assert tasks.publish_scheduled.call(story.pk, moved) is False
    finally:
        events.unsubscribe(heard.extend)
    assert heard == [events.StoryEvent(story.pk, events.PUBLISH)]
