from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, on the site's ``NewsroomAdminSite`` (``newsroom.admin``)."""

    default_site = "newsroom.admin.NewsroomAdminSite"
