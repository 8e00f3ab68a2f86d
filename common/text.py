"""
Clean text at the door: one rule for every text field of every model.

Editors paste from word processors, wire services and chat apps. What they paste
can carry characters no page, feed or sitemap can show: C0/C1 control characters
(a vertical tab makes XML malformed), the two non-characters U+FFFE and U+FFFF,
decomposed accents that look equal to composed ones but compare, sort and slug
differently, and, from JSON or broken encoders, lone UTF-16 surrogates that no
database can store.

``clean_text`` is the rule: Unicode NFC; carriage returns become newlines; every
other control character except tab and newline is dropped; a lone surrogate is
refused with a ``ValidationError``. ``CleanTextMixin`` applies it to every
``CharField`` and ``TextField`` of a model when it is validated (a form error in
the admin) and again when it is saved (whatever path the text took: admin, ORM,
scripts), so no signal receiver is needed. Migrations clean rows that predate it
with ``clean_rows``.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

# C0 and C1 controls except tab (\x09) and newline (\x0a), and the two
# non-characters XML 1.0 forbids. Carriage returns are turned into newlines first.
UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAKS = re.compile("\r\n?")

SURROGATE_MESSAGE = (
    "This text contains a broken character (a lone UTF-16 surrogate, "
    "U+%(code)04X), usually left by a bad copy or conversion. Retype or paste "
    "the text again from its source."
)


def check_no_surrogates(value):
    """Raise ``ValidationError`` if ``value`` holds a lone surrogate."""
    found = SURROGATE.search(value)
    if found:
        raise ValidationError(
            SURROGATE_MESSAGE, code="surrogate", params={"code": ord(found.group())}
        )


def clean_text(value):
    """``value`` in NFC, with line breaks as ``\\n`` and no other control characters."""
    if not value:
        return value
    check_no_surrogates(value)
    value = UNWANTED.sub("", LINE_BREAKS.sub("\n", value))
    return unicodedata.normalize("NFC", value)


def repair_text(value):
    """As ``clean_text``, but a lone surrogate becomes U+FFFD: for stored rows."""
    if not value:
        return value
    return clean_text(SURROGATE.sub("\ufffd", value))


def text_fields(model):
    """The concrete ``CharField``/``TextField`` fields of ``model`` (slugs too)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


class CleanTextMixin:
    """
    Mixed into a model (before ``models.Model``): every text field is cleaned by
    ``clean_text`` when the model is validated and when it is saved.
    """

    def clean_text_fields(self, exclude=()):
        """Clean every text field in place; collect surrogate refusals by field."""
        errors = {}
        for field in text_fields(type(self)):
            if field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            try:
                setattr(self, field.attname, clean_text(value))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            self.clean_text_fields(exclude or ())
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.clean_text_fields()
        super().save(*args, **kwargs)


def clean_rows(model, batch_size=500):
    """
    Clean the text fields of every stored row of ``model`` (a migration's
    historical model is fine): rows saved before the rule existed.
    """
    fields = [field.attname for field in text_fields(model)]
    if not fields:
        return 0
    changed = []
    count = 0
    rows = model._default_manager.only("pk", *fields).order_by("pk")
    for row in rows.iterator(chunk_size=batch_size):
        dirty = False
        for name in fields:
            value = getattr(row, name)
            if isinstance(value, str):
                cleaned = repair_text(value)
                if cleaned != value:
                    setattr(row, name, cleaned)
                    dirty = True
        if dirty:
            changed.append(row)
        if len(changed) >= batch_size:
            model._default_manager.bulk_update(changed, fields)
            count += len(changed)
            changed = []
    if changed:
        model._default_manager.bulk_update(changed, fields)
        count += len(changed)
    return count
