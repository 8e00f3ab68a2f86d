"""
RSS and Atom feeds of the latest stories, of a tag's stories and of a person's.

What every entry carries, in both formats:

- the headline, and the deck as the summary, both plain text: in RSS escaped
  for HTML only where an HTML reader would see markup (``rss_text``), in Atom
  ``type="text"``, so markup typed into a deck is shown, never run, and an
  ampersand is never shown as ``&amp;``;
- the full story (the body through the allow-list, links made absolute) as
  ``content:encoded`` / Atom ``content``, with the lead photo as a figure whose
  caption sits in ``<figcaption>``;
- the lead photo as an enclosure and Media RSS ``media:content`` with its
  credit (no ``media:description``: feedparser reads that as the story's text);
- the authors: the author bylines only, else the agency the story came from,
  else the newsroom (``dc:creator`` in RSS, ``<author>`` in Atom);
- a permanent id, a ``tag:`` URI minted from the story's primary key and
  creation date, which no change of slug, host name or scheme alters;
- the story's language (``dc:language`` in RSS, ``xml:lang`` in Atom).

Links are on the configured site URL. Every string goes through ``xml_text``
on the way in, so text saved before it was cleaned at the door (a vertical
tab) cannot make a feed malformed.
"""

import copy
import html
import mimetypes
import re
from collections.abc import Mapping

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.feedgenerator import rfc3339_date as atom_date
from django.utils.html import format_html

from common.links import absolute_url, tag_uri
from common.sanitize import feed_html, xml_text
from images.icons import icon_version

from .models import Article, last_changed, public_tags
from .structured_data import article_language, article_photographers, attribution

FEED_LENGTH = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# A "<" an HTML parser reads as the start of a tag (before a letter, "/", "!"
# or "?"); any other "<" is text to it.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def _clean(value):
    """``value`` with XML-illegal characters removed from every string in it."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, Mapping):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


def rss_text(text):
    """
    Plain text for an RSS title or description, which some readers show as
    text and others read as HTML: escaped for HTML only where an HTML reader
    would see a tag or a character reference, so both kinds show what was
    typed. “Q&A”, quotes and Khmer reach the XML escaped once (``Q&amp;A``,
    never ``Q&amp;amp;A``); “<b>” still reads as three characters.
    """
    if not text:
        return text
    parts = str(text).split("&")
    escaped = [parts[0]]
    for rest in parts[1:]:
        # ``html.unescape`` follows HTML5's reference rules, legacy names
        # without a semicolon (“&copy”) included.
        reads_as_reference = html.unescape("&" + rest) != "&" + rest
        escaped.append(("&amp;" if reads_as_reference else "&") + rest)
    return _TAG_OPEN.sub("&lt;", "".join(escaped))


def story_guid(article):
    """A story's permanent feed id (``common.links.tag_uri``)."""
    return tag_uri("story", article)


