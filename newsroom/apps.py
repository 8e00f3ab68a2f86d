from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, on the site's ``NewsroomAdminSite`` (``newsroom.admin``)."""

    default_site = "newsroom.admin.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  (registers the site's checks)
