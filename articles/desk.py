"""
The desk: what needs the newsroom's attention today, for the admin's front page.

``desk_sections(user)`` answers in a fixed number of queries however many stories
exist: one for the counts, one per list (each cut to ``ROWS``), one for the
bylines of every story listed. “Translations to update” lists translations whose
source's text moved since it was translated (``articles.translations``).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from .models import Article, Byline, Note
from .translations import source_changed_condition

# Rows shown per section; the count says how many there are in all.
ROWS = 10
# Notes “recent corrections” lists: corrections, and kills (withdrawn stories).
DESK_NOTE_KINDS = ("correction", "kill")
# How far back “recent corrections” reaches.
CORRECTIONS_DAYS = 7


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list = field(default_factory=list)
    more_url: str = ""


def today_start(now):
    """Midnight today in the newsroom's time zone."""
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def desk_sections(user, now=None):
    """The desk's sections for ``user``, each with its count and first rows."""
    now = now or timezone.now()
    midnight = today_start(now)
    corrections_since = now - timedelta(days=CORRECTIONS_DAYS)
    mine = Q(pk__in=Byline.objects.filter(person__user_id=user.pk).values("article_id"))
    filters = {
        "mine": Q(status=Article.Status.DRAFT) & mine,
        "review": Q(status=Article.Status.REVIEW),
        "scheduled": Q(status=Article.Status.PUBLISHED, published_at__gt=now),
        "embargoed": Q(
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
            embargo_until__gt=now,
        ),
        "today": Q(
            status=Article.Status.PUBLISHED,
            published_at__gte=midnight,
            published_at__lte=now,
        ),
        "translations": source_changed_condition(),
    }
    counts = Article.objects.aggregate(
        **{
            key: Count("pk", filter=condition, distinct=True)
            for key, condition in filters.items()
        },
        corrections=Count(
            "notes",
            distinct=True,
            filter=Q(
                notes__kind__in=DESK_NOTE_KINDS,
                notes__noted_at__gte=corrections_since,
            ),
        ),
    )
    orderings = {
        "mine": ["-modified_at", "-pk"],
        "review": ["modified_at", "pk"],
        "scheduled": ["published_at", "pk"],
        "embargoed": ["embargo_until", "pk"],
        "today": ["-published_at", "-pk"],
        "translations": ["-translation_of__modified_at", "-pk"],
    }
    lists = {
        key: list(
            Article.objects.filter(condition)
            .only(
                "pk",
                "headline",
                "slug",
                "status",
                "published_at",
                "embargo_until",
                "modified_at",
                "desk_note",
                "translation_of__headline",
            )
            .select_related("translation_of")
            .order_by(*orderings[key])[:ROWS]
        )
        for key, condition in filters.items()
    }
    stories = [story for rows in lists.values() for story in rows]
    prefetch_related_objects(
        stories,
        Prefetch(
            "bylines",
            queryset=Byline.objects.select_related("person").only(
                "article_id", "position", "person__name"
            ),
        ),
    )
    corrections = list(
        Note.objects.filter(kind__in=DESK_NOTE_KINDS, noted_at__gte=corrections_since)
        .select_related("article")
        .only("pk", "kind", "text", "noted_at", "article__id", "article__headline")
        .order_by("-noted_at", "-pk")[:ROWS]
    )
    titles = {
        "mine": gettext("My drafts"),
        "review": Article.Status.REVIEW.label,
        "scheduled": Article.SCHEDULED_LABEL,
        "embargoed": Article.EMBARGOED_LABEL,
        "today": gettext("Published today"),
        "translations": gettext("Translations to update"),
        "corrections": gettext("Recent corrections"),
    }
    lists["corrections"] = corrections
    order = [
        "mine",
        "review",
        "scheduled",
        "embargoed",
        "today",
        "corrections",
        "translations",
    ]
    return [Section(key, titles[key], counts[key], lists[key]) for key in order]
