"""
Whole-page caching of what anonymous readers see, and its invalidation by key.

A page is stored with the keys of what it shows (``pagecache.keys``: the
``shows()`` calls made while it renders) and the version each key had, and is
reused only while none of them has moved (``pagecache.invalidation``).

When a hot page goes stale, one worker renders it while the others serve the
previous version for at most ``NEWSROOM_STALE_SECONDS`` (and when rendering
fails with a 5xx); CDNs are told the same with ``stale-while-revalidate`` and
``stale-if-error``, and are purged by key (``pagecache.purge``).

What has left the site (a story unpublished, deleted, moved back to draft)
is *gone*: the change marks its key (``invalidation.mark_gone``), and a stored
page that showed it is never served as the previous version again (its readers
wait for the render, which answers 404 and is stored in its place). A hit is
never affected: its versions moved with the change.

A page never stays cached past the next moment content changes by itself
(``invalidation.register_next_change``: a scheduled story going public), so it
shows up on time without a job.
"""

import functools
import hashlib
import logging
import math
import time
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import keys as deps
from .ahead import AHEAD_ENVIRON, count_visit, index_page
from .invalidation import (
    GENERATION_KEY,
    GONE_PREFIX,
    current_generation,
    seconds_until_next_change,
)

logger = logging.getLogger(__name__)

PAGE_PREFIX = "newsroom:page:"
LOCK_PREFIX = "newsroom:render:"
SEEN_PREFIX = "newsroom:seen:"
# Answers that replace a stored page as the new truth: the page is gone.
GONE_STATUSES = (404, 410)


def _cache():
    return deps.cache()


