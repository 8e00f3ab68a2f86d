"""Text helpers for the wire rules: folding names, quotation marks, sentences."""

import re
import unicodedata
from functools import lru_cache

from .vocabulary import (
    ABBREVIATIONS,
    ARTICLES,
    HONORIFICS,
    WORD,
)


# Both are called for every word and name many times over; the words repeat.
@lru_cache(maxsize=20000)
def fold(text):
    """Lower case without accents or punctuation, for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]s\b", "", text.casefold())
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


@lru_cache(maxsize=20000)
def core_name(name):
    """A name without initials or honorifics: "W. Patrick Murphy" → "patrick murphy"."""
    words = [
        w
        for w in name.split()
        if not re.fullmatch(r"[^\W\d_]\.?", w) and w.casefold() not in HONORIFICS
    ]
    return fold(" ".join(words))


def smart_quotes(text):
    """Straight double quotes turned curly, opening or closing by position."""
    if "''" in text:
        # Agency copy closes (and sometimes opens) a quotation with two apostrophes.
        text = re.sub(r"(?<=\S)''(?=\W|$)", "”", text)
        text = re.sub(r"(?<!\S)''(?=\w)", "“", text)
    if '"' not in text:
        return text
    out = []
    for index, ch in enumerate(text):
        if ch == '"':
            before = text[index - 1] if index else " "
            out.append("“" if before.isspace() or before in "([{—–-/" else "”")
        else:
            out.append(ch)
    return "".join(out)


def sentence_spans(text):
    """(start, end) of each sentence; abbreviations and initials do not end one."""
    spans = []
    start = 0
    for match in re.finditer(r"[.!?]+[”’\")\]]*\s+(?=[“\"(\[]?[^\W\d_\s])", text):
        stop = match.start()
        word = re.search(r"([\w.]+)$", text[start : stop + 1])
        token = word.group(1).rstrip(".").casefold() if word else ""
        if text[stop] == "." and (
            token in ABBREVIATIONS
            or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", token)
            and len(token.replace(".", "")) <= 3
            and (len(token) == 1 or "." in token)
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_at(text, position):
    for start, end in sentence_spans(text):
        if start <= position < end:
            return start, end
    return 0, len(text)


def words_in(text, offset=0):
    return [
        (m.group(), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)
    ]


def is_cap(word):
    return word[:1].isupper()


def mask_abbreviations(text):
    """Periods of initials and abbreviations hidden, so they end no phrase."""
    text = re.sub(
        r"\b(?:[A-Z]\.){2,}|\b[A-Z]\.(?=\s[A-Z])",
        lambda m: m.group().replace(".", "\u2219"),
        text,
    )
    return re.sub(
        r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.",
        lambda m: m.group(1) + "\u2219",
        text,
        flags=re.I,
    )


def strip_article(text):
    words = text.split()
    while words and fold(words[0]) in ARTICLES:
        words.pop(0)
    return " ".join(words)
