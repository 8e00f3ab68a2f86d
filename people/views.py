from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.views.generic import DetailView

from articles.models import Byline, Quote
from articles.views import PublicArticleMixin

from .models import Person


class PersonDetailView(PublicArticleMixin, DetailView):
    """
    Who someone is, the stories they wrote, photographed or appear in, and
    everything they were quoted saying, from public stories only.
    """

    model = Person

    def get_queryset(self):
        return Person.objects.all()

    def get_context_data(self, **kwargs):
        person = self.object
        public = self.public_articles()
        credited = list(
            public.filter(
                Q(bylines__person=person) | Q(lead_photo__photographer=person)
            )
            .distinct()
            .select_related("lead_photo")
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.filter(person=person),
                    to_attr="person_bylines",
                )
            )
        )
        appearances = list(
            public.filter(mentions__person=person)
            .annotate(described_as=F("mentions__described_as"))
            .select_related("lead_photo")
        )
        quotes = list(
            Quote.objects.filter(speaker=person, article__in=public)
            .select_related("article")
            .order_by("-article__published_at", "position", "pk")
        )
        if not (person.is_staff or credited or appearances or quotes):
            # Someone known only from unpublished stories could give them away.
            raise Http404("No public story features this person.")
        return super().get_context_data(
            credited=credited,
            appearances=appearances,
            quotes=quotes,
            descriptions=descriptions_over_time(quotes, appearances),
            **kwargs,
        )


def descriptions_over_time(quotes, appearances=()):
    """
    How stories described someone: each distinct description, from the titles
    their quotes carry and the way stories that mention them put it, with the
    first and last date it was used, oldest first.
    """
    uses = [
        (quote.speaker_title, quote.said_on or quote.article.published_at.date())
        for quote in quotes
    ] + [(article.described_as, article.published_at.date()) for article in appearances]
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
