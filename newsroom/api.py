"""
The read-only API: stories, people and photos as IPTC ninjs 2.2 documents.

Built with django-ninja, which also serves the OpenAPI description
(``/api/openapi.json``) and its browsable docs (``/api/docs``). Lists are
paginated, newest first, and take ``?since=`` (an ISO 8601 time) to fetch only
what changed after a client's last sync. Only what readers can see is served:
public stories, people in them, and their photos; drafts and scheduled stories
never. Responses carry ETag and Last-Modified (ConditionalGetMiddleware answers
304), CORS headers for GET (django-cors-headers), and anonymous clients are
throttled. The documents are made by the apps' own serializers,
``articles/ninjs.py`` and ``articles/person_ninjs.py``. Who is public is
``articles.models.public_people()``, for every endpoint and filter that names a
person: someone known only from drafts is as unknown as a wrong slug.
"""

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import http_date, urlencode
from ninja import NinjaAPI, Query, Router, Schema
from ninja.throttling import AnonRateThrottle
from pydantic import Field, field_validator

from articles import ninjs
from articles.models import Article, public_people
from articles.person_ninjs import person_ninjs
from common.links import absolute_url

# HEAD too: clients check ETag and Last-Modified without the body.
READ = ["GET", "HEAD"]
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real archive, small enough for every database's integers.
MAX_PAGE = 1_000_000


class NinjsPage(Schema):
    """One page of a list: ninjs documents newest first, and the pages around it."""

    count: int
    next: str | None
    previous: str | None
    items: list[dict[str, Any]] = Field(
        description="IPTC ninjs 2.2 documents (see the ninjs JSON Schema)."
    )


class ListParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    since: datetime | None = Field(
        None, description="Only what changed after this time (ISO 8601)."
    )

    @field_validator("since")
    @classmethod
    def in_utc_unless_told(cls, value):
        """A time without an offset is taken as UTC."""
        if value is not None and timezone.is_naive(value):
            return timezone.make_aware(value, UTC)
        return value


class StoryParams(ListParams):
    tag: str | None = Field(None, description="A tag's slug.")
    person: str | None = Field(
        None, description="A person's slug: stories they wrote, are in or quoted in."
    )
    language: str | None = Field(None, description="A language code, e.g. en or km.")


# One throttle for every endpoint: an anonymous client's requests are counted
# together, whichever nouns it reads.
ANON_THROTTLE = AnonRateThrottle(settings.NEWSROOM_API_ANON_RATE)

api = NinjaAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description=(
        "Read-only access to the newsroom's public stories, people and photos as "
        "IPTC ninjs 2.2 (https://iptc.org/standards/ninjs/) documents."
    ),
    urls_namespace="api",
    throttle=[ANON_THROTTLE],
)


def paginate(request, queryset, params, serialize):
    """A page of ``queryset`` as ninjs, with absolute links to its neighbours."""
    paginator = Paginator(queryset, params.page_size)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        raise Http404("No such page.") from None

    def link(number):
        # Only what the endpoint reads: junk parameters are not echoed back.
        query = {
            k: v
            for k, v in request.GET.items()
            if k != "page" and k in type(params).model_fields
        }
        query["page"] = number
        return absolute_url(f"{request.path}?{urlencode(query)}")

    objects = list(page.object_list)
    return objects, {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "items": [serialize(item) for item in objects],
    }


def with_last_modified(response, times):
    """Last-Modified: the newest of ``times``, the documents' own."""
    times = [t for t in times if t is not None]
    if times:
        response["Last-Modified"] = http_date(max(times).timestamp())
    return response


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
    objects, page = paginate(request, queryset, params, ninjs.story_ninjs)
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


api.add_router("/stories/", stories)
api.add_router("/people/", people)
api.add_router("/photos/", photos)


def _query_names(schema):
    return tuple(field.alias or name for name, field in schema.model_fields.items())


# The query parameters each endpoint reads (by URL name; the rest read none):
# the page cache keys a response on these alone, so ``?x=1`` and the like share
# the clean page's entry (``pagecache.middleware.cache_query``).
QUERY_PARAMS = {
    "stories": _query_names(StoryParams),
    "people": _query_names(ListParams),
    "photos": _query_names(ListParams),
}


def urls():
    """``api.urls``, each view declaring the query parameters it reads."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.page_cache_params = QUERY_PARAMS.get(pattern.name, ())
    return patterns, app_name, namespace
