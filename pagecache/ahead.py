"""
Rendering stale pages again right after a change, off the reader's request.

Every stored page is listed under the keys it shows (``shownby:<key>`` in the
cache: ``{page key: address}``, at most ``NEWSROOM_RENDER_AHEAD_INDEX_MAX``
pages a key, the least visited dropped first). When a change commits,
``enqueue_render()`` looks up the pages its keys list, takes the most visited
``NEWSROOM_RENDER_AHEAD_MAX`` of them and queues ``render_pages``, which asks
for each page with an internal anonymous request through the site's own
handler, so the page cache middleware stores it exactly as a reader's request
would, and then purges the change's keys at the CDN: the CDN's next fetch gets
the new page. A reader who comes before the task is done gets the previous
version (the stale window); a reader never renders a page unless nothing is
cached for it.

A change readers must see at once (a story published, or gone from the site:
``invalidation.content_changed(gone=…, at_once=…)``) holds nobody to the stale
copy: pages that showed a gone story are never served again, the first reader
of any other renders it as without rendering ahead, the CDN is purged at the
commit, and the task renders the pages too.

Visits are counted per process and added to the page's counter in the cache
once every ``NEWSROOM_RENDER_AHEAD_HIT_BATCH`` visits, so a hit costs no more
cache writes than one in that many.

Domain-free: which keys a change touches is the caller's business
(``invalidation.content_changed``).
"""

import io
import logging
import sys
import threading
import time

from django.conf import settings
from django_tasks import task

from . import keys as deps

logger = logging.getLogger(__name__)

INDEX_PREFIX = "newsroom:shownby:"
HITS_PREFIX = "newsroom:hits:"
# In an internal request's environ: not a reader's visit.
AHEAD_ENVIRON = "pagecache.render_ahead"

# Keys every page shows: listing every page under them would only rewrite one
# huge entry on every store. A change naming everything re-renders nothing
# ahead; readers render as before.
_NOT_INDEXED = {deps.EVERYTHING}

_local_hits = {}
_local_lock = threading.Lock()
# A process never holds more pending counts than this many pages.
_LOCAL_MAX = 10_000


def address(request):
    """What an internal request needs to ask for the page ``request`` asked for."""
    from .middleware import cache_query

    return (
        request.scheme,
        request.get_host(),
        request.META.get("SCRIPT_NAME", ""),
        request.path_info,
        cache_query(request),
    )


def count_visit(request, page_key):
    """Count a reader's visit to ``page_key``, in the cache once per batch."""
    if request.META.get(AHEAD_ENVIRON):
        return
    batch = settings.NEWSROOM_RENDER_AHEAD_HIT_BATCH
    with _local_lock:
        count = _local_hits.get(page_key, 0) + 1
        if count < batch:
            if len(_local_hits) >= _LOCAL_MAX:
                _local_hits.clear()
            _local_hits[page_key] = count
            return
        _local_hits.pop(page_key, None)
    try:
        cache = deps.cache()
        counter = HITS_PREFIX + page_key
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS * 6
        if not cache.add(counter, count, timeout=timeout):
            cache.incr(counter, count)
    except Exception:
        logger.exception("Could not count a visit")


def visits(page_keys, cache=None):
    """``{page key: visits counted in the cache}``."""
    cache = cache or deps.cache()
    found = cache.get_many([HITS_PREFIX + key for key in page_keys])
    return {key: found.get(HITS_PREFIX + key, 0) for key in page_keys}


