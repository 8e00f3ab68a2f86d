"""Photo uploads: metadata prefill, files kept across form errors, focal points."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.admin.photos import PENDING_DIR
from articles.models import Photo
from images.renditions import cropped_image, focal_crop_box, object_position
from tests.articles.photo_files import agency_jpeg
from tests.factories import image_file, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_photo_add")

AGENCY_IPTC = [
    (120, "Ambassador Patrick Murphy speaks in Phnom Penh."),
    (110, "VOA Khmer"),
    (80, "Aun Chhengpor"),
    (55, "20171213"),
    (25, "Cambodia"),
    (25, "Diplomacy"),
]


def form_values(response):
    """The values the re-rendered form would send back, as a browser would."""
    from tests.articles.adminform import change_form_data

    return change_form_data(response)


def test_metadata_fills_empty_fields_for_the_editor_to_confirm(admin_client):
    """IPTC and XMP fill caption, credit, photographer, date and keywords."""
    photographer = make_person("Aun Chhengpor", is_staff=True)
    upload = agency_jpeg(
        iptc=AGENCY_IPTC,
        caption="XMP caption loses to IPTC",
        keywords=["From XMP"],
    )
    response = admin_client.post(
        ADD_URL, {"image": upload, "alt_text": "The ambassador at a lectern"}
    )
    assert response.status_code == 200
    assert not Photo.objects.exists()
    page = response.content.decode()
    assert "Filled from the file&#x27;s metadata" in page
    form = response.context["adminform"].form
    assert form["caption"].value() == "Ambassador Patrick Murphy speaks in Phnom Penh."
    assert form["credit"].value() == "VOA Khmer"
    assert str(form["photographer"].value()) == str(photographer.pk)
    assert form["taken_on"].value() == "2017-12-13"
    assert form["tags"].value() == "Cambodia, Diplomacy"
    assert form["upload_token"].value()

    # The editor confirms: the same form, sent again without choosing the file.
    data = form_values(response)
    assert admin_client.post(ADD_URL, data).status_code == 302
    photo = Photo.objects.get()
    assert photo.caption == "Ambassador Patrick Murphy speaks in Phnom Penh."
    assert photo.credit == "VOA Khmer"
    assert photo.photographer == photographer
    assert photo.taken_on == date(2017, 12, 13)
    assert sorted(photo.tags.names()) == ["Cambodia", "Diplomacy"]
    assert (photo.width, photo.height) == (80, 60)
    assert not default_storage.listdir(PENDING_DIR)[1]


def test_xmp_alone_is_read(admin_client):
    """A file with only XMP fills the fields too; a typed caption is kept."""
    upload = agency_jpeg(
        caption="From XMP", credit="Reuters", date="2019-11-15T08:00:00"
    )
    response = admin_client.post(
        ADD_URL, {"image": upload, "alt_text": "Alt", "caption": "Typed by hand"}
    )
    form = response.context["adminform"].form
    assert form["caption"].value() == "Typed by hand"
    assert form["credit"].value() == "Reuters"
    assert form["taken_on"].value() == "2019-11-15"


def test_a_form_error_keeps_the_chosen_file(admin_client):
    """After a missing alt text the file is not picked again; saving uses it."""
    upload = image_file("kept.jpg", size=(120, 90))
    response = admin_client.post(ADD_URL, {"image": upload, "caption": "No alt"})
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    page = response.content.decode()
    assert "Kept: kept.jpg" in page
    data = form_values(response)
    data["alt_text"] = "Now described"
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (120, 90)
    assert photo.image.name.startswith("photos/")


def test_a_forged_token_is_ignored(admin_client):
    """A token not signed by the site names no file."""
    response = admin_client.post(
        ADD_URL, {"alt_text": "Alt", "upload_token": "uploads/pending/secret"}
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()


def red_dot_photo(size, dot):
    """A grey photo with a red dot at pixel ``dot``."""
    image = Image.new("RGB", size, (128, 128, 128))
    x, y = dot
    for dx in range(-3, 4):
        for dy in range(-3, 4):
            image.putpixel((x + dx, y + dy), (255, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("dot.png", buffer.getvalue(), "image/png")


@pytest.mark.parametrize(
    ("size", "ratio", "focal"),
    [
        ((1200, 800), 1.0, (0.05, 0.5)),
        ((1200, 800), 1.0, (0.95, 0.1)),
        ((800, 1200), 1200 / 630, (0.5, 0.02)),
        ((800, 1200), 1200 / 630, (0.3, 0.97)),
        ((1000, 1000), 3 / 2, (0.5, 0.5)),
    ],
)
def test_focal_crop_box_keeps_the_point(size, ratio, focal):
    """The crop has the ratio, fits the image and holds the focal point."""
    width, height = size
    left, top, right, bottom = focal_crop_box(width, height, ratio, focal)
    assert 0 <= left < right <= width
    assert 0 <= top < bottom <= height
    assert abs((right - left) / (bottom - top) - ratio) < 0.01
    assert left <= focal[0] * width <= right
    assert top <= focal[1] * height <= bottom


def test_cropped_rendition_shows_the_focal_point():
    """A square crop of a wide photo keeps the red dot near its left edge."""
    photo = make_photo(
        image=red_dot_photo((600, 300), (40, 150)), focal_x=40 / 600, focal_y=0.5
    )
    crop = cropped_image(photo, 200, 1.0)
    crop.generate()
    with crop.storage.open(crop.name) as stored, Image.open(stored) as image:
        assert image.size == (200, 200)
        rgb = image.convert("RGB")
        reds = [
            (x, y)
            for x in range(200)
            for y in range(200)
            if rgb.getpixel((x, y))[0] > 200 and rgb.getpixel((x, y))[1] < 80
        ]
    assert reds, "the focal point was cropped away"
    # Without a focal point the centred crop loses it.
    photo.focal_x = photo.focal_y = None
    centred = cropped_image(photo, 200, 1.0)
    centred.generate()
    with centred.storage.open(centred.name) as stored, Image.open(stored) as image:
        rgb = image.convert("RGB")
        assert not any(
            rgb.getpixel((x, y))[0] > 200 and rgb.getpixel((x, y))[1] < 80
            for x in range(200)
            for y in range(200)
        )


def test_css_crops_follow_the_focal_point(client):
    """Cards cropped by CSS position the photo on its focal point."""
    photo = make_photo(focal_x=0.2, focal_y=0.75)
    assert object_position(photo) == "20.0% 75.0%"
    article = make_article("Focused", lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'style="object-position: 20.0% 75.0%"' in page


def test_focal_point_is_set_on_the_photo_form(admin_client):
    """The photo form offers the focal point with the clickable preview."""
    photo = make_photo()
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    page = admin_client.get(url)
    assert b"focal-point-picker" in page.content
    from tests.articles.adminform import change_form_data

    data = change_form_data(page, focal_x="0.25", focal_y="0.4")
    assert admin_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (0.25, 0.4)
