from django.db.models import OuterRef, Subquery

from .models import Article, involves, public_people
from .sitemaps import SiteSitemap, w3c_datetime


class PersonSitemap(SiteSitemap):
    """People with at least one public story, dated by their latest one."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        latest = (
            Article.objects.published()
            .filter(involves(OuterRef("pk")))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return (
            public_people().annotate(last_story=Subquery(latest)).order_by("name", "pk")
        )

    def lastmod(self, item):
        return w3c_datetime(item.last_story)