class PublicPageCacheMiddleware:
    """
    Serve anonymous GET/HEAD requests for reader pages from the cache.

    Never cached: signed-in users (their responses are marked private; a
    session cookie counts only when its session is signed in), the admin and
    its previews, other methods, non-200 answers, and responses that set a
    cookie, use a CSRF token or say private/no-cache/no-store. Works on whatever
    the views return; what a page shows comes from ``keys.shows()``
    calls made while it renders (a page that names nothing depends on every
    change).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            response = self.get_response(request)
            if _is_signed_in(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not settings.NEWSROOM_PAGE_CACHE:
            return self.render(request)
        servable = False
        try:
            key = self.page_key(request)
        except DisallowedHost:
            # Django answers 400 for it; there is no page to look up.
            return self.get_response(request)
        count_visit(request, key)
        try:
            cache = _cache()
            # One round trip for both (MGET on Redis).
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation(cache)
            entry = found.get(key)
            if entry is not None:
                state = self.check(cache, key, entry, generation)
                if state == "hit":
                    return self.serve(entry, "hit")
                # Stale: the first worker to ask renders, the others serve
                # the previous version until it is done (or the lock lapses),
                # unless it shows something that has left the site since.
                servable = self.servable_as_previous(cache, entry)
                # Rendering ahead (pagecache.ahead) holds the lock it set when
                # the change committed.
                lock = LOCK_PREFIX + key
                if (
                    not cache.add(lock, 1, timeout=settings.NEWSROOM_STALE_SECONDS)
                    and AHEAD_ENVIRON not in request.META
                ):
                    if servable:
                        return self.serve(entry, "stale")
                    # Rendered here too, without the lock another holds.
                    entry = None
        except Exception:
            logger.exception("Page cache unavailable")
            return self.render(request)
        previous = entry if servable else None
        try:
            response = self.render(request, generation)
        except Exception:
            if entry is not None:
                cache.delete(LOCK_PREFIX + key)
            if previous is not None:
                logger.exception("Rendering failed; serving the previous version")
                return self.serve(previous, "stale-if-error")
            raise
        if response.status_code >= 500 and previous is not None:
            cache.delete(LOCK_PREFIX + key)
            return self.serve(previous, "stale-if-error")
        storable = (
            self.response_is_cacheable(request, response)
            and self.admitted(cache, key, request)
        ) or (
            # The page is gone: its answer replaces the stored copy, so no
            # concurrent reader is handed the old one.
            entry is not None
            and response.status_code in GONE_STATUSES
            and self.response_is_cacheable(
                request, response, status=response.status_code
            )
        )
        if storable and self.store(cache, key, generation, response):
            try:
                index_page(cache, key, request, response.shows_keys)
            except Exception:
                logger.exception("Could not list a page for rendering ahead")
        if entry is not None:
            cache.delete(LOCK_PREFIX + key)
        return response

    def admitted(self, cache, key, request):
        """
        Whether a page with a query string may be stored: only when it was
        asked for before within a page's lifetime. Every search, page number
        and ``since`` time is a key of its own; one asked for once leaves a
        small marker behind, not a page.
        """
        if not cache_query(request):
            return True
        return not cache.add(
            SEEN_PREFIX + key, 1, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS
        )

    def servable_as_previous(self, cache, entry):
        """
        Whether a stale ``entry`` may still be served while it is re-rendered:
        not if something it shows has left the site since its render began.
        """
        if entry.get("status", 200) in GONE_STATUSES:
            return True
        shown = (
            entry.get("shows") or list(entry.get("versions") or ()) or [deps.EVERYTHING]
        )
        shown = set(shown) | {deps.EVERYTHING}
        marks = cache.get_many([GONE_PREFIX + name for name in shown])
        if not marks:
            return True
        started_ns = entry.get("started_ns", 0)
        margin_ns = settings.NEWSROOM_CLOCK_SKEW_MS * 1_000_000
        return all(
            deps.version_time_ns(mark) < started_ns - margin_ns
            for mark in marks.values()
        )

    def render(self, request, generation=None):
        """The view's response, with the keys of what it shows attached."""
        with deps.recording() as recorder:
            # Read before any version (see fragments.cached_fragment()).
            recorder.generation = generation
            if generation is None and settings.NEWSROOM_FRAGMENT_CACHE:
                try:
                    recorder.generation = _cache().get(GENERATION_KEY)
                except Exception:
                    logger.exception("Cache unavailable")
            response = self.get_response(request)
        keys = recorder.keys or {deps.ANY_CHANGE}
        keys.add(deps.EVERYTHING)
        response.shows_keys = keys
        response.render_started_ns = recorder.started_ns
        if response.status_code in (200, *GONE_STATUSES) and not response.streaming:
            # A gone page's answer is stored in its place, by CDNs too: purged
            # with the next change like any page.
            names = sorted(keys)
            response["Surrogate-Key"] = " ".join(names)
            response["Cache-Tag"] = ",".join(names)
        if (
            response.status_code in GONE_STATUSES
            and not response.has_header("Cache-Control")
            and self.response_is_cacheable(
                request, response, status=response.status_code
            )
        ):
            # Left to itself a CDN keeps a 404 for its default time (Varnish:
            # two minutes), past a story's embargo or schedule: give it the
            # same freshness as a stored page, capped at the next change.
            self.set_freshness(response, self.expires_at())
        return response

    def expires_at(self):
        """When a page stored now must expire: no later than the next change."""
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
        try:
            until_next = seconds_until_next_change()
        except Exception:
            logger.exception("Could not find when content next changes by itself")
            until_next = 0
        if until_next is not None:
            timeout = min(timeout, math.floor(until_next))
        return time.time() + max(timeout, 0)

    def check(self, cache, key, entry, generation):
        """ "hit" if ``entry`` may be served as it is, else "stale"."""
        if entry["expires"] <= time.time():
            return "stale"
        if entry["generation"] == generation:
            return "hit"
        # Something changed since the page was stored: was it something the
        # page shows? Versions are read after the generation and a change
        # moves them before it, so "current" here holds for this generation.
        identity = (key, entry["expires"])
        if deps.checked_in(generation, identity):
            return "hit"
        memo = deps.versions_seen_in(generation)
        if not deps.still_current(entry["versions"], cache, memo):
            return "stale"
        deps.mark_checked(generation, identity)
        return "hit"

    def serve(self, entry, state):
        response = HttpResponse(
            entry["content"], headers=entry["headers"], status=entry.get("status", 200)
        )
        if state == "hit":
            self.set_freshness(response, entry["expires"])
        else:
            # Previous version: shared caches keep it only for a moment.
            self.set_freshness(response, time.time() + 1)
        response["X-Page-Cache"] = state
        return response

    def request_is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        admin = _admin_prefix()
        if admin and request.path.startswith(admin):
            return False
        # An answer to credentials is that client's own (RFC 9111, 3.5).
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # Previews are the admin's (above); ``?preview=`` elsewhere is junk.
        # A session cookie alone proves nothing: anyone can send one.
        return not _has_signed_in_session(request)

    def response_is_cacheable(self, request, response, status=200):
        if response.status_code != status or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        # "immutable": a file named after its content keeps its own long
        # freshness, which storing it here would shorten.
        never = ("private", "no-store", "no-cache", "immutable")
        if any(word in cache_control for word in never):
            return False
        return "*" not in response.get("Vary", "")

    def page_key(self, request):
        """
        The page's cache key: scheme, host, path and only the query parameters
        the view reads (``?utm_source=…`` and junk share the clean page's entry),
        and the settings that shape its absolute links (``keys.settings_digest``).
        """
        query = cache_query(request)
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        url += f"#{deps.settings_digest()}"
        digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        return f"{PAGE_PREFIX}{digest}"

    def store(self, cache, key, generation, response):
        """Store ``response`` under ``key``; whether it was stored."""
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
        try:
            until_next = seconds_until_next_change()
        except Exception:
            logger.exception("Could not find when content next changes by itself")
            return
        if until_next is not None:
            timeout = min(timeout, math.floor(until_next))
        if timeout < 1:
            # Content changes by itself within the second: not stored here,
            # and not by a CDN either (it would keep it for its default time).
            if not response.has_header("Cache-Control"):
                self.set_freshness(response, time.time())
            return
        expires = time.time() + timeout
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        self.set_freshness(response, expires)
        try:
            versions = deps.stamp(
                response.shows_keys, response.render_started_ns, cache
            )
            # Plain data, not the response object: cheaper to unpickle on every
            # hit. Versions of None: rendered just as what it shows changed,
            # so kept only as the previous version for the next render.
            entry = {
                "generation": generation if versions is not None else None,
                "versions": versions,
                "expires": expires,
                "headers": list(response.items()),
                "content": response.content,
                "status": response.status_code,
                # What it shows and when its render began, for the check
                # against stories that have left the site since.
                "shows": sorted(response.shows_keys),
                "started_ns": response.render_started_ns,
            }
            cache.set(key, entry, timeout + settings.NEWSROOM_STALE_SECONDS)
        except Exception:
            logger.exception("Could not store a page in the cache")
            return False
        return True

    def set_freshness(self, response, expires):
        remaining = max(0, round(expires - time.time()))
        patch_cache_control(
            response,
            public=True,
            max_age=min(settings.NEWSROOM_BROWSER_MAX_AGE, remaining),
            s_maxage=min(settings.NEWSROOM_SHARED_MAX_AGE, remaining),
            stale_while_revalidate=settings.NEWSROOM_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.NEWSROOM_STALE_IF_ERROR,
        )


