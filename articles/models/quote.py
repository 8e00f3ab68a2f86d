"""Quotes: words a person said or wrote, as a story reported them."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import CleanTextMixin


class QuoteQuerySet(models.QuerySet):
    def dated(self):
        """
        Each quote with ``day``, its ``Quote.date`` as a query expression, to
        filter and order by.
        """
        return self.alias(day=Coalesce("said_on", TruncDate("article__published_at")))


class Quote(CleanTextMixin, models.Model):
    """Words a person said or wrote, as a story reported them."""

    class Kind(models.TextChoices):
        SPOKEN = "spoken", _("Spoken")
        WRITTEN = "written", _("Written / letter")
        STATEMENT = "statement", _("Statement")

    text = models.TextField(_("quoted words"))
    speaker = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("speaker"),
    )
    speaker_title = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("How the story described the speaker at the time."),
        verbose_name=_("speaker title"),
    )
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("story"),
    )
    said_on = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(
        max_length=20, choices=Kind, default=Kind.SPOKEN, verbose_name=_("kind")
    )
    is_pull_quote = models.BooleanField(
        _("pull quote"), default=False, help_text=_("Feature this quote on the story.")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_pull_quote=True),
                name="one_pull_quote_per_article",
                violation_error_message="A story has at most one pull quote.",
            )
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{self.speaker}: “{text}”"

    def get_absolute_url(self):
        return reverse("articles:quote", kwargs={"pk": self.pk})

    @property
    def date(self):
        """
        The day the words were said: as recorded, else the day the story was
        published, in the newsroom's zone (as ``QuoteQuerySet.dated`` has it).
        """
        if self.said_on is not None:
            return self.said_on
        published = self.article.published_at
        return timezone.localdate(published) if published else None

    @property
    def speaker_description(self):
        """How the story described the speaker; their current title if it did not."""
        return self.speaker_title or self.speaker.description
