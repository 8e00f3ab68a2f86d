"""
Search on SQLite: an FTS5 table with the ``trigram`` tokenizer, ranked with
bm25(), excerpted with highlight() and snippet(). Django's ORM has no FTS5
support, hence the SQL. Khmer terms carry the zero-width spaces that mark off
words in the index (``common.khmer``), so they match whole words, and even a
two-letter Khmer word is long enough for the trigram index.

A query matching more than ``SEARCH_SCAN`` stories (a word in most of the
archive) is answered from its ``SEARCH_SCAN`` most recently added matches: bm25()
must count every match to weigh a term, and counting and ranking tens of
thousands of them takes a second. Among those, stories holding the words as a
phrase come first, then the newest; the page says “more than …” found.
"""

from functools import cached_property

from .backends import ENTRY_TEXT, SNIPPET_SOURCE, SearchBackend
from .highlight import MARK_END, MARK_START, first_marked
from .query import like_pattern

FTS_TABLE = "articles_searchentry_fts"
# bm25() weights, in FTS column order: headline, deck, body, people, quotes.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 5.0, 2.0)
# The trigram tokenizer cannot look up anything shorter.
MIN_INDEXED_LENGTH = 3
# How many of the most recent matches a very common query ranks.
SEARCH_SCAN = 500
# FTS columns snippet() may excerpt, in order of preference: body, quotes, deck.
SNIPPET_COLUMNS = (2, 4, 1)
# Stories holding the query's words as a phrase come first.
PHRASE_TIER = f"CASE WHEN instr(lower({ENTRY_TEXT}), lower(%s)) > 0 THEN 0 ELSE 1 END"


