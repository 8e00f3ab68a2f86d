"""
Keeping each story's ``SearchEntry`` current.

``articles.signals`` calls ``index_articles`` once per transaction for the stories
it touched. Bulk operations (``QuerySet.update``, ``bulk_create``) send no
signals: call ``index_articles`` or run ``manage.py rebuild_search_index``.
"""

from django.db import transaction

from common.khmer import separate_words
from common.sanitize import plain_text

from ..models import Article, SearchEntry

# SQLite refuses very long IN lists: a few hundred stories at a time.
CHUNK = 500


def entry_fields(article):
    """
    The searchable text of a story (uses prefetches when present), Khmer words
    marked off by ``common.khmer.separate_words``.
    """
    return {name: separate_words(text) for name, text in plain_fields(article).items()}


def plain_fields(article):
    """The story's text as written, per ``SearchEntry`` column."""
    people = [b.person for b in article.bylines.all()]
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
    index_articles([article_id])


def index_articles(ids):
    """Rebuild the entries of the stories ``ids`` in a few queries."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        SearchEntry.objects.filter(article_id__in=chunk).delete()
        SearchEntry.objects.bulk_create(
            SearchEntry(article_id=article.pk, **entry_fields(article))
            for article in indexable_articles().filter(pk__in=chunk)
        )


def rebuild_index(batch_size=CHUNK, progress=None):
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
