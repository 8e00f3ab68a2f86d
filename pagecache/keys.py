"""
What a page or a fragment shows, named as keys, and the version of each key.

A key is a short string naming one thing readers see. This app does not know
what the things are: the apps that own them name them (``articles.cache_keys``:
``a12`` for story 12, ``tl3`` for the list of stories tagged 3…), objects say
which keys they are (a ``cache_keys()`` method, or ``register()`` for another
library's models), and changes hand over the keys they touched
(``pagecache.invalidation.content_changed``). Two keys belong here: ``any`` is
whatever depends on every change (search, feeds, sitemaps) and ``all`` is on
every page, so ``content_changed()`` with no keys makes everything stale.

Each key has a version in the shared cache: the time in nanoseconds of its
last change. A page or fragment is stored with the versions of the keys it
showed and is only reused while they have not moved. The same keys go to CDNs
as ``Surrogate-Key`` / ``Cache-Tag`` and are purged by name.

While a response renders, ``shows(...)`` records keys into the innermost
``recording()``; a fragment records into its own and hands its keys up to the
page around it, including when it comes from the cache.
"""

import contextvars
import hashlib
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import LazyObject, empty

from .release import release_digest

VERSION_PREFIX = "newsroom:v:"
EVERYTHING = "all"
ANY_CHANGE = "any"

_recorder = contextvars.ContextVar("newsroom_dependencies", default=None)


# Keys of objects that cannot say them themselves (another library's models),
# by class: ``register(Tag, lambda tag: [f"t{tag.pk}"])``.
_registry = {}


def register(model, keys):
    """Say which keys instances of ``model`` (and its subclasses) stand for."""
    _registry[model] = keys


def keys_for(obj, nested=False):
    """
    The keys an object shown on a page stands for: what its ``cache_keys()``
    method returns, or what was registered for its class.

    A string is a key only when given directly: inside a list or tuple it is
    content (a story's description of a person), never a key.
    """
    if isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    if obj is None:
        return []
    if isinstance(obj, str):
        return [] if nested else [obj]
    method = getattr(obj, "cache_keys", None)
    if callable(method) and not isinstance(obj, type):
        return list(method())
    for cls in type(obj).__mro__:
        if cls in _registry:
            return list(_registry[cls](obj))
    if getattr(obj, "_meta", None) is not None:
        return []
    # Lists, querysets: everything in them.
    return [key for item in obj for key in keys_for(item, nested=True)]


class Recorder:
    """The keys one response or fragment has shown so far."""

    def __init__(self, parent=None):
        self.parent = parent
        self.keys = set()
        # Versions read during this response, shared with nested fragments.
        self.versions = parent.versions if parent is not None else {}
        # The content generation read when the response began, before any
        # version (set by the page cache middleware).
        self.generation = parent.generation if parent is not None else None
        self.started_ns = time.time_ns()

    def add(self, keys):
        keys = list(keys)
        self.keys.update(keys)
        if self.parent is not None:
            self.parent.add(keys)


@contextmanager
def recording():
    """Record what is shown inside the block (nested blocks report upwards)."""
    recorder = Recorder(_recorder.get())
    token = _recorder.set(recorder)
    try:
        yield recorder
    finally:
        _recorder.reset(token)


def current_recorder():
    return _recorder.get()


def shows(*objects):
    """Note that the response being rendered shows ``objects`` (or keys)."""
    recorder = _recorder.get()
    if recorder is None:
        return
    recorder.add(key for obj in objects for key in keys_for(obj))


def new_version(age_ns=0):
    return f"{time.time_ns() - age_ns:x}"


# A key found without a version gets one dated this far back: unique (so what
# was stamped with an evicted version is stale) but not "just changed".
FOUND_WITHOUT_VERSION_AGE_NS = 60 * 10**9


def version_time_ns(version):
    try:
        return int(version, 16)
    except (TypeError, ValueError):
        return 0


def cache():
    return caches["default"]


