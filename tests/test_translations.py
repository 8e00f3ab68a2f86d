"""The Khmer catalogue: every string translated, none fuzzy, placeholders kept."""

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from common import dates

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/km/LC_MESSAGES/django.po"

# %(name)s, %s and {name}: what the code fills in must survive translation.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def messages():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="km")
    return catalogue, [message for message in catalogue if message.id]


def test_catalogue_is_khmer_and_not_fuzzy():
    """The header names Khmer and is not marked fuzzy."""
    catalogue, entries = messages()
    assert str(catalogue.locale) == "km"
    assert not catalogue.fuzzy
    assert len(entries) > 300


def test_every_string_is_translated():
    """No message is untranslated, fuzzy or obsolete."""
    catalogue, entries = messages()
    untranslated = [
        m.id
        for m in entries
        if not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert not untranslated
    assert not [m.id for m in entries if m.fuzzy]
    assert not catalogue.obsolete


def test_translations_keep_their_placeholders():
    """Every %(name)s or {name} of a message appears in its Khmer translation."""
    _catalogue, entries = messages()
    for m in entries:
        source = m.id if isinstance(m.id, str) else m.id[0]
        targets = [m.string] if isinstance(m.string, str) else list(m.string)
        for target in targets:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(
                PLACEHOLDER.findall(target)
            ), source


def test_translations_are_in_khmer_script():
    """A translation is Khmer text, unless the message is a name or a code."""
    _catalogue, entries = messages()
    khmer = re.compile("[\u1780-\u17ff]")
    for m in entries:
        target = m.string if isinstance(m.string, str) else m.string[0]
        if target != (m.id if isinstance(m.id, str) else m.id[0]):
            assert khmer.search(target), m.id


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", False, "March 9, 2025"),
        ("km", False, "9 មីនា 2025"),
        ("km", True, "៩ មីនា ២០២៥"),
        ("en", True, "March 9, 2025"),
    ],
)
def test_day_is_written_for_the_language(settings, language, digits, expected):
    """common.dates.day: Django's English format, CLDR's Khmer one, digits asked."""
    settings.NEWSROOM_KHMER_DIGITS = digits
    with translation.override(language):
        assert dates.day(date(2025, 3, 9)) == expected
