"""
Full-text search over stories: headline, deck, body, the people in a story and
their quotes, in English and in Khmer.

Every story, public or not, has a ``SearchEntry`` row of plain text, rebuilt by
``index_articles`` (``indexing.py``) when ``articles.signals`` reports that the
story or anything it shows changed. Migration ``0005_search_index`` puts a
full-text index on that table for the database in use, and one module per
database answers queries against it, behind one interface (``backends.py``):

- ``sqlite.py``: an FTS5 table with the ``trigram`` tokenizer, which matches any
  substring of three characters or more.
- ``postgresql.py``: a stored, weighted ``tsvector`` (English stemming) plus a
  pg_trgm index that answers substring matches, for Khmer.

Khmer writes words without spaces, and no tokenizer of either database knows
its words: the entry holds each Khmer word between zero-width spaces
(``common.khmer.separate_words``) and so does each query term, so a substring
match is a match of whole words on both databases.

Which stories may be found is decided at query time by joining the matches with
``Article.objects.published()``: a draft is never returned, and a scheduled story
becomes findable when its time comes, with nothing to re-index. Query parsing
lives in ``query.py``, excerpts and marks in ``highlight.py``.
"""

from .indexing import index_article, index_articles, rebuild_index
from .results import Hit, SearchResults

__all__ = [
    "Hit",
    "SearchResults",
    "index_article",
    "index_articles",
    "rebuild_index",
    "search",
]


def search(query):
    """Public stories matching ``query``, best first, as a lazy sequence of hits."""
    return SearchResults(query)
