"""Khmer text for search (common/khmer.py): one spelling, words marked off."""

from hypothesis import given, settings
from hypothesis import strategies as st

from common.khmer import WORD_SEPARATOR, normalize, separate_words, words

KO, SA, TA, RO = "\u1780", "\u179f", "\u178f", "\u179a"
COENG, AA, II, E = "\u17d2", "\u17b6", "\u17b8", "\u17c1"
NIKAHIT, MUUSIKATOAN = "\u17c6", "\u17c9"


def test_subscript_ro_goes_after_the_other_subscript():
    """ស្ត្រ typed with the subscript ro first is the same word."""
    assert normalize(SA + COENG + RO + COENG + TA + II) == (
        SA + COENG + TA + COENG + RO + II
    )


def test_register_shifter_goes_before_the_vowel():
    assert normalize(KO + II + MUUSIKATOAN) == KO + MUUSIKATOAN + II


def test_nikahit_goes_after_the_vowel():
    assert normalize(KO + NIKAHIT + AA) == KO + AA + NIKAHIT


def test_vowel_typed_before_its_subscript_goes_after_it():
    assert normalize(SA + AA + COENG + TA) == SA + COENG + TA + AA


def test_split_vowels_are_joined():
    assert normalize(KO + E + AA) == KO + "\u17c4"
    assert normalize(KO + E + II) == KO + "\u17be"


def test_zero_width_characters_go_and_text_is_nfc():
    typed = "ក\u200bខ\u200cគ\u200dឃ\ufeff e\u0301"
    assert normalize(typed) == "កខគឃ \u00e9"


def test_english_is_unchanged():
    text = "Hun Sen’s party — 3 seats, “no comment”.\nNext line"
    assert normalize(text) == text
    assert separate_words(text) == text


def test_khmer_words_sit_between_zero_width_spaces():
    """Each word of a Khmer run is marked off; spaces and Latin stay as written."""
    marked = separate_words("លោក ញ៉យ ចំរើន និង Hello VOA")
    assert marked.replace(WORD_SEPARATOR, "") == "លោក ញ៉យ ចំរើន និង Hello VOA"
    assert f"{WORD_SEPARATOR}ញ៉យ{WORD_SEPARATOR}" in marked
    assert " Hello VOA" in marked


def test_nouns_made_with_kar_are_two_words():
    assert words("ការជួញដូរ") == ["ការ", "ជួញដូរ"]
    # ការណ៍ is one syllable and one word.
    assert "ណ៍" not in words("ការណ៍")


khmer_text = st.text(
    alphabet=st.characters(min_codepoint=0x1780, max_codepoint=0x17FF)
    | st.sampled_from(["\u200b", "\u200c", "\u200d", " ", "a"]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(khmer_text)
def test_normalising_twice_changes_nothing(text):
    once = normalize(text)
    assert normalize(once) == once
    assert separate_words(separate_words(text)) == separate_words(text)
