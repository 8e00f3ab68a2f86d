"""
The test suite's settings: the site's own, with what tests need on top.

pytest-django wraps each test in a transaction that never commits, so the page
and fragment caches are off by default (the caching tests switch them on), and
the cache is each process's own memory unless REDIS_URL names a shared one.
Benchmarks and CI's deploy checks run on ``newsroom.settings`` itself.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import REDIS_URL, STORAGES, env_bool

# No collectstatic before a test run: WhiteNoise serves straight from the
# finders (the browser tests' live server needs it too).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=False)
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", default=False)
# Tasks run at once under pytest, so rendering ahead would re-render every page
# at each commit and a test of invalidation could not see a page go stale; the
# render-ahead tests (tests/pagecache/test_render_ahead.py) switch it on.
NEWSROOM_RENDER_AHEAD = env_bool("NEWSROOM_RENDER_AHEAD", default=False)
