"""The people on a story: who is credited on it, and who is in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.text import CleanTextMixin


class Byline(CleanTextMixin, models.Model):
    """A credit on a story, in the order the story gives them."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        CONTRIBUTOR = "contributor", _("Contributor")
        PHOTOGRAPHER = "photographer", _("Photographer")
        TRANSLATOR = "translator", _("Translator")
        EDITOR = "editor", _("Editor")

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="bylines",
        verbose_name=_("story"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="bylines",
        verbose_name=_("person"),
    )
    role = models.CharField(
        max_length=20, choices=Role, default=Role.AUTHOR, verbose_name=_("role")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="unique_byline_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Mention(CleanTextMixin, models.Model):
    """A person a story is about or mentions."""

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("story"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="mentions",
        verbose_name=_("person"),
    )
    described_as = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("How the story described the person, e.g. “Ambassador”."),
        verbose_name=_("described as"),
    )

    class Meta:
        verbose_name = _("person in the story")
        verbose_name_plural = _("people in the story")
        # A person's stories from the index alone, for related coverage.
        indexes = [
            models.Index(fields=["person", "article"], name="mention_person_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_mention")
        ]

    def __str__(self):
        return f"{self.person} in “{self.article}”"

    @property
    def description(self):
        """How the story described the person; their current title if it did not."""
        return self.described_as or self.person.description
