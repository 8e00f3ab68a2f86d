"""
IPTC ninjs documents (1.x fields, 2.x and 3.x validated by the IPTC schemas).

Bounds come first: Python's JSON parser recurses until it fails
(``RecursionError``) and refuses ints over 4,300 digits (``ValueError``), so a
hostile file is stopped with a reason before it is read. A ninjs item nests a
handful of levels and its numbers are versions and sizes; the bounds are far
above any real item.
"""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from common.sanitize import plain_text

from .draft import (
    WireDraft,
    WireError,
    fill_from_paragraphs,
    html_paragraphs,
    split_paragraphs,
)

SCHEMAS = Path(__file__).parent / "schemas"

MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 100

# What decides nesting: quotes (strings), escapes in them, and brackets.
JSON_TOKEN = re.compile(r'\\.|["\[\]{}]', re.S)


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
