"""
RSS and Atom feeds of the latest stories, of a tag's stories and of a person's.

Django's feed generators carry one author and no image metadata per entry, so the
two generators below add every credited author (``dc:creator`` in RSS, one
``<author>`` each in Atom) and the lead photo as Media RSS ``media:content``
next to the standard enclosure.
"""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from .models import Article, public_tags
from .structured_data import article_authors

FEED_LENGTH = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _add_media_content(handler, photo):
    attrs = {"url": photo["url"], "medium": "image"}
    if photo["type"]:
        attrs["type"] = photo["type"]
    if photo["width"] and photo["height"]:
        attrs["width"] = str(photo["width"])
        attrs["height"] = str(photo["height"])
    handler.startElement("media:content", attrs)
    if photo["caption"]:
        handler.addQuickElement("media:description", photo["caption"])
    if photo["credit"]:
        handler.addQuickElement("media:credit", photo["credit"])
    handler.endElement("media:content")


class StoryRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["photo"]:
            _add_media_content(handler, item["photo"])


class StoryAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item["photo"]:
            _add_media_content(handler, item["photo"])


class StoryFeed(Feed):
    """The latest public stories; subclasses narrow the list."""

    # Reads no query parameters: ?utm_source=… shares the feed's cache entry.
    page_cache_params = ()

    feed_type = StoryRssFeed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request: work on a copy that knows the
        # request, to make absolute photo and author URLs.
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
        return reverse("articles:front")

    def description(self, obj):
        return f"The latest stories from {settings.SITE_NAME}."

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.deck

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        photo = self._photo(item)
        if photo is None:
            return []
        return [Enclosure(photo["url"], str(photo["length"]), photo["type"] or "")]

    def item_extra_kwargs(self, item):
        authors = [
            (person.name, self.request.build_absolute_uri(person.get_absolute_url()))
            for person in article_authors(item)
        ]
        return {"authors": authors, "photo": self._photo(item)}

    def _photo(self, item):
        photo = item.lead_photo
        if photo is None or not photo.image:
            return None
        try:
            length = photo.image.size
        except (OSError, ValueError):
            length = 0
        return {
            "url": self.request.build_absolute_uri(photo.image.url),
            "length": length,
            "type": mimetypes.guess_type(photo.image.name)[0],
            "width": photo.width,
            "height": photo.height,
            "caption": photo.caption,
            "credit": photo.credit,
        }


class AtomMixin:
    feed_type = StoryAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class LatestStoriesFeed(StoryFeed):
    pass


class LatestStoriesAtomFeed(AtomMixin, LatestStoriesFeed):
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
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return f"The latest stories tagged “{obj.name}” from {settings.SITE_NAME}."


class TagStoriesAtomFeed(AtomMixin, TagStoriesFeed):
    pass
