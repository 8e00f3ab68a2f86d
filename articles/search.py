"""
Full-text search over stories: headline, deck, body, the people in a story and
their quotes, in English and in Khmer.

Every story, public or not, has a ``SearchEntry`` row of plain text, rebuilt by
``index_article`` whenever the story or anything it shows changes (the signal
receivers at the bottom). Migration ``0005_search_index`` puts a full-text index
on that table for the database in use:

- SQLite: an FTS5 table with the ``trigram`` tokenizer, which matches any
  substring of three characters or more — Khmer writes words without spaces, so
  word tokenizers cannot find a word inside a run of text. Ranked with bm25(),
  snippets from highlight() and snippet().
- PostgreSQL: a stored, weighted ``tsvector`` (English stemming) ranked with
  ts_rank_cd() and excerpted with ts_headline(), plus a pg_trgm index that
  answers substring matches, again for Khmer.

Which stories may be found is decided at query time by joining the matches with
``Article.objects.published()``: a draft is never returned, and a scheduled story
becomes findable when its time comes, with nothing to re-index. Django's ORM has
no FTS5 support, hence the SQL here.

On SQLite, a query matching more than ``SEARCH_SCAN`` stories (a word in most of
the archive) is answered from its ``SEARCH_SCAN`` most recently added matches:
bm25() must count every match to weigh a term, and counting and ranking tens of
thousands of them takes a second. Among those, stories holding the words as a
phrase come first, then the newest; the page says “more than …” found.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from people.models import Person

from .models import Article, Byline, Mention, Quote, SearchEntry
from .sanitize import plain_text

FTS_TABLE = "articles_searchentry_fts"
# Private-use characters mark matches in the database's output, so the text can
# be escaped before the marks become <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"
# bm25() weights, in FTS column order: headline, deck, body, people, quotes.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 5.0, 2.0)
# The trigram tokenizer cannot look up anything shorter.
MIN_INDEXED_LENGTH = 3
# On SQLite, how many of the most recent matches a very common query ranks.
SEARCH_SCAN = 500
PUNCTUATION = "\"'“”‘’.,;:!?()[]{}«»…។៕"
# Where snippets come from when the database's own highlighter marks nothing.
SNIPPET_SOURCE = "e.deck || ' ' || e.body || ' ' || e.quotes || ' ' || e.people"
# FTS columns snippet() may excerpt, in order of preference: body, quotes, deck.
SNIPPET_COLUMNS = (2, 4, 1)
# All of an entry's text; PostgreSQL's trigram index is on this very expression.
ENTRY_TEXT = (
    "(e.headline || ' ' || e.deck || ' ' || e.people || ' ' || e.quotes"
    " || ' ' || e.body)"
)


def entry_fields(article):
    """The searchable text of a story (uses prefetches when present)."""
    people = []
    for person in [b.person for b in article.bylines.all()]:
        people.append(person)
    people += [m.person for m in article.mentions.all()]
    quotes = list(article.quotes.all())
    people += [q.speaker for q in quotes]
    names = []
    for person in people:
        for name in [person.name, *person.alias_list]:
            if name not in names:
                names.append(name)
    return {
        "headline": article.headline,
        "deck": plain_text(article.deck),
        "body": plain_text(article.body),
        "people": "\n".join(names),
        "quotes": "\n".join(plain_text(q.text) for q in quotes),
    }


def indexable_articles():
    return Article.objects.prefetch_related(
        "bylines__person", "mentions__person", "quotes__speaker"
    )


def index_article(article_id):
    """Rebuild one story's search entry from the database."""
    article = indexable_articles().filter(pk=article_id).first()
    if article is None:
        return
    SearchEntry.objects.update_or_create(
        article=article, defaults=entry_fields(article)
    )


def index_articles(ids):
    """
    Rebuild the entries of the stories ``ids`` in a few queries, for bulk
    imports and generators whose ``bulk_create`` sends no signals.
    """
    ids = list(ids)
    # SQLite refuses very long IN lists: a few hundred stories at a time.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        SearchEntry.objects.filter(article_id__in=chunk).delete()
        SearchEntry.objects.bulk_create(
            SearchEntry(article_id=article.pk, **entry_fields(article))
            for article in indexable_articles().filter(pk__in=chunk)
        )


