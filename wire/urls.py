"""
The wire screens' old addresses, from when they were part of the story admin.

Mounted by the root URLconf at the story admin's path, ahead of the admin, so
bookmarks and links to ``…/articles/article/import/`` and
``…/articles/article/<id>/suggestions/`` reach the wire admin's screens.
"""

from django.urls import path
from django.views.generic import RedirectView

app_name = "wire"

urlpatterns = [
    path(
        "import/",
        RedirectView.as_view(
            pattern_name="admin:wire_wirecopy_import", query_string=True
        ),
        name="old-import",
    ),
    path(
        "<path:object_id>/suggestions/",
        RedirectView.as_view(
            pattern_name="admin:wire_wirecopy_suggestions", query_string=True
        ),
        name="old-suggestions",
    ),
]
