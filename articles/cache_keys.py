"""
What the coverage is to the page cache (``pagecache``): the keys of stories,
tags and people, which objects stand for which keys, and which keys a change
to stories, people and tags touches.

``a12`` is story 12 (its text, photo, notes, bylines as shown on it), ``p7``
person 7, ``t3`` tag 3, ``ph5`` photo 5; ``tl3`` and ``pl7`` are the *lists*
of stories carrying tag 3 or involving person 7 (a story joining or leaving
them changes the tag and person pages, not every page that names the tag);
``front`` is the front page and its archive. A story's page shows its other
language versions (``articles.language_versions``), so a change to a story
touches the keys of its source and translations too.
"""

import time

from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from taggit.models import Tag

from pagecache import invalidation
from pagecache import keys as pagecache_keys
from people.cache_keys import person_key, person_list_key
from people.models import Person

from .models import Article, Byline, LivePost, Mention, Photo, Quote, TaggedArticle

FRONT = "front"


def article_key(pk):
    return f"a{pk}"


def tag_key(pk):
    return f"t{pk}"


def tag_list_key(pk):
    return f"tl{pk}"


def photo_key(pk):
    return f"ph{pk}"


def changed_keys(article_ids=(), person_ids=(), tag_ids=()):
    """
    The keys a change to these stories, people and tags makes stale: each of
    them, the tag and person lists the stories are on, and the front page.

    A tag or person named with stories it is linked to is taken as joining or
    leaving their lists (``tl``/``pl``), not as renamed: tagging a story
    "politics" must not re-render every page that names the tag.
    """
    article_ids, person_ids, tag_ids = set(article_ids), set(person_ids), set(tag_ids)
    keys = {FRONT} if article_ids else set()
    keys.update(
        article_key(pk) for pk in article_ids | language_partner_ids(article_ids)
    )
    listed_tags, people = set(), set()
    if article_ids:
        ids = sorted(article_ids)
        listed_tags = set(
            TaggedArticle.objects.filter(content_object_id__in=ids)
            .values_list("tag_id", flat=True)
            .distinct()
        )
        people = Article.objects.filter(pk__in=ids).involved_person_ids()
    keys.update(tag_list_key(pk) for pk in listed_tags | tag_ids)
    keys.update(tag_key(pk) for pk in tag_ids - listed_tags)
    keys.update(person_list_key(pk) for pk in people | person_ids)
    keys.update(person_key(pk) for pk in person_ids - people)
    return keys


def language_partner_ids(article_ids):
    """
    The other language versions of these stories, whatever their state: a
    translation published or unpublished appears on or leaves its partners'
    pages, which link it.
    """
    if not article_ids:
        return set()
    sources = Article.objects.filter(pk__in=sorted(article_ids)).values(
        family=Coalesce(F("translation_of_id"), F("pk"))
    )
    partners = Article.objects.filter(
        Q(pk__in=sources) | Q(translation_of__in=sources)
    ).values_list("pk", flat=True)
    return set(partners) - set(article_ids)


def seconds_until_next_publication():
    """
    Seconds until the next story reaches readers by itself, or None: a
    scheduled story's date, or an embargo's end (``Article.release_at``),
    whichever comes first, so no cached page outlives it.
    """
    now = timezone.now()
    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .filter(Q(published_at__gt=now) | Q(embargo_until__gt=now))
        .annotate(
            release=Greatest("published_at", Coalesce("embargo_until", "published_at"))
        )
        .aggregate(at=Min("release"))["at"]
    )
    if upcoming is None:
        return None
    return upcoming.timestamp() - time.time()


def register():
    """Tell the page cache what the coverage's objects stand for; from ``ready()``."""
    for model, keys in (
        (Article, lambda story: [article_key(story.pk)]),
        (Person, lambda person: [person_key(person.pk)]),
        # taggit's rows, also seen through the articles.Tag proxy.
        (Tag, lambda tag: [tag_key(tag.pk)]),
        (Byline, lambda byline: [person_key(byline.person_id)]),
        (Mention, lambda mention: [person_key(mention.person_id)]),
        (
            Quote,
            lambda quote: [article_key(quote.article_id), person_key(quote.speaker_id)],
        ),
        (Photo, lambda photo: [photo_key(photo.pk)]),
        # A post shows its author's name.
        (LivePost, lambda post: [person_key(post.author_id)]),
    ):
        pagecache_keys.register(model, keys)
    invalidation.register_next_change(seconds_until_next_publication)
