"""
The draft a wire text becomes, whatever its format, and the error for bad copy.

``parse`` (plain text) and ``ninjs`` (IPTC JSON) both fill a ``WireDraft``;
the paragraph helpers here are shared by the two.
"""

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from common.sanitize import plain_text

# "PHNOM PENH, Cambodia (AP) — " / "WASHINGTON — " / "BANGKOK, Dec 13 (Reuters) - "
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’\-]{1,40}[A-Z](?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?)"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^)]{1,40})\))?\s*[—–-]{1,2}\s+"
)


class WireError(ValueError):
    """Copy that cannot be read; the message says why, for the editor."""


@dataclass
class WireDraft:
    """A story as the wire gave it, before anything is saved."""

    headline: str = ""
    paragraphs: list = field(default_factory=list)
    deck: str = ""
    dateline: str = ""
    source: str = ""
    byline: str = ""
    caption: str = ""
    credit: str = ""
    language: str = ""
    uri: str = ""
    version: str = ""
    created: datetime | None = None
    headline_made_up: bool = False
    dropped: list = field(default_factory=list)
    original: str = ""
    format: str = "text"

    @property
    def body_html(self):
        # Text nodes need only <, > and & escaped; quotation marks stay as typed.
        return "\n".join(
            f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs
        )

    @property
    def checksum(self):
        return copy_checksum(self.original)


def copy_checksum(text):
    """The same copy gives the same checksum whatever its line endings or spacing."""
    normal = unicodedata.normalize("NFC", text)
    normal = "\n".join(" ".join(line.split()) for line in normal.splitlines())
    normal = re.sub(r"\n{2,}", "\n", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def split_paragraphs(text):
    """Paragraphs separated by blank lines, or one per line when there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        paragraphs = [" ".join(block.split()) for block in blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return [p for p in paragraphs if p]


def made_up_headline(paragraph, words=12):
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    parts = first.split()
    return " ".join(parts[:words]).rstrip(",;:.") + ("…" if len(parts) > words else "")


def html_paragraphs(markup):
    blocks = re.split(
        r"(?i)</(?:p|h\d|div|li|blockquote)\s*>|<br\s*/?>\s*<br\s*/?>", markup
    )
    return [text for text in (plain_text(block) for block in blocks) if text]


def fill_from_paragraphs(draft, paragraphs):
    """Dateline, source, deck and made-up headline from the body paragraphs."""
    if paragraphs:
        match = DATELINE.match(paragraphs[0])
        if match and len(match["place"]) <= 60:
            draft.dateline = match["place"].strip()
            if match["agency"] and not draft.source:
                draft.source = match["agency"].strip()
            paragraphs[0] = paragraphs[0][match.end() :]
            if paragraphs[0][:1].islower():
                paragraphs[0] = paragraphs[0][0].upper() + paragraphs[0][1:]
    draft.paragraphs = [p for p in paragraphs if p]
    if not draft.paragraphs:
        raise WireError("The copy has no story text.")
    if not draft.deck:
        draft.deck = draft.paragraphs[0]
    if not draft.source and "/" in draft.credit:
        draft.source = draft.credit.rsplit("/", 1)[1].strip()
    if not draft.headline:
        draft.headline = made_up_headline(draft.paragraphs[0])
        draft.headline_made_up = True
    draft.headline = draft.headline[:200]
