"""
Wire copy as text or ninjs, turned into a structured draft.

Agency pages copied from a browser start with page furniture ("Accessibility
links", "Breaking News"), then the headline, often a photo caption ending in
its credit in parentheses, then the paragraphs. ``parse_text`` takes that
apart; ``parse_ninjs`` reads IPTC ninjs 1.x, 2.x and 3.x documents, validated
against the IPTC schemas for 2.x and 3.x.
"""

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from common.sanitize import plain_text

SCHEMAS = Path(__file__).parent / "schemas"

# Lines of a web page that are not the story; compared case-insensitively.
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
}

# A caption ends with its credit in parentheses: "(Aun Chhengpor/VOA Khmer)",
# "(AP Photo/Heng Sinith)", "(Photo: Reuters)".
CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]{3,100})\)\s*$", re.S
)
CREDIT_HINT = re.compile(r"/|\bphoto\b|\bfile\b|\bcourtesy\b|\bcredit\b", re.I)

# "PHNOM PENH, Cambodia (AP) — " / "WASHINGTON — " / "BANGKOK, Dec 13 (Reuters) - "
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’\-]{1,40}[A-Z](?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?)"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^)]{1,40})\))?\s*[—–-]{1,2}\s+"
)

MAX_HEADLINE_WORDS = 25

# Bounds on what a wire file may be, far above any real story: a ninjs item
# nests a handful of levels and its numbers are versions and sizes. Past them,
# Python's JSON parser recurses until it fails (RecursionError) and ints over
# 4,300 digits are refused (ValueError), so hostile files are stopped first.
MAX_COPY_BYTES = 2 * 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 100

# What decides nesting: quotes (strings), escapes in them, and brackets.
JSON_TOKEN = re.compile(r'\\.|["\[\]{}]', re.S)


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


def json_depth(text):
    """How deep the brackets nest, outside strings: cheap, and never recursive."""
    depth = deepest = 0
    in_string = False
    for match in JSON_TOKEN.finditer(text):
        token = match[0]
        if token == '"':
            in_string = not in_string
        elif in_string or token[0] == "\\":
            continue
        elif token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def bounded_number(kind):
    def convert(digits):
        if len(digits) > MAX_NUMBER_DIGITS:
            raise WireError(
                f"The file holds a number {len(digits):,} characters long; a ninjs "
                f"item has none over {MAX_NUMBER_DIGITS}. Export the item again, or "
                "paste its text instead."
            )
        return kind(digits)

    return convert


