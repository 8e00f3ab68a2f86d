from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """
    A private draft of a story form as its user left it, unsaved.

    Never a revision: the story's history holds only deliberate saves. A story
    not saved yet is keyed by the id its add form made up (``client``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("story"),
    )
    client = models.CharField(max_length=64, blank=True)
    # Which of the story's forms: "" the story's own, ``live-post`` its live
    # desk's new post, ``live-post:<id>`` one post's change form.
    form = models.CharField(max_length=40, blank=True, default="")
    # ``[[name, value], ...]`` as the form would post them (a name can repeat).
    data = models.JSONField(default=list)
    # The story's ``modified_at`` when the form was loaded.
    base_version = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article", "form"],
                condition=Q(article__isnull=False),
                name="editing_autosave_one_per_user_and_story_form",
            ),
            models.UniqueConstraint(
                fields=["user", "client"],
                condition=Q(article__isnull=True),
                name="editing_autosave_one_per_user_and_new_story",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(client=""),
                name="editing_autosave_has_story_or_client",
            ),
        ]

    def __str__(self):
        which = self.article_id or self.client
        if self.form:
            which = f"{which} ({self.form})"
        return f"{self.user} · {which} · {self.saved_at}"

    def fields(self):
        """``{name: [values]}`` of the saved form."""
        values = {}
        for name, value in self.data:
            values.setdefault(name, []).append(value)
        return values
