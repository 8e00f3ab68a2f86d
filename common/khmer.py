"""
Khmer text for search: one spelling of each word, and the words found.

Khmer is written without spaces between words (a space ends a phrase), and the
same word can be typed as different sequences of characters that render alike:
keyboards differ in where they put a subscript consonant, a register shifter or
a sign, some type the two halves of a split vowel, and many insert zero-width
spaces or joiners. ``normalize`` gives one spelling; ``words`` segments a run of
Khmer into words with khmer-nltk; ``separate_words`` writes every Khmer word
between zero-width spaces, the form the search index stores and matches.

Zero-width spaces, not plain ones, mark the words: a plain space already means
something in Khmer (the end of a phrase), and a zero-width space is invisible,
so an excerpt of the indexed text still reads as the story was written.
"""

import logging
import re
import unicodedata
from functools import cache

WORD_SEPARATOR = "\u200b"

# Zero-width space, non-joiner, joiner, word joiner, byte-order mark, and the
# two inherent-vowel characters Unicode deprecates as invisible.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u17b4\u17b5]")
KHMER_RUN = re.compile("[\u1780-\u17ff\u19e0-\u19ff]+")

COENG = "\u17d2"
RO = "\u179a"
ROBAT = "\u17cc"
SHIFTERS = "\u17c9\u17ca"
# Prefixes that make a noun of a verb.
NOMINALISERS = ("ការ", "សេចក្ដី", "សេចក្តី")
# Split vowels some keyboards type as two characters, and the one they mean.
SPLIT_VOWELS = {"\u17c1\u17b6": "\u17c4", "\u17c1\u17b8": "\u17be"}


def _is_base(char):
    """A consonant or independent vowel: the start of a written syllable."""
    return "\u1780" <= char <= "\u17b3"


def _is_mark(char):
    """A vowel sign, register shifter, coeng or other sign of a syllable."""
    return "\u17b6" <= char <= "\u17d3" or char == "\u17dd"


def _mark_order(mark):
    """Where a mark goes after its base, in Unicode's encoding order."""
    if mark == ROBAT:
        return 0
    if mark.startswith(COENG):
        return 2 if mark == COENG + RO else 1
    if mark in SHIFTERS:
        return 3
    if "\u17b6" <= mark[0] <= "\u17c5":
        return 4
    if mark[0] in "\u17c7\u17c8":
        return 6
    return 5


def _reorder(run):
    """Put the marks of each syllable of a Khmer run in encoding order."""
    out, marks = [], []
    i = 0
    while i < len(run):
        char = run[i]
        if char == COENG and i + 1 < len(run) and _is_base(run[i + 1]):
            marks.append(run[i : i + 2])
            i += 2
            continue
        if not _is_mark(char):
            out.extend(sorted(marks, key=_mark_order))
            marks = []
            out.append(char)
        else:
            marks.append(char)
        i += 1
    out.extend(sorted(marks, key=_mark_order))
    text = "".join(out)
    for typed, vowel in SPLIT_VOWELS.items():
        text = text.replace(typed, vowel)
    return text


def normalize(text):
    """
    ``text`` in NFC with zero-width characters removed and the characters of
    each Khmer syllable in one order: base, robat, subscripts (subscript ro
    last), register shifter, vowel, then signs; split vowels joined.
    """
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return KHMER_RUN.sub(lambda m: _reorder(m.group(0)), text)


@cache
def _tokenizer():
    # Imported on first use: loading the model takes a second or two of CPU
    # and most processes (tests, commands) never see Khmer.
    from khmernltk import word_tokenize

    # It logs every model load to its own console handler, at INFO.
    logging.getLogger("khmer-nltk").setLevel(logging.WARNING)
    return word_tokenize


def words(run):
    """
    The words of a run of Khmer text (no spaces), in order. A noun made from a
    verb with ការ or សេចក្ដី (ការជួញដូរ, trafficking) counts as two words, so the
    verb (ជួញដូរ, to traffic) finds it: the segmenter keeps them as one.
    """
    tokens = [t for t in _tokenizer()(run, return_tokens=True) if t.strip("\u200b ")]
    if "".join(tokens) != run:
        # khmer-nltk respells a few words it knows; the index keeps the text.
        tokens = [run]
    out = []
    for word in tokens:
        prefix = next((p for p in NOMINALISERS if _splits(word, p)), None)
        if prefix:
            out += [prefix, word[len(prefix) :]]
        else:
            out.append(word)
    return out


def _splits(word, prefix):
    """Whether ``word`` is ``prefix`` and a whole syllable or more after it."""
    rest = word[len(prefix) :]
    return (
        word.startswith(prefix)
        and len(rest) > 1
        and _is_base(rest[0])
        # A silenced final letter (ការណ៍) belongs to the prefix's syllable.
        and rest[1] != "\u17cd"
    )


def separate_words(text):
    """
    ``text`` normalised, every Khmer word between zero-width spaces: a whole
    word ``w`` is then exactly the substring ``\\u200bw\\u200b``.
    """

    def mark(match):
        return (
            WORD_SEPARATOR
            + WORD_SEPARATOR.join(words(match.group(0)))
            + (WORD_SEPARATOR)
        )

    return KHMER_RUN.sub(mark, normalize(text))


def has_khmer(text):
    return bool(KHMER_RUN.search(text))
