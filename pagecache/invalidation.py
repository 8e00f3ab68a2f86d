"""
What a change touched, as keys: new versions for them, and a CDN purge.

``content_changed(keys)`` gives new versions to exactly the keys a change
touched, so the pages and fragments that show them render afresh while every
other one stays cached; with no keys, everything is stale. Each stored page
also remembers the *content generation* (moved by every change) it was
rendered in, so between changes a hit is one read of two cache keys, and after
one each process checks a page's versions once.

What has left the site (a story unpublished or deleted) is *gone*: besides new
versions, its keys get a marker with the time, and the middleware never serves
a stored page that showed them and began rendering before that time as the
previous version of a stale page (``mark_gone()``).

Which keys a change touches, and which of them are gone, is for the app that
owns the data to say (``articles.cache_keys``); this module only moves
versions, marks and purges.
"""

import logging

from django.conf import settings

from common import oncommit

from . import keys as deps

logger = logging.getLogger(__name__)

GENERATION_KEY = "newsroom:content-generation"
GONE_PREFIX = "newsroom:gone:"

# Callables giving the seconds until content changes by itself (a scheduled
# story going public), or None: no page is kept past the soonest of them.
_next_change_sources = []


def register_next_change(source):
    """Keep no page past ``source()`` seconds from now (``source`` may say None)."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def seconds_until_next_change():
    """Seconds until content changes without an edit (the soonest source), or None."""
    found = [s for s in (source() for source in _next_change_sources) if s is not None]
    return min(found) if found else None


def current_generation(cache=None):
    """The content generation now in force, starting one if there is none."""
    cache = cache or deps.cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, deps.new_version(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump(keys):
    try:
        cache = deps.cache()
        # Versions first: a reader who sees the new generation then reads the
        # new versions too (see PublicPageCacheMiddleware.serve_cached()).
        deps.bump_versions(keys, cache)
        cache.set(GENERATION_KEY, deps.new_version(), timeout=None)
    except Exception:
        # A cache that is down cannot serve stale pages either.
        logger.exception("Could not invalidate cached pages")


def mark_gone(keys, cache=None):
    """
    Record that what ``keys`` name has left the site now: nothing stored that
    showed them before this moment is served as a previous version again.
    Also gives them new versions, so no hit serves it either.
    """
    if not keys:
        return
    try:
        cache = cache or deps.cache()
        now = deps.new_version()
        # No stored page outlives its marker (fragments are never served stale).
        timeout = (
            settings.NEWSROOM_PAGE_CACHE_SECONDS + settings.NEWSROOM_STALE_SECONDS + 60
        )
        cache.set_many({GONE_PREFIX + key: now for key in keys}, timeout=timeout)
    except Exception:
        logger.exception("Could not mark pages gone")
    _bump(keys)


class _CommittedKeys:
    """The keys of every change in one transaction, invalidated once on commit."""

    def __init__(self):
        self.keys = set()
        self.gone = set()
        self.at_once = set()

    def flush(self):
        from .ahead import enqueue_render
        from .purge import enqueue_purge, purge_gone_now

        mark_gone(self.gone)
        _bump(self.keys)
        urgent = self.gone | self.at_once
        if urgent:
            # Readers must see it at once: no render lock is held for the
            # queue (the first reader renders, as without rendering ahead),
            # and the CDN is purged now, not by the queue.
            purge_gone_now(self.keys | urgent)
            enqueue_render(self.keys | urgent, hold=False)
        # After the versions moved: the task's renders are stored as current,
        # and it purges the CDN once they are, so the CDN fetches them, not
        # the stale copies readers get meanwhile.
        elif not enqueue_render(self.keys, hold=True, purge=self.keys):
            enqueue_purge(self.keys)


def content_changed(keys=None, gone=(), at_once=()):
    """
    Make stale every cached page and fragment that shows ``keys``, on every
    worker and node, and purge them from CDNs (a task, off the request). With
    no keys, everything is stale, and anything may have left the site.

    ``gone``: those of the keys whose object readers can no longer see
    (``mark_gone()``), marked now and again when the transaction commits.

    ``at_once``: keys of what readers must see at once though nothing left the
    site (the lists a newly published story joins): their pages are rendered
    ahead without holding readers to the stale copy, and purged at the commit.
    Every other change keeps the stale copy for readers until the task queue
    has rendered the page again (``pagecache.ahead``).

    Versions move at once (so pages rendered later in this transaction are not
    kept) and again when the transaction commits (so a page a reader rendered
    from the not yet committed data is not kept either); the CDN is purged
    only then, once per transaction (a purge before the commit would let it
    fetch the old data again).
    """
    if keys:
        keys, gone, at_once = set(keys), set(gone), set(at_once)
    else:
        keys, gone, at_once = {deps.EVERYTHING}, {deps.EVERYTHING}, set()
    keys.add(deps.ANY_CHANGE)
    if oncommit.in_transaction():
        mark_gone(gone)
        _bump(keys)

    def record(pending):
        pending.keys.update(keys)
        pending.gone.update(gone)
        pending.at_once.update(at_once)

    oncommit.gather("pagecache.changes", _CommittedKeys, record)
