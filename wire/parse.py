"""
Wire copy as text or ninjs, turned into a structured draft.

Agency pages copied from a browser start with page furniture ("Accessibility
links", "Breaking News"), then the headline, often a photo caption ending in
its credit in parentheses, then the paragraphs. ``parse_text`` takes that
apart; ``ninjs.parse_ninjs`` reads IPTC ninjs 1.x, 2.x and 3.x documents.
"""

import re
import unicodedata

from .draft import WireDraft, WireError, fill_from_paragraphs, split_paragraphs
from .ninjs import parse_ninjs

FURNITURE = {
    "accessibility links",
    "breaking news",
    "skip to main content",
    "skip to main navigation",
    "skip to search",
    "main menu",
    "menu",
    "search",
    "print",
    "share",
    "share on facebook",
    "share on twitter",
    "email",
    "comments",
    "see comments",
    "embed",
    "follow us",
    "related",
    "related stories",
    "listen",
    "no media source currently available",
    "advertisement",
    "subscribe",
    "live",
    # VOA Khmer's "Accessibility links", "Breaking News", audio player.
    "ភ្ជាប់ទៅគេហទំព័រទាក់ទង",
    "ព័ត៌មានថ្មី",
    "your browser doesn’t support html5",
    "your browser doesn't support html5",
}

# A caption ends with its credit in parentheses: "(Aun Chhengpor/VOA Khmer)",
# "(AP Photo/Heng Sinith)", "(Photo: Reuters)".
CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]{3,100})\)\s*$", re.S
)
CREDIT_HINT = re.compile(r"/|\bphoto\b|\bfile\b|\bcourtesy\b|\bcredit\b", re.I)

MAX_HEADLINE_WORDS = 25

# Far above any story; past it, copy is refused before it is read.
MAX_COPY_BYTES = 2 * 1024 * 1024


def decode_upload(data, name=""):
    """Text of an uploaded file, or WireError for anything that is not text."""
    what = name or "The file"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise WireError(f"{what} is not readable UTF-16 text.") from error
    elif b"\x00" in data[:4096]:
        raise WireError(f"{what} is not a text file (it holds binary data).")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; anything else decodes.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise WireError(
                    f"{what} is not UTF-8 text and could not be read."
                ) from error
    sample = text[:4096]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > 8 or controls > len(sample) // 100 + 2:
        raise WireError(f"{what} is not a text file (it holds binary data).")
    return text


def parse(text, name=""):
    """Text or ninjs JSON, whichever ``text`` is."""
    if len(text) > MAX_COPY_BYTES:
        raise WireError(
            f"The copy is larger than {MAX_COPY_BYTES // 1024 // 1024} MB, far more "
            "than a story; check that this is the right file."
        )
    try:
        if name.lower().endswith(".json") or text.lstrip().startswith("{"):
            return parse_ninjs(text)
        return parse_text(text)
    except RecursionError as error:
        # The bounds below should stop this first; the editor still gets a reason.
        raise WireError(
            "The copy is nested too deeply to read; export the item again or paste "
            "its text instead."
        ) from error


def is_furniture(paragraph):
    return paragraph.strip(" .:|»›").casefold() in FURNITURE


def looks_like_headline(paragraph):
    words = paragraph.split()
    return (
        0 < len(words) <= MAX_HEADLINE_WORDS
        # Khmer sentences end with ។ or ៕, and a lead-in with ៖.
        and not paragraph.endswith((".", ",", ";", ":", "”", '"', "។", "៕", "៖"))
        and not CAPTION_CREDIT.match(paragraph)
    )


def split_caption(paragraph):
    """(caption, credit) when the paragraph is a photo caption, else None."""
    match = CAPTION_CREDIT.match(paragraph)
    if not match or not CREDIT_HINT.search(match["credit"]):
        return None
    return match["caption"].strip(), match["credit"].strip()


def parse_text(text):
    """A plain-text wire story: furniture, headline, caption, dateline, body."""
    if not text or not text.strip():
        raise WireError("The copy is empty.")
    if "\x00" in text:
        raise WireError("The copy holds binary data, not text.")
    draft = WireDraft(original=text, format="text")
    paragraphs = split_paragraphs(text)
    while paragraphs and is_furniture(paragraphs[0]):
        draft.dropped.append(paragraphs.pop(0))
    while paragraphs and is_furniture(paragraphs[-1]):
        draft.dropped.insert(0, paragraphs.pop())
    paragraphs = [
        p
        for p in paragraphs
        if not (is_furniture(p) and draft.dropped.append(p) is None)
    ]
    if not paragraphs:
        raise WireError("The copy has no story text.")
    if len(paragraphs) > 1 and looks_like_headline(paragraphs[0]):
        draft.headline = paragraphs.pop(0)
    # The caption sits between the headline and the first paragraph.
    for index in range(min(2, len(paragraphs) - 1)):
        found = split_caption(paragraphs[index])
        if found:
            draft.caption, draft.credit = found
            del paragraphs[index]
            break
    fill_from_paragraphs(draft, paragraphs)
    return draft
