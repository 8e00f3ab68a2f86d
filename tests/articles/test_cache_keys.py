"""What may skip the page cache, and what makes a new entry in it."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    """Whole-page caching on, with an empty cache of its own."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cache-key-tests",
        }
    }
    caches["default"].clear()
    return caches["default"]


def stored_pages(cache):
    return [key for key in cache._cache if key.startswith(":1:newsroom:page:")]


def state(response):
    return response.get("X-Page-Cache", "")


def test_a_made_up_session_cookie_is_served_from_the_cache(client, page_cache):
    """Sending any sessionid does not buy a fresh render of a reader page."""
    story = make_article("Cached for everyone")
    url = story.get_absolute_url()
    client.get(url)
    forger = Client()
    forger.cookies["sessionid"] = "x" * 32
    response = forger.get(url)
    assert response.status_code == 200 and state(response) == "hit"


def test_a_signed_in_editor_is_never_served_the_cached_page(client, page_cache, editor):
    """A real signed-in session skips the cache and its pages are private."""
    story = make_article("Cached for readers")
    url = story.get_absolute_url()
    client.get(url)
    staff = Client()
    staff.force_login(editor)
    response = staff.get(url)
    assert response.status_code == 200 and state(response) == ""
    assert "private" in response["Cache-Control"]


def test_preview_parameter_is_not_a_way_around_the_cache(client, page_cache):
    """?preview=1 on a reader page is served cached, like any junk parameter."""
    story = make_article()
    client.get(story.get_absolute_url())
    response = client.get(story.get_absolute_url() + "?preview=1")
    assert state(response) == "hit"


def test_unknown_api_parameters_share_one_entry(client, page_cache):
    """/api/stories/?x=N is the clean list's entry, and its links drop the junk."""
    for _ in range(3):
        make_article()
    url = reverse("api:stories")
    client.get(url)
    for n in range(20):
        response = client.get(f"{url}?x={n}&page_size=1")
        assert response.status_code == 200
        assert "x=" not in (response.json()["next"] or "")
    page_sized = {state(client.get(f"{url}?page_size=1&x={n}")) for n in range(3)}
    assert page_sized == {"hit"}
    assert state(client.get(f"{url}?x=1")) == "hit"
    assert len(stored_pages(page_cache)) == 2


def test_api_parameters_the_endpoint_reads_are_pages_of_their_own(client, page_cache):
    """?page=2 of the API is not served page 1."""
    for _ in range(3):
        make_article()
    url = reverse("api:stories")
    first = client.get(f"{url}?page_size=1").json()
    client.get(f"{url}?page_size=1&page=2")
    second = client.get(f"{url}?page_size=1&page=2")
    assert second.json()["items"] != first["items"]


def test_searches_asked_once_store_no_page(client, page_cache):
    """Each new search word leaves no stored page; asked again, it is cached."""
    make_article("Rice harvest")
    search = reverse("articles:search")
    for n in range(30):
        assert client.get(search, {"q": f"word{n}"}).status_code == 200
    assert stored_pages(page_cache) == []
    client.get(search, {"q": "rice"})
    client.get(search, {"q": " rice "})
    assert state(client.get(search, {"q": "rice", "utm_source": "x"})) == "hit"
    assert len(stored_pages(page_cache)) == 1
