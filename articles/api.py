"""
The coverage in the read-only API: stories, the people in them and their photos
as IPTC ninjs 2.2 documents (``articles/ninjs.py``, ``articles/person_ninjs.py``).

Only what readers can see is served: public stories, people in them, and their
photos; drafts and scheduled stories never. Who is public is
``articles.models.public_people()``, for every endpoint and filter that names a
person: someone known only from drafts is as unknown as a wrong slug.
``newsroom/api.py`` mounts the routers.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from pydantic import Field

from common.api import (
    READ,
    ListParams,
    NinjsPage,
    paginate,
    query_names,
    with_last_modified,
)

from . import ninjs
from .language_versions import prefetch_language_versions
from .models import Article, public_people
from .person_ninjs import person_ninjs


class StoryParams(ListParams):
    tag: str | None = Field(None, description="A tag's slug.")
    person: str | None = Field(
        None, description="A person's slug: stories they wrote, are in or quoted in."
    )
    # An enum, so an unknown code is a 422 naming the known ones, and the
    # OpenAPI document lists them.
    language: Article.Language | None = Field(None, description="The story's language.")


stories = Router(tags=["stories"])


@stories.api_operation(READ, "/", response=NinjsPage, url_name="stories")
def story_list(request, response: HttpResponse, params: Query[StoryParams]):
    """Public stories, newest first."""
    queryset = ninjs.story_documents()
    if params.since:
        queryset = ninjs.changed_since(queryset, params.since)
    if params.tag:
        queryset = queryset.filter(tags__slug=params.tag)
    if params.person:
        person = get_object_or_404(public_people(), slug=params.person)
        involving = Article.objects.involving(person).values("pk")
        queryset = queryset.filter(pk__in=involving)
    if params.language:
        queryset = ninjs.in_language(queryset, params.language)
    objects, page = paginate(
        request,
        queryset,
        params,
        ninjs.story_ninjs,
        prepare=prefetch_language_versions,
    )
    with_last_modified(response, [ninjs.version_time(a) for a in objects])
    return page


@stories.api_operation(READ, "/{int:pk}/", response=dict[str, Any], url_name="story")
def story_detail(request, response: HttpResponse, pk: int):
    """One public story."""
    article = get_object_or_404(ninjs.story_documents(), pk=pk)
    with_last_modified(response, [ninjs.version_time(article)])
    return ninjs.story_ninjs(article)


people = Router(tags=["people"])


@people.api_operation(READ, "/", response=NinjsPage, url_name="people")
def person_list(request, response: HttpResponse, params: Query[ListParams]):
    """People in public stories, most recently added first."""
    queryset = public_people().order_by("-created_at", "-pk")
    if params.since:
        queryset = queryset.filter(modified_at__gt=params.since)
    objects, page = paginate(request, queryset, params, person_ninjs)
    with_last_modified(response, [p.modified_at for p in objects])
    return page


@people.api_operation(READ, "/{int:pk}/", response=dict[str, Any], url_name="person")
def person_detail(request, response: HttpResponse, pk: int):
    """One person who appears in a public story."""
    person = get_object_or_404(public_people(), pk=pk)
    with_last_modified(response, [person.modified_at])
    return person_ninjs(person)


photos = Router(tags=["photos"])


def _photo(photo):
    return ninjs.photo_ninjs(photo, tags=photo.tags.all())


@photos.api_operation(READ, "/", response=NinjsPage, url_name="photos")
def photo_list(request, response: HttpResponse, params: Query[ListParams]):
    """Lead photos of public stories, newest first."""
    queryset = ninjs.photo_documents()
    if params.since:
        queryset = queryset.filter(modified_at__gt=params.since)
    objects, page = paginate(request, queryset, params, _photo)
    with_last_modified(response, [p.modified_at for p in objects])
    return page


@photos.api_operation(READ, "/{int:pk}/", response=dict[str, Any], url_name="photo")
def photo_detail(request, response: HttpResponse, pk: int):
    """One photo of a public story."""
    photo = get_object_or_404(ninjs.photo_documents(), pk=pk)
    with_last_modified(response, [photo.modified_at])
    return _photo(photo)


# The query parameters each endpoint reads (by URL name; the rest read none):
# the page cache keys a response on these alone, so ``?x=1`` and the like share
# the clean page's entry (``pagecache.middleware.cache_query``).
QUERY_PARAMS = {
    "stories": query_names(StoryParams),
    "people": query_names(ListParams),
    "photos": query_names(ListParams),
}
