import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

from images import icons
from images.share_images import BACKGROUND
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


# Icons and the manifest are linked with ``?v=<icon_version>``: a new source
# gives new URLs, so a year's caching never keeps an old icon on the pages.
ICON_MAX_AGE = 365 * 24 * 60 * 60


def _long_lived(response, etag):
    response["ETag"] = f'"{etag}"'
    # "immutable" also keeps the page cache from storing it with its own,
    # shorter freshness.
    patch_cache_control(response, public=True, max_age=ICON_MAX_AGE, immutable=True)
    return response


def icon(request, name):
    """One file of the icon set (``images.icons``)."""
    content, version = icons.icon_file(name)
    etag = f"{version}-{name}"
    response = get_conditional_response(request, etag=f'"{etag}"')
    if response is None:
        response = HttpResponse(content, content_type=icons.ICONS[name].content_type)
    return _long_lived(response, etag)


def web_manifest(request):
    """``/site.webmanifest``: the site's name, colours and icons for home screens."""
    version = icons.icon_version()
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "start_url": reverse("articles:front"),
        "display": "browser",
        "background_color": "#{:02x}{:02x}{:02x}".format(*BACKGROUND),
        "theme_color": "#{:02x}{:02x}{:02x}".format(*BACKGROUND),
        "icons": [
            {
                "src": f"{reverse(url_name)}?v={version}",
                "sizes": "{}x{}".format(*icons.ICONS[name].sizes[0]),
                "type": "image/png",
            }
            for url_name, name in (
                ("icon-192", "icon-192.png"),
                ("icon-512", "icon-512.png"),
            )
        ],
    }
    content = json.dumps(manifest, ensure_ascii=False).encode()
    etag = hashlib.md5(content, usedforsecurity=False).hexdigest()[:16]
    response = get_conditional_response(request, etag=f'"{etag}"')
    if response is None:
        response = HttpResponse(content, content_type="application/manifest+json")
    return _long_lived(response, etag)
