"""
The partner API: a partner's stories as IPTC ninjs 2.2, by API key.

Separate from the public read-only API (``/api/``): its own address
(``/api/partner/``, mounted by ``newsroom/api.py``), its own OpenAPI document,
and every answer private. A key is sent as ``Authorization: Bearer <key>``;
a missing, wrong or revoked key, or one of an inactive partner, is a 401. A
key sees only its partner's scope (``Partner.stories()``): embargoed stories
only when the partner receives them (marked ``embargoed``), killed ones as
``pubstatus: canceled``. ``?since=`` lists what changed after a time, kills
and embargo releases included, so a partner can sync. Each key is throttled
on its own (``NEWSROOM_PARTNER_API_RATE``; 429 with Retry-After). Answers
carry an ETag of their content (If-None-Match → 304) and Last-Modified, and
``Cache-Control: private, no-store`` with ``Vary: Authorization``, so neither
the page cache nor a CDN keeps one partner's answer for anyone.
"""

import functools
import hashlib
import json
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, quote_etag
from ninja import Query, Router
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import Field

from articles import ninjs
from articles.language_versions import prefetch_language_versions
from articles.models import Article
from common.api import (
    READ,
    ListParams,
    NinjsPage,
    ReadOnlyAPI,
    paginate,
    with_last_modified,
)

from . import keys
from .models import PartnerKey

# How often a key's ``last_used_at`` is written: not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def authenticate(key):
    """The live ``PartnerKey`` that ``key`` is, or None."""
    found = (
        PartnerKey.objects.select_related("partner")
        .filter(prefix=keys.key_prefix(key))
        .first()
    )
    # Hashed even when no row matched, so a wrong prefix takes as long.
    if not keys.matches(key, found.key_hash if found else "0" * 64) or found is None:
        return None
    if found.revoked_at is not None or not found.partner.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
        PartnerKey.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


class PartnerKeyAuth(HttpBearer):
    def authenticate(self, request, token):
        return authenticate(token)


class KeyRateThrottle(AuthRateThrottle):
    """Each key's requests counted on their own."""

    scope = "partner-key"

    def get_cache_key(self, request):
        key = getattr(request, "auth", None)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


class PartnerAPI(ReadOnlyAPI):
    """A ReadOnlyAPI whose every answer is private to the key that asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_exception_handler(AuthenticationError, self.unauthorized)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self.private(pattern.callback)
        return patterns, app_name, namespace

    @staticmethod
    def private(view):
        @functools.wraps(view)
        def answer(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Authorization"])
            return response

        return answer

    def unauthorized(self, request, exc):
        response = self.create_response(
            request, {"detail": "A valid partner API key is required."}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="partner"'
        return response


class PartnerStoryParams(ListParams):
    tag: str | None = Field(None, description="A tag's slug.")
    language: Article.Language | None = Field(None, description="The story's language.")


def changed_since(stories, since):
    """
    Stories that changed for a partner after ``since``: edited, published,
    killed, or released from their embargo (which edits nothing).
    """
    return stories.filter(
        Q(modified_at__gt=since)
        | Q(published_at__gt=since)
        | Q(killed_at__gt=since)
        | Q(embargo_until__gt=since, embargo_until__lte=timezone.now())
    )


def with_etag(response, data):
    """An ETag of what the answer says (the middleware answers 304 on a match)."""
    content = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)
    response["ETag"] = quote_etag(hashlib.sha256(content.encode()).hexdigest())


def documents(request):
    return ninjs.partner_documents(request.auth.partner.stories())


stories = Router(tags=["partner stories"])


@stories.api_operation(READ, "/", response=NinjsPage, url_name="stories")
def partner_story_list(
    request, response: HttpResponse, params: Query[PartnerStoryParams]
):
    """The partner's stories, newest first; embargoed and killed ones included."""
    queryset = documents(request)
    if params.since:
        queryset = changed_since(queryset, params.since)
    if params.tag:
        queryset = queryset.filter(tags__slug=params.tag)
    if params.language:
        queryset = queryset.filter(language=params.language)
    objects, page = paginate(
        request,
        queryset.order_by("-published_at", "-pk"),
        params,
        ninjs.partner_story,
        prepare=prefetch_language_versions,
    )
    with_last_modified(response, [ninjs.version_time(a) for a in objects])
    with_etag(response, page)
    return page


@stories.api_operation(READ, "/{int:pk}/", response=dict[str, Any], url_name="story")
def partner_story_detail(request, response: HttpResponse, pk: int):
    """One of the partner's stories."""
    article = get_object_or_404(documents(request), pk=pk)
    document = ninjs.partner_story(article)
    with_last_modified(response, [ninjs.version_time(article)])
    with_etag(response, document)
    return document
