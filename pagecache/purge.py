"""
Purging CDN and reverse-proxy caches by key, as a task off the request.

Responses carry ``Surrogate-Key`` (Fastly, Varnish xkey) and ``Cache-Tag``
(Cloudflare, Varnish) headers naming what they show (``pagecache.keys``).
After a change commits, ``enqueue_purge()`` puts a ``purge_keys`` task on the
queue (``TASKS``: the database queue and ``db_worker`` by default, RQ with
Redis for several nodes), so an editor's save never waits for a CDN. The task
sends one request per configured endpoint (``NEWSROOM_PURGE_URLS``,
comma-separated) with the method ``NEWSROOM_PURGE_METHOD`` (``PURGE``) and the
keys, space-separated, in the header ``NEWSROOM_PURGE_HEADER`` (``xkey-purge``,
as Varnish's xkey module reads it).

What has left the site (``invalidation.mark_gone``) cannot wait for the
queue: a CDN would go on serving it to every reader until the worker's turn
comes. ``purge_gone_now()`` sends that purge when the change commits, with a
short timeout (``NEWSROOM_PURGE_GONE_TIMEOUT``), and leaves only the endpoints
that did not answer to the queue.

An endpoint that fails is logged and tried again, alone, with growing delays
(``NEWSROOM_PURGE_RETRY_DELAYS``); after the last try an error is logged and
the pages live out their ``s-maxage``.
"""

import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Keys per request: proxies limit header sizes (Varnish: 8 KB by default).
KEYS_PER_REQUEST = 500


def enqueue_purge(keys):
    """Queue a purge of ``keys`` at every configured endpoint (nothing if none)."""
    urls = settings.NEWSROOM_PURGE_URLS
    if not urls or not keys:
        return
    try:
        purge_keys.enqueue(sorted(keys), list(urls))
    except Exception:
        # The queue is down: the pages live out their s-maxage.
        logger.exception("Could not queue a CDN purge of %s", " ".join(sorted(keys)))


def purge_gone_now(keys):
    """
    Purge ``keys`` at every endpoint now, in the committing request; the
    endpoints that fail within ``NEWSROOM_PURGE_GONE_TIMEOUT`` are queued.
    """
    urls = settings.NEWSROOM_PURGE_URLS
    if not urls or not keys:
        return
    failed = []
    for url in urls:
        try:
            send_purge(url, keys, timeout=settings.NEWSROOM_PURGE_GONE_TIMEOUT)
        except (urllib.error.URLError, OSError) as error:
            logger.warning("Could not purge %s at %s now: %s", url, keys, error)
            failed.append(url)
    if failed:
        try:
            purge_keys.enqueue(sorted(keys), failed)
        except Exception:
            logger.exception("Could not queue a CDN purge of %s", " ".join(keys))


def send_purge(url, keys, timeout=None):
    """Ask ``url`` to drop the responses showing ``keys``; raise if it cannot."""
    keys = sorted(keys)
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
        request = urllib.request.Request(
            url,
            method=settings.NEWSROOM_PURGE_METHOD,
            headers={settings.NEWSROOM_PURGE_HEADER: batch},
        )
        with urllib.request.urlopen(  # noqa: S310 a configured http(s) URL
            request, timeout=timeout or settings.NEWSROOM_PURGE_TIMEOUT
        ) as response:
            response.read()


@task()
def purge_keys(keys, urls, attempt=1):
    """
    Purge ``keys`` at ``urls``; an endpoint that fails is tried again later
    (a task of its own), up to ``len(NEWSROOM_PURGE_RETRY_DELAYS)`` more times.
    """
    delays = settings.NEWSROOM_PURGE_RETRY_DELAYS
    failed = []
    for url in urls:
        try:
            send_purge(url, keys)
        except (urllib.error.URLError, OSError) as error:
            failed.append(url)
            if attempt > len(delays):
                logger.error(
                    "Gave up purging %s at %s after %d tries: %s",
                    " ".join(keys),
                    url,
                    attempt,
                    error,
                )
            else:
                logger.warning(
                    "Could not purge %s at %s (try %d, next in %s s): %s",
                    " ".join(keys),
                    url,
                    attempt,
                    delays[attempt - 1],
                    error,
                )
    if failed and attempt <= len(delays):
        retry = purge_keys
        if retry.get_backend().supports_defer:
            delay = timedelta(seconds=delays[attempt - 1])
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(keys, failed, attempt=attempt + 1)
    return {"purged": [url for url in urls if url not in failed], "failed": failed}
