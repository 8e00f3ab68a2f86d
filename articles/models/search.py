"""The searchable text of each story, under the full-text indexes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.text import CleanTextMixin


class SearchEntry(CleanTextMixin, models.Model):
    """
    A story's searchable text, kept by ``articles.search`` after every change.

    Full-text indexes sit on top of this table, created per database by migration
    ``0005_search_index``: an FTS5 table on SQLite, a stored ``tsvector`` and a
    trigram index on PostgreSQL. Every story has a row, public or not; searches
    join it with ``Article.objects.published()``.
    """

    article = models.OneToOneField(
        "Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
        verbose_name=_("article"),
    )
    headline = models.TextField(blank=True, verbose_name=_("headline"))
    deck = models.TextField(blank=True, verbose_name=_("deck"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    people = models.TextField(
        blank=True, help_text=_("Names and aliases."), verbose_name=_("people")
    )
    quotes = models.TextField(blank=True, verbose_name=_("quotes"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.headline
