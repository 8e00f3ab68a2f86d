from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WireCopy(models.Model):
    """
    Agency copy as it arrived, kept with the story made from it.

    The checksum (and a ninjs item's URI) tell a second import of the same copy
    from a new one, so it can be offered as an update instead of a duplicate.
    """

    class Format(models.TextChoices):
        TEXT = "text", _("Plain text")
        NINJS = "ninjs", _("IPTC ninjs")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="wire_copies",
        verbose_name=_("article"),
    )
    text = models.TextField(_("original copy"))
    format = models.CharField(
        max_length=10, choices=Format, default=Format.TEXT, verbose_name=_("format")
    )
    filename = models.CharField(max_length=255, blank=True, verbose_name=_("filename"))
    checksum = models.CharField(
        max_length=64, db_index=True, verbose_name=_("checksum")
    )
    uri = models.CharField(
        _("agency URI"), max_length=500, blank=True, help_text=_("A ninjs item's uri.")
    )
    version = models.CharField(max_length=50, blank=True, verbose_name=_("version"))
    caption = models.TextField(_("photo caption"), blank=True)
    credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    imported_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("imported at")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        # The table kept its name when the model moved here from articles.
        db_table = "articles_wirecopy"
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("wire copy")
        verbose_name_plural = _("wire copies")
        indexes = [models.Index(fields=["uri"], name="wirecopy_uri_idx")]

    def __str__(self):
        return f"Wire copy of “{self.article}” ({self.imported_at:%Y-%m-%d %H:%M})"
