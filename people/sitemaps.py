from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Q, Subquery

from articles.models import Article
from articles.sitemaps import w3c_datetime

from .models import Person


class PersonSitemap(Sitemap):
    """People with at least one public story, dated by their latest one."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        person = OuterRef("pk")
        latest = (
            Article.objects.published()
            .filter(
                Q(bylines__person=person)
                | Q(mentions__person=person)
                | Q(quotes__speaker=person)
            )
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return (
            Person.objects.public()
            .annotate(last_story=Subquery(latest))
            .order_by("name", "pk")
        )

    def lastmod(self, item):
        return w3c_datetime(item.last_story)
