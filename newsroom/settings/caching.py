"""The cache, the page and fragment caches, rendering ahead and CDN purges."""

import os
from importlib.util import find_spec

from django.core.exceptions import ImproperlyConfigured

from .env import VAR_DIR, env_bool, env_list

# Caching ----------------------------------------------------------------------
# Anonymous reader pages are cached whole, and the parts of them that belong to
# one story, person or tag as fragments (the pagecache app).
# The cache must be shared by every worker, and with REDIS_URL by every node:
# each stored page and fragment carries the versions of what it shows, kept in
# the same cache, and a change moves exactly the versions it touched.
# Without Redis the default is DiskCache's Django backend under var/cache:
# SQLite-indexed files shared by all gunicorn workers on the machine, no service,
# a byte budget (NEWSROOM_CACHE_MAX_BYTES) enforced a few entries at a time on
# writes (least recently stored first), never by listing a directory; a hit
# touches no database of the site's (so no competition with editors' writes).
REDIS_URL = os.environ.get("REDIS_URL", "")
NEWSROOM_CACHE_MAX_BYTES = int(
    os.environ.get("NEWSROOM_CACHE_MAX_BYTES", str(8 * 1024**3))
)
if REDIS_URL:
    if find_spec("redis") is None:
        raise ImproperlyConfigured(
            'REDIS_URL is set but redis is not installed: pip install -e ".[redis]"'
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("NEWSROOM_CACHE_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.DiskCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(VAR_DIR / "cache")),
            # Pages and fragments live as long as the page cache says; versions
            # have no timeout.
            "TIMEOUT": None,
            "SHARDS": 4,
            # Seconds a reader waits for a shard's write lock before treating
            # the cache as a miss (writes retry).
            "DATABASE_TIMEOUT": 0.05,
            "OPTIONS": {
                "size_limit": NEWSROOM_CACHE_MAX_BYTES,
                # Reads do not write (least-recently-used would, on every hit).
                "eviction_policy": "least-recently-stored",
            },
        }
    }

# Whole-page caching of anonymous reader pages (off in the test settings).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=True)
# Fragments (story body and header, story cards, person header, related
# coverage) rendered once per version of what they show.
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", default=True)
# The settings a page writes into its absolute links (and feed ids, icons):
# part of every page and fragment cache key, so a change to one is never
# served from what was stored under the old value.
NEWSROOM_PAGE_CACHE_VARY_SETTINGS = [
    "NEWSROOM_SITE_URL",
    "NEWSROOM_FEED_ID_AUTHORITY",
    "MEDIA_URL",
    "STATIC_URL",
    "SITE_NAME",
    "NEWSROOM_ICON_SOURCE",
]
# The running release (a commit id, a version), part of every page and fragment
# key so a deploy never serves what the release before rendered. Unset, it is a
# digest of the templates, translations and static manifest (pagecache/release.py).
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")
# How long a fragment is kept while what it shows is unchanged.
NEWSROOM_FRAGMENT_SECONDS = int(os.environ.get("NEWSROOM_FRAGMENT_SECONDS", "86400"))
# How long a page may stay in the server-side cache (it is also dropped the
# moment what it shows changes, and never outlives the next scheduled publication).
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# What browsers (max-age) and shared caches/CDNs (s-maxage) are told.
NEWSROOM_BROWSER_MAX_AGE = int(os.environ.get("NEWSROOM_BROWSER_MAX_AGE", "60"))
NEWSROOM_SHARED_MAX_AGE = int(os.environ.get("NEWSROOM_SHARED_MAX_AGE", "60"))
# A stale hot page: one worker renders it while the others serve the previous
# version for at most this many seconds.
NEWSROOM_STALE_SECONDS = int(os.environ.get("NEWSROOM_STALE_SECONDS", "5"))
# How far the clocks of the nodes sharing the cache may disagree: something
# rendered this soon after a change to what it shows is not trusted as current.
NEWSROOM_CLOCK_SKEW_MS = int(
    os.environ.get("NEWSROOM_CLOCK_SKEW_MS", "100" if REDIS_URL else "0")
)
# What CDNs are told: stale-while-revalidate and stale-if-error, in seconds.
NEWSROOM_STALE_WHILE_REVALIDATE = int(
    os.environ.get("NEWSROOM_STALE_WHILE_REVALIDATE", "30")
)
NEWSROOM_STALE_IF_ERROR = int(os.environ.get("NEWSROOM_STALE_IF_ERROR", "86400"))
# Render on change (pagecache/ahead.py): after a commit, a task renders again
# the stored pages the change made stale, the most visited first, at most
# NEWSROOM_RENDER_AHEAD_MAX per change; readers get the stale copy until then,
# and the task purges the CDN after it. A story published or gone is shown at
# once, and purged at the commit.
NEWSROOM_RENDER_AHEAD = env_bool("NEWSROOM_RENDER_AHEAD", default=True)
NEWSROOM_RENDER_AHEAD_MAX = int(os.environ.get("NEWSROOM_RENDER_AHEAD_MAX", "200"))
# Pages listed per key for it (a tag on thousands of stories keeps the most
# visited), and how many visits a process counts before adding them to the
# page's counter in the cache (one cache write per that many hits).
NEWSROOM_RENDER_AHEAD_INDEX_MAX = int(
    os.environ.get("NEWSROOM_RENDER_AHEAD_INDEX_MAX", "1000")
)
NEWSROOM_RENDER_AHEAD_HIT_BATCH = int(
    os.environ.get("NEWSROOM_RENDER_AHEAD_HIT_BATCH", "10")
)
# CDN / reverse-proxy purges by key (pagecache/purge.py, a task): endpoints that take
# e.g. `PURGE /` with `xkey-purge: a12 tl3 front` (Varnish with vmod-xkey).
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS")
NEWSROOM_PURGE_METHOD = os.environ.get("NEWSROOM_PURGE_METHOD", "PURGE")
NEWSROOM_PURGE_HEADER = os.environ.get("NEWSROOM_PURGE_HEADER", "xkey-purge")
NEWSROOM_PURGE_TIMEOUT = float(os.environ.get("NEWSROOM_PURGE_TIMEOUT", "2"))
# A story leaving the site is purged at the commit, not by the queue (which
# could leave it readable at the CDN for as long as the queue is behind);
# an endpoint that does not answer within this is retried by the queue.
NEWSROOM_PURGE_GONE_TIMEOUT = float(
    os.environ.get("NEWSROOM_PURGE_GONE_TIMEOUT", "0.5")
)
# A purge that fails is tried again after each of these delays (seconds), then
# logged as an error.
NEWSROOM_PURGE_RETRY_DELAYS = [
    float(delay)
    for delay in env_list("NEWSROOM_PURGE_RETRY_DELAYS") or ["5", "30", "120", "600"]
]
