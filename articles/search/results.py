"""Search results as a lazy sequence a Paginator can slice."""

from dataclasses import dataclass
from functools import cached_property

from ..models import Article
from .backends import backend_for
from .highlight import present
from .query import query_terms


@dataclass
class Hit:
    article: Article
    headline: str
    snippet: str
    rank: float


class SearchResults:
    """
    Ranked public stories matching a query, sliced lazily: a Paginator takes it
    as an object list, and only the page shown is fetched.
    """

    def __init__(self, query):
        self.query = query.strip()
        self.terms = query_terms(self.query)

    @cached_property
    def backend(self):
        return backend_for(self.query, self.terms)

    @property
    def capped(self):
        """Whether only the latest matches were ranked (the count is a floor)."""
        return bool(self.terms) and self.backend.capped

    def count(self):
        if not self.terms:
            return 0
        return self._count

    @cached_property
    def _count(self):
        return self.backend.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        if not self.terms:
            return []
        start = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        if stop <= start:
            return []
        rows = [
            present(row, self.terms) for row in self.backend.fetch(start, stop - start)
        ]
        articles = (
            Article.objects.published().for_listing().in_bulk([row[0] for row in rows])
        )
        return [
            Hit(articles[pk], headline, snippet, rank)
            for pk, rank, headline, snippet in rows
            if pk in articles
        ]