class CleanTextFeed:
    """Feed generator mixin: strips XML-illegal characters from all it is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_clean(args), **_clean(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*_clean(args), **_clean(kwargs))


def _add_media_content(handler, photo):
    attrs = {"url": photo["url"], "medium": "image"}
    if photo["type"]:
        attrs["type"] = photo["type"]
    if photo["length"]:
        attrs["fileSize"] = str(photo["length"])
    if photo["width"] and photo["height"]:
        attrs["width"] = str(photo["width"])
        attrs["height"] = str(photo["height"])
    handler.startElement("media:content", attrs)
    if photo["credit"]:
        handler.addQuickElement("media:credit", photo["credit"])
    handler.endElement("media:content")


class StoryRssFeed(CleanTextFeed, Rss201rev2Feed):
    """
    RSS 2.0 with Dublin Core, content:encoded and Media RSS.

    RSS has no way to say a title or description is text: some readers treat
    both as HTML, others as text. They go through ``rss_text``, so “<b>” in a
    headline or deck reads as those three characters in either and never
    becomes markup, and “&” is not shown as “&amp;”.
    """

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(rss_text(title), link, rss_text(description), *args, **kwargs)

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item(self, title, link, description, *args, **kwargs):
        super().add_item(rss_text(title), link, rss_text(description), *args, **kwargs)

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["icon"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        handler.addQuickElement("dc:language", item["language"])
        handler.addQuickElement("content:encoded", item["content"])
        if item["photo"]:
            _add_media_content(handler, item["photo"])


class StoryAtomFeed(CleanTextFeed, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("icon", self.feed["icon"])
        handler.addQuickElement("logo", self.feed["logo"])

    def add_item_elements(self, handler, item):
        # Written whole rather than on top of Django's, which sends the summary
        # as HTML and takes a single author.
        handler.addQuickElement("title", item["title"], {"type": "text"})
        handler.addQuickElement(
            "link", "", {"href": item["link"], "rel": "alternate", "type": "text/html"}
        )
        if item["pubdate"] is not None:
            handler.addQuickElement("published", atom_date(item["pubdate"]))
        updated = item["updateddate"] or item["pubdate"]
        handler.addQuickElement("updated", atom_date(updated))
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author["url"]:
                handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        handler.addQuickElement("id", item["unique_id"])
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        handler.addQuickElement("content", item["content"], {"type": "html"})
        for category in item["categories"]:
            handler.addQuickElement("category", "", {"term": category})
        photo = item["photo"]
        if photo:
            attrs = {"rel": "enclosure", "href": photo["url"]}
            if photo["type"]:
                attrs["type"] = photo["type"]
            if photo["length"]:
                attrs["length"] = str(photo["length"])
            if photo["caption"]:
                attrs["title"] = photo["caption"]
            handler.addQuickElement("link", "", attrs)
            _add_media_content(handler, photo)


class StoryFeed(Feed):
    """The latest public stories; subclasses narrow the list."""

    # Reads no query parameters: ?utm_source=… shares the feed's cache entry.
    page_cache_params = ()

    feed_type = StoryRssFeed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request: work on a copy that knows the
        # request (for the feed's own path).
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.stories(obj).for_listing()[:FEED_LENGTH]

    def title(self, obj):
        return f"{settings.SITE_NAME}: latest stories"

    def link(self, obj):
        return absolute_url(reverse("articles:front"))

    def feed_url(self, obj):
        return absolute_url(self.request.path)

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def feed_extra_kwargs(self, obj):
        # The site's icon (square: RSS <image>, Atom <icon>) and its 2:1 logo
        # (Atom <logo>), on versioned URLs as the pages link them.
        version = icon_version()
        return {
            "icon": absolute_url(f"{reverse('icon-192')}?v={version}"),
            "logo": absolute_url(f"{reverse('logo')}?v={version}"),
        }

    def description(self, obj):
        return f"The latest stories from {settings.SITE_NAME}."

    # The feed's own author, which Atom asks for when an entry has none (every
    # entry here names one, the newsroom at least).
    def author_name(self, obj):
        return settings.SITE_NAME

    def author_link(self, obj):
        return absolute_url(reverse("articles:front"))

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return story_guid(item)

    item_guid_is_permalink = False

    def item_description(self, item):
        return item.deck

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A live story's entry is updated by each post (``for_listing``
        # loads the coverage).
        return last_changed(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        photo = self._photo(item)
        if photo is None:
            return []
        return [Enclosure(photo["url"], str(photo["length"]), photo["type"] or "")]

    def item_extra_kwargs(self, item):
        photo = self._photo(item)
        return {
            "authors": attribution(item),
            "language": article_language(item),
            "photo": photo,
            "content": self._content(item, photo),
        }

    def _content(self, item, photo):
        """The full story as HTML: the lead photo as a figure, then the body."""
        body = feed_html(item.body, base_url=self.item_link(item))
        if photo is None:
            return body
        caption = " ".join(
            part for part in (photo["caption"], photo["credit_line"]) if part
        )
        figure = format_html(
            '<figure><img src="{}" alt="{}"{}>{}</figure>',
            photo["url"],
            photo["alt"],
            format_html(' width="{}" height="{}"', photo["width"], photo["height"])
            if photo["width"] and photo["height"]
            else "",
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )
        return figure + body

    def _photo(self, item):
        photo = item.lead_photo
        if photo is None or not photo.image:
            return None
        try:
            length = photo.image.size
        except (OSError, ValueError):
            length = 0
        photographers = ", ".join(p.name for p in article_photographers(item))
        credit = photo.credit or photographers
        return {
            "url": absolute_url(photo.image.url),
            "length": length,
            "type": mimetypes.guess_type(photo.image.name)[0],
            "width": photo.width,
            "height": photo.height,
            "alt": photo.alt_text,
            "caption": photo.caption,
            "credit": credit,
            "credit_line": f"Photo: {credit}" if credit else "",
        }


class AtomMixin:
    feed_type = StoryAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class LatestStoriesFeed(StoryFeed):
    pass


class LatestStoriesAtomFeed(AtomMixin, LatestStoriesFeed):
    pass


class LanguageStoriesFeed(StoryFeed):
    """The latest public stories in one language (``Article.Language``)."""

    def get_object(self, request, language):
        if language not in Article.Language.values:
            raise Http404("No stories are written in this language.")
        # The channel's own language (RSS <language>, Atom xml:lang); each
        # request has its own copy of the feed (StoryFeed.__call__).
        self.language = language
        return Article.Language(language)

    def stories(self, obj):
        return super().stories(obj).filter(language=obj.value)

    def title(self, obj):
        return f"{settings.SITE_NAME}: latest stories in {obj.label}"

    def description(self, obj):
        return f"The latest stories in {obj.label} from {settings.SITE_NAME}."


class LanguageStoriesAtomFeed(AtomMixin, LanguageStoriesFeed):
    pass


class TagStoriesFeed(StoryFeed):
    def get_object(self, request, slug):
        # A tag only worn by drafts has no public feed.
        return get_object_or_404(public_tags(), slug=slug)

    def stories(self, obj):
        return super().stories(obj).filter(tags=obj)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute_url(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return f"The latest stories tagged “{obj.name}” from {settings.SITE_NAME}."


class TagStoriesAtomFeed(AtomMixin, TagStoriesFeed):
    pass
