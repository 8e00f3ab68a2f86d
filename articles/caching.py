"""
Whole-page caching of what anonymous readers see, and its invalidation.

Every cached page is stamped with the *content generation* it was rendered in: a
value kept in the shared cache (a file cache on one machine, Redis across nodes)
and replaced by ``content_changed()``, which ``articles.signals`` calls once per
transaction that changed something a reader can see. A page from an older
generation is never served, so a reader's request after a change misses on every
worker and every node at once, with no list of URLs to purge. A page also never
stays cached past the next scheduled publication, so a scheduled story shows up
on time without a job.

Changes that send no signals (``QuerySet.update()``, raw SQL) must call
``content_changed()`` themselves.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "newsroom:content-generation"


def _cache():
    return caches["default"]


def _new_generation():
    return f"{time.time_ns():x}"


def current_generation(cache=None):
    """The content generation now in force, starting one if there is none."""
    cache = cache or _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump_generation():
    try:
        _cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:
        # A cache that is down cannot serve stale pages either.
        logger.exception("Could not invalidate cached pages")


def content_changed(
    *, article_ids=frozenset(), person_ids=frozenset(), tag_ids=frozenset()
):
    """
    Make the cached pages showing these stories, people and tags stale, on
    every worker and node (called with nothing, after a bulk change: all pages).

    ``articles.signals`` calls it once per committed transaction, with the ids a
    reader could see change. The generation changes at once (so pages rendered
    later in an open transaction are not served) and again when the transaction
    commits (so a page a reader rendered from the not yet committed data is not
    served either).
    """
    _bump_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] is _bump_generation for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump_generation)


def seconds_until_next_publication():
    """Seconds until the next scheduled story goes public, or None."""
    from .models import Article

    upcoming = Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]
    if upcoming is None:
        return None
    return (upcoming.timestamp()) - time.time()


class PublicPageCacheMiddleware:
    """
    Serve anonymous GET/HEAD requests for reader pages from the cache.

    Never cached: signed-in users (their responses are marked private), the
    admin, previews, other methods, non-200 answers, and responses that set a
    cookie, use a CSRF token or say private/no-cache/no-store. Works on whatever
    the views return; it does not look inside pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.NEWSROOM_PAGE_CACHE:
            return self.get_response(request)
        if not self.request_is_cacheable(request):
            response = self.get_response(request)
            if _is_signed_in(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            cache = _cache()
            key = self.page_key(request)
            # One round trip for both (MGET on Redis).
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation(cache)
        except Exception:
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, expires, headers, content = entry
            response = HttpResponse(content, headers=headers)
            self.set_freshness(response, expires)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.response_is_cacheable(request, response):
            self.store(cache, key, generation, response)
        return response

    def request_is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        admin = _admin_prefix()
        if admin and request.path.startswith(admin):
            return False
        if "preview" in request.path.split("/") or "preview" in request.GET:
            return False
        # Anyone with a session may be signed in; finding out would need the
        # session and auth middleware, which a hit is meant to skip.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    def response_is_cacheable(self, request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        return "*" not in response.get("Vary", "")

    def page_key(self, request):
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        return f"newsroom:page:{digest}"

    def store(self, cache, key, generation, response):
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
        try:
            until_next = seconds_until_next_publication()
        except Exception:
            logger.exception("Could not find the next scheduled story")
            return
        if until_next is not None:
            timeout = min(timeout, math.floor(until_next))
        if timeout < 1:
            return
        expires = time.time() + timeout
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        self.set_freshness(response, expires)
        # Plain data, not the response object: cheaper to unpickle on every hit.
        entry = (generation, expires, list(response.items()), response.content)
        try:
            cache.set(key, entry, timeout)
        except Exception:
            logger.exception("Could not store a page in the cache")

    def set_freshness(self, response, expires):
        remaining = max(0, round(expires - time.time()))
        patch_cache_control(
            response,
            public=True,
            max_age=min(settings.NEWSROOM_BROWSER_MAX_AGE, remaining),
            s_maxage=min(settings.NEWSROOM_SHARED_MAX_AGE, remaining),
        )


def _admin_prefix():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def _is_signed_in(request):
    # No session cookie means an anonymous reader: decided without a query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
