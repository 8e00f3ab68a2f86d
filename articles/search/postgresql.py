"""
Search on PostgreSQL: a stored, weighted ``tsvector`` (English stemming) ranked
with ts_rank_cd() and excerpted with ts_headline(), or a pg_trgm substring match
(``ILIKE``) for words stemming cannot find, such as Khmer: the index holds each
Khmer word between zero-width spaces (``common.khmer``), and so does the
pattern, so it matches whole words only.
"""

from functools import cached_property

from .backends import ENTRY_TEXT, SNIPPET_SOURCE, SearchBackend
from .highlight import MARK_END, MARK_START
from .query import fulltext_query, like_pattern

HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
SNIPPET_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, "
    'MaxWords=20, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'
)
# Stories holding the query's words as a phrase come first.
PHRASE_TIER = f"CASE WHEN strpos(lower({ENTRY_TEXT}), lower(%s)) > 0 THEN 0 ELSE 1 END"


class Backend(SearchBackend):
    @cached_property
    def fulltext(self):
        return fulltext_query(self.query, self.terms)

    @cached_property
    def where(self):
        public_sql, public_params = self.public
        likes = " AND ".join([f"{ENTRY_TEXT} ILIKE %s"] * len(self.terms))
        where = (
            f"(e.document @@ websearch_to_tsquery('english', %s) OR ({likes}))"
            f" AND e.article_id IN ({public_sql})"
        )
        params = [self.fulltext, *map(like_pattern, self.terms), *public_params]
        return where, params

    def count(self):
        where, params = self.where
        sql = f"SELECT count(*) FROM articles_searchentry AS e WHERE {where}"
        return self.execute(sql, params)[0][0]

    def fetch(self, offset, limit):
        where, params = self.where
        sql = f"""
            SELECT e.article_id,
                   ts_rank_cd(e.document, websearch_to_tsquery('english', %s)),
                   ts_headline('english', e.headline,
                               websearch_to_tsquery('english', %s), %s),
                   ts_headline('english',
                               e.deck || ' ' || e.body || ' ' || e.quotes,
                               websearch_to_tsquery('english', %s), %s),
                   {SNIPPET_SOURCE}
            FROM articles_searchentry AS e
            WHERE {where}
            ORDER BY {PHRASE_TIER}, 2 DESC, e.article_id DESC
            LIMIT %s OFFSET %s
        """
        return self.execute(
            sql,
            [
                self.fulltext,
                self.fulltext,
                HEADLINE_OPTIONS,
                self.fulltext,
                SNIPPET_OPTIONS,
                *params,
                " ".join(self.terms),
                limit,
                offset,
            ],
        )
