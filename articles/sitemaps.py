"""
Sitemaps of stories and tags, the Google News sitemap, and the sitemap index.

Every location is on the configured site URL (``common.links``), never on the
request's host: the sitemaps and the index build their URLs from it.

A story with other public language versions lists them all, itself included,
as ``xhtml:link rel="alternate" hreflang`` (``articles.language_versions``).
Django's framework makes alternates only for i18n URL patterns, so they are
built here from each story and the template renders them.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from common.links import absolute_url, site_url
from common.sanitize import xml_text

from .language_versions import hreflang_alternates, prefetch_language_versions
from .models import Article, last_changed, public_tags
from .structured_data import article_language

# Google News takes the stories of the last two days.
NEWS_WINDOW = timedelta(days=2)


def w3c_datetime(value):
    """Sitemaps give dates to the second (the template prints them in full)."""
    return value.replace(microsecond=0) if value else None


class SiteSitemap(Sitemap):
    """A sitemap whose locations are on the site URL, whatever host was asked."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """
    The sitemap index, as ``django.contrib.sitemaps.views.index`` makes it but
    with every section's URL on the site URL.
    """
    entries, lastmods = [], []
    for section, sitemap in sitemaps.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        location = absolute_url(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        lastmods.append(lastmod)
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    headers = None
    if lastmods and all(lastmods):
        headers = {"Last-Modified": http_date(max(lastmods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published()
            .select_related("live")
            .only(
                "slug",
                "status",
                "published_at",
                "embargo_until",
                "updated_at",
                "language",
                "translation_of",
                "live__updated_at",
            )
        )

    def lastmod(self, item):
        # A live story changes with each post, as its page does.
        return w3c_datetime(last_changed(item))

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        # The versions of the whole page of stories in one query.
        prefetch_language_versions([url["item"] for url in urls])
        for url in urls:
            url["alternates"] = [
                {"lang_code": link["hreflang"], "location": link["href"]}
                for link in hreflang_alternates(url["item"])
            ]
        return urls


class TagSitemap(SiteSitemap):
    """Tags worn by at least one public story, dated by their latest one."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        public = Article.objects.published()
        return (
            public_tags()
            .filter(articles_taggedarticle_items__content_object__in=public)
            .annotate(
                last_story=Max(
                    "articles_taggedarticle_items__content_object__published_at"
                )
            )
            .order_by("name")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return w3c_datetime(item.last_story)


class NewsSitemap(SiteSitemap):
    """
    Stories published in the last two days, for the Google News sitemap.

    With none, the ``<urlset>`` is empty: Google News takes an empty news
    sitemap, and any page listed there would be read as a news article.
    """

    limit = 1000

    def items(self):
        # Dated by their release: a story out of embargo is news from then,
        # before the release task has dated it so (``Article.release_at``).
        # A story covered live stays news while its coverage runs, and for
        # the window after its last post.
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(
                Q(published_at__gte=since)
                | Q(embargo_until__gte=since)
                | Q(live__isnull=False, live__ended_at__isnull=True)
                | Q(live__updated_at__gte=since)
            )
            .select_related("live")
        )

    def lastmod(self, item):
        return w3c_datetime(last_changed(item))

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["language"] = article_language(url["item"])
            url["publication"] = xml_text(settings.SITE_NAME)
            url["published"] = w3c_datetime(url["item"].release_at)
            url["title"] = xml_text(url["item"].headline)
        return urls
