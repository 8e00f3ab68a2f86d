"""
The icon set: favicon, home-screen icons, the web app manifest and the feeds'
icon and logo, made from the newsroom's name or its own image, cached long.
"""

import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from PIL import Image

from images import icons
from tests.factories import make_article
from tests.feedcheck import ATOM, check_atom, check_rss

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60
FILES = {
    "/favicon.ico": ("image/x-icon", "ICO", {(16, 16), (32, 32), (48, 48)}),
    "/apple-touch-icon.png": ("image/png", "PNG", {(180, 180)}),
    "/icon-192.png": ("image/png", "PNG", {(192, 192)}),
    "/icon-512.png": ("image/png", "PNG", {(512, 512)}),
    "/logo.png": ("image/png", "PNG", {(512, 256)}),
}


@pytest.fixture(autouse=True)
def fresh_icons():
    icons._made.clear()
    yield
    icons._made.clear()


def opened(response):
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize("path", FILES)
def test_every_icon_is_served_in_its_sizes(client, path):
    content_type, fmt, sizes = FILES[path]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    image = opened(response)
    assert image.format == fmt
    if fmt == "ICO":
        assert set(image.info["sizes"]) == sizes
    else:
        assert {image.size} == sizes
        # Home screens paint transparency black: the PNGs are opaque.
        assert image.mode == "RGB"


def test_icons_are_cached_for_a_year_and_revalidate(client):
    response = client.get("/favicon.ico")
    assert f"max-age={YEAR}" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    again = client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_page_cache_keeps_the_icons_long_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    for _ in range(2):
        response = client.get("/apple-touch-icon.png")
        assert f"max-age={YEAR}" in response["Cache-Control"]
        assert response.get("X-Page-Cache") != "hit"


def test_the_drawn_icon_shows_the_names_initials(settings):
    assert icons.initials("Voice of America") == "VA"
    assert icons.initials("newsroom") == "N"
    assert icons.initials("VOA Khmer") == "VK"
    # A Khmer initial keeps its subscript consonant and vowel sign.
    assert icons.initials("ស្រី ពៅ") == "ស្រីពៅ"
    settings.SITE_NAME = "Khmer Daily"
    drawn = icons.draw_source("Khmer Daily")
    other = icons.draw_source("Phnom Post")
    assert drawn.tobytes() != other.tobytes()
    # White initials on the dark background, the red rule at the foot.
    colours = {colour for _, colour in drawn.convert("RGB").getcolors(1 << 20)}
    assert (255, 255, 255) in colours
    assert drawn.convert("RGB").getpixel((256, 505)) == (214, 69, 65)


def test_a_new_site_name_gives_a_new_icon_and_version(client, settings):
    first = client.get("/icon-192.png")
    settings.SITE_NAME = "Another Newsroom"
    second = client.get("/icon-192.png")
    assert first.content != second.content
    assert first["ETag"] != second["ETag"]


def test_a_newsrooms_own_image_replaces_the_drawn_one(client, settings, tmp_path):
    source = tmp_path / "our-logo.png"
    # Wider than tall: the centre square is used, a green mark in its middle.
    image = Image.new("RGBA", (600, 400), (0, 0, 255, 255))
    image.paste((0, 200, 0, 255), (250, 150, 350, 250))
    image.save(source)
    drawn = client.get("/icon-512.png").content
    settings.NEWSROOM_ICON_SOURCE = str(source)
    own = client.get("/icon-512.png")
    assert own.content != drawn
    picture = opened(own).convert("RGB")
    assert picture.getpixel((256, 256)) == pytest.approx((0, 200, 0), abs=8)
    assert picture.getpixel((10, 10)) == pytest.approx((0, 0, 255), abs=8)
    assert set(opened(client.get("/favicon.ico")).info["sizes"]) == {
        (16, 16),
        (32, 32),
        (48, 48),
    }


def test_pages_link_the_icons_and_the_manifest(client):
    html = client.get(reverse("articles:front")).content.decode()
    version = icons.icon_version()
    links = dict(
        re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', html)
    )
    assert links["apple-touch-icon"] == f"/apple-touch-icon.png?v={version}"
    assert links["manifest"] == f"/site.webmanifest?v={version}"
    for href in re.findall(r'<link rel="icon" href="([^"]+)"', html):
        assert client.get(href).status_code == 200


def test_the_manifest_names_the_site_and_its_icons(client, settings):
    settings.SITE_NAME = "ខេមរភាសា News"
    response = client.get("/site.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    assert f"max-age={YEAR}" in response["Cache-Control"]
    manifest = json.loads(response.content)
    assert manifest["name"] == "ខេមរភាសា News"
    assert manifest["start_url"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for entry in manifest["icons"]:
        image = opened(client.get(entry["src"]))
        assert "{}x{}".format(*image.size) == entry["sizes"]


@pytest.mark.parametrize("name", ["articles:feed", "articles:tag_feed"])
def test_feeds_carry_the_icon_and_logo(client, name):
    story = make_article("Iconic", tags=["icons"])
    kwargs = {"slug": "icons"} if name == "articles:tag_feed" else {}
    rss = client.get(reverse(f"{name}_rss", kwargs=kwargs)).content
    assert check_rss(rss) == []
    channel = ElementTree.fromstring(rss).find("channel")
    image = channel.find("image")
    assert image.find("link").text == channel.find("link").text
    assert image.find("title").text == channel.find("title").text
    assert opened(client.get(image.find("url").text)).size == (192, 192)
    atom = client.get(reverse(f"{name}_atom", kwargs=kwargs)).content
    assert check_atom(atom) == []
    root = ElementTree.fromstring(atom)
    icon = opened(client.get(root.find(f"{ATOM}icon").text))
    logo = opened(client.get(root.find(f"{ATOM}logo").text))
    assert icon.size[0] == icon.size[1]
    # RFC 4287: a logo twice as wide as it is tall.
    assert logo.size[0] == 2 * logo.size[1]
    assert story.headline.encode() in atom


def test_a_missing_source_falls_back_to_the_drawn_icon(client, settings, tmp_path):
    from newsroom.checks import icon_source_readable

    drawn = client.get("/icon-192.png").content
    settings.NEWSROOM_ICON_SOURCE = str(tmp_path / "gone.png")
    assert client.get("/icon-192.png").content == drawn
    assert client.get(reverse("articles:front")).status_code == 200
    assert [w.id for w in icon_source_readable(None)] == ["newsroom.W002"]
    (tmp_path / "gone.png").write_bytes(b"not an image")
    assert [w.id for w in icon_source_readable(None)] == ["newsroom.W002"]
    assert opened(client.get("/icon-192.png")).size == (192, 192)
