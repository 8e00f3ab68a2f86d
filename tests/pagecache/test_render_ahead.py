"""Render on change: a commit queues the render of the pages it made stale."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import unquote

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory
from django_tasks import task_backends

from articles.models import Article
from pagecache import ahead, purge
from pagecache.invalidation import content_changed
from pagecache.middleware import PublicPageCacheMiddleware
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("commits_as_in_production"),
]

DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def page_cache(settings):
    """Page caching and rendering ahead on, every visit counted at once."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_RENDER_AHEAD = True
    settings.NEWSROOM_RENDER_AHEAD_HIT_BATCH = 1
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "render-ahead-tests",
        }
    }
    caches["default"].clear()
    ahead._local_hits.clear()
    return caches["default"]


@pytest.fixture
def queue(settings):
    """Tasks wait in a queue the test runs by hand (a worker that is behind)."""
    settings.TASKS = DUMMY_QUEUE
    backend = task_backends["default"]
    backend.clear()
    yield backend
    backend.clear()


def queued_paths(queue):
    return [
        [where[3] for where in result.args[0]]
        for result in queue.results
        if result.task.name == "render_pages"
    ]


def run_queue(queue):
    for result in list(queue.results):
        if result.task.name == "render_pages":
            result.task.call(*result.args, **result.kwargs)
    queue.clear()


def entry_for(cache, path):
    request = RequestFactory().get(path)
    return cache.get(PublicPageCacheMiddleware(lambda r: None).page_key(request))


def test_a_save_queues_exactly_the_pages_that_showed_it(client, page_cache, queue):
    edited, other = make_article("Edited story"), make_article("Other story")
    pages = [edited.get_absolute_url(), other.get_absolute_url(), "/"]
    for path in pages:
        assert client.get(path).status_code == 200
    showing = {
        path
        for path in pages
        if str(edited.pk) in " ".join(entry_for(page_cache, path)["shows"])
    }
    assert edited.get_absolute_url() in showing
    queue.clear()

    edited.headline = "Edited story, corrected"
    edited.save()

    (queued,) = queued_paths(queue)
    assert set(queued) == showing
    assert other.get_absolute_url() not in queued


def test_after_the_task_the_reader_gets_the_new_page_without_a_render(
    client, page_cache, django_assert_num_queries
):
    story = make_article("Before the edit")
    url = story.get_absolute_url()
    client.get(url)

    # The immediate backend runs the task when the save commits.
    story.headline = "After the edit"
    story.save()

    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "After the edit" in response.content.decode()


def test_a_reader_before_the_task_gets_the_stale_copy(
    client, page_cache, queue, django_assert_num_queries
):
    story = make_article("Before the edit")
    url = story.get_absolute_url()
    client.get(url)
    story.headline = "After the edit"
    story.save()

    with django_assert_num_queries(0):
        early = client.get(url)
    assert early["X-Page-Cache"] == "stale"
    assert "Before the edit" in early.content.decode()

    run_queue(queue)
    late = client.get(url)
    assert late["X-Page-Cache"] == "hit"
    assert "After the edit" in late.content.decode()


def test_most_visited_first_and_at_most_the_bound(client, page_cache, queue, settings):
    stories = [make_article(f"Story {n}", tags=["shared"]) for n in range(3)]
    visits = [1, 3, 2]
    for story, times in zip(stories, visits, strict=True):
        for _ in range(times):
            client.get(story.get_absolute_url())
    shared = set.intersection(
        *(set(entry_for(page_cache, s.get_absolute_url())["shows"]) for s in stories)
    ) - {"all"}
    assert shared
    settings.NEWSROOM_RENDER_AHEAD_MAX = 2
    queue.clear()

    content_changed(shared)

    (queued,) = queued_paths(queue)
    assert queued == [stories[1].get_absolute_url(), stories[2].get_absolute_url()]


def test_a_gone_story_page_becomes_its_stored_404(
    client, page_cache, django_assert_num_queries
):
    story = make_article("Soon withdrawn")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    story.status = Article.Status.DRAFT
    story.save()

    assert entry_for(page_cache, url)["status"] == 404
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 404
    assert response["X-Page-Cache"] == "hit"


def test_hits_are_counted_once_per_batch(client, page_cache, settings):
    settings.NEWSROOM_RENDER_AHEAD_HIT_BATCH = 3
    story = make_article()
    url = story.get_absolute_url()
    key = PublicPageCacheMiddleware(lambda r: None).page_key(RequestFactory().get(url))
    for _ in range(5):
        client.get(url)
    assert ahead.visits([key]) == {key: 3}
    client.get(url)
    assert ahead.visits([key]) == {key: 6}


def test_warm_pages_renders_resumes_and_stops_at_its_bound(
    client, page_cache, tmp_path, settings
):
    stories = [make_article(f"Archive {n}") for n in range(4)]
    paths = [story.get_absolute_url() for story in stories]
    state = tmp_path / "warm.json"

    call_command("warm_pages", *paths, count=2, state=str(state))
    assert [entry_for(page_cache, p) is not None for p in paths] == [
        True,
        True,
        False,
        False,
    ]
    assert json.loads(state.read_text()) == {"after": paths[1]}

    call_command("warm_pages", *paths, state=str(state))
    assert all(entry_for(page_cache, p) is not None for p in paths)
    # Every page a reader asks for now is a hit.
    assert all(client.get(p)["X-Page-Cache"] == "hit" for p in paths)

    # A full pass starts the next from the top, which is fresh: nothing rendered.
    out = []
    call_command("warm_pages", *paths, state=str(state), stdout=_Collect(out))
    assert "Rendered 0, skipped 4 fresh" in "".join(out)


