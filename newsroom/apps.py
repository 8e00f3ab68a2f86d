from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin app, with the newsroom's site (the desk) as its default."""

    default_site = "newsroom.admin.NewsroomAdminSite"
