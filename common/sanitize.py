"""
The one allow-list for story HTML, and the editor configuration that matches it.

Bodies are cleaned when a story is saved (``Article.save``) and again when they are
rendered (the ``render_body`` template filter), so HTML that reaches the database some
other way (fixtures, raw SQL, an old backup) is still safe on the page.
"""

import html
import re
from urllib.parse import urljoin

import nh3

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "s",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type"},
}
# Relative links pass through; absolute ones only with these schemes, which rules
# out javascript:, data: and vbscript: however they are spelled or encoded.
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The django-prose-editor toolbar offers exactly what the allow-list keeps.
PROSE_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(html):
    """Story HTML reduced to the allow-list; scripts and styles lose their content."""
    if not html:
        return ""
    return _cleaner.clean(str(html))


# No tags at all: what is left is the text (scripts and styles lose theirs).
# An HTML parser, not Django's strip_tags, which refuses (SuspiciousOperation,
# a 400) markup nested or broken past a depth it sets: a reader's page must
# not fail on what an editor pasted.
_text_only = nh3.Cleaner(tags=set(), attributes={}, strip_comments=True)


def plain_text(markup):
    """Readable text of an HTML fragment: no tags, no entities, one space."""
    if not markup:
        return ""
    return " ".join(html.unescape(_text_only.clean(str(markup))).split())


# Characters XML 1.0 cannot carry, even escaped: C0 controls other than tab,
# newline and carriage return, lone surrogates, and U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text):
    """
    ``text`` with the characters XML 1.0 forbids removed.

    Feeds, sitemaps and JSON-LD pass stored text through it on the way out, so
    a row saved before text was cleaned at the door (a vertical tab pasted from
    a word processor) still makes a well-formed document.
    """
    if not text:
        return text
    return _XML_ILLEGAL.sub("", str(text))


def feed_html(markup, base_url):
    """
    Story HTML for a feed: the allow-list, with every link made absolute
    against ``base_url`` (a feed reader has no page to resolve them from).
    """
    if not markup:
        return ""

    def absolute_links(tag, attribute, value):
        if tag == "a" and attribute == "href":
            return urljoin(base_url, value)
        return value

    return nh3.clean(
        str(markup),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=absolute_links,
    )
