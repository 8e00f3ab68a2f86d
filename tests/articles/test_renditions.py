import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from PIL import Image

from images.renditions import RENDITION_WIDTHS, image_sources
from tests.factories import image_file, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rendition_state():
    """Imagekit remembers which renditions exist; each test has new media."""
    cache.clear()
    yield
    cache.clear()


def test_large_photo_gets_every_rendition(django_assert_num_queries):
    """A wide photo is offered at every rendition width, none wider than asked."""
    photo = make_photo(image=image_file(size=(2400, 1200)))

    with django_assert_num_queries(0):
        src, srcset = image_sources(photo)

    candidates = [entry.rsplit(" ", 1) for entry in srcset.split(", ")]
    assert [int(w[:-1]) for _, w in candidates] == list(RENDITION_WIDTHS)
    assert src == candidates[-1][0]
    for url, width in candidates:
        name = url.removeprefix("/media/")
        with default_storage.open(name) as f, Image.open(f) as image:
            assert image.size == (int(width[:-1]), int(width[:-1]) // 2)


def test_small_photo_offers_the_original_as_widest():
    """Renditions never upscale: the original closes the srcset."""
    photo = make_photo(image=image_file(size=(800, 600)))

    src, srcset = image_sources(photo)

    assert srcset.endswith(f"{photo.image.url} 800w")
    assert "320w" in srcset and "640w" in srcset and "960w" not in srcset
    assert src == photo.image.url


def test_tiny_photo_has_no_srcset():
    """A photo narrower than the smallest rendition is used as it is."""
    photo = make_photo(image=image_file(size=(64, 48)))

    assert image_sources(photo) == (photo.image.url, "")


def test_missing_source_falls_back_to_the_original():
    """A photo whose file has gone does not break the page."""
    photo = make_photo(image=image_file(size=(1000, 500)))
    default_storage.delete(photo.image.name)

    assert image_sources(photo) == (photo.image.url, "")


def test_story_page_serves_srcset_with_sizes(client):
    """The story's lead photo carries srcset, sizes, width and height."""
    from tests.factories import make_article

    photo = make_photo(image=image_file(size=(1600, 900)))
    article = make_article(lead_photo=photo)

    content = client.get(article.get_absolute_url()).content.decode()

    assert 'srcset="' in content and 'sizes="' in content
    assert 'width="1600" height="900"' in content
    assert "960w" in content


def test_sources_are_remembered_per_worker(monkeypatch):
    """Once worked out, a photo's sources cost no cache or storage lookup."""
    photo = make_photo(image=image_file(size=(1000, 500)))
    first = image_sources(photo)

    def no_lookup(*args, **kwargs):
        raise AssertionError("looked up again")

    monkeypatch.setattr(cache, "get", no_lookup)
    monkeypatch.setattr(default_storage, "exists", no_lookup)

    assert image_sources(photo) == first
    assert "640w" in first[1]
