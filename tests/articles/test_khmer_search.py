"""
Khmer search finds words (issue 19): stories from the VOA Khmer set in
``tests/data/khmer/``, searched on whichever database the tests run on.
"""

import html
import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Mention, Quote, SearchEntry
from articles.search import search
from articles.search.indexing import indexable_articles, plain_fields
from common.khmer import WORD_SEPARATOR
from tests.factories import make_article, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("commits_as_in_production"),
]

DATA = Path(__file__).resolve().parent.parent / "data" / "khmer"


def label(name):
    return json.loads((DATA / f"{name}.json").read_text())


def text(name):
    return (DATA / label(name)["text_file"]).read_text()


def story(name, **fields):
    """A published story whose body is the VOA Khmer text ``name``."""
    lines = [line for line in text(name).splitlines() if line.strip()]
    fields.setdefault("body", "".join(f"<p>{html.escape(li)}</p>" for li in lines))
    return make_article(
        fields.pop("headline", name), slug=name.replace("_", "-"), **fields
    )


def found(query):
    return {hit.article for hit in search(query)[:50]}


def test_word_inside_a_compound_is_found_by_its_word():
    """សភា (parliament) finds សមាជិកសភា (lawmaker), written with no space."""
    lawmakers = story("02_lawmakers_prepare_lawsuit")
    story("01_vietnam_hotline")
    assert "សមាជិកសភា" in text("02_lawmakers_prepare_lawsuit")
    assert found("សភា") == {lawmakers}


def test_letters_inside_an_unrelated_word_do_not_match():
    """តឹង (tight) is not found inside បណ្តឹង (a lawsuit)."""
    lawsuit = story("02_lawmakers_prepare_lawsuit")
    becker = story("03_becker_ruling_party_fears")
    assert "បណ្តឹង" in text("02_lawmakers_prepare_lawsuit")
    assert found("តឹង") == {becker}
    assert found("ពាក្យបណ្តឹង") == {lawsuit}


def test_two_letter_word_is_found_and_not_inside_other_words():
    """បី (three) finds បីនាក់ and not ដើម្បី (in order to)."""
    three = story("02_lawmakers_prepare_lawsuit")
    hotline = story("01_vietnam_hotline")
    assert "ដើម្បី" in text("01_vietnam_hotline")
    assert found("បី") == {three}
    assert hotline not in found("បី")


def test_zero_width_spaces_and_character_order_find_the_same_stories():
    """Typed with zero-width spaces or marks in another order, a query still finds."""
    hotline = story("01_vietnam_hotline")
    story("02_lawmakers_prepare_lawsuit")
    assert found("ខ្សែទូរស័ព្ទ") == {hotline}
    assert found("ខ្សែ\u200bទូរស័ព្ទ\u200b") == {hotline}
    # ខ្សែ with its vowel typed before the subscript.
    assert found("ខែ្សទូរស័ព្ទ") == {hotline}


def test_story_typed_with_zero_width_spaces_is_found():
    """Zero-width spaces a keyboard put in the story do not hide its words."""
    body = "\u200b".join(text("03_becker_ruling_party_fears"))
    becker = story("03_becker_ruling_party_fears", body=f"<p>{html.escape(body)}</p>")
    assert found("ឆ្នោត") == {becker}


def test_headline_names_and_quotes_are_searched_by_word():
    """A Khmer headline, a Khmer name and a Khmer quote are each found by a word."""
    subedi = label("05_un_envoy_subedi")
    headline = make_article(subedi["headline"], body="<p>English only.</p>")
    named = make_article("Lawmakers", body="<p>English only.</p>")
    nhay = label("02_lawmakers_prepare_lawsuit")["people"][0]["name"]
    Mention.objects.create(article=named, person=make_person(nhay))
    quoted = make_article("Washington talk", body="<p>English only.</p>")
    Quote.objects.create(
        article=quoted,
        speaker=make_person("Elizabeth Becker"),
        text=label("03_becker_ruling_party_fears")["reported"][0]["text"],
    )
    assert "ស្ថានភាព" in subedi["headline"]
    assert found("ស្ថានភាព") == {headline}
    assert found(nhay.split()[-1]) == {named}
    assert found("ភិតភ័យ") == {quoted}


def test_highlights_mark_whole_words_as_written():
    """Excerpts mark the word, as written, without the index's separators."""
    story("02_lawmakers_prepare_lawsuit", headline="សមាជិកសភា ពីរ​ រូប")
    [hit] = search("សភា")[:10]
    assert "សមាជិក<mark>សភា</mark>" in hit.headline
    assert "<mark>សភា</mark>" in hit.snippet
    assert WORD_SEPARATOR not in hit.headline + hit.snippet
    [hit] = search("តុលាការ")[:10]
    assert "<mark>តុលាការ</mark>" in hit.snippet


def test_english_search_is_unchanged_beside_khmer():
    khmer = story("02_lawmakers_prepare_lawsuit")
    english = make_article("Court hears lawsuit", body="<p>The court met.</p>")
    assert found("Hello VOA") == {khmer}
    assert found("court") == {english}


def unsegment_index():
    """Write every entry back as it was indexed before words were marked."""
    for article in indexable_articles():
        SearchEntry.objects.filter(pk=article.pk).update(**plain_fields(article))


def test_rebuild_command_marks_words_in_old_entries(capsys):
    lawmakers = story("02_lawmakers_prepare_lawsuit")
    unsegment_index()
    assert found("បី") == set()
    call_command("rebuild_search_index")
    assert found("បី") == {lawmakers}


def test_migration_marks_words_in_old_entries():
    lawmakers = story("02_lawmakers_prepare_lawsuit")
    unsegment_index()
    migration = importlib.import_module("articles.migrations.0015_khmer_search_words")
    migration.mark_words(apps, None)
    assert found("បី") == {lawmakers}
    migration.unmark_words(apps, None)
    assert WORD_SEPARATOR not in SearchEntry.objects.get().body
