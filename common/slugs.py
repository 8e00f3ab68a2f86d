"""
Readable, working URLs for names in any script: one slug rule for stories,
people and tags.

Django's ``slugify(allow_unicode=True)`` keeps letters and digits but drops
combining marks (Unicode categories Mn/Mc), which Khmer, Thai, Devanagari and
many other scripts need: ``កម្ពុជា`` (Cambodia) came out as ``កមពជ``, which reads
as nothing, and Django's ``slug`` URL converter accepts ASCII only. Here a slug
keeps every letter, mark and digit (lower-cased, NFKC), joins words with ``-``,
and a name with none of those (``\\``, ``🔥``) is spelled with the characters'
Unicode names (``reverse-solidus``, ``fire``), so every name gets a slug.

``reverse()`` percent-encodes the UTF-8 of a Unicode slug, so links, sitemaps and
feeds carry valid URIs while browsers show the readable IRI.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

SLUG_SEPARATORS = re.compile(r"[-\s_]+")
FALLBACK = "untitled"


def _is_slug_char(char):
    return char in "-_" or unicodedata.category(char)[0] in "LMN"


def _mark_ranges():
    """Combining marks as a regex character class body (``\\w`` lacks them)."""
    ranges = []
    codes = [*range(0x20000), *range(0xE0000, 0xE0200)]
    start = previous = None
    for code in codes:
        if unicodedata.category(chr(code))[0] == "M":
            if start is None:
                start = code
            elif code != previous + 1:
                ranges.append((start, previous))
                start = code
            previous = code
    if start is not None:
        ranges.append((start, previous))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


# Letters, digits and underscore (\w), combining marks and the hyphen.
SLUG_PATTERN = rf"[-\w{_mark_ranges()}]+"
SLUG_RE = re.compile(rf"\A{SLUG_PATTERN}\Z")


def slugify(value, max_length=None):
    """
    A URL slug for ``value`` in any script: ``"កម្ពុជា ថ្ងៃនេះ"`` →
    ``"កម្ពុជា-ថ្ងៃនេះ"``, ``"Hun Sen’s letter"`` → ``"hun-sens-letter"``.
    """
    text = unicodedata.normalize("NFKC", str(value)).lower()
    # Apostrophes join a word (“Sen’s”), everything else that is not a letter,
    # mark or digit separates words.
    text = re.sub("['’ʼ]", "", text)
    slug = "".join(char if _is_slug_char(char) else " " for char in text)
    slug = SLUG_SEPARATORS.sub("-", slug.strip()).strip("-_")
    if not slug:
        slug = _spelled_out(text)
    if max_length and len(slug) > max_length:
        cut = slug[:max_length]
        # Prefer ending on a word boundary, and never on a separator.
        if "-" in cut[max_length // 2 :]:
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-_") or slug[:max_length]
    return unicodedata.normalize("NFC", slug)


def _spelled_out(text):
    """``"\\"`` → ``"reverse-solidus"``: names for a text with no slug characters."""
    words = []
    for char in text:
        if char.isspace():
            continue
        name = unicodedata.name(char, "") or f"u{ord(char):04x}"
        words.append(name.lower())
    slug = SLUG_SEPARATORS.sub("-", re.sub(r"[^a-z0-9]+", " ", " ".join(words)))
    return slug.strip("-") or FALLBACK


def is_valid_slug(value):
    return bool(value) and SLUG_RE.match(value) is not None


def validate_slug(value):
    if not is_valid_slug(value):
        raise ValidationError(
            "Use letters, marks and digits of any script, hyphens or underscores.",
            code="invalid",
        )


def unique_slug(model, source, max_length, exclude_pk=None, field="slug"):
    """``slugify(source)``, with ``-2``, ``-3``… appended until no row has it."""
    base = slugify(source, max_length=max_length)
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-_") + suffix
    return slug


def is_mark_stripped(slug, source):
    """
    True when ``slug`` is what Django's slugify made of ``source`` and lost marks
    doing it (``កមពជ`` for ``កម្ពុជា``): such slugs are repaired.
    """
    from django.utils.text import slugify as django_slugify

    stripped = django_slugify(source, allow_unicode=True)
    return bool(stripped) and slug.startswith(stripped) and stripped != slugify(source)


def needs_repair(slug, source):
    return not is_valid_slug(slug) or (bool(source) and is_mark_stripped(slug, source))


class SlugFormField(forms.CharField):
    """A slug field for forms, in any script (Django's drops combining marks)."""

    default_validators = [validate_slug]

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFC", value) if value else value


class UnicodeSlugField(models.SlugField):
    """
    A slug in any script. Left empty, it is made from ``populate_from`` on save,
    unique among the model's rows.
    """

    default_validators = [validate_slug]

    def __init__(self, *args, populate_from=None, **kwargs):
        self.populate_from = populate_from
        kwargs["allow_unicode"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("allow_unicode", None)
        if self.populate_from:
            kwargs["populate_from"] = self.populate_from
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if not value and self.populate_from:
            value = unique_slug(
                type(model_instance),
                getattr(model_instance, self.populate_from),
                self.max_length,
                exclude_pk=model_instance.pk,
                field=self.attname,
            )
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # Past SlugField.formfield, which would pass allow_unicode on.
        kwargs = {"form_class": SlugFormField, **kwargs}
        return models.CharField.formfield(self, **kwargs)


class SlugConverter:
    """``<uslug:slug>``: a slug in any script (registered by ``ArticlesConfig``)."""

    regex = SLUG_PATTERN

    def to_python(self, value):
        return unicodedata.normalize("NFC", value)

    def to_url(self, value):
        return value


def register_converter():
    """Make ``<uslug:…>`` available to URL patterns (once per process)."""
    from django.urls import converters
    from django.urls import register_converter as register

    if "uslug" not in converters.get_converters():
        register(SlugConverter, "uslug")
