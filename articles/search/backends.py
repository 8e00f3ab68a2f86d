"""
The one interface every database's search module implements, and the choice of
module: ``articles/search/<vendor>.py``, as Django picks its database backends.
"""

from functools import cached_property
from importlib import import_module

from django.db import connection
from django.db.models import F

from ..models import Article

# All of an entry's text; PostgreSQL's trigram index is on this very expression.
ENTRY_TEXT = (
    "(e.headline || ' ' || e.deck || ' ' || e.people || ' ' || e.quotes"
    " || ' ' || e.body)"
)
# Where snippets come from when the database's own highlighter marks nothing.
SNIPPET_SOURCE = "e.deck || ' ' || e.body || ' ' || e.quotes || ' ' || e.people"


class SearchBackend:
    """
    How one database finds, counts and ranks the public stories matching a query.

    ``fetch`` returns ``(pk, rank, headline, snippet, text)`` rows: headline and
    snippet may carry the marks of ``highlight.py``; ``text`` is the entry's text
    to excerpt when they carry none.
    """

    #: Whether only the latest matches were ranked (``count`` is then a floor).
    capped = False

    def __init__(self, query, terms):
        self.query = query
        self.terms = terms

    @cached_property
    def public(self):
        """SQL and parameters of the ids of public stories."""
        qs = Article.objects.published().order_by().values(public_id=F("pk"))
        return qs.query.sql_with_params()

    def count(self):
        raise NotImplementedError

    def fetch(self, offset, limit):
        raise NotImplementedError

    def execute(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def backend_for(query, terms):
    """The search backend of the database in use."""
    module = import_module(f"{__package__}.{connection.vendor}")
    return module.Backend(query, terms)
