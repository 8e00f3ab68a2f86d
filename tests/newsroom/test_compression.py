"""Compression, caching headers on /media/, and Last-Modified from the content."""

import gzip
from datetime import timedelta

import brotli
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Byline
from people.models import Person
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
BROTLI = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


@pytest.fixture
def story():
    story = make_article(
        "A story long enough to compress",
        body="<p>" + "Words of the story. " * 200 + "</p>",
        tags=["politics"],
    )
    for n in range(10):
        make_article(f"Another story {n}", tags=["politics"])
    return story


def public_urls(story):
    return [
        reverse("articles:front"),
        story.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "politics"}),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/news-sitemap.xml",
        reverse("api:stories"),
    ]


def test_public_responses_are_gzipped_when_the_client_accepts_it(client, story):
    """HTML, feeds, sitemaps and JSON: gzip with Vary, and smaller."""
    for url in public_urls(story):
        plain = client.get(url)
        packed = client.get(url, **GZIP)
        assert packed.status_code == 200, url
        assert packed["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed["Vary"], url
        assert gzip.decompress(packed.content) == plain.content, url
        assert len(packed.content) < len(plain.content), url
        assert not plain.has_header("Content-Encoding"), url


def test_responses_with_a_csrf_token_or_session_are_not_compressed(
    admin_client, client, story
):
    """BREACH needs a secret in a compressed page: those pages go uncompressed."""
    response = client.get(reverse("admin:login"), **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")
    # A signed-in editor's pages carry session data.
    for url in (reverse("admin:index"), story.get_absolute_url()):
        response = admin_client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url


def test_public_responses_are_brotli_when_the_client_accepts_it(client, story):
    """What a browser sends: Brotli, with Vary, smaller than gzip."""
    for url in public_urls(story):
        plain = client.get(url)
        packed = client.get(url, **BROTLI)
        assert packed.status_code == 200, url
        assert packed["Content-Encoding"] == "br", url
        assert "Accept-Encoding" in packed["Vary"], url
        assert brotli.decompress(packed.content) == plain.content, url
        assert packed["Content-Length"] == str(len(packed.content)), url
        assert len(packed.content) < len(client.get(url, **GZIP).content), url


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "br"),
        ("BR", "br"),
        ("identity", None),
        ("br;q=junk, gzip", "gzip"),
    ],
)
def test_the_coding_follows_accept_encoding(client, story, accept, coding):
    response = client.get(story.get_absolute_url(), HTTP_ACCEPT_ENCODING=accept)
    assert response.get("Content-Encoding") == coding


def test_brotli_keeps_the_etag_usable(client, story):
    """A Brotli page's ETag is weak, and revalidating with it answers 304."""
    url = reverse("articles:front")
    response = client.get(url, **BROTLI)
    assert response["ETag"].startswith('W/"')
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **BROTLI)
    assert again.status_code == 304


def test_pages_with_a_secret_are_not_brotli_either(admin_client, client, story):
    response = client.get(reverse("admin:login"), **BROTLI)
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")
    response = admin_client.get(story.get_absolute_url(), **BROTLI)
    assert not response.has_header("Content-Encoding")


def test_static_files_are_precompressed_with_brotli(tmp_path):
    """collectstatic's whitenoise storage writes a .br beside each text file."""
    from whitenoise.compress import Compressor

    source = tmp_path / "site.css"
    source.write_text("body { color: black; }\n" * 200)
    compressor = Compressor(quiet=True)
    assert compressor.use_brotli
    written = list(compressor.compress(str(source)))
    assert str(source) + ".br" in written
    packed = (tmp_path / "site.css.br").read_bytes()
    assert brotli.decompress(packed) == source.read_bytes()


def test_images_are_not_recompressed(client):
    photo = make_photo()
    response = client.get(photo.image.url, **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_media_files_have_long_cache_control_etag_and_304(client):
    """/media/ files: a year's Cache-Control, an ETag, and 304 on revalidation."""
    photo = make_photo()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert "max-age=31536000" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert response.has_header("Last-Modified")
    again = client.get(photo.image.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    since = client.get(
        photo.image.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304
    assert client.get("/media/no/such/file.jpg").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


def test_last_modified_is_the_contents_own_time(client, story):
    """A story page, the front page and a tag page say when the content changed."""
    changed = timezone.now() - timedelta(days=3)
    Article.objects.update(
        modified_at=changed - timedelta(days=1),
        published_at=changed - timedelta(days=2),
    )
    Article.objects.filter(pk=story.pk).update(
        modified_at=changed, published_at=changed - timedelta(days=1)
    )
    expected = http_date(changed.timestamp())
    for url in (
        story.get_absolute_url(),
        reverse("articles:front"),
        reverse("articles:tag", kwargs={"slug": "politics"}),
    ):
        response = client.get(url)
        assert response["Last-Modified"] == expected, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=expected).status_code == 304


def test_cached_pages_keep_the_contents_time_and_compress(client, story, settings):
    """With the page cache on, a hit is compressed too and keeps Last-Modified."""
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    url = story.get_absolute_url()
    first = client.get(url, **GZIP)
    hit = client.get(url, **GZIP)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert hit["Last-Modified"] == first["Last-Modified"]
    assert client.get(url, **BROTLI)["Content-Encoding"] == "br"
    story.refresh_from_db()
    assert first["Last-Modified"] == http_date(story.modified_at.timestamp())
    cache.clear()


def test_person_page_last_modified_is_their_latest_change(client, story):
    """A person's page: the newer of their own last edit and their stories'."""
    person = make_person("Aun Chhengpor")
    Byline.objects.create(article=story, person=person)
    old = timezone.now() - timedelta(days=10)
    Person.objects.filter(pk=person.pk).update(modified_at=old)
    Article.objects.filter(pk=story.pk).update(
        modified_at=old + timedelta(days=1), published_at=old
    )
    response = client.get(person.get_absolute_url())
    assert response["Last-Modified"] == http_date((old + timedelta(days=1)).timestamp())
