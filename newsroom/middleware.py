import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader

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