def rebuild_index(batch_size=500, progress=None):
    """Rebuild every story's entry; ``progress(done, total)`` after each batch."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    SearchEntry.objects.exclude(article_id__in=Article.objects.all()).delete()
    for start in range(0, total, batch_size):
        with transaction.atomic():
            index_articles(ids[start : start + batch_size])
        if progress:
            progress(min(start + batch_size, total), total)
    return total


def query_terms(query):
    """The words of a query, as typed; Khmer words stay whole."""
    terms = []
    for word in query.split():
        word = word.strip(PUNCTUATION)
        if word and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms


def fts_query(terms):
    """An FTS5 query needing every term, each quoted as a string."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def like_pattern(term):
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def marked_html(text):
    """Escape text from the database, then turn its match marks into <mark>."""
    if not text:
        return ""
    return mark_safe(  # noqa: S308 escaped first
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def first_marked(excerpts):
    """The first excerpt in which the database marked a match, or ''."""
    return next((text for text in excerpts if text and MARK_START in text), "")


def highlight_terms(text, terms, width=200):
    """An excerpt of ``text`` around the first term, every term marked."""
    if not text or not terms:
        return escape(text[:width])
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    excerpt = text[start : start + width]
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", excerpt)
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return marked_html(f"{prefix}{marked}{suffix}")


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
    def _public(self):
        qs = Article.objects.published().order_by().values(public_id=F("pk"))
        return qs.query.sql_with_params()

    def _where(self, capped=None):
        """(from_sql, where_sql, params) for the current database."""
        public_sql, public_params = self._public
        if connection.vendor == "postgresql":
            likes = " AND ".join([f"{ENTRY_TEXT} ILIKE %s"] * len(self.terms))
            where = (
                f"(e.document @@ websearch_to_tsquery('english', %s) OR ({likes}))"
                f" AND e.article_id IN ({public_sql})"
            )
            params = [self.query, *map(like_pattern, self.terms), *public_params]
            return "articles_searchentry AS e", where, params
        short_terms = [t for t in self.terms if len(t) < MIN_INDEXED_LENGTH]
        conditions, params = [], []
        if self._long_terms:
            conditions.append(f"{FTS_TABLE} MATCH %s")
            params.append(fts_query(self._long_terms))
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
                    fts_query(self._long_terms),
                    *public_params,
                    *params[1 : 1 + len(likes)],
                ],
            )
        return from_sql, " AND ".join(conditions), params

    def _capped_probe(self):
        """SQL and parameters: is there a match past the ``SEARCH_SCAN``-th?"""
        return (
            f"EXISTS (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" ORDER BY rowid DESC LIMIT 1 OFFSET {int(SEARCH_SCAN)})",
            [fts_query(self._long_terms)],
        )

    @cached_property
    def capped(self):
        """On SQLite, whether more than ``SEARCH_SCAN`` stories match."""
        if connection.vendor == "postgresql" or not self._has_index_match:
            return False
        probe, params = self._capped_probe()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {probe}", params)
            return bool(cursor.fetchone()[0])

    @cached_property
    def _long_terms(self):
        """The terms the trigram index can look up."""
        return [t for t in self.terms if len(t) >= MIN_INDEXED_LENGTH]

    @property
    def _has_index_match(self):
        """On SQLite, whether FTS5 can answer (else a LIKE scan does)."""
        return bool(self._long_terms)

    def count(self):
        if not self.terms:
            return 0
        return self._count

    @cached_property
    def _count(self):
        with connection.cursor() as cursor:
            if (
                "capped" not in self.__dict__
                and connection.vendor != "postgresql"
                and self._has_index_match
            ):
                # One query learns both: the full count is only run (and only
                # costs little) when the match is not capped.
                from_sql, where, params = self._where(capped=False)
                probe, probe_params = self._capped_probe()
                cursor.execute(
                    f"SELECT CASE WHEN {probe} THEN -1 ELSE (SELECT count(*)"
                    f" FROM {from_sql} WHERE {where}) END",
                    [*probe_params, *params],
                )
                count = cursor.fetchone()[0]
                self.__dict__["capped"] = count < 0
                if count >= 0:
                    return count
            from_sql, where, params = self._where()
            cursor.execute(f"SELECT count(*) FROM {from_sql} WHERE {where}", params)
            return cursor.fetchone()[0]

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
        rows = self._fetch(start, stop - start)
        articles = (
            Article.objects.published().for_listing().in_bulk([row[0] for row in rows])
        )
        return [
            Hit(articles[pk], headline, snippet, rank)
            for pk, rank, headline, snippet in rows
            if pk in articles
        ]

    @staticmethod
    def _phrase_tier():
        """SQL putting stories that hold the query's words as a phrase first."""
        find = "strpos" if connection.vendor == "postgresql" else "instr"
        return f"CASE WHEN {find}(lower({ENTRY_TEXT}), lower(%s)) > 0 THEN 0 ELSE 1 END"

    def _fetch(self, offset, limit):
        from_sql, where, params = self._where()
        phrase = " ".join(self.terms)
        if connection.vendor != "postgresql":
            return self._fetch_sqlite(from_sql, where, params, phrase, offset, limit)
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, "
            'MaxWords=20, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = f"""
            SELECT e.article_id,
                   ts_rank_cd(e.document, websearch_to_tsquery('english', %s)),
                   ts_headline('english', e.headline,
                               websearch_to_tsquery('english', %s), %s),
                   ts_headline('english',
                               e.deck || ' ' || e.body || ' ' || e.quotes,
                               websearch_to_tsquery('english', %s), %s),
                   {SNIPPET_SOURCE}
            FROM {from_sql}
            WHERE {where}
            ORDER BY {self._phrase_tier()}, 2 DESC, e.article_id DESC
            LIMIT %s OFFSET %s
        """
        params = [
            self.query,
            self.query,
            f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}",
            self.query,
            options,
            *params,
            phrase,
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [self._present(row) for row in rows]

    def _fetch_sqlite(self, from_sql, where, params, phrase, offset, limit):
        # Rank first, then excerpt only the page: SQLite would otherwise run
        # highlight() and snippet() on every match before sorting.
        if self.capped:
            # The phrase tier stands in for bm25(); selected, so its parameter
            # comes first.
            rank, order, order_params = self._phrase_tier(), "2, 1 DESC", [phrase]
        elif self._has_index_match:
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            rank = f"bm25({FTS_TABLE}, {weights})"
            order = f"{self._phrase_tier()}, 2, {FTS_TABLE}.rowid DESC"
            order_params = [phrase]
        else:
            rank, order, order_params = "0", f"{FTS_TABLE}.rowid DESC", []
        with connection.cursor() as cursor:
            if self.capped:
                cursor.execute(
                    f"SELECT e.article_id, {rank} FROM {from_sql} WHERE {where}"
                    f" ORDER BY {order} LIMIT %s OFFSET %s",
                    [*order_params, *params, limit, offset],
                )
            else:
                cursor.execute(
                    f"SELECT {FTS_TABLE}.rowid, {rank} FROM {from_sql}"
                    f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                    [*params, *order_params, limit, offset],
                )
            ranked = cursor.fetchall()
            if not ranked:
                return []
            ids = [pk for pk, _ in ranked]
            placeholders = ", ".join(["%s"] * len(ids))
            if self._has_index_match:
                # An excerpt of the story's own words reads better than a run
                # of names: body, then quotes, then deck; the people column
                # only through the fallback below.
                snippets = ", ".join(
                    f"snippet({FTS_TABLE}, {column}, %s, %s, '…', 64)"
                    for column in SNIPPET_COLUMNS
                )
                marks = [MARK_START, MARK_END] * (1 + len(SNIPPET_COLUMNS))
                cursor.execute(
                    f"SELECT {FTS_TABLE}.rowid, highlight({FTS_TABLE}, 0, %s, %s),"
                    f" {snippets}, {SNIPPET_SOURCE}"
                    f" FROM {FTS_TABLE} CROSS JOIN articles_searchentry AS e"
                    f" ON e.article_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s"
                    f" AND {FTS_TABLE}.rowid IN ({placeholders})",
                    [*marks, fts_query(self._long_terms), *ids],
                )
                rows = [
                    (pk, headline, first_marked(found), text)
                    for pk, headline, *found, text in cursor.fetchall()
                ]
            else:
                cursor.execute(
                    f"SELECT e.article_id, e.headline, '', {SNIPPET_SOURCE}"
                    f" FROM articles_searchentry AS e"
                    f" WHERE e.article_id IN ({placeholders})",
                    ids,
                )
                rows = cursor.fetchall()
            excerpts = {row[0]: row[1:] for row in rows}
        return [
            self._present((pk, rank, *excerpts[pk]))
            for pk, rank in ranked
            if pk in excerpts
        ]

    def _present(self, row):
        pk, rank, headline, snippet, text = row
        if MARK_START not in (headline or ""):
            headline = highlight_terms(headline or "", self.terms, width=1000)
        else:
            headline = marked_html(headline)
        if MARK_START not in (snippet or ""):
            # Substring (trigram) matches that the database's own highlighter
            # does not mark, e.g. a Khmer word on PostgreSQL.
            snippet = highlight_terms(text, self.terms)
        else:
            snippet = marked_html(snippet)
        return pk, rank, headline, snippet


def search(query):
    return SearchResults(query)


# Keeping the index current. Bulk operations (QuerySet.update, bulk_create) send
# no signals: call index_article() or run ``manage.py rebuild_search_index``.


@receiver(post_save, sender=Article)
def article_saved(sender, instance, **kwargs):
    index_article(instance.pk)


def _deleting_article(origin):
    return isinstance(origin, Article) or (getattr(origin, "model", None) is Article)


@receiver(post_save, sender=Byline)
@receiver(post_save, sender=Mention)
@receiver(post_save, sender=Quote)
def part_saved(sender, instance, **kwargs):
    index_article(instance.article_id)


@receiver(post_delete, sender=Byline)
@receiver(post_delete, sender=Mention)
@receiver(post_delete, sender=Quote)
def part_deleted(sender, instance, origin=None, **kwargs):
    # When the story itself is being deleted its entry goes with it.
    if not _deleting_article(origin):
        index_article(instance.article_id)


@receiver(m2m_changed, sender=Article.people.through)
def people_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            index_article(instance.pk)
        return
    # person.mentioned_in.clear(): which stories lose them is only known before.
    if action == "pre_clear":
        instance._search_cleared = list(
            instance.mentioned_in.values_list("pk", flat=True)
        )
    elif action == "post_clear":
        for article_id in getattr(instance, "_search_cleared", []):
            index_article(article_id)
    elif action.startswith("post_"):
        for article_id in pk_set or ():
            index_article(article_id)


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created, **kwargs):
    if created:
        return
    for article_id in Article.objects.involving(instance).values_list("pk", flat=True):
        index_article(article_id)
