"""A story taken off the site is gone for every reader the moment it commits."""

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import Article
from pagecache.middleware import LOCK_PREFIX, PublicPageCacheMiddleware
from tests.factories import make_article

READERS = 8
# How long readers go on after the change has committed.
READ_AFTER_SECONDS = 1.5


@pytest.fixture
def caches_on(settings):
    """The page cache and the fragment cache on, sharing one empty cache."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "unpublish-concurrency",
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def purge_endpoint(settings):
    """A CDN purge endpoint that records the keys it is sent."""
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


def read_while(urls, marker, stop, results):
    """Request ``urls`` in turn until ``stop``; note when each began and what came."""
    client = Client()
    try:
        while not stop.is_set():
            for url in urls:
                started = time.monotonic()
                response = client.get(url)
                results.append(
                    (
                        started,
                        url,
                        response.status_code,
                        response.get("X-Page-Cache", ""),
                        marker in response.content,
                    )
                )
    finally:
        connection.close()


def take_off_the_site(story, how):
    with transaction.atomic():
        if how == "delete":
            story.delete()
        else:
            story.status = Article.Status.DRAFT
            story.save()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("how", ["draft", "delete"])
def test_no_reader_gets_the_story_after_it_leaves_the_site(
    caches_on, purge_endpoint, how
):
    """Under concurrent readers, no request begun after the commit shows the story."""
    story = make_article("Story the lawyers want gone", tags=["legal"])
    make_article("A story that stays", tags=["legal"])
    marker, story_key = story.headline.encode(), f"a{story.pk}"
    urls = [
        story.get_absolute_url(),
        reverse("articles:front"),
        reverse("articles:tag", kwargs={"slug": "legal"}),
    ]
    warm = Client()
    for url in urls:
        assert marker in warm.get(url).content
        assert warm.get(url)["X-Page-Cache"] == "hit"
    purge_endpoint.clear()

    stop, results = threading.Event(), []
    readers = [
        threading.Thread(
            target=read_while,
            args=(urls[i % 3 :] + urls[: i % 3], marker, stop, results),
        )
        for i in range(READERS)
    ]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    take_off_the_site(story, how)
    committed = time.monotonic()
    time.sleep(READ_AFTER_SECONDS)
    stop.set()
    for reader in readers:
        reader.join()

    before = [r for r in results if r[0] < committed]
    after = [r for r in results if r[0] > committed]
    assert before and any(shows for *_, shows in before)
    assert len(after) > READERS
    stale_copies = [r for r in after if r[4]]
    assert stale_copies == []
    story_answers = {status for _, url, status, *_ in after if url == urls[0]}
    assert story_answers == {404}
    assert {status for _, url, status, *_ in after if url != urls[0]} == {200}
    assert story_key in purge_endpoint


@pytest.mark.django_db
@pytest.mark.usefixtures("commits_as_in_production")
def test_a_reader_waiting_on_a_render_gets_the_404_not_the_old_copy(caches_on):
    """While another worker re-renders, a story gone from the site is not served."""
    story = make_article("Killed for legal reasons")
    url = story.get_absolute_url()
    reader = Client()
    reader.get(url)
    story.status = Article.Status.DRAFT
    story.save()
    # Another worker has taken the render of the stale page and is still on it.
    key = PublicPageCacheMiddleware(None).page_key(RequestFactory().get(url))
    caches["default"].add(LOCK_PREFIX + key, 1)
    response = reader.get(url)
    assert response.status_code == 404
    caches["default"].delete(LOCK_PREFIX + key)


@pytest.mark.django_db
@pytest.mark.usefixtures("commits_as_in_production")
def test_the_404_of_a_gone_story_replaces_its_stored_page(caches_on):
    """The render that answers 404 is stored, so readers after it get the 404."""
    story = make_article("Taken down")
    url = story.get_absolute_url()
    reader = Client()
    reader.get(url)
    story.status = Article.Status.DRAFT
    story.save()
    assert reader.get(url).status_code == 404
    again = reader.get(url)
    assert again.status_code == 404 and again["X-Page-Cache"] == "hit"
    assert story.headline.encode() not in again.content


@pytest.mark.django_db
@pytest.mark.usefixtures("commits_as_in_production")
def test_a_republished_story_is_served_again(caches_on):
    """The stored 404 gives way as soon as the story is public again."""
    story = make_article("Back on the site")
    url = story.get_absolute_url()
    reader = Client()
    reader.get(url)
    story.status = Article.Status.DRAFT
    story.save()
    reader.get(url)
    story.status = Article.Status.PUBLISHED
    story.save()
    response = reader.get(url)
    assert response.status_code == 200 and story.headline.encode() in response.content


@pytest.mark.django_db
@pytest.mark.usefixtures("commits_as_in_production")
def test_the_change_names_the_stories_that_left_the_site(monkeypatch):
    """An unpublished story is named gone; one put back in the same transaction not."""
    from pagecache import invalidation

    calls = []
    monkeypatch.setattr(
        invalidation,
        "content_changed",
        lambda keys, gone=(), at_once=(): calls.append(set(gone)),
    )
    leaving, returning = make_article("Leaving"), make_article("Returning")
    calls.clear()
    with transaction.atomic():
        for story in (leaving, returning):
            story.status = Article.Status.DRAFT
            story.save()
        returning.status = Article.Status.PUBLISHED
        returning.save()
    assert calls == [{f"a{leaving.pk}"}]
