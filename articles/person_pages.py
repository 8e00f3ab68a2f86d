"""A person's page: who they are and the public stories they are in."""

from django.db.models import F, Prefetch
from django.views.generic import DetailView

from pagecache.keys import shows
from people.cache_keys import person_key, person_list_key
from people.models import Person

from .models import Article, Byline, Mention, Quote, public_people
from .person_structured_data import person_page_json_ld, person_page_meta
from .views import LastModifiedMixin, PublicArticleMixin, content_time

# Each list on a person's page shows this many of the latest entries: a prime
# minister appears in tens of thousands of stories, and the page must not grow
# with them. Older ones are in the archive, the person's feed and search.
PERSON_LIST_LIMIT = 20
# How many of a person's most recently added links (bylines, mentions, quotes,
# photos) are read to find them: the newest public ones are among these unless
# many were drafts or were added long after they were published.
PERSON_SCAN = 4 * PERSON_LIST_LIMIT


def recent(links, column):
    """The ``column`` of the ``PERSON_SCAN`` most recently added ``links``."""
    return links.order_by("-pk").values(column)[:PERSON_SCAN]


def latest(queryset, limit=PERSON_LIST_LIMIT):
    """``(items, more)``: up to ``limit`` items and whether there are others."""
    items = list(queryset[: limit + 1])
    return items[:limit], len(items) > limit


class PersonDetailView(LastModifiedMixin, PublicArticleMixin, DetailView):
    """
    Who someone is, the latest stories they wrote, photographed or appear in,
    and what they were quoted saying, from public stories only.

    The lists are by kind of link, one per way ``PERSON_LINKS`` puts a person
    in a story, so together they show the stories ``involving()`` finds.
    """

    model = Person
    page_cache_params = ()

    def get_queryset(self):
        # Someone known only from unpublished stories could give them away.
        return public_people()

    def last_modified(self, context):
        # Every list counts: someone only quoted has no other stories on the page.
        quoted = [quote.article for quote in context["quotes"]]
        stories = content_time([*context["credited"], *context["appearances"], *quoted])
        return max(filter(None, [self.object.modified_at, stories]))

    def get_context_data(self, **kwargs):
        person = self.object
        public = self.public_articles()
        # Each list starts from the person's own links, newest first, through
        # an index, rather than from the whole archive: the database then never
        # walks every public story looking for a rare name, nor every link of
        # a common one.
        # Written or photographed, and lead photos taken: two lists, as one
        # query with an OR of both leaves the database no index to start from.
        by_line, more_by_line = latest(
            public.filter(
                pk__in=recent(Byline.objects.filter(person=person), "article")
            )
            .select_related("lead_photo", "live")
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.filter(person=person),
                    to_attr="person_bylines",
                )
            )
        )
        by_photo, more_by_photo = latest(
            public.filter(
                pk__in=recent(
                    Article.objects.filter(lead_photo__photographer=person), "pk"
                )
            ).select_related("lead_photo", "live")
        )
        credited = {article.pk: article for article in by_photo}
        for article in credited.values():
            article.person_bylines = []
        credited.update((article.pk, article) for article in by_line)
        credited = sorted(
            credited.values(), key=lambda a: (a.published_at, a.pk), reverse=True
        )
        more_credited = (
            more_by_line or more_by_photo or (len(credited) > PERSON_LIST_LIMIT)
        )
        credited = credited[:PERSON_LIST_LIMIT]
        appearances, more_appearances = latest(
            public.filter(
                mentions__person=person,
                pk__in=recent(Mention.objects.filter(person=person), "article"),
            )
            .annotate(described_as=F("mentions__described_as"))
            .select_related("lead_photo", "live")
        )
        quotes, more_quotes = latest(
            Quote.objects.filter(
                pk__in=recent(Quote.objects.filter(speaker=person), "pk"),
                article__in=public.filter(
                    pk__in=recent(Quote.objects.filter(speaker=person), "article")
                ),
            )
            .select_related("article")
            .order_by("-article__published_at", "position", "pk")
        )
        shows(
            person_key(person.pk),
            person_list_key(person.pk),
            credited,
            appearances,
            quotes,
        )
        return super().get_context_data(
            page_meta=person_page_meta(person),
            json_ld=person_page_json_ld(person),
            credited=credited,
            more_credited=more_credited,
            appearances=appearances,
            more_appearances=more_appearances,
            quotes=quotes,
            more_quotes=more_quotes,
            descriptions=descriptions_over_time(quotes, appearances),
            list_limit=PERSON_LIST_LIMIT,
            **kwargs,
        )


def descriptions_over_time(quotes, appearances=()):
    """
    How stories described someone: each distinct description, from the titles
    their quotes carry and the way stories that mention them put it, with the
    first and last date it was used, oldest first.
    """
    uses = [(quote.speaker_title, quote.date) for quote in quotes] + [
        (article.described_as, article.published_at.date()) for article in appearances
    ]
    seen = {}
    for title, when in uses:
        title = title.strip()
        if not title:
            continue
        # “Ambassador” and “ambassador” are the same description.
        key = title.casefold()
        shown, first, last = seen.get(key, (title, when, when))
        seen[key] = (shown, min(first, when), max(last, when))
    return [
        {"title": title, "first": first, "last": last}
        for title, first, last in sorted(seen.values(), key=lambda item: item[1:])
    ]
