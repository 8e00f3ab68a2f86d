"""
Absolute URLs on the site's configured public address.

Everything a page, feed, sitemap or API document hands to another machine
(canonical links, ``og:url``, feed and sitemap links, JSON-LD ids, API URIs) is
built here from ``settings.NEWSROOM_SITE_URL``, never from the request's Host
header: a second host name, a proxy or a move to https changes none of them.

Each is a URI (RFC 3986): a path in another script (``/tags/កម្ពុជា/``) comes
out percent-encoded, as ``reverse()`` and the sitemap give it, so one page has
one address everywhere, and feed validators, which want URLs and not IRIs,
accept it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri


def site_url():
    """The site's public address, without a trailing slash."""
    return settings.NEWSROOM_SITE_URL


def absolute_url(location):
    """
    ``location`` as an absolute URL on the site.

    A path (``/stories/x/``) is joined to the site URL; a URL that already names
    its host (media on object storage or a CDN) is kept as it is, and a
    scheme-relative one (``//cdn…``) gets the site's scheme. Characters outside
    ASCII are percent-encoded (``request.path`` is decoded, ``reverse()`` is
    not); what is already encoded stays as it is.
    """
    location = iri_to_uri(location)
    if location.startswith("//"):
        return f"{urlsplit(site_url()).scheme}:{location}"
    if urlsplit(location).scheme:
        return location
    if not location.startswith("/"):
        location = "/" + location
    return site_url() + location


def site_host():
    return urlsplit(site_url()).netloc


def tag_uri(kind, obj):
    """
    An object's permanent id, a ``tag:`` URI (RFC 4151) such as
    ``tag:news.example.org,2017-09-03:story:42``: minted from its kind, primary
    key and creation day, so no change of slug, host name or scheme alters it.
    Feed entry ids and API document URIs are these.
    """
    authority = settings.NEWSROOM_FEED_ID_AUTHORITY
    return f"tag:{authority},{obj.created_at.date().isoformat()}:{kind}:{obj.pk}"
