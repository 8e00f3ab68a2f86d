"""Photos: an image with its caption, credit and focal point."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from common.text import CleanTextMixin
from images.validators import validate_image_upload

from .tags import CleanTagsManager, TaggedPhoto


class Photo(CleanTextMixin, models.Model):
    """An image with its caption and credit; one photo can serve several stories."""

    image = models.ImageField(
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text=_("A JPEG, PNG, WebP or GIF of at most 15 MB and 40 megapixels."),
        verbose_name=_("image"),
    )
    width = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("width")
    )
    height = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("height")
    )
    caption = models.TextField(blank=True, verbose_name=_("caption"))
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("As the agency gives it, e.g. “Aun Chhengpor/VOA Khmer”."),
        verbose_name=_("credit"),
    )
    alt_text = models.CharField(
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
        verbose_name=_("alt text"),
    )
    photographer = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("photographer"),
    )
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    focal_x = models.FloatField(
        _("focal point across"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right; every crop keeps this point."),
    )
    focal_y = models.FloatField(
        _("focal point down"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    tags = TaggableManager(
        through=TaggedPhoto,
        blank=True,
        manager=CleanTagsManager,
        verbose_name=_("tags"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    modified_at = models.DateTimeField(auto_now=True, verbose_name=_("modified at"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(focal_x__isnull=True, focal_y__isnull=True)
                    | Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1)
                ),
                name="photo_focal_point_in_frame",
                violation_error_message="A focal point has both coordinates, "
                "each between 0 and 1.",
            )
        ]

    def __str__(self):
        text = self.alt_text or self.caption or self.image.name
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def focal_point(self):
        """``(x, y)`` as fractions of the width and height; the centre if unset."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x, self.focal_y)
