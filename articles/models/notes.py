"""
Notes: the dated corrections and updates readers see under a story.

Editors and readers see them as "corrections and updates"; the only other note
is the desk's to a reporter (``Article.desk_note``), never shown to readers.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import CleanTextMixin


class Note(CleanTextMixin, models.Model):
    """A dated correction or update appended to a story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        #: Recorded by ``articles.publishing.kill``: the story was withdrawn.
        KILL = "kill", _("Withdrawn")

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("story"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind, default=Kind.CORRECTION, verbose_name=_("kind")
    )
    text = models.TextField(verbose_name=_("text"))
    noted_at = models.DateTimeField(default=timezone.now, verbose_name=_("noted at"))

    class Meta:
        ordering = ["noted_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"