def test_warm_pages_reads_the_sitemaps_and_stops_at_its_time(page_cache, tmp_path):
    stories = [make_article(f"Mapped {n}") for n in range(3)]
    out = []
    call_command(
        "warm_pages", seconds=0, state=str(tmp_path / "w.json"), stdout=_Collect(out)
    )
    assert "Rendered 0" in "".join(out)
    assert entry_for(page_cache, stories[0].get_absolute_url()) is None

    call_command("warm_pages", state=str(tmp_path / "w.json"), stdout=_Collect(out))
    assert all(entry_for(page_cache, s.get_absolute_url()) for s in stories)


class _Collect:
    def __init__(self, into):
        self.into = into

    def write(self, text):
        self.into.append(text)

    def flush(self):
        pass


def test_the_listing_per_key_keeps_the_most_visited(client, page_cache, settings):
    settings.NEWSROOM_RENDER_AHEAD_INDEX_MAX = 2
    stories = [make_article(f"Listed {n}", tags=["listed"]) for n in range(3)]
    for story, times in zip(stories[:2], [1, 3], strict=True):
        for _ in range(times):
            client.get(story.get_absolute_url())
    client.get(stories[2].get_absolute_url())
    shared = set.intersection(
        *(set(entry_for(page_cache, s.get_absolute_url())["shows"]) for s in stories)
    ) - {"all"}
    listed = {where[3] for where in ahead.pages_showing(shared).values()}
    # Over the bound: the page just stored and the most visited of the others.
    assert stories[2].get_absolute_url() in listed
    assert stories[1].get_absolute_url() in listed
    assert stories[0].get_absolute_url() not in listed


@pytest.fixture
def cdn():
    """
    A CDN endpoint that records each purge with what the page cache held for
    ``cdn.watched`` (an address, see ``ahead.address()``) when it came.
    """
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            fresh = ahead.is_fresh(*server.watched) if server.watched else None
            received.append((self.headers["xkey-purge"], fresh))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received = received
    server.watched = None
    server.url = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.shutdown()
    server.server_close()


def address_of(url):
    return ("http", "testserver", "", unquote(url), "")


def test_an_edit_is_purged_at_the_cdn_after_its_pages_are_rendered_again(
    client, page_cache, queue, cdn, settings
):
    story = make_article("ព័ត៌មាន​ដើម")
    url = story.get_absolute_url()
    client.get(url)
    settings.NEWSROOM_PURGE_URLS = [cdn.url]
    cdn.watched = address_of(url)

    story.headline = "ព័ត៌មាន​កែ​តម្រូវ"
    story.save()

    # Nothing at the commit: a CDN fetching now would get the stale copy.
    assert cdn.received == []
    assert not [r for r in queue.results if r.task.name == "purge_keys"]
    (render,) = [r for r in queue.results if r.task.name == "render_pages"]
    assert f"a{story.pk}" in render.kwargs["purge"]

    run_queue(queue)
    ((keys, fresh_then),) = cdn.received
    assert f"a{story.pk}" in keys.split()
    assert fresh_then is True
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "ព័ត៌មាន​កែ​តម្រូវ" in response.content.decode()


def test_a_published_story_is_on_the_front_page_before_the_queue_runs(
    client, page_cache, queue, cdn, settings
):
    make_article("Already on the front")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    settings.NEWSROOM_PURGE_URLS = [cdn.url]

    scoop = make_article("រឿង​ថ្មី​ទាន់​ហេតុការណ៍")

    # Purged at the commit, and the queue still has the task.
    assert any("front" in keys.split() for keys, _ in cdn.received)
    assert queued_paths(queue)
    front = client.get("/")
    assert front.get("X-Page-Cache") != "stale"
    assert "រឿង​ថ្មី​ទាន់​ហេតុការណ៍" in front.content.decode()
    assert client.get(scoop.get_absolute_url()).status_code == 200


def test_an_unpublished_story_leaves_every_page_before_the_queue_runs(
    client, page_cache, queue
):
    story = make_article("Soon taken down", tags=["ការ​បោះ​ឆ្នោត"])
    tag_page = f"/tags/{story.tags.get().slug}/"
    for path in ("/", story.get_absolute_url(), tag_page):
        assert client.get(path).status_code == 200

    story.status = Article.Status.DRAFT
    story.save()

    assert queued_paths(queue)
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Soon taken down" not in client.get("/").content.decode()
    assert client.get(tag_page).status_code == 404


def test_the_task_waits_out_the_clock_margin_so_its_render_is_kept(
    client, page_cache, queue, settings
):
    """
    Rendered sooner after the change than the clock margin, the page would be
    stored as not current and its next reader would render it again.
    """
    settings.NEWSROOM_CLOCK_SKEW_MS = 300
    story = make_article("Before")
    url = story.get_absolute_url()
    settings.NEWSROOM_CLOCK_SKEW_MS = 0
    client.get(url)
    settings.NEWSROOM_CLOCK_SKEW_MS = 300

    story.headline = "After"
    story.save()
    run_queue(queue)

    assert entry_for(page_cache, url)["versions"] is not None
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "After" in response.content.decode()


def test_without_pages_to_render_the_purge_is_queued_as_before(
    page_cache, queue, settings, cdn
):
    settings.NEWSROOM_PURGE_URLS = [cdn.url]
    content_changed({"a999"})
    assert [r.task.name for r in queue.results] == ["purge_keys"]
    assert purge.purge_keys.name == "purge_keys"


def test_warm_pages_renders_khmer_story_pages(client, page_cache, tmp_path):
    story = make_article("អត្ថបទ​ខ្មែរ​ក្នុង​ប័ណ្ណសារ", language="km")
    call_command("warm_pages", state=str(tmp_path / "w.json"), stdout=_Collect([]))
    assert entry_for(page_cache, unquote(story.get_absolute_url()))["status"] == 200
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
