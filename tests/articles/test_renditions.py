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


def rendition_files(photo):
    """Names of the stored renditions of ``photo``, whatever made them."""
    from imagekit.cachefiles import ImageCacheFile

    from images.renditions import Rendition

    names = []
    for width in RENDITION_WIDTHS:
        if width < photo.width:
            file = ImageCacheFile(Rendition(photo.image, width))
            if default_storage.exists(file.name):
                names.append(file.name)
    return names


def test_big_photo_renditions_made_at_upload_not_on_first_request(admin_client):
    """Uploading through the admin leaves every rendition on disk before any reader."""
    from django.urls import reverse

    from articles.models import Photo

    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": image_file("wide.jpg", size=(2000, 1000)),
            "alt_text": "Alt",
            "caption": "",
            "credit": "",
            "tags": "",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert len(rendition_files(photo)) == len(RENDITION_WIDTHS)


def test_make_renditions_command_fills_in_missing_ones():
    """``manage.py make_renditions`` prepares photos that bypassed the admin."""
    from django.core.management import call_command

    photo = make_photo(image=image_file(size=(1000, 500)))
    assert rendition_files(photo) == []

    call_command("make_renditions", verbosity=0)

    assert len(rendition_files(photo)) == 3  # 320, 640 and 960


def test_jpeg_is_decoded_at_reduced_scale_for_small_renditions():
    """A big JPEG is drafted at a DCT scale, never below the rendition width."""
    from images.renditions import DecodeAtScale

    upload = image_file(size=(4000, 3000))
    with Image.open(upload) as img:
        drafted = DecodeAtScale(640).process(img)
        img.load()
        assert drafted.size == (1000, 750)  # 1/4 scale, still wider than 640


def test_png_is_reduced_before_the_resize():
    """Other formats are shrunk by a whole factor keeping twice the width."""
    from images.renditions import DecodeAtScale

    upload = image_file("big.png", size=(4000, 3000), fmt="PNG")
    with Image.open(upload) as img:
        assert DecodeAtScale(640).process(img).size == (1334, 1000)
