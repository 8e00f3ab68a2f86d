from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.person_sitemaps import PersonSitemap
from articles.sitemaps import ArticleSitemap, NewsSitemap, TagSitemap, sitemap_index
from articles.views import RobotsView
from newsroom import api
from newsroom.views import icon, serve_media, web_manifest
from pagecache.middleware import reads_query_params

admin.site.site_header = format_lazy(
    _("{site} administration"), site=settings.SITE_NAME
)
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Newsroom")

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"


sitemaps = {
    "stories": ArticleSitemap,
    "people": PersonSitemap,
    "tags": TagSitemap,
}

urlpatterns = [
    # Before the admin: the wire screens' addresses from the story admin.
    path("admin/articles/article/", include("wire.urls")),
    # Before the admin: the story form's presence and autosave endpoints.
    path("admin/editing/", include("editing.urls")),
    path("admin/", admin.site.urls),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    # The icon set at the names browsers and home screens ask for unprompted.
    path("favicon.ico", icon, {"name": "favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png",
        icon,
        {"name": "apple-touch-icon.png"},
        name="apple-touch-icon",
    ),
    path("icon-192.png", icon, {"name": "icon-192.png"}, name="icon-192"),
    path("icon-512.png", icon, {"name": "icon-512.png"}, name="icon-512"),
    path("logo.png", icon, {"name": "logo.png"}, name="logo"),
    path("site.webmanifest", web_manifest, name="web-manifest"),
    path(
        "sitemap.xml",
        reads_query_params()(sitemap_index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        reads_query_params("p")(sitemap_views.sitemap),
        {"sitemaps": sitemaps, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        reads_query_params("p")(sitemap_views.sitemap),
        {
            "sitemaps": {"news": NewsSitemap},
            "template_name": "sitemaps/news_sitemap.xml",
        },
        name="news-sitemap",
    ),
    path("api/partner/", api.partner_urls()),
    path("api/", api.urls()),
    path("people/", include("articles.person_urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Local runs serve uploads from disk themselves; production leaves /media/
    # to a front-end server or object storage (newsroom.checks warns otherwise).
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(
        0,
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve_media,
        ),
    )