def index_page(cache, page_key, request, shows):
    """List ``page_key`` under each key it shows, bounded per key."""
    if not settings.NEWSROOM_RENDER_AHEAD:
        return
    names = [INDEX_PREFIX + name for name in shows if name not in _NOT_INDEXED]
    if not names:
        return
    where = address(request)
    limit = settings.NEWSROOM_RENDER_AHEAD_INDEX_MAX
    # Read-modify-write without a lock: two stores at once may drop one
    # listing, which only costs that page a render by its next reader.
    found = cache.get_many(names)
    changed = {}
    for name in names:
        pages = found.get(name) or {}
        if pages.get(page_key) == where:
            continue
        pages[page_key] = where
        if len(pages) > limit:
            counts = visits(list(pages), cache)
            keep = sorted(pages, key=lambda key: (key != page_key, -counts[key]))
            # A tenth below the bound: the next stores list without a sort.
            pages = {key: pages[key] for key in keep[: limit - limit // 10]}
        changed[name] = pages
    if changed:
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS + settings.NEWSROOM_STALE_SECONDS
        cache.set_many(changed, timeout=timeout * 6)


def pages_showing(keys, cache=None):
    """``{page key: address}`` of the stored pages listed under ``keys``."""
    cache = cache or deps.cache()
    names = [INDEX_PREFIX + name for name in keys if name not in _NOT_INDEXED]
    pages = {}
    for listed in cache.get_many(names).values():
        pages.update(listed)
    return pages


def pages_to_render(keys, cache=None):
    """
    ``[(page key, address)]`` of the pages ``keys`` made stale, most visited
    first, at most ``NEWSROOM_RENDER_AHEAD_MAX``.
    """
    cache = cache or deps.cache()
    pages = pages_showing(keys, cache)
    counts = visits(list(pages), cache)
    # Ties in the order they were stored in, so a bound keeps the same ones.
    ranked = sorted(pages, key=lambda key: -counts[key])
    return [
        (key, list(pages[key])) for key in ranked[: settings.NEWSROOM_RENDER_AHEAD_MAX]
    ]


def enqueue_render(keys, hold=True, purge=None):
    """
    After a commit: queue the render of the pages ``keys`` made stale; whether
    a task was queued.

    ``hold``: readers of those pages get the previous version until the task
    has rendered them (for at most the stale window). ``purge``: keys the task
    purges at the CDN once the pages are stored again, so the CDN's next fetch
    is the new page, not the stale copy a node still hands out before then.
    """
    if not settings.NEWSROOM_RENDER_AHEAD or not settings.NEWSROOM_PAGE_CACHE:
        return False
    from .middleware import LOCK_PREFIX

    try:
        cache = deps.cache()
        pages = pages_to_render(keys, cache)
        locks = [LOCK_PREFIX + key for key, _ in pages] if hold else []
        if locks:
            # Readers take the previous version while the task renders (as
            # when another reader holds the lock).
            cache.set_many(
                dict.fromkeys(locks, 1), timeout=settings.NEWSROOM_STALE_SECONDS
            )
    except Exception:
        logger.exception("Could not find the pages to render ahead")
        return False
    if not pages:
        return False
    addresses = [where for _, where in pages]
    purge_urls = list(settings.NEWSROOM_PURGE_URLS) if purge else []
    try:
        render_pages.enqueue(
            addresses,
            purge=sorted(purge) if purge_urls else [],
            urls=purge_urls,
            not_before_ns=deps.version_time_ns(deps.new_version())
            + settings.NEWSROOM_CLOCK_SKEW_MS * 1_000_000,
        )
    except Exception:
        # The queue is down: readers render them, as without it.
        logger.exception("Could not queue %d pages to render", len(addresses))
        try:
            cache.delete_many(locks)
        except Exception:
            logger.exception("Could not release the render locks")
        return False
    return True


_handler = None


def _wsgi_handler():
    global _handler
    if _handler is None:
        from django.core.handlers.wsgi import WSGIHandler

        _handler = WSGIHandler()
    return _handler


def _wsgi_string(text):
    return text.encode("utf-8").decode("iso-8859-1")


def environ_for(scheme, host, script_name, path_info, query):
    """The WSGI environ of an anonymous request with no cookies for a page."""
    name, colon, port = host.rpartition(":")
    if not colon or not port.isdigit():
        name, port = host, ""
    environ = {
        "REQUEST_METHOD": "GET",
        # WSGI carries paths as bytes in latin-1 strings (PEP 3333): a Khmer
        # slug is its UTF-8 bytes, as a server would hand it over.
        "SCRIPT_NAME": _wsgi_string(script_name),
        "PATH_INFO": _wsgi_string(path_info),
        "QUERY_STRING": query,
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        AHEAD_ENVIRON: True,
    }
    if scheme == "https":
        environ["HTTPS"] = "on"
    return environ


def request_page(scheme, host, script_name, path_info, query):
    """
    Ask the site for a page as an anonymous reader with no cookies would,
    through every middleware; the status code it answered.
    """
    environ = environ_for(scheme, host, script_name, path_info, query)
    status = []
    response = _wsgi_handler()(environ, lambda line, headers, *_: status.append(line))
    try:
        for _chunk in response:
            pass
    finally:
        close = getattr(response, "close", None)
        if close is not None:
            close()
    return int(status[0].split()[0])


def is_fresh(scheme, host, script_name, path_info, query):
    """Whether the cache holds the page as a hit (nothing it shows has moved)."""
    from django.core.handlers.wsgi import WSGIRequest

    from .invalidation import GENERATION_KEY, current_generation
    from .middleware import PublicPageCacheMiddleware

    request = WSGIRequest(environ_for(scheme, host, script_name, path_info, query))
    middleware = PublicPageCacheMiddleware(lambda request: None)
    key = middleware.page_key(request)
    cache = deps.cache()
    found = cache.get_many([GENERATION_KEY, key])
    entry = found.get(key)
    if entry is None:
        return False
    generation = found.get(GENERATION_KEY) or current_generation(cache)
    return middleware.check(cache, key, entry, generation) == "hit"


@task()
def render_pages(addresses, purge=(), urls=(), not_before_ns=0):
    """
    Render each page at ``addresses`` (see ``address()``) into the cache, then
    purge ``purge`` at the CDN endpoints ``urls`` (``purge.purge_keys``).

    ``not_before_ns``: a render begun sooner after the change than the clock
    margin is not trusted as current (``keys.stamp``) and would leave the page
    stale; the task waits for the margin first.
    """
    from .purge import purge_keys

    wait = (not_before_ns - time.time_ns()) / 1e9
    if wait > 0:
        time.sleep(min(wait, 1.0))
    statuses = {}
    for where in addresses:
        scheme, host, script_name, path_info, query = where
        url = f"{scheme}://{host}{script_name}{path_info}" + (
            f"?{query}" if query else ""
        )
        try:
            statuses[url] = request_page(scheme, host, script_name, path_info, query)
        except Exception:
            logger.exception("Could not render %s ahead", url)
            statuses[url] = None
    if purge and urls:
        # In this task, not one of its own: queued beside it, a purge could
        # run first and the CDN fetch the stale copy again.
        purge_keys.call(list(purge), list(urls))
    return statuses
