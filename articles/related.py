"""
Related coverage for a story: the editors' picks first, then stories chosen by
the people and tags they share with it.

Everything is scored and ordered in one SQL query (correlated subqueries), so
the cost does not grow with the number of people, tags or candidate stories.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import Article, Mention, TaggedArticle

RELATED_LIMIT = 6
# A person two stories are both about says more than a shared tag does.
PERSON_WEIGHT = 3
TAG_WEIGHT = 1


def _count_per(queryset, column):
    """A correlated subquery: how many rows of ``queryset`` there are, or 0."""
    counted = queryset.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def related_articles(article, limit=RELATED_LIMIT):
    """
    Up to ``limit`` public stories related to ``article``, best first.

    Curated related stories come first, most recent first. The rest are scored
    by shared people (``PERSON_WEIGHT`` each) and shared tags (``TAG_WEIGHT``
    each), most recent first among equal scores. Never the story itself, never
    a story that is not public, never the same story twice. One query.
    """
    curated = Article.related.through.objects.filter(
        from_article=article.pk, to_article=OuterRef("pk")
    )
    people = Mention.objects.filter(article=article.pk).values("person")
    tags = TaggedArticle.objects.filter(content_object=article.pk).values("tag")
    shared_people = _count_per(
        Mention.objects.filter(article=OuterRef("pk"), person__in=people), "article"
    )
    shared_tags = _count_per(
        TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__in=tags),
        "content_object",
    )
    ranked = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(
            is_curated=Exists(curated),
            score=shared_people * PERSON_WEIGHT + shared_tags * TAG_WEIGHT,
        )
        .filter(Q(is_curated=True) | Q(score__gt=0))
        .select_related("lead_photo")
        # Curated stories are ordered by date alone; the score only ranks the rest.
        .annotate(rank=Case(When(is_curated=True, then=Value(0)), default=F("score")))
        .order_by("-is_curated", "-rank", "-published_at", "-pk")
    )
    return list(ranked[:limit])
