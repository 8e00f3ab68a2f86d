"""
The one allow-list for story HTML, and the editor configuration that matches it.

Bodies are cleaned when a story is saved (``Article.save``) and again when they are
rendered (the ``render_body`` template filter), so HTML that reaches the database some
other way (fixtures, raw SQL, an old backup) is still safe on the page.
"""

import html

import nh3
from django.utils.html import strip_tags

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


def plain_text(markup):
    """Readable text of an HTML fragment: no tags, no entities, one space."""
    return " ".join(html.unescape(strip_tags(markup)).split())
