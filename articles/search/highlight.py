"""Excerpts of matching text with the matches marked, escaped for HTML."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.khmer import WORD_SEPARATOR

# Private-use characters mark matches in the database's output, so the text can
# be escaped before the marks become <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"


def marked_html(text):
    """
    Escape text from the database, then turn its match marks into <mark>. The
    index's Khmer word separators go: readers see the text as it was written.
    """
    if not text:
        return ""
    text = escape(text.replace(WORD_SEPARATOR, ""))
    return mark_safe(  # noqa: S308 escaped first
        text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def first_marked(excerpts):
    """The first excerpt in which the database marked a match, or ''."""
    return next((text for text in excerpts if text and MARK_START in text), "")


def highlight_terms(text, terms, width=200):
    """An excerpt of ``text`` around the first term, every term marked."""
    if not text or not terms:
        return escape(text[:width].replace(WORD_SEPARATOR, ""))
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    excerpt = text[start : start + width]
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", excerpt)
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return marked_html(f"{prefix}{marked}{suffix}")


def present(row, terms):
    """``(pk, rank, headline, snippet)`` with marked, escaped HTML."""
    pk, rank, headline, snippet, text = row
    if MARK_START not in (headline or ""):
        headline = highlight_terms(headline or "", terms, width=1000)
    else:
        headline = marked_html(headline)
    if MARK_START not in (snippet or ""):
        # Substring (trigram) matches that the database's own highlighter
        # does not mark, e.g. a Khmer word on PostgreSQL.
        snippet = highlight_terms(text, terms)
    else:
        snippet = marked_html(snippet)
    return pk, rank, headline, snippet
