"""
The read-only API: stories, people and photos as IPTC ninjs 2.2 documents.

Built with django-ninja, which also serves the OpenAPI description
(``/api/openapi.json``) and its browsable docs (``/api/docs``). Lists are
paginated, newest first, and take ``?since=`` (an ISO 8601 time) to fetch only
what changed after a client's last sync. Only what readers can see is served:
public stories, people in them, and their photos; drafts and scheduled stories
never. Responses carry ETag and Last-Modified (ConditionalGetMiddleware answers
304), CORS headers for GET (django-cors-headers), and anonymous clients are
throttled. This module only assembles: the routers, their documents and who
may be seen are the apps' own (``articles/api.py``).
"""

from django.conf import settings
from ninja.throttling import AnonRateThrottle

from articles import api as coverage
from common.api import ReadOnlyAPI
from syndication import api as syndication

# One throttle for every endpoint: an anonymous client's requests are counted
# together, whichever nouns it reads.
ANON_THROTTLE = AnonRateThrottle(settings.NEWSROOM_API_ANON_RATE)

api = ReadOnlyAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description=(
        "Read-only access to the newsroom's public stories, people and photos as "
        "IPTC ninjs 2.2 (https://iptc.org/standards/ninjs/) documents."
    ),
    urls_namespace="api",
    throttle=[ANON_THROTTLE],
)


api.add_router("/stories/", coverage.stories)
api.add_router("/people/", coverage.people)
api.add_router("/photos/", coverage.photos)

# Partners' own API, by key, at /api/partner/ (``syndication/api.py``); the
# public one above is unchanged by it.
PARTNER_THROTTLE = syndication.KeyRateThrottle(settings.NEWSROOM_PARTNER_API_RATE)

partner_api = syndication.PartnerAPI(
    title=f"{settings.SITE_NAME} partner API",
    version="1",
    description=(
        "Stories for syndication partners, embargoed and killed ones included, "
        "as IPTC ninjs 2.2 documents; by API key (Authorization: Bearer)."
    ),
    urls_namespace="partner_api",
    auth=syndication.PartnerKeyAuth(),
    throttle=[PARTNER_THROTTLE],
)
partner_api.add_router("/stories/", syndication.stories)


def partner_urls():
    return partner_api.urls


def urls():
    """``api.urls``, each view declaring the query parameters it reads."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.page_cache_params = coverage.QUERY_PARAMS.get(pattern.name, ())
    return patterns, app_name, namespace
