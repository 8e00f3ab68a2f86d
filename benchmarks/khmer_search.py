"""
Precision and recall of Khmer search on the labelled VOA Khmer set, by words
(today's search) and by trigram substrings (the search before it), in one run.

    .venv/bin/python benchmarks/khmer_search.py [--verbose]
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/khmer_search.py

Builds a throwaway test database (Django's test-database machinery, on SQLite
in memory or on the PostgreSQL server ``DATABASE_URL`` names), adds the six
stories of ``tests/data/khmer/`` (a copy of ``../shared/khmer/``) with the
people their labels name, and runs every labelled query and the queries of
``added_queries.json`` through ``articles.search``. Then it writes each story's
search entry back as plain text, as it was indexed before Khmer words were
segmented, and runs the same queries as they were parsed then (words split on
spaces, no normalising): today's engine on yesterday's index is the baseline.

Each query also runs twice more, as other keyboards type it: with zero-width
spaces between its words, and with the marks of each syllable in another order
(only the queries where that gives different characters). Precision and recall
are micro-averaged over the queries' expected and found stories; ``--verbose``
lists every query whose stories differ from the labels.
"""

import html
import json
import os
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "khmer"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

ZWSP = "\u200b"
MARK_PATTERN = "\u17d2[\u1780-\u17b3]|[\u17b6-\u17d1\u17d3\u17dd]"
MARK = re.compile(MARK_PATTERN)
CLUSTER = re.compile(f"[\u1780-\u17b3](?:{MARK_PATTERN})*")


def load():
    """``(stories, queries)``: labels by story name, and ``(q, expected)``."""
    stories, queries = {}, []
    for path in sorted(DATA.glob("0*.json")):
        label = json.loads(path.read_text())
        stories[path.stem] = label
        queries += [(q["q"], set(q["expect"])) for q in label["queries"]]
    added = json.loads((DATA / "added_queries.json").read_text())
    queries += [(q["q"], set(q["expect"])) for q in added["queries"]]
    return stories, queries


def with_zero_width_spaces(query):
    """The query as a keyboard that puts a zero-width space after each word types it."""
    from common.khmer import KHMER_RUN, words

    return KHMER_RUN.sub(lambda m: ZWSP.join(words(m.group(0))) + ZWSP, query)


def reordered(query):
    """The query, the marks of each syllable reversed and split vowels split."""

    def flip(match):
        cluster = match.group(0)
        return cluster[0] + "".join(reversed(MARK.findall(cluster[1:])))

    return CLUSTER.sub(flip, query).replace("\u17c4", "\u17c1\u17b6")


def add_stories(stories):
    from django.utils import timezone

    from articles.models import Article, Mention
    from people.models import Person

    ids = {}
    for n, (name, label) in enumerate(stories.items()):
        text = (DATA / label["text_file"]).read_text()
        lines = [line for line in text.splitlines() if line.strip()]
        article = Article.objects.create(
            headline=label["headline"] or lines[0][:200],
            slug=name.replace("_", "-"),
            language=Article.Language.KHMER,
            body="".join(f"<p>{html.escape(line)}</p>" for line in lines),
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for person in label["people"]:
            Mention.objects.create(
                article=article,
                person=Person.objects.create(
                    name=person["name"], aliases="\n".join(person["aliases"])
                ),
            )
        ids[article.pk] = name
    return ids


def words_search(query):
    from articles.search import search

    return {hit.article.pk for hit in search(query)[:100]}


def trigram_search(query):
    """The search as it was: the query's words as typed, the index's text as written."""
    from articles.search.backends import backend_for
    from articles.search.query import PUNCTUATION

    terms = []
    for word in query.split():
        word = word.strip(PUNCTUATION)
        if word and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    backend = backend_for(query, terms)
    # PostgreSQL's word index took the query as typed then.
    backend.__dict__["fulltext"] = query
    return {row[0] for row in backend.fetch(0, 100)}


def unsegment_index():
    from articles.models import SearchEntry
    from articles.search.indexing import indexable_articles, plain_fields

    for article in indexable_articles():
        SearchEntry.objects.filter(pk=article.pk).update(**plain_fields(article))


def score(engine, queries, ids, verbose=False):
    hit = found = expected = 0
    started = time.perf_counter()
    for query, expect in queries:
        got = {ids[pk] for pk in engine(query)}
        if verbose and got != expect:
            print(
                f"  {engine.__name__}: {query!r} missed {sorted(expect - got)}"
                f" extra {sorted(got - expect)}"
            )
        hit += len(got & expect)
        found += len(got)
        expected += len(expect)
    ms = (time.perf_counter() - started) * 1000 / max(len(queries), 1)
    return (
        hit / found if found else 1.0,
        hit / expected if expected else 1.0,
        ms,
    )


def run(stories, queries, verbose=False):
    from django.db import connection

    ids = add_stories(stories)
    sets = {
        "as labelled": queries,
        "with zero-width spaces": [(with_zero_width_spaces(q), e) for q, e in queries],
        "in another order": [
            (reordered(q), e) for q, e in queries if reordered(q) != q
        ],
    }
    results = {}
    for name, qs in sets.items():
        results[("words", name)] = score(words_search, qs, ids, verbose)
    unsegment_index()
    for name, qs in sets.items():
        results[("trigrams", name)] = score(trigram_search, qs, ids, verbose)
    print(
        f"{len(stories)} VOA Khmer stories, {len(queries)} labelled queries,"
        f" on {connection.vendor}\n"
    )
    print(
        f"{'queries':<24} {'n':>3}  {'search':<9} {'precision':>9}"
        f" {'recall':>7} {'ms/q':>6}"
    )
    for name, qs in sets.items():
        for engine in ("trigrams", "words"):
            precision, recall, ms = results[(engine, name)]
            print(
                f"{name:<24} {len(qs):>3}  {engine:<9} {precision:>9.1%}"
                f" {recall:>7.1%} {ms:>6.1f}"
            )
    return results


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    stories, queries = load()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(stories, queries, verbose="--verbose" in sys.argv)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
