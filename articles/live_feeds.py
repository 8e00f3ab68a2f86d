"""
A live story's posts as an Atom feed, newest first: what readers' apps and
feed readers follow during live coverage.

Each entry is one post: its headline (or its first words) as the title, its
HTML through the allow-list with links made absolute, its author, and a
permanent id minted from the story's ``tag:`` URI and the post's key.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from common.links import absolute_url, tag_uri
from common.sanitize import feed_html
from pagecache.keys import shows

from .feeds import CleanTextFeed
from .live_pages import UPDATE_WINDOW, public_live_story
from .models import Article, live_coverage
from .structured_data import article_language

#: Entries in the feed: more than the page's update window, as feed readers
#: poll less often than an open page.
FEED_LENGTH = UPDATE_WINDOW * 3


class LivePostsFeedGenerator(CleanTextFeed, Atom1Feed):
    pass


class LivePostsAtomFeed(Feed):
    """The posts of a public story that is, or was, covered live."""

    feed_type = LivePostsFeedGenerator
    page_cache_params = ()

    def __call__(self, request, *args, **kwargs):
        # A killed story's feed is gone, as its page is: 410, no posts.
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            found = public_live_story(request, kwargs.get("slug"))
            if isinstance(found, Article):
                raise
            return found

    def get_object(self, request, slug):
        article = get_object_or_404(
            Article.objects.published().select_related("live"), slug=slug
        )
        if live_coverage(article) is None:
            raise Http404("This story is not covered live.")
        shows(article)
        self.language = article_language(article)
        return article

    def items(self, obj):
        posts = list(obj.live_posts.for_page()[:FEED_LENGTH])
        for post in posts:
            post.article = obj
        return posts

    def title(self, obj):
        return obj.headline

    def subtitle(self, obj):
        return obj.deck

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_guid(self, obj):
        return f"{tag_uri('story', obj)}:live"

    def author_name(self, obj):
        return settings.SITE_NAME

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return f"{tag_uri('story', item.article)}:post:{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item):
        with translation.override(item.article.language):
            html = render_to_string("articles/includes/live_post.html", {"post": item})
        return feed_html(html, base_url=self.item_link(item))

    def item_author_name(self, item):
        return item.author.name

    def item_pubdate(self, item):
        return item.posted_at

    def item_updateddate(self, item):
        return max(item.modified_at, item.posted_at)
