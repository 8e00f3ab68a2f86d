"""
What a change touched, as keys: new versions for them, and a CDN purge.

``content_changed(keys)`` gives new versions to exactly the keys a change
touched, so the pages and fragments that show them render afresh while every
other one stays cached; with no keys, everything is stale. Each stored page
also remembers the *content generation* (moved by every change) it was
rendered in, so between changes a hit is one read of two cache keys, and after
one each process checks a page's versions once.

Which keys a change touches is for the app that owns the data to say
(``articles.cache_keys``); this module only moves versions and purges.
"""

import logging

from common import oncommit

from . import keys as deps

logger = logging.getLogger(__name__)

GENERATION_KEY = "newsroom:content-generation"

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


class _CommittedKeys:
    """The keys of every change in one transaction, invalidated once on commit."""

    def __init__(self):
        self.keys = set()

    def flush(self):
        from .purge import enqueue_purge

        _bump(self.keys)
        enqueue_purge(self.keys)


def content_changed(keys=None):
    """
    Make stale every cached page and fragment that shows ``keys``, on every
    worker and node, and purge them from CDNs (a task, off the request). With
    no keys, everything is stale.

    Versions move at once (so pages rendered later in this transaction are not
    kept) and again when the transaction commits (so a page a reader rendered
    from the not yet committed data is not kept either); the CDN is purged
    only then, once per transaction (a purge before the commit would let it
    fetch the old data again).
    """
    keys = set(keys) if keys else {deps.EVERYTHING}
    keys.add(deps.ANY_CHANGE)
    if oncommit.in_transaction():
        _bump(keys)
    oncommit.gather(
        "pagecache.changes", _CommittedKeys, lambda pending: pending.keys.update(keys)
    )
