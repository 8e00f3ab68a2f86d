"""
The photo form of the admin: a chosen file survives form errors, and the file's
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
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils.text import get_valid_filename

from .models import Photo
from .photo_metadata import read_metadata

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
                note = (
                    f"Kept: {os.path.basename(upload.name)}. Choose another file "
                    "to replace it."
                )
                # The bound field has copied the help text already.
                self.fields["image"].help_text = self["image"].help_text = note
