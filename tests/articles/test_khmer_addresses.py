"""
One address per page, in any script: a page whose slug is Khmer has the same
percent-encoded URL in its canonical link, ``og:url``, JSON-LD, feeds, sitemap
and API document, and no machine-facing link is an IRI.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.models import Byline, Quote
from common.links import absolute_url
from tests.factories import make_article, make_person, make_photo
from tests.feedcheck import check_atom, check_rss

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TAG = "កម្ពុជា"
PERSON = "ហ៊ុន ម៉ាណែត"
URL = re.compile(r"^https?://")


class _Head(HTMLParser):
    """A page's canonical link, OpenGraph URLs, feed links and JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.links, self.meta, self.json_ld, self._in_json = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))


def _urls(value):
    """Every absolute URL anywhere in a JSON value."""
    if isinstance(value, str):
        return [value] if URL.match(value) else []
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls(item)]
    return []


@pytest.fixture
def khmer_newsroom():
    writer = make_person(PERSON, is_staff=True)
    story = make_article(
        "កម្ពុជា​ថ្ងៃនេះ",
        slug="កម្ពុជា-ថ្ងៃនេះ",
        language="km",
        tags=[TAG],
        lead_photo=make_photo(),
    )
    Byline.objects.create(article=story, person=writer)
    quote = Quote.objects.create(article=story, speaker=writer, text="Words said.")
    return {"story": story, "person": writer, "tag": story.tags.get(), "quote": quote}


def _pages(newsroom):
    return {
        "story": newsroom["story"].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": newsroom["tag"].slug}),
        "person": newsroom["person"].get_absolute_url(),
        # An ASCII address whose page links the Khmer ones.
        "quote": reverse("articles:quote", kwargs={"pk": newsroom["quote"].pk}),
    }


def test_the_slugs_are_khmer(khmer_newsroom):
    for kind in ("story", "tag", "person"):
        assert not unquote(_pages(khmer_newsroom)[kind]).isascii()


@pytest.mark.parametrize("kind", ["story", "tag", "person", "quote"])
def test_a_page_has_one_encoded_address(client, khmer_newsroom, kind):
    path = _pages(khmer_newsroom)[kind]
    # The test client, as a server would, hands the view the decoded path.
    response = client.get(unquote(path))
    assert response.status_code == 200
    head = _Head()
    head.feed(response.content.decode())
    address = absolute_url(path)
    assert address.isascii()
    assert head.links["canonical"] == [address]
    assert head.meta["og:url"] == address
    machine_urls = [
        *head.links.get("alternate", []),
        head.meta["og:image"],
        *(url for block in head.json_ld for url in _urls(block)),
    ]
    assert machine_urls
    for url in machine_urls:
        assert url.isascii(), url
    if kind != "quote":
        assert address in [url for block in head.json_ld for url in _urls(block)]
    else:
        person = khmer_newsroom["person"].get_absolute_url()
        assert f'href="{person}"' in response.content.decode()


def test_the_sitemap_lists_the_same_addresses(client, khmer_newsroom):
    locations = set()
    for section in ("stories", "people", "tags"):
        root = ElementTree.fromstring(client.get(f"/sitemap-{section}.xml").content)
        locations |= {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    for kind in ("story", "tag", "person"):
        assert absolute_url(_pages(khmer_newsroom)[kind]) in locations


@pytest.mark.parametrize(
    ("kind", "name"),
    [("tag", "articles:tag_feed"), ("person", "people:feed")],
)
def test_khmer_feeds_pass_the_validator(client, khmer_newsroom, kind, name):
    slug = khmer_newsroom[kind].slug
    for fmt, check in (("rss", check_rss), ("atom", check_atom)):
        path = reverse(f"{name}_{fmt}", kwargs={"slug": slug})
        response = client.get(unquote(path))
        assert response.status_code == 200
        assert check(response.content) == [], (kind, fmt)
        assert absolute_url(path).encode() in response.content


def test_the_atom_feed_id_is_the_encoded_address(client, khmer_newsroom):
    slug = khmer_newsroom["tag"].slug
    path = reverse("articles:tag_feed_atom", kwargs={"slug": slug})
    root = ElementTree.fromstring(client.get(unquote(path)).content)
    assert root.find("{http://www.w3.org/2005/Atom}id").text == absolute_url(path)


def test_the_api_document_has_encoded_links(client, khmer_newsroom):
    response = client.get("/api/stories/")
    assert response.status_code == 200
    urls = _urls(response.json())
    assert urls
    for url in urls:
        assert url.isascii(), url


def test_absolute_url_encodes_once():
    encoded = absolute_url("/tags/%E1%9E%80/")
    assert encoded == "http://testserver/tags/%E1%9E%80/"
    assert absolute_url("/tags/ក/") == encoded
    assert absolute_url("https://cdn.example.org/ក.jpg") == (
        "https://cdn.example.org/%E1%9E%80.jpg"
    )
