"""CDN purges: queued on commit, sent by a worker, retried and logged on failure."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pagecache import purge
from pagecache.invalidation import content_changed
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as on a site, and wait for a worker."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def blackhole():
    """A CDN endpoint that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    listener.close()


@pytest.fixture
def refused():
    """A CDN endpoint where nothing listens."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def cdn():
    """A live HTTP server that records the purges it receives."""
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
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.shutdown()
    server.server_close()


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def test_story_save_does_not_wait_for_an_unreachable_cdn(
    settings, database_queue, blackhole
):
    """A save returns at once: the purge is queued for the worker, not sent."""
    settings.NEWSROOM_PURGE_URLS = [blackhole]
    settings.NEWSROOM_PURGE_TIMEOUT = 2
    started = time.monotonic()
    story = make_article("Saved while the CDN hangs")
    elapsed = time.monotonic() - started
    assert elapsed < settings.NEWSROOM_PURGE_TIMEOUT / 2
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "pagecache.purge.purge_keys"
    assert queued.status == "READY"
    keys, urls = queued.args_kwargs["args"]
    assert f"a{story.pk}" in keys and "front" in keys
    assert urls == [blackhole]


def edited(story, headline):
    story.headline = headline
    story.save()
    return story


def test_queued_purge_reaches_a_live_cdn(settings, database_queue, cdn):
    """The worker sends the queued purge of an edit, with its keys, once."""
    story = make_article("Purged by the worker")
    DBTaskResult.objects.all().delete()
    settings.NEWSROOM_PURGE_URLS = [cdn.url]
    edited(story, "Purged by the worker, corrected")
    assert cdn.received == []
    run_worker()
    assert len(cdn.received) == 1
    method, keys = cdn.received[0]
    assert method == "PURGE"
    assert {f"a{story.pk}", "front", "any"} <= set(keys.split())
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_failed_purge_is_queued_again_later_and_logged(
    settings, database_queue, refused, cdn, caplog
):
    """Only the endpoint that failed is tried again, after the first delay."""
    settings.NEWSROOM_PURGE_URLS = [refused, cdn.url]
    settings.NEWSROOM_PURGE_RETRY_DELAYS = [30, 120]
    with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
        content_changed({"a1"})
        before = timezone.now()
        run_worker()
    assert [keys for _, keys in cdn.received] == ["a1 any"]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"] == [["a1", "any"], [refused]]
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert (retry.run_after - before).total_seconds() >= 29
    [warning] = caplog.records
    assert warning.levelno == logging.WARNING
    assert refused in warning.getMessage() and "try 1" in warning.getMessage()


def test_purge_that_keeps_failing_ends_in_an_error(settings, refused, caplog):
    """Every try is logged; after the last one, an error says it gave up."""
    settings.NEWSROOM_PURGE_RETRY_DELAYS = [1, 2, 3]
    with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
        # Tests run tasks at once (the immediate backend): retries follow.
        result = purge.purge_keys.enqueue(["a1"], [refused])
    assert result.status == "SUCCESSFUL"
    levels = [record.levelno for record in caplog.records]
    assert levels == [logging.WARNING] * 3 + [logging.ERROR]
    assert "Gave up purging a1" in caplog.records[-1].getMessage()
    assert "after 4 tries" in caplog.records[-1].getMessage()


def test_purges_of_one_transaction_are_one_task(settings, database_queue, cdn):
    """Many changes in one transaction queue one purge, after the commit."""
    from django.db import transaction

    first, second = make_article(), make_article()
    DBTaskResult.objects.all().delete()
    settings.NEWSROOM_PURGE_URLS = [cdn.url]
    with transaction.atomic():
        edited(first, "First, corrected")
        edited(second, "Second, corrected")
        assert not DBTaskResult.objects.exists()
    keys, _urls = DBTaskResult.objects.get().args_kwargs["args"]
    assert {f"a{first.pk}", f"a{second.pk}"} <= set(keys)


def test_no_endpoint_queues_nothing(settings, database_queue):
    """Without NEWSROOM_PURGE_URLS there is nothing to purge."""
    settings.NEWSROOM_PURGE_URLS = []
    make_article()
    assert not DBTaskResult.objects.exists()


def test_a_published_story_is_purged_at_the_commit(settings, database_queue, cdn):
    """
    Readers must see a new story at once: its lists are purged when the
    publication commits, not when the queue's turn comes.
    """
    settings.NEWSROOM_PURGE_URLS = [cdn.url]
    story = make_article("ព័ត៌មានថ្មី")
    assert len(cdn.received) == 1
    assert {f"a{story.pk}", "front"} <= set(cdn.received[0][1].split())
    assert not DBTaskResult.objects.filter(
        task_path="pagecache.purge.purge_keys"
    ).exists()
