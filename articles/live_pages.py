"""
What readers see of a live story: its posts on the story page, and the small
update endpoint the page polls for new ones.

Polling, not server-sent events: the site runs on a few gunicorn sync workers,
each of which an open event stream would hold for as long as a reader keeps
the page open, while a poll is one short request the page cache (and a CDN)
answers for every reader at once. The endpoint answers ``304 Not Modified``
from its version (``LiveCoverage.updated_at``) with one query when nothing
changed, and from the page cache with none. See ``docs/live.md``.
"""

import hashlib

from django.conf import settings
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views import View

from pagecache.keys import shows
from people.cache_keys import person_key

from .models import Article, LivePost, live_coverage

#: Posts the update endpoint carries: the newest, enough for a reader who looked
#: away for a while; one further behind reloads the page.
UPDATE_WINDOW = 20


def poll_seconds():
    """How often an open live page asks for new posts."""
    return getattr(settings, "NEWSROOM_LIVE_POLL_SECONDS", 10)


def update_max_age():
    """How long a browser or CDN may reuse the endpoint's answer."""
    return min(getattr(settings, "NEWSROOM_LIVE_MAX_AGE", 5), poll_seconds())


class LivePage:
    """A live story's coverage and posts, as its page shows them."""

    def __init__(self, coverage, posts):
        self.coverage = coverage
        self.posts = posts
        self.key_events = [post for post in posts if post.pinned]

    def __bool__(self):
        return self.coverage is not None

    def cache_keys(self):
        # The posts' authors, whose names the page shows.
        return sorted({person_key(post.author_id) for post in self.posts})

    @property
    def is_running(self):
        return self.coverage is not None and self.coverage.is_running


def live_page(article):
    """The live part of ``article``'s page, in one query; falsy if never live."""
    coverage = live_coverage(article)
    if coverage is None:
        return LivePage(None, [])
    return LivePage(coverage, list(article.live_posts.for_page()))


def version(article, coverage):
    """The update endpoint's ETag and Last-Modified time for this story."""
    changed = max(coverage.updated_at, article.modified_at)
    token = f"{article.pk}:{coverage.updated_at.isoformat()}:"
    token += f"{article.modified_at.isoformat()}:{translation.get_language()}"
    digest = hashlib.md5(token.encode(), usedforsecurity=False).hexdigest()[:16]
    return f'"live-{digest}"', changed


def public_live_story(request, slug):
    """
    The public story at ``slug``, or the answer its page gives instead: 410
    for a killed story (its posts go with it), else 404.
    """
    article = (
        Article.objects.published().select_related("live").filter(slug=slug).first()
    )
    if article is not None:
        return article
    # Here, not at the top: the story page's module builds on this one.
    from .views import killed_response, killed_story

    killed = killed_story(slug)
    if killed is None:
        raise Http404("No story readers can see here.")
    return killed_response(request, killed).render()


class LiveUpdatesView(View):
    """
    The newest posts of a public live story as JSON, for the page's script:
    each post's HTML as the page renders it, and the key events list.

    A story readers cannot see (a draft, scheduled) or that was never live is
    a 404, as its page is.
    """

    page_cache_params = ()

    def get(self, request, slug):
        article = public_live_story(request, slug)
        if not isinstance(article, Article):
            return article
        coverage = live_coverage(article)
        if coverage is None:
            raise Http404("This story is not covered live.")
        shows(article)
        translation.activate(article.language)
        etag, changed = version(article, coverage)
        last_modified = int(changed.timestamp())
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            self.headers(not_modified, etag, last_modified)
            return not_modified
        posts = list(
            LivePost.objects.filter(article=article).for_page()[:UPDATE_WINDOW]
        )
        key_events = list(
            LivePost.objects.filter(article=article, pinned=True).for_page()
        )
        shows(*[person_key(pk) for pk in {post.author_id for post in posts}])
        response = JsonResponse(
            {
                "live": coverage.is_running,
                "ended_at": coverage.ended_at.isoformat()
                if coverage.ended_at
                else None,
                "posts": [
                    {
                        "id": post.pk,
                        "posted_at": post.posted_at.isoformat(),
                        "html": render_to_string(
                            "articles/includes/live_post.html", {"post": post}
                        ),
                    }
                    for post in posts
                ],
                "key_events": render_to_string(
                    "articles/includes/live_key_events.html",
                    {"key_events": key_events},
                ),
            },
            json_dumps_params={"ensure_ascii": False},
        )
        self.headers(response, etag, last_modified)
        return response

    def headers(self, response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=update_max_age())
        response["X-Robots-Tag"] = "noindex"
