from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

from newsroom.api import api


def page_not_found(request, exception):
    """
    A 404 in the API's own terms under /api/ (JSON, as its views answer one),
    the site's page elsewhere.

    Addresses no API route matches (``/api/stories/abc/``, ``/api/nothing/``)
    never reach the API's views, so Django's handler answers them.
    """
    if request.path.startswith(reverse("api:api-root")):
        return api.create_response(request, {"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """
    The 500 page in the site's design.

    Rendered without context processors or database access, since either may
    be what failed.
    """
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"SITE_NAME": settings.SITE_NAME}))


# Uploads never change under their name: storage gives a new upload a new name,
# renditions and share images are named after what they show.
MEDIA_MAX_AGE = 365 * 24 * 60 * 60


def serve_media(request, path):
    """
    Serve an upload from MEDIA_ROOT (tests point it elsewhere), with a long
    ``Cache-Control``, an ``ETag`` and ``Last-Modified``; a matching
    ``If-None-Match`` or ``If-Modified-Since`` is answered 304 without the file.
    """
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
        stat = full_path.stat()
    except (OSError, SuspiciousFileOperation, ValueError):
        raise Http404("No such file.") from None
    if not full_path.is_file():
        raise Http404("No such file.")
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    if response is None:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
