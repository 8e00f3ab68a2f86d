import io
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from images.validators import MAX_UPLOAD_BYTES, validate_image_upload
from people.models import Person
from tests.factories import image_file, make_person

pytestmark = pytest.mark.django_db

PHOTO_ADD = reverse("admin:articles_photo_add")


def png_bomb(width=30000, height=30000):
    """A few hundred bytes of PNG whose header claims width × height pixels."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR starts after the 8-byte signature, 4-byte length and 4-byte type.
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def post_photo(client, image):
    return client.post(
        PHOTO_ADD,
        {"image": image, "alt_text": "Alt", "caption": "", "credit": "", "tags": ""},
    )


def form_errors(response):
    return " ".join(response.context["adminform"].form.errors.get("image", []))


def test_real_jpeg_is_accepted(admin_client):
    """A genuine JPEG uploads and gets its dimensions."""
    response = post_photo(admin_client, image_file("ok.jpg", size=(64, 48)))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (64, 48)


@pytest.mark.parametrize(
    "fmt,name", [("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")]
)
def test_other_allowed_formats(admin_client, fmt, name):
    """PNG, WebP and GIF are accepted too."""
    response = post_photo(admin_client, upload(name, image_bytes(fmt)))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_bomb(), "too large"),
        ("wide.png", png_bomb(40_001, 1000), "too large"),
        ("notes.jpg", b"Meeting notes, not a photo.\n" * 20, "not an image"),
        ("photo.jpg", image_bytes("PNG"), "really a PNG image"),
        ("photo.png", image_bytes("JPEG"), "really a JPEG image"),
        ("scan.jpg", image_bytes("TIFF"), "TIFF images are not accepted"),
        ("scan.bmp", image_bytes("BMP"), "“.bmp” files are not accepted"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "SVG images are not accepted",
        ),
        ("cut.jpg", image_bytes("JPEG", (400, 300))[:600], "not an image"),
    ],
    ids=[
        "bomb",
        "too-many-pixels",
        "text-as-jpg",
        "png-as-jpg",
        "jpg-as-png",
        "tiff",
        "bmp",
        "svg",
        "truncated",
    ],
)
def test_bad_uploads_get_a_clear_form_error(admin_client, name, content, message):
    """Each refused upload says why, and nothing is stored."""
    response = post_photo(admin_client, upload(name, content))
    assert response.status_code == 200
    assert message in form_errors(response)
    assert not Photo.objects.exists()


def test_oversized_file_is_refused_before_reading(admin_client):
    """A file above the size limit is refused from its size alone."""
    content = image_bytes("JPEG") + b"\0" * MAX_UPLOAD_BYTES
    response = post_photo(admin_client, upload("huge.jpg", content, "image/jpeg"))
    assert response.status_code == 200
    assert "images may be at most 15 MB" in form_errors(response)
    assert not Photo.objects.exists()


def test_bomb_is_refused_without_allocating_its_pixels():
    """Checking a 900-megapixel bomb stays within a few megabytes of memory."""
    bomb = upload("bomb.png", png_bomb())
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="too large"):
            validate_image_upload(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_model_validation_refuses_outside_the_admin():
    """full_clean() on a Photo applies the same checks (any ModelForm does)."""
    photo = Photo(image=upload("x.svg", b"<svg/>"), alt_text="Logo")
    with pytest.raises(ValidationError) as excinfo:
        photo.full_clean()
    assert "SVG" in str(excinfo.value.message_dict["image"])


def test_existing_photo_edits_do_not_recheck_stored_file(admin_client):
    """Editing a photo's caption leaves its stored image alone."""
    post_photo(admin_client, image_file("ok.jpg"))
    photo = Photo.objects.get()
    response = admin_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {"alt_text": "New alt", "caption": "New", "credit": "", "tags": ""},
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "New alt"


def test_portrait_uses_the_same_checks(admin_client):
    """A person's portrait is held to the photo rules."""
    person = make_person("Portrait Subject")
    url = reverse("admin:people_person_change", args=[person.pk])
    response = admin_client.post(
        url,
        {
            "name": person.name,
            "slug": person.slug,
            "portrait": upload("face.svg", b"<svg/>"),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["portrait"]
    assert "SVG images are not accepted" in " ".join(errors)
    assert not Person.objects.get(pk=person.pk).portrait
