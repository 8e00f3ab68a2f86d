"""Every page offers a share image; links are on the site URL, whatever the Host."""

import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.models import Article, Quote
from images.share_images import HEIGHT, WIDTH, share_image_name
from tests.factories import image_file, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(html, prop):
    found = re.search(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html
    )
    return found.group(1) if found else None


@pytest.fixture(autouse=True)
def fresh_cache():
    """Which share images exist is cached; each test has its own media folder."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pages():
    """A story with a photo, one without, a Khmer one, a person, a tag, a quote."""
    speaker = make_person("Sok Eysan")
    portrayed = make_person(
        "Hun Manet", portrait=image_file("portrait.jpg", (300, 400))
    )
    photographed = make_article(
        "With a photo", lead_photo=make_photo(), tags=["politics"]
    )
    bare = make_article("Court hearing without a photo", tags=["politics"])
    khmer = make_article("កម្ពុជា​ថ្ងៃនេះ", language="km")
    quote = Quote.objects.create(article=bare, speaker=speaker, text="We decide.")
    bare.people.add(portrayed)
    return {
        "front": reverse("articles:front"),
        "story with photo": photographed.get_absolute_url(),
        "story without photo": bare.get_absolute_url(),
        "khmer story": khmer.get_absolute_url(),
        "person": speaker.get_absolute_url(),
        "person with portrait": portrayed.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "politics"}),
        "quote": quote.get_absolute_url(),
        "search": reverse("articles:search") + "?q=court",
        "quote search": reverse("articles:quote_search"),
    }


def test_every_page_type_has_a_share_image_with_size_and_alt(client, pages):
    """og:image, its width, height and alt, and the Twitter card, on every page."""
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        image = meta(html, "og:image")
        assert image and image.startswith("http://testserver/media/"), name
        assert meta(html, "og:image:width") and meta(html, "og:image:height"), name
        assert meta(html, "og:image:alt"), name
        assert meta(html, "twitter:image") == image, name
        assert meta(html, "twitter:card") == "summary_large_image", name
        assert meta(html, "og:locale"), name


def test_every_page_type_has_a_json_ld_image(client, pages):
    """Story, person, tag and front page JSON-LD each name an image."""
    for name in ("front", "story without photo", "person", "tag", "khmer story"):
        html = client.get(pages[name]).content.decode()
        blocks = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        main = json.loads(blocks[0])
        image = main["image"]
        assert image["url"].startswith("http://testserver/media/"), name
        assert (image["width"], image["height"]) == (WIDTH, HEIGHT), name


def test_drawn_share_images_are_1200_by_630_pngs_served_from_media(client, pages):
    """A story without a photo gets an image of its headline, served with a size."""
    html = client.get(pages["story without photo"]).content.decode()
    image = meta(html, "og:image")
    assert "/media/cards/" in image
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == (
        "1200",
        "630",
    )
    response = client.get(image.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.size == (WIDTH, HEIGHT)


def test_photo_and_portrait_are_used_with_their_own_size(client, pages):
    html = client.get(pages["story with photo"]).content.decode()
    assert "/media/photos/" in meta(html, "og:image")
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("64", "48")
    html = client.get(pages["person with portrait"]).content.decode()
    assert "/media/people/" in meta(html, "og:image")
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == (
        "300",
        "400",
    )


def test_share_image_is_redrawn_when_the_headline_changes(client):
    """A new headline, a new image; the old one stays for pages already shared."""
    story = make_article("First headline")
    first = meta(client.get(story.get_absolute_url()).content.decode(), "og:image")
    assert default_storage.exists(share_image_name("First headline", "Newsroom"))
    story.headline = "Second headline"
    story.save()
    second = meta(client.get(story.get_absolute_url()).content.decode(), "og:image")
    assert first != second
    assert default_storage.exists(share_image_name("Second headline", "Newsroom"))


def test_og_locale_follows_the_story_language(client, pages):
    html = client.get(pages["khmer story"]).content.decode()
    assert meta(html, "og:locale") == "km_KH"
    html = client.get(pages["story without photo"]).content.decode()
    assert meta(html, "og:locale") == "en_US"


def test_canonical_and_og_url_ignore_the_host_header(client, pages, settings):
    """Another Host or scheme changes no canonical link, og:url or JSON-LD id."""
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    url = pages["story without photo"]
    for headers in ({}, {"HTTP_HOST": "mirror.example"}, {"secure": True}):
        html = client.get(url, **headers).content.decode()
        assert f'<link rel="canonical" href="https://news.example.org{url}">' in html
        assert meta(html, "og:url") == f"https://news.example.org{url}"
        assert f'"@id": "https://news.example.org{url}"' in html
        assert "mirror.example" not in html
        assert "http://testserver" not in html


def test_sitemaps_and_robots_use_the_site_url(client, pages, settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    for url in ("/sitemap.xml", "/sitemap-stories.xml", "/news-sitemap.xml"):
        response = client.get(url, HTTP_HOST="mirror.example")
        root = ElementTree.fromstring(response.content)
        locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
        assert locations, url
        assert all(loc.startswith("https://news.example.org/") for loc in locations)
    robots = client.get("/robots.txt", HTTP_HOST="mirror.example").content.decode()
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots


def test_control_characters_never_break_the_news_sitemap(client):
    """A vertical tab saved in a headline leaves the news sitemap well-formed."""
    story = make_article("Clean headline")
    Article.objects.filter(pk=story.pk).update(headline="Tab\x0bin a headline")
    content = client.get("/news-sitemap.xml").content
    root = ElementTree.fromstring(content)
    title = root.find(".//{http://www.google.com/schemas/sitemap-news/0.9}title")
    assert title.text == "Tabin a headline"


def test_json_ld_stays_valid_json_with_control_characters(client):
    """A control character in stored text is escaped in JSON-LD, never raw."""
    story = make_article("Clean")
    Article.objects.filter(pk=story.pk).update(deck="Deck\x0bwith\x01controls")
    html = client.get(story.get_absolute_url()).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    data = [json.loads(block) for block in blocks]
    assert data[0]["@type"] == "NewsArticle"
