import reversion
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.slugs import UnicodeSlugField
from common.text import CleanTextMixin
from images.validators import validate_image_upload


class PersonQuerySet(models.QuerySet):
    def staff(self):
        """People who write or photograph for the newsroom."""
        return self.filter(is_staff=True)


class Person(CleanTextMixin, models.Model):
    """
    One real person, whether they write the stories, appear in them, or both.

    How a story described someone at the time lives on the quote or byline, not
    here: ``title`` and ``affiliation`` are what is true now.
    """

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = UnicodeSlugField(
        max_length=200,
        unique=True,
        blank=True,
        populate_from="name",
        help_text=_(
            "The person's address, in any script. Left empty, it is made from the name."
        ),
        verbose_name=_("slug"),
    )
    aliases = models.TextField(
        blank=True,
        help_text=_(
            "Other spellings of the name, one per line (e.g. “W. Patrick Murphy”)."
        ),
        verbose_name=_("aliases"),
    )
    title = models.CharField(_("current title"), max_length=200, blank=True)
    affiliation = models.CharField(
        max_length=200, blank=True, verbose_name=_("affiliation")
    )
    bio = models.TextField(_("short bio"), blank=True)
    portrait = models.ImageField(
        upload_to="people/%Y/",
        blank=True,
        width_field="portrait_width",
        height_field="portrait_height",
        validators=[validate_image_upload],
        help_text=_("A JPEG, PNG, WebP or GIF of at most 15 MB and 40 megapixels."),
        verbose_name=_("portrait"),
    )
    portrait_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("portrait width")
    )
    portrait_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("portrait height")
    )
    is_staff = models.BooleanField(
        _("on staff"),
        default=False,
        help_text=_("Writes, photographs or edits for the newsroom."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The staff account of this person, if they have one."),
        verbose_name=_("user"),
    )
    admin_language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        editable=False,
        help_text=_(
            "The language of the admin for this person's account; empty "
            "for the site's. Chosen by the person in the admin's user tools."
        ),
        verbose_name=_("admin language"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "Who added the person: a reporter may change only people they added."
        ),
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    modified_at = models.DateTimeField(auto_now=True, verbose_name=_("modified at"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        ordering = ["name"]
        verbose_name_plural = _("people")
        indexes = [models.Index(Lower("name"), name="person_name_lower_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def description(self):
        """“Title, Affiliation”, or whichever of the two is known."""
        return ", ".join(part for part in (self.title, self.affiliation) if part)


reversion.register(Person)
