from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Article, public_tags
from .structured_data import article_language

# Google News takes the stories of the last two days.
NEWS_WINDOW = timedelta(days=2)


def w3c_datetime(value):
    """Sitemaps give dates to the second (the template prints them in full)."""
    return value.replace(microsecond=0) if value else None


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, item):
        return w3c_datetime(item.updated_at or item.published_at)


class TagSitemap(Sitemap):
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


class NewsSitemap(Sitemap):
    """Stories published in the last two days, for the Google News sitemap."""

    limit = 1000

    def items(self):
        return Article.objects.published().filter(
            published_at__gte=timezone.now() - NEWS_WINDOW
        )

    def lastmod(self, item):
        return w3c_datetime(item.updated_at or item.published_at)

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["language"] = article_language(url["item"])
            url["publication"] = settings.SITE_NAME
            url["published"] = w3c_datetime(url["item"].published_at)
        return urls
