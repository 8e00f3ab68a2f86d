from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version
from taggit.forms import TagField

from common.sanitize import PROSE_EDITOR_EXTENSIONS, sanitize_html
from images.validators import ALLOWED_EXTENSIONS, validate_image_upload

from .. import rules
from ..models import Article, Tag, default_language


class TagNamesField(TagField):
    """
    taggit's comma-separated tag field, refusing a name longer than the tag table
    holds (PostgreSQL would answer a database error; SQLite would store it).
    """

    def clean(self, value):
        names = super().clean(value)
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise ValidationError(
                "A tag can be at most %(limit)d characters long; “%(name)s…” is "
                "longer. Shorten it or split it into several tags.",
                code="tag_too_long",
                params={"limit": limit, "name": too_long[0][:40]},
            )
        return names


class ImageUploadField(forms.ImageField):
    """
    An image upload checked by ``validate_image_upload`` before Pillow opens it.

    Django's own ImageField answers every refusal with one generic message; this
    one says what was wrong (too many pixels, SVG, a renamed file...).
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(sorted(ALLOWED_EXTENSIONS))
        return attrs


def version_token(modified_at):
    """What the change form carries to tell which saved version it was loaded from."""
    return modified_at.isoformat() if modified_at else ""


def last_saved(article):
    """(who, when) of the latest save of the story, from its history."""
    version = (
        Version.objects.get_for_object(article).select_related("revision__user").first()
    )
    if version is not None:
        return version.revision.user, version.revision.date_created
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=str(article.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is not None:
        return entry.user, entry.action_time
    return None, article.modified_at


def describe_user(user):
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


class ArticleAdminForm(forms.ModelForm):
    """
    The story form of the admin: rich-text body, role rules, and a stale-save guard.

    ``user`` is set on the class by ``ArticleAdmin.get_form``.
    """

    user = None

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    body = ProseEditorFormField(
        config={"extensions": PROSE_EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        widget=AdminProseEditorWidget,
        required=False,
        help_text=_("Scripts, styles, embeds and unsafe links are removed on save."),
    )

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets; these are the least.
        fields = ["headline", "slug", "deck", "body", "status", "published_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = version_token(self.instance.modified_at)
        if "language" in self.fields:
            # A form sent without it (a script, an old tab) keeps the default.
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or (
            self.instance.language if self.instance.pk else default_language()
        )

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("status") == Article.Status.PUBLISHED
            and "published_at" in self.fields
            and not cleaned_data.get("published_at")
            and not self.has_error("published_at")
        ):
            # “Published” with no date means now, as “Publish now” does.
            cleaned_data["published_at"] = timezone.now()
        if self.user is not None and "status" in cleaned_data:
            reason = rules.check_status_change(
                self.user, self.instance, cleaned_data["status"]
            )
            if reason:
                self.add_error("status", reason)
        self.check_not_stale()
        return cleaned_data

    def check_not_stale(self):
        """Refuse the save when someone else saved the story after this form loaded."""
        if self.instance.pk is None:
            return
        stored = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the admin's transaction ends, so two saves cannot both
            # pass this check at once.
            stored = stored.select_for_update()
        current = stored.values_list("modified_at", flat=True).first()
        loaded = self.cleaned_data.get("loaded_version") or ""
        if current is None or loaded == version_token(current):
            return
        who, when = last_saved(self.instance)
        # A second save on purpose overwrites: the form now carries the version
        # the editor has been told about.
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = version_token(current)
        self.data = data
        raise ValidationError(
            "%(who)s saved this story at %(when)s, after you opened it. Your "
            "changes have not been saved; they are still in the form below. Open "
            "the story in another tab to compare, then save again to replace "
            "their version with yours.",
            params={
                "who": describe_user(who),
                "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
            },
            code="stale",
        )