def cache_query(request):
    """
    The query string as the view sees it: only the parameters it declares in
    ``page_cache_params`` (class-based views and feeds as an attribute,
    function views through ``reads_query_params``), sorted. A view that
    declares nothing is keyed on its whole query string.
    """
    if not request.META.get("QUERY_STRING"):
        return ""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    func = match.func
    params = getattr(getattr(func, "view_class", func), "page_cache_params", None)
    if params is None:
        return request.GET.urlencode()
    # Surrounding spaces and empty values read as their absence in every view.
    kept = sorted(
        (name, value.strip())
        for name in params
        for value in request.GET.getlist(name)
        if value.strip()
    )
    return urlencode(kept)


def reads_query_params(*names):
    """Declare the query parameters a function view reads (for the cache key)."""

    def decorate(view):
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.__name__ = getattr(view, "__name__", "view")
        wrapped.page_cache_params = names
        return wrapped

    return decorate


def _admin_prefix():
    return _admin_prefix_for(get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=8)
def _admin_prefix_for(urlconf, script_prefix):
    try:
        return reverse("admin:index", urlconf=urlconf)
    except NoReverseMatch:
        return None


def _has_signed_in_session(request):
    """
    Whether the request's session cookie names a session someone is signed in
    with: one read of the session store, only for requests that carry one.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    try:
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        return store.get(SESSION_KEY) is not None
    except Exception:
        logger.exception("Could not read a session; the page is not served cached")
        return True


def _is_signed_in(request):
    # No session cookie means an anonymous reader: decided without a query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
