"""
A cached page or fragment never outlives the settings that shaped its absolute
links: a new ``NEWSROOM_SITE_URL`` gives new keys, so the next reader gets links
on the new address, not the stored ones on the old.
"""

import pytest
from django.core.cache import caches

from pagecache import keys
from pagecache.fragments import stats
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD = "http://testserver"
NEW = "https://news.example.org"


@pytest.fixture
def empty_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "vary-settings-tests",
        }
    }
    caches["default"].clear()
    stats.clear()
    return caches["default"]


def test_the_digest_follows_each_named_setting(settings):
    before = keys.settings_digest()
    settings.NEWSROOM_SITE_URL = NEW
    moved = keys.settings_digest()
    assert moved != before
    settings.NEWSROOM_PAGE_CACHE_VARY_SETTINGS = ["SITE_NAME"]
    narrowed = keys.settings_digest()
    settings.NEWSROOM_SITE_URL = OLD
    assert keys.settings_digest() == narrowed
    settings.SITE_NAME = "Another newsroom"
    assert keys.settings_digest() != narrowed


def test_a_cached_page_takes_the_new_site_url(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE = True
    story = make_article("A story on the move")
    path = story.get_absolute_url()
    client.get(path)
    hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit"
    assert f'href="{OLD}{path}"'.encode() in hit.content

    settings.NEWSROOM_SITE_URL = NEW
    moved = client.get(path)
    assert moved.get("X-Page-Cache") != "hit"
    assert f'<link rel="canonical" href="{NEW}{path}">'.encode() in moved.content
    assert OLD.encode() not in moved.content


def test_a_cached_fragment_takes_the_new_site_url(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = True
    story = make_article("A story with fragments")
    path = story.get_absolute_url()
    client.get(path)
    client.get(path)
    assert stats["story:hit"] == 1

    settings.NEWSROOM_SITE_URL = NEW
    moved = client.get(path)
    assert stats["story:hit"] == 1
    assert OLD.encode() not in moved.content
    assert NEW.encode() in moved.content
