"""The site's own settings and middleware, with a urlconf of one constant page."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
# The floor measures what any view costs, so it is never served from the cache.
NEWSROOM_PAGE_CACHE = False
