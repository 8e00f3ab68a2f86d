"""A strict Content-Security-Policy on every response, cached pages included."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (
            part.split() for part in policy.split(";") if part.strip()
        )
    }


def assert_strict(policy):
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "csp-tests",
        }
    }
    caches["default"].clear()


def test_reader_pages_feeds_and_the_api_carry_the_policy(client):
    """Pages, feeds and API documents all say where their resources may come from."""
    story = make_article("Policy story", tags=["policy"])
    for url in [
        reverse("articles:front"),
        story.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "policy"}),
        reverse("articles:feed_rss"),
        reverse("api:stories"),
        "/no-such-page/",
    ]:
        policy = directives(client.get(url))
        assert_strict(policy)
        # Reader pages inline no style element and run no inline script.
        assert policy["style-src"] == ["'self'"]
        assert not any(v.startswith("'nonce-") for v in policy["script-src"])


def test_a_cached_page_carries_the_policy_too(client, page_cache):
    """A page-cache hit gets the header as the first render did."""
    story = make_article()
    first = client.get(story.get_absolute_url())
    hit = client.get(story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_reader_pages_have_no_inline_script_to_run(client):
    """Every script on a story page is a file of the site's, or JSON-LD data."""
    story = make_article("Scripts story")
    page = client.get(story.get_absolute_url()).content.decode()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, (
            attributes,
            body[:80],
        )


def test_the_story_editor_import_map_carries_the_nonce(admin_client):
    """The prose editor's inline import map runs: it has the header's nonce."""
    response = admin_client.get(reverse("admin:articles_article_add"))
    policy = directives(response)
    assert_strict(policy)
    nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    page = response.content.decode()
    importmap = re.search(r'<script type="importmap"([^>]*)>', page)
    assert importmap is not None
    assert f'nonce="{nonce}"' in importmap.group(1)
    # Every other inline script in the form has the nonce or is loaded from a file.
    for attributes in re.findall(r"<script([^>]*)>", page):
        assert (
            "src=" in attributes
            or f'nonce="{nonce}"' in attributes
            or ("application/json" in attributes)
        ), attributes


def test_the_admin_allows_the_style_elements_of_its_packages(admin_client):
    """Django's admin inlines style elements; only there are they allowed."""
    policy = directives(admin_client.get(reverse("admin:articles_article_changelist")))
    assert_strict(policy)
    assert "'unsafe-inline'" in policy["style-src"]
