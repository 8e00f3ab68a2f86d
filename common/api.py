"""
What every read-only JSON API of the site shares, with no domain in it: the
methods it answers, a paginated list with absolute links to its neighbours,
``?since=`` in UTC unless told, and Last-Modified from the documents' own times.
"""

from datetime import UTC, datetime
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.http import http_date, urlencode
from ninja import Schema
from pydantic import Field, field_validator

from .links import absolute_url

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


def paginate(request, queryset, params, serialize, prepare=None):
    """
    A page of ``queryset`` as ninjs, with absolute links to its neighbours;
    ``prepare(objects)``, if given, reads what the page's documents need at once.
    """
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
    if prepare is not None:
        prepare(objects)
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


def query_names(schema):
    """The query parameters a ``Schema`` of them reads, by the names clients send."""
    return tuple(field.alias or name for name, field in schema.model_fields.items())