def fts_query(terms):
    """An FTS5 query needing every term, each quoted as a string."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


class Backend(SearchBackend):
    @cached_property
    def long_terms(self):
        """The terms the trigram index can look up."""
        return [t for t in self.terms if len(t) >= MIN_INDEXED_LENGTH]

    @property
    def has_index_match(self):
        """Whether FTS5 can answer (else a LIKE scan does)."""
        return bool(self.long_terms)

    def where(self, capped=None):
        """(from_sql, where_sql, params)."""
        public_sql, public_params = self.public
        short_terms = [t for t in self.terms if len(t) < MIN_INDEXED_LENGTH]
        conditions, params = [], []
        if self.long_terms:
            conditions.append(f"{FTS_TABLE} MATCH %s")
            params.append(fts_query(self.long_terms))
        for term in short_terms:
            conditions.append(f"{ENTRY_TEXT} LIKE %s ESCAPE '\\'")
            params.append(like_pattern(term))
        # On the entry, not the FTS rowid: FTS5 would re-run the match per value.
        conditions.append(f"e.article_id IN ({public_sql})")
        params += public_params
        from_sql = (
            f"{FTS_TABLE} CROSS JOIN articles_searchentry AS e"
            f" ON e.article_id = {FTS_TABLE}.rowid"
        )
        if self.capped if capped is None else capped:
            # Only the latest matches (FTS5 reads them newest first and stops),
            # and the public check as a join, so each is looked up by key.
            from_sql = (
                f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                f" ORDER BY rowid DESC LIMIT {int(SEARCH_SCAN)}) AS m"
                " CROSS JOIN articles_searchentry AS e ON e.article_id = m.rowid"
                f" CROSS JOIN ({public_sql}) AS pub"
            )
            likes = conditions[1:-1]
            return (
                from_sql,
                " AND ".join(["pub.public_id = e.article_id", *likes]),
                [
                    fts_query(self.long_terms),
                    *public_params,
                    *params[1 : 1 + len(likes)],
                ],
            )
        return from_sql, " AND ".join(conditions), params

    def capped_probe(self):
        """SQL and parameters: is there a match past the ``SEARCH_SCAN``-th?"""
        return (
            f"EXISTS (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" ORDER BY rowid DESC LIMIT 1 OFFSET {int(SEARCH_SCAN)})",
            [fts_query(self.long_terms)],
        )

    @cached_property
    def capped(self):
        """Whether more than ``SEARCH_SCAN`` stories match."""
        if not self.has_index_match:
            return False
        probe, params = self.capped_probe()
        return bool(self.execute(f"SELECT {probe}", params)[0][0])

    def count(self):
        if "capped" not in self.__dict__ and self.has_index_match:
            # One query learns both: the full count is only run (and only costs
            # little) when the match is not capped.
            from_sql, where, params = self.where(capped=False)
            probe, probe_params = self.capped_probe()
            count = self.execute(
                f"SELECT CASE WHEN {probe} THEN -1 ELSE (SELECT count(*)"
                f" FROM {from_sql} WHERE {where}) END",
                [*probe_params, *params],
            )[0][0]
            self.__dict__["capped"] = count < 0
            if count >= 0:
                return count
        from_sql, where, params = self.where()
        return self.execute(f"SELECT count(*) FROM {from_sql} WHERE {where}", params)[
            0
        ][0]

    def fetch(self, offset, limit):
        # Rank first, then excerpt only the page: SQLite would otherwise run
        # highlight() and snippet() on every match before sorting.
        from_sql, where, params = self.where()
        phrase = " ".join(self.terms)
        if self.capped:
            # The phrase tier stands in for bm25(); selected, so its parameter
            # comes first.
            ranked = self.execute(
                f"SELECT e.article_id, {PHRASE_TIER} FROM {from_sql} WHERE {where}"
                " ORDER BY 2, 1 DESC LIMIT %s OFFSET %s",
                [phrase, *params, limit, offset],
            )
        elif self.has_index_match:
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            ranked = self.execute(
                f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}, {weights})"
                f" FROM {from_sql} WHERE {where}"
                f" ORDER BY {PHRASE_TIER}, 2, {FTS_TABLE}.rowid DESC"
                " LIMIT %s OFFSET %s",
                [*params, phrase, limit, offset],
            )
        else:
            ranked = self.execute(
                f"SELECT {FTS_TABLE}.rowid, 0 FROM {from_sql} WHERE {where}"
                f" ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
        if not ranked:
            return []
        excerpts = self.excerpts([pk for pk, _ in ranked])
        return [(pk, rank, *excerpts[pk]) for pk, rank in ranked if pk in excerpts]

    def excerpts(self, ids):
        """``{pk: (headline, snippet, text)}`` for the stories of one page."""
        placeholders = ", ".join(["%s"] * len(ids))
        if not self.has_index_match:
            rows = self.execute(
                f"SELECT e.article_id, e.headline, '', {SNIPPET_SOURCE}"
                f" FROM articles_searchentry AS e"
                f" WHERE e.article_id IN ({placeholders})",
                ids,
            )
            return {pk: rest for pk, *rest in rows}
        # An excerpt of the story's own words reads better than a run of names:
        # body, then quotes, then deck; the people column only as a fallback.
        snippets = ", ".join(
            f"snippet({FTS_TABLE}, {column}, %s, %s, '…', 64)"
            for column in SNIPPET_COLUMNS
        )
        marks = [MARK_START, MARK_END] * (1 + len(SNIPPET_COLUMNS))
        rows = self.execute(
            f"SELECT {FTS_TABLE}.rowid, highlight({FTS_TABLE}, 0, %s, %s),"
            f" {snippets}, {SNIPPET_SOURCE}"
            f" FROM {FTS_TABLE} CROSS JOIN articles_searchentry AS e"
            f" ON e.article_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s"
            f" AND {FTS_TABLE}.rowid IN ({placeholders})",
            [*marks, fts_query(self.long_terms), *ids],
        )
        return {
            pk: (headline, first_marked(found), text)
            for pk, headline, *found, text in rows
        }
