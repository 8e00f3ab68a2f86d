"""
The floor: the least a Django view can do for a page of the same size.

It goes through the same middleware as the site but returns bytes built once
at import, so the difference to a real page is the cost of the page itself.
"""

import os

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

SIZE = int(os.environ.get("NEWSROOM_FLOOR_BYTES", "8000"))
PAGE = (
    b"<!DOCTYPE html><html><head><title>Floor</title></head><body><main>"
    + b"x" * max(0, SIZE - 90)
    + b"</main></body></html>"
)


def floor(request, anything=""):
    return HttpResponse(PAGE)


urlpatterns = [
    # The site's middleware finds the admin by reversing its URL.
    path("admin/", admin.site.urls),
    path("<path:anything>", floor),
    path("", floor),
]
