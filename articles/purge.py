"""
Purging CDN and reverse-proxy caches by key.

Responses carry ``Surrogate-Key`` (Fastly, Varnish xkey) and ``Cache-Tag``
(Cloudflare, Varnish) headers naming what they show (``articles.dependencies``).
After a change commits, ``purge_keys()`` sends one request per configured
endpoint (``NEWSROOM_PURGE_URLS``, comma-separated) with the method
``NEWSROOM_PURGE_METHOD`` (``PURGE``) and the keys, space-separated, in the
header ``NEWSROOM_PURGE_HEADER`` (``xkey-purge``, as Varnish's xkey module
reads it). A purge that fails is logged; the pages then live out their
``s-maxage``.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

# Keys per request: proxies limit header sizes (Varnish: 8 KB by default).
KEYS_PER_REQUEST = 500


def purge_keys(keys):
    """Ask every configured endpoint to drop the responses showing ``keys``."""
    urls = settings.NEWSROOM_PURGE_URLS
    if not urls or not keys:
        return
    keys = sorted(keys)
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
        for url in urls:
            request = urllib.request.Request(
                url,
                method=settings.NEWSROOM_PURGE_METHOD,
                headers={settings.NEWSROOM_PURGE_HEADER: batch},
            )
            try:
                with urllib.request.urlopen(  # noqa: S310 a configured http(s) URL
                    request, timeout=settings.NEWSROOM_PURGE_TIMEOUT
                ) as response:
                    response.read()
            except (urllib.error.URLError, OSError) as error:
                logger.warning("Could not purge %s at %s: %s", batch, url, error)
