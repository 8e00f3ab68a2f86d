"""
The checks the W3C Feed Validation Service makes, for RSS 2.0 and Atom 1.0
(RFC 4287), as plain functions that return a list of problems.

Not every rule of the validator, but every one our feeds could break: required
elements, absolute links, dates in the format each spec names, permanent and
unique ids, an author for every Atom entry, well-formed enclosures, declared
namespaces, and text constructs that say what they hold.
"""

import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, as RFC 4287 section 3.3 requires.
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
# RFC 822 as RSS 2.0 uses it, with the four-digit year the validator wants.
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT|[A-Z]{3})$"
)
TAG_URI = re.compile(r"^tag:[A-Za-z0-9.-]+(:\d+)?,\d{4}(-\d{2}(-\d{2})?)?:\S+$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
TEXT_TYPES = {"text", "html", "xhtml"}


def is_absolute(url):
    """
    An absolute http(s) URL, and a URL, not an IRI: the validator reports "IRI
    found where URL expected" for a character outside ASCII (``/tags/កម្ពុជា/``
    rather than its percent-encoding).
    """
    url = url or ""
    parts = urlsplit(url)
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.netloc)
        and url.isascii()
        and not any(char.isspace() for char in url)
    )


def is_permanent_id(value):
    return bool(TAG_URI.match(value or "")) or is_absolute(value)


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def check_rss(content):
    """Problems the W3C validator would report in an RSS 2.0 document."""
    problems = []
    root = ElementTree.fromstring(content)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ['root is not <rss version="2.0">']
    channels = root.findall("channel")
    if len(channels) != 1:
        return ["rss must hold exactly one channel"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not _text(channel.find(name)):
            problems.append(f"channel lacks <{name}>")
    if not is_absolute(_text(channel.find("link"))):
        problems.append("channel link is not an absolute URL")
    selves = [
        link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    if len(selves) != 1 or not is_absolute(selves[0].get("href")):
        problems.append("channel lacks one atom:link rel=self with an absolute href")
    for image in channel.findall("image"):
        for name in ("url", "title", "link"):
            if not _text(image.find(name)):
                problems.append(f"channel image lacks <{name}>")
        if not is_absolute(_text(image.find("url"))):
            problems.append("channel image url is not an absolute URL")
        width = image.find("width")
        if width is not None and not (
            _text(width).isdigit() and int(_text(width)) <= 144
        ):
            problems.append("channel image width is over 144")
    language = channel.find("language")
    if language is not None and not LANGUAGE.match(_text(language)):
        problems.append(f"bad channel language {_text(language)!r}")
    for name in ("lastBuildDate", "pubDate"):
        element = channel.find(name)
        if element is not None and not _rfc822(_text(element)):
            problems.append(f"channel {name} is not an RFC 822 date")
    guids = []
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if not (_text(item.find("title")) or _text(item.find("description"))):
            problems.append(f"{where} has neither title nor description")
        if not is_absolute(_text(item.find("link"))):
            problems.append(f"{where} link is not an absolute URL")
        guid = item.find("guid")
        if guid is None or not _text(guid):
            problems.append(f"{where} has no guid")
        else:
            guids.append(_text(guid))
            permalink = guid.get("isPermaLink", "true") == "true"
            if permalink and not is_absolute(_text(guid)):
                problems.append(f"{where} guid is a permalink but not a URL")
        pubdate = item.find("pubDate")
        if pubdate is None or not _rfc822(_text(pubdate)):
            problems.append(f"{where} pubDate missing or not RFC 822")
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            problems.append(f"{where} has more than one enclosure")
        for enclosure in enclosures:
            if not is_absolute(enclosure.get("url")):
                problems.append(f"{where} enclosure url is not absolute")
            if not (enclosure.get("length") or "").isdigit():
                problems.append(f"{where} enclosure length is not a number")
            if not enclosure.get("type"):
                problems.append(f"{where} enclosure has no type")
        for creator in item.findall(f"{DC}creator"):
            if not _text(creator):
                problems.append(f"{where} has an empty dc:creator")
        for category in item.findall("category"):
            if not _text(category):
                problems.append(f"{where} has an empty category")
        for media in item.findall(f"{MEDIA}content"):
            if not is_absolute(media.get("url")):
                problems.append(f"{where} media:content url is not absolute")
    if len(guids) != len(set(guids)):
        problems.append("two items share a guid")
    return problems


def _rfc822(value):
    if not RFC822.match(value):
        return False
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_text_construct(element, where, problems):
    kind = element.get("type", "text")
    if kind not in TEXT_TYPES:
        problems.append(f"{where} has type {kind!r}")
    if kind in {"text", "html"} and len(element):
        problems.append(f"{where} of type {kind} holds child elements")


def check_atom(content):
    """Problems the W3C validator would report in an Atom 1.0 (RFC 4287) feed."""
    problems = []
    root = ElementTree.fromstring(content)
    if root.tag != f"{ATOM}feed":
        return ["root is not an Atom <feed>"]
    for name in ("id", "title", "updated"):
        if root.find(f"{ATOM}{name}") is None:
            problems.append(f"feed lacks <{name}>")
    if not is_permanent_id(_text(root.find(f"{ATOM}id"))):
        problems.append("feed id is not an absolute IRI")
    if not RFC3339.match(_text(root.find(f"{ATOM}updated"))):
        problems.append("feed updated is not an RFC 3339 date")
    for name in ("title", "subtitle", "rights"):
        element = root.find(f"{ATOM}{name}")
        if element is not None:
            _check_text_construct(element, f"feed {name}", problems)
    for name in ("icon", "logo"):
        elements = root.findall(f"{ATOM}{name}")
        if len(elements) > 1:
            problems.append(f"feed has more than one <{name}>")
        if elements and not is_absolute(_text(elements[0])):
            problems.append(f"feed {name} is not an absolute URL")
    links = root.findall(f"{ATOM}link")
    if not any(
        link.get("rel") == "self" and is_absolute(link.get("href")) for link in links
    ):
        problems.append("feed lacks link rel=self with an absolute href")
    feed_has_author = _check_authors(root, "feed", problems)
    ids = []
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        entry_id = _text(entry.find(f"{ATOM}id"))
        if not is_permanent_id(entry_id):
            problems.append(f"{where} id {entry_id!r} is not an absolute IRI")
        ids.append(entry_id)
        title = entry.find(f"{ATOM}title")
        if title is None:
            problems.append(f"{where} lacks a title")
        else:
            _check_text_construct(title, f"{where} title", problems)
        if not RFC3339.match(_text(entry.find(f"{ATOM}updated"))):
            problems.append(f"{where} updated missing or not RFC 3339")
        published = entry.find(f"{ATOM}published")
        if published is not None and not RFC3339.match(_text(published)):
            problems.append(f"{where} published is not RFC 3339")
        if not _check_authors(entry, where, problems) and not feed_has_author:
            problems.append(f"{where} has no author and the feed names none")
        entry_links = entry.findall(f"{ATOM}link")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in entry_links
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where} has two alternate links of one type")
        for link in entry_links:
            if not is_absolute(link.get("href")):
                problems.append(f"{where} link href is not absolute")
            length = link.get("length")
            if length is not None and not length.isdigit():
                problems.append(f"{where} link length is not a number")
        content = entry.find(f"{ATOM}content")
        if content is None and not alternates:
            problems.append(f"{where} has neither content nor an alternate link")
        for name in ("summary", "content"):
            element = entry.find(f"{ATOM}{name}")
            if element is not None:
                _check_text_construct(element, f"{where} {name}", problems)
        lang = entry.get(XML_LANG)
        if lang is not None and not LANGUAGE.match(lang):
            problems.append(f"{where} has a bad xml:lang {lang!r}")
        for category in entry.findall(f"{ATOM}category"):
            if not category.get("term"):
                problems.append(f"{where} has a category without a term")
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


def _check_authors(element, where, problems):
    authors = element.findall(f"{ATOM}author")
    for author in authors:
        if not _text(author.find(f"{ATOM}name")):
            problems.append(f"{where} has an author without a name")
        uri = author.find(f"{ATOM}uri")
        if uri is not None and not is_absolute(_text(uri)):
            problems.append(f"{where} author uri is not absolute")
    return bool(authors)
