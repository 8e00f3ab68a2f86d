import functools
import logging

import brotli
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from people.accounts import admin_language

logger = logging.getLogger("newsroom.database")

RETRY_AFTER_SECONDS = 30

host_logger = logging.getLogger("newsroom.hosts")


class BadHostMiddleware:
    """
    A Host header not in ALLOWED_HOSTS is a 400 and one warning line.

    Left to Django, it surfaces wherever the host is first read (the page
    cache, the SSL redirect) and is logged as an ERROR with a traceback: noise
    from scanners, not a fault of the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            host_logger.warning(
                "Refused a request for host %r", request.META.get("HTTP_HOST", "")
            )
            return HttpResponseBadRequest(
                "Bad Request (400)", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class LanguageMiddleware:
    """
    The language of the interface, for one request.

    The admin speaks the signed-in editor's choice (``people.accounts``);
    every other page starts in the site's language (``LANGUAGE_CODE``), and a
    story page switches to its story's (``ArticleDetailView``). Nothing reads
    the request's Accept-Language or cookies, so a URL's page is the same for
    every reader and the page cache needs no ``Vary``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        if request.path_info.startswith(admin_prefix()) and (
            request.user.is_authenticated
        ):
            language = admin_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            # Views may switch the language; none of it outlives the request.
            translation.deactivate()


def admin_prefix():
    return reverse("admin:index")


class DatabaseUnavailableMiddleware:
    """
    A database that cannot be reached answers 503 with Retry-After, not 500.

    Browsers, crawlers and CDNs treat 503 as temporary: they keep what they had
    and come back, while the connection health checks reconnect by themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        body = loader.get_template("503.html").render({"SITE_NAME": settings.SITE_NAME})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


# What is worth compressing: text formats. Images, PDFs and archives are
# compressed already and would only cost CPU.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "application/vnd.oai.openapi",
    "application/manifest+json",
    "image/x-icon",
    "image/svg+xml",
)


# Brotli's quality for a response made per request: 5 compresses text better
# than gzip's level 6 at about its speed (11, the maximum, is for files
# compressed once, such as whitenoise's static .br files).
BROTLI_QUALITY = 5


def accepted_codings(header):
    """The content codings an Accept-Encoding header accepts (q above 0)."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding and quality > 0:
            accepted.add(coding.strip().lower())
    return accepted


class CompressionMiddleware(GZipMiddleware):
    """
    Brotli, else Django's gzip, for text responses that hold no secret.

    Brotli when the client accepts ``br`` (every current browser, over https),
    else gzip; a streamed response is gzipped, as Django does it.

    A response is sent uncompressed when it may carry a secret: it uses a CSRF
    token, sets a cookie, or answers a request that has a session (a signed-in
    editor, whatever page they read). With those left out, no compressed
    response both reflects what an attacker sends and holds a secret the
    attacker wants, which is what BREACH needs (see docs/caching.md). What anonymous
    readers get (pages, feeds, sitemaps, API documents) is public and
    compressed.
    """

    def process_response(self, request, response):
        if not self.should_compress(request, response):
            return response
        if response.streaming or "br" not in accepted_codings(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        ):
            return super().process_response(request, response)
        return self.brotli(response)

    def brotli(self, response):
        """``response`` compressed with Brotli, under GZipMiddleware's rules."""
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(
            response.content, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY
        )
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response

    def should_compress(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return False
        if request.META.get("CSRF_COOKIE_USED") or response.cookies:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        session = getattr(request, "session", None)
        return session is None or session.is_empty()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's policy (``CONTENT_SECURITY_POLICY``), with style elements
    allowed under the paths whose packages inline them: Django's admin (its
    change list), django-reversion-compare and the API's Swagger UI. Reader
    pages keep ``style-src 'self'``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(inline_style_prefixes()):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


def inline_style_prefixes():
    # Asked on every response, page-cache hits included: reversed once per
    # URLconf and script prefix, not twice per request.
    return _inline_style_prefixes_for(get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=8)
def _inline_style_prefixes_for(urlconf, script_prefix):
    prefixes = []
    for name in ("admin:index", "api:openapi-view"):
        try:
            prefixes.append(reverse(name, urlconf=urlconf))
        except NoReverseMatch:
            continue
    return tuple(prefixes)