def split_paragraphs(text):
    """Paragraphs separated by blank lines, or one per line when there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        paragraphs = [" ".join(block.split()) for block in blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return [p for p in paragraphs if p]


def is_furniture(paragraph):
    return paragraph.strip(" .:|»›").casefold() in FURNITURE


def looks_like_headline(paragraph):
    words = paragraph.split()
    return (
        0 < len(words) <= MAX_HEADLINE_WORDS
        and not paragraph.endswith((".", ",", ";", ":", "”", '"'))
        and not CAPTION_CREDIT.match(paragraph)
    )


def split_caption(paragraph):
    """(caption, credit) when the paragraph is a photo caption, else None."""
    match = CAPTION_CREDIT.match(paragraph)
    if not match or not CREDIT_HINT.search(match["credit"]):
        return None
    return match["caption"].strip(), match["credit"].strip()


def made_up_headline(paragraph, words=12):
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    parts = first.split()
    return " ".join(parts[:words]).rstrip(",;:.") + ("…" if len(parts) > words else "")


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


# --- ninjs -------------------------------------------------------------------


@cache
def ninjs_validator(version):
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text())
    return Draft202012Validator(schema)


def first_value(items, *roles):
    """The value of the first item with one of ``roles`` (or of any item)."""
    if not isinstance(items, list):
        return None
    chosen = [i for i in items if isinstance(i, dict) and "value" in i]
    for role in roles:
        for item in chosen:
            if item.get("role") == role:
                return item
    return chosen[0] if chosen else None


def html_paragraphs(markup):
    blocks = re.split(
        r"(?i)</(?:p|h\d|div|li|blockquote)\s*>|<br\s*/?>\s*<br\s*/?>", markup
    )
    return [text for text in (plain_text(block) for block in blocks) if text]


def body_paragraphs(body):
    if body is None:
        return []
    value = body.get("value", "") if isinstance(body, dict) else body
    content_type = ""
    if isinstance(body, dict):
        content_type = body.get("contenttype") or body.get("contentType") or ""
    if not isinstance(value, str):
        return []
    if "html" in content_type or re.search(r"(?i)<p[\s>]", value):
        return html_paragraphs(value)
    return split_paragraphs(value)


def parse_ninjs(text):
    """An IPTC ninjs news item (1.x fields, or 2.x/3.x validated by the schema)."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise WireError(
            f"The file nests its JSON more than {MAX_JSON_DEPTH} levels deep; a ninjs "
            "item needs a handful. Export the item again, or paste its text instead."
        )
    try:
        item = json.loads(
            text, parse_int=bounded_number(int), parse_float=bounded_number(float)
        )
    except json.JSONDecodeError as error:
        raise WireError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})."
        ) from error
    if not isinstance(item, dict):
        raise WireError(
            "A ninjs document is a JSON object; this file holds something else."
        )
    camel = any(
        key in item
        for key in (
            "versionCreated",
            "firstCreated",
            "copyrightHolder",
            "altIds",
            "contentCreated",
        )
    )
    legacy = any(
        key in item
        for key in ("body_text", "body_html", "headline", "description_text")
    )
    if not legacy:
        validator = ninjs_validator("3.1" if camel else "2.2")
        errors = sorted(
            validator.iter_errors(item), key=lambda e: list(e.absolute_path)
        )
        if errors:
            error = errors[0]
            where = "/".join(str(p) for p in error.absolute_path) or "the document"
            message = (
                error.message if len(error.message) < 300 else error.message[:299] + "…"
            )
            raise WireError(f"Not a valid ninjs document: {where}: {message}")
    elif not isinstance(item.get("uri", ""), str):
        raise WireError("Not a valid ninjs document: uri must be a string.")
    if item.get("type", "text") not in ("text", "composite", "component"):
        raise WireError(f"The ninjs item is a {item['type']}, not a text story.")

    def get(*names):
        for name in names:
            value = item.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    draft = WireDraft(original=text, format="ninjs")
    draft.uri = get("uri", "guid")
    draft.version = str(item.get("version", "") or "")
    draft.language = get("language")
    draft.dateline = get("located")
    draft.byline = get("by", "byline")
    draft.source = get("copyrightholder", "copyrightHolder")
    headline = first_value(item.get("headlines"), "main", "", None)
    draft.headline = (
        headline["value"].strip()
        if headline and isinstance(headline["value"], str)
        else get("headline")
    )
    description = first_value(item.get("descriptions"), "summary", "abstract", "teaser")
    if description and isinstance(description["value"], str):
        draft.deck = plain_text(description["value"])
    else:
        draft.deck = plain_text(get("description_text", "description_html"))
    body = first_value(item.get("bodies"), "main", "", None)
    paragraphs = body_paragraphs(body)
    if not paragraphs:
        paragraphs = body_paragraphs(
            {"value": get("body_html"), "contenttype": "text/html"}
        ) or split_paragraphs(get("body_text"))
    if not paragraphs:
        raise WireError("The ninjs item has no body text.")
    for stamp in ("versioncreated", "versionCreated", "firstcreated", "firstCreated"):
        if isinstance(item.get(stamp), str):
            try:
                draft.created = datetime.fromisoformat(
                    item[stamp].replace("Z", "+00:00")
                )
                break
            except ValueError:
                continue
    associations = item.get("associations")
    pictures = (
        associations.values() if isinstance(associations, dict) else associations or []
    )
    for picture in pictures:
        if isinstance(picture, dict) and picture.get("type") == "picture":
            caption = first_value(picture.get("descriptions"), "caption")
            draft.caption = (
                caption["value"]
                if caption
                else str(picture.get("description_text", ""))
            )
            draft.credit = str(
                picture.get("copyrightholder")
                or picture.get("copyrightHolder")
                or picture.get("by")
                or picture.get("byline")
                or ""
            )
            break
    fill_from_paragraphs(draft, paragraphs)
    return draft
