"""
Fragments of pages rendered once per version of what they show.

The parts of a page that belong to one story, person or tag (the story's body
and header, its head tags, story cards on lists, a person's header, related
coverage) are rendered through ``{% fragment %}`` (``fragment_tags``). A
fragment is stored with the versions of the keys it showed
(``pagecache.keys``) and reused, on any page and by any worker, until
one of them moves; a change therefore re-renders only the fragments that show
what changed. A draft that was never shown has no fragments to invalidate.

Versions are checked, not only the object's own: a card shows its bylines, so
a renamed reporter re-renders the cards that name them, and nothing else.
"""

import hashlib
import logging
import time
from collections import Counter

from django.conf import settings
from django.utils.safestring import mark_safe

from . import keys as deps

logger = logging.getLogger(__name__)

FRAGMENT_PREFIX = "newsroom:fragment:"

#: Fragments whose *selection* of stories is not tracked by key (related
#: coverage follows shared tags and people): they live no longer than a page.
SHORT_LIVED = {"related"}

#: Hits and misses in this process, by fragment name (for benchmarks/run.py).
stats = Counter()


def fragment_key(name, obj, vary):
    primary = ",".join(deps.keys_for(obj))
    varied = "|".join(str(value) for value in (*vary, deps.settings_digest()))
    digest = hashlib.md5(varied.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{FRAGMENT_PREFIX}{name}:{primary}:{digest}"


def timeout_for(name):
    if name in SHORT_LIVED:
        return settings.NEWSROOM_PAGE_CACHE_SECONDS
    return settings.NEWSROOM_FRAGMENT_SECONDS


def cached_fragment(name, obj, vary, render):
    """
    The fragment ``name`` for ``obj`` (and the ``vary`` values), from the cache
    while what it shows is unchanged, else from ``render()`` and stored.
    """
    recorder = deps.current_recorder()
    if not settings.NEWSROOM_FRAGMENT_CACHE or recorder is None:
        # No recorder: not a public page for anonymous readers (staff, the
        # admin, previews of what is not published), so nothing is shared.
        deps.shows(obj)
        return render()
    key = fragment_key(name, obj, vary)
    memo = recorder.versions
    generation = recorder.generation
    try:
        cache = deps.cache()
        entry = cache.get(key)
        if entry is not None and entry["versions"] is not None:
            # Fast path: nothing has changed anywhere since it was checked.
            fresh = generation is not None and entry.get("generation") == generation
            identity = (key, entry.get("stored"))
            if not fresh and deps.checked_in(generation, identity):
                fresh = True
            seen = deps.versions_seen_in(generation) if generation else memo
            if not fresh and deps.still_current(entry["versions"], cache, seen):
                # Versions read after the generation, which a change moves
                # last: current for as long as the generation holds.
                fresh = True
                deps.mark_checked(generation, identity)
            if fresh:
                stats[f"{name}:hit"] += 1
                deps.shows(*entry["versions"])
                return mark_safe(entry["html"])  # noqa: S308 rendered by the template engine
    except Exception:
        logger.exception("Fragment cache unavailable")
        deps.shows(obj)
        return render()
    stats[f"{name}:miss"] += 1
    with deps.recording() as recorder:
        deps.shows(obj, deps.EVERYTHING)
        html = render()
    try:
        versions = deps.stamp(recorder.keys, recorder.started_ns, cache, memo)
        if versions is not None:
            entry = {
                "versions": versions,
                "html": str(html),
                "generation": generation,
                "stored": time.time_ns(),
            }
            cache.set(key, entry, timeout_for(name))
    except Exception:
        logger.exception("Could not store a fragment")
    return html


def hit_rate(names=None):
    """Hits / (hits + misses) in this process, over ``names`` or every fragment."""
    hits = sum(
        count
        for label, count in stats.items()
        if label.endswith(":hit") and (names is None or label[:-4] in names)
    )
    misses = sum(
        count
        for label, count in stats.items()
        if label.endswith(":miss") and (names is None or label[:-5] in names)
    )
    return hits / (hits + misses) if hits + misses else None
