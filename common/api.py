"""
What every read-only JSON API of the site shares, with no domain in it: the
API itself (a valid OpenAPI document, Retry-After when throttled), the methods
it answers, a paginated list with absolute links to its neighbours, ``?since=``
in UTC unless told, and Last-Modified from the documents' own times.
"""

import functools
import math
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.http import http_date, urlencode
from ninja import NinjaAPI, Schema
from ninja.errors import Throttled
from pydantic import Field, field_validator

from .links import absolute_url

# HEAD too: clients check ETag and Last-Modified without the body.
READ = ["GET", "HEAD"]
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real archive, small enough for every database's integers.
MAX_PAGE = 1_000_000


class ReadOnlyAPI(NinjaAPI):
    """
    A NinjaAPI whose OpenAPI document client generators accept, whose
    throttled answers say when to come back, and whose every error is JSON.

    django-ninja gives an operation the same operationId under each of its
    methods (GET and HEAD), which OpenAPI forbids; here GET keeps the view's
    name and every other method adds its own (``story_list``,
    ``story_list_head``). Ids are the views' names alone, not their modules',
    so moving a view between modules does not rename a client's methods.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_exception_handler(Throttled, self.throttled)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self.json_not_allowed(pattern.callback)
        return patterns, app_name, namespace

    def json_not_allowed(self, view):
        """``view``, its 405 (a method no operation answers) in JSON like the rest."""

        @functools.wraps(view)
        def answer(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = self.create_response(
                    request, {"detail": "Method not allowed"}, status=405
                )
                response["Allow"] = allowed
            return response

        return answer

    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        seen = set()
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                operation_id = operation["operationId"]
                if method != "get":
                    operation_id = f"{operation_id}_{method}"
                if operation_id in seen:
                    raise ImproperlyConfigured(
                        f"Two API operations are called {operation_id!r} ({path})."
                    )
                seen.add(operation_id)
                # ninja shares one dict between an operation's methods.
                methods[method] = {**operation, "operationId": operation_id}
        return schema

    def throttled(self, request, exc):
        response = self.create_response(
            request, {"detail": str(exc)}, status=exc.status_code
        )
        if exc.wait is not None:
            response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
        return response


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
        """
        The time in UTC; one without an offset is taken as UTC. Offsets beyond
        a database's range (PostgreSQL's ±16 hours) then never reach it.
        """
        if value is None:
            return value
        if timezone.is_naive(value):
            return timezone.make_aware(value, UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError("The time is out of range.") from None


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
