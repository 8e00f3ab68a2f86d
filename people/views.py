from django.db.models import Prefetch, Q
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
            public.filter(mentions__person=person).select_related("lead_photo")
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
            descriptions=descriptions_over_time(quotes),
            **kwargs,
        )


def descriptions_over_time(quotes):
    """
    How stories described a speaker: each distinct ``speaker_title`` with the
    first and last date it was used, oldest first.
    """
    seen = {}
    for quote in quotes:
        title = quote.speaker_title.strip()
        if not title:
            continue
        when = quote.said_on or quote.article.published_at.date()
        first, last = seen.get(title, (when, when))
        seen[title] = (min(first, when), max(last, when))
    return [
        {"title": title, "first": first, "last": last}
        for title, (first, last) in sorted(seen.items(), key=lambda item: item[1])
    ]
