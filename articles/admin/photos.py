"""
The photo admin, and its form: a chosen file survives form errors, and the file's
own metadata fills the empty fields for the editor to confirm.

A file that arrives with a form that has errors is kept as a pending upload in
the default storage (``PENDING_DIR``), and the form carries a signed token naming
it; the next submit uses it unless another file is chosen. Browsers cannot
pre-fill a file input, so without this the editor would have to pick the file
again after every mistake.
"""

import os
import uuid

from django import forms
from django.contrib import admin
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from images import renditions
from images.metadata import read_metadata

from .. import rules
from ..models import Photo
from .forms import ImageUploadField
from .roles import RoleVersionAdmin
from .tags import TagListMixin

PENDING_DIR = "uploads/pending"
TOKEN_SALT = "articles.photo-upload"
# How long a pending upload can be picked up again.
TOKEN_MAX_AGE = 24 * 60 * 60

PREFILLED = {
    "caption": "caption",
    "credit": "credit",
    "photographer": "photographer",
    "taken_on": "date taken",
    "tags": "keywords",
}


def keep_upload(upload):
    """Store an upload as pending; return the signed token that names it."""
    original = get_valid_filename(os.path.basename(upload.name)) or "photo"
    upload.seek(0)
    stored = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}", upload)
    upload.seek(0)
    return signing.dumps(
        {"path": stored, "name": original, "type": upload.content_type or ""},
        salt=TOKEN_SALT,
    )


def pending_upload(token):
    """The upload a token names, or None if it is forged, expired or gone."""
    try:
        kept = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    path = kept.get("path", "")
    if not path.startswith(PENDING_DIR + "/") or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        content = stored.read()
    return SimpleUploadedFile(kept["name"], content, kept["type"] or None)


def forget_upload(token):
    """Delete the pending upload a token names, once the photo is saved."""
    try:
        kept = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return
    path = kept.get("path", "")
    if path.startswith(PENDING_DIR + "/"):
        default_storage.delete(path)


def _tag_string(keywords):
    """
    The keywords as the tag field reads them back, each one tag: taggit splits
    an unquoted string without commas at its spaces.
    """
    names = [k.replace('"', "") for k in keywords]
    return ", ".join(f'"{k}"' if " " in k or "," in k else k for k in names)


class PhotoAdminForm(forms.ModelForm):
    upload_token = forms.CharField(widget=forms.HiddenInput, required=False)
    metadata_checked = forms.BooleanField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Photo
        # The admin passes the fields of its layout; these are the least.
        fields = ["image", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_upload = None
        if not self.is_bound:
            return
        image_name = self.add_prefix("image")
        token = self.data.get(self.add_prefix("upload_token"), "")
        if image_name not in self.files and token:
            upload = pending_upload(token)
            if upload is not None:
                self.files = self.files.copy()
                self.files[image_name] = upload
                self.kept_upload = upload.name
                if "image" in self.fields:
                    self.fields["image"].help_text = (
                        f"Kept from your last try: {upload.name}. Choose another "
                        "file to replace it."
                    )

    def clean(self):
        cleaned_data = super().clean()
        upload = self.files.get(self.add_prefix("image"))
        if (
            upload is not None
            and self.instance.pk is None
            and "image" in cleaned_data
            and not cleaned_data.get("metadata_checked")
        ):
            filled = self.prefill_from_metadata(upload)
            if filled:
                data = self.data.copy()
                data[self.add_prefix("metadata_checked")] = "True"
                self.data = data
                self.add_error(
                    None,
                    "Filled from the file's metadata: "
                    + ", ".join(filled)
                    + ". Check them, then save again.",
                )
        return cleaned_data

    def prefill_from_metadata(self, upload):
        """Put the file's metadata into the empty fields; return what was filled."""
        metadata = read_metadata(upload)
        if not metadata:
            return []
        data = self.data.copy()
        filled = []

        def fill(name, value):
            key = self.add_prefix(name)
            if name in self.fields and value and not self.data.get(key):
                data[key] = value
                filled.append(PREFILLED[name])

        fill("caption", metadata.caption)
        fill("credit", metadata.credit)
        if metadata.taken_on:
            fill("taken_on", metadata.taken_on.isoformat())
        if metadata.keywords:
            fill("tags", _tag_string(metadata.keywords))
        if metadata.creator and "photographer" in self.fields:
            person = (
                self.fields["photographer"]
                .queryset.filter(
                    Q(name__iexact=metadata.creator)
                    | Q(aliases__icontains=metadata.creator)
                )
                .first()
            )
            if person is not None:
                fill("photographer", str(person.pk))
            elif not self.data.get(self.add_prefix("credit")) and not metadata.credit:
                fill("credit", metadata.creator)
        self.data = data
        return filled

    def full_clean(self):
        super().full_clean()
        upload = self.files.get(self.add_prefix("image")) if self.is_bound else None
        if self._errors and upload is not None and "image" not in self._errors:
            # The file was fine; keep it for the next try.
            data = self.data.copy()
            token_key = self.add_prefix("upload_token")
            if self.kept_upload is None:
                data[token_key] = keep_upload(upload)
            self.data = data
            if "image" in self.fields and self.kept_upload is None:
                help_text = (
                    f"Kept: {os.path.basename(upload.name)}. Choose another file "
                    "to replace it."
                )
                # The bound field has copied the help text already.
                self.fields["image"].help_text = self["image"].help_text = help_text


def thumbnail(photo, size=80):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;'
        'object-fit:cover">',
        photo.image.url,
        photo.alt_text,
        size,
        size,
    )


@admin.register(Photo)
class PhotoAdmin(TagListMixin, RoleVersionAdmin):
    object_rule = staticmethod(rules.can_edit_photo)

    form = PhotoAdminForm
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    list_display = ["thumbnail", "__str__", "credit", "photographer", "tag_list"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [("tags", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["caption", "credit", "alt_text", "photographer__name"]
    autocomplete_fields = ["photographer"]
    list_select_related = ["photographer"]
    readonly_fields = ["preview", "width", "height", "created_at", "modified_at"]
    fields = [
        "image",
        "upload_token",
        "metadata_checked",
        "preview",
        ("focal_x", "focal_y"),
        ("width", "height"),
        "alt_text",
        "caption",
        "credit",
        "photographer",
        "taken_on",
        "tags",
        ("created_at", "modified_at"),
    ]

    class Media:
        js = ["admin/newsroom/focal_point.js"]
        css = {"all": ["admin/newsroom/desk.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            # Prepared now, while the editor waits, not on a reader's request.
            renditions.prepare_renditions(obj)
        token = form.cleaned_data.get("upload_token")
        if token:
            forget_upload(token)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return thumbnail(obj, size=60)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj or not obj.image:
            return "—"
        x, y = obj.focal_point
        return format_html(
            '<div class="focal-point-picker" style="--x:{}%;--y:{}%">'
            '<img src="{}" alt="{}"><span class="focal-point-mark" aria-hidden="true">'
            "</span></div>"
            '<p class="help">Click the photo on what must stay in every crop '
            "(a face, usually).</p>",
            round(x * 100, 2),
            round(y * 100, 2),
            obj.image.url,
            obj.alt_text,
        )