def read_versions(keys, cache_=None, memo=None):
    """
    ``{key: version}`` for ``keys``; a key with none (never changed, or
    evicted) gets one now, so anything stamped before then is stale.
    """
    cache_ = cache_ or cache()
    wanted = [key for key in keys if memo is None or key not in memo]
    found = {}
    if wanted:
        stored = cache_.get_many([VERSION_PREFIX + key for key in wanted])
        missing = []
        for key in wanted:
            version = stored.get(VERSION_PREFIX + key)
            if version is None:
                missing.append(key)
            else:
                found[key] = version
        for key in missing:
            cache_.add(
                VERSION_PREFIX + key,
                new_version(FOUND_WITHOUT_VERSION_AGE_NS),
                timeout=None,
            )
        if missing:
            stored = cache_.get_many([VERSION_PREFIX + key for key in missing])
            for key in missing:
                found[key] = stored.get(VERSION_PREFIX + key) or "0"
        if memo is not None:
            memo.update(found)
    if memo is not None:
        return {key: memo[key] for key in keys}
    return found


def bump_versions(keys, cache_=None):
    """Give every key a new version: whatever showed them is now stale."""
    version = new_version()
    (cache_ or cache()).set_many(
        {VERSION_PREFIX + key: version for key in keys}, timeout=None
    )


# Versions this process has read since it last saw the content generation
# move: read after that generation was, they are at least as new as it, so a
# check against them is never too lenient (it may only be too strict).
_seen = {"generation": None, "versions": {}, "checked": set()}
# Entries found current under one generation are remembered up to this many.
CHECKED_LIMIT = 50_000


def _seen_in(generation):
    if _seen["generation"] != generation:
        _seen.update(generation=generation, versions={}, checked=set())
    return _seen


def versions_seen_in(generation):
    """A memo of versions read in this process under ``generation``."""
    if generation is None:
        return {}
    return _seen_in(generation)["versions"]


def checked_in(generation, identity):
    """Whether this process found the stored entry ``identity`` current then."""
    return generation is not None and identity in _seen_in(generation)["checked"]


def mark_checked(generation, identity):
    """
    Remember that the entry ``identity`` (its key and when it was stored) is
    current under ``generation``: until the next change, this process serves
    it without reading versions or writing anything back.
    """
    if generation is None:
        return
    checked = _seen_in(generation)["checked"]
    if len(checked) >= CHECKED_LIMIT:
        checked.clear()
    checked.add(identity)


def still_current(stamped, cache_=None, memo=None):
    """Whether every key in ``stamped`` (``{key: version}``) is unchanged."""
    if not stamped:
        return stamped is not None
    now = read_versions(list(stamped), cache_, memo)
    return all(now.get(key) == version for key, version in stamped.items())


def stamp(keys, started_ns, cache_=None, memo=None):
    """
    The versions to store with something rendered from ``started_ns`` on, or
    None when one of its keys changed so recently that the data read may
    predate that change (the change commits before its versions move; the
    margin also covers clocks of several nodes).
    """
    margin_ns = settings.NEWSROOM_CLOCK_SKEW_MS * 1_000_000
    versions = read_versions(sorted(keys), cache_, memo)
    if any(version_time_ns(v) > started_ns - margin_ns for v in versions.values()):
        return None
    return versions


def settings_digest():
    """
    A short digest of the settings named in ``NEWSROOM_PAGE_CACHE_VARY_SETTINGS``
    (the site URL, the media and static URLs…: what a page writes into its
    absolute links). It is part of every page and fragment key, so changing one
    of them leaves what was stored before unreachable instead of serving old
    links. The running release (``release.release_digest``) is part of it too.
    """
    values = [
        f"{name}={getattr(settings, name, None)!r}"
        for name in settings.NEWSROOM_PAGE_CACHE_VARY_SETTINGS
    ]
    values.append(f"release={release_digest()}")
    text = "\n".join(values)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:12]
