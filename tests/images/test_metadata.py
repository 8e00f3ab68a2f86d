"""Photos whose only metadata is IPTC, as many picture desks still send them."""

import pytest
from django.urls import reverse

from articles.models import Photo
from images.metadata import read_metadata
from tests.articles.adminform import change_form_data
from tests.articles.photo_files import iptc_only_jpeg

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_photo_add")

CAPTION = "Farmers bring in the rice harvest near Battambang."
RECORDS = [
    (120, CAPTION),
    (110, "VOA Khmer"),
    (25, "rice harvest"),
    (25, "Cambodia"),
    (25, "food security"),
]


def test_iptc_alone_is_read():
    """Without XMP, the IPTC caption, credit and each keyword dataset are read."""
    metadata = read_metadata(iptc_only_jpeg(iptc=RECORDS))
    assert metadata.caption == CAPTION
    assert metadata.credit == "VOA Khmer"
    assert metadata.keywords == ["rice harvest", "Cambodia", "food security"]


def test_iptc_after_padding_is_read():
    """Padding before the first dataset does not cost the caption."""
    metadata = read_metadata(iptc_only_jpeg(iptc=RECORDS, padding=b"\x00\x00"))
    assert metadata.caption == CAPTION
    assert metadata.keywords == ["rice harvest", "Cambodia", "food security"]


def test_an_iptc_only_upload_keeps_its_caption_and_whole_keywords(admin_client):
    """The caption reaches the saved photo, and each keyword is one tag."""
    response = admin_client.post(
        ADD_URL, {"image": iptc_only_jpeg(iptc=RECORDS), "alt_text": "A field"}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["caption"].value() == CAPTION
    assert admin_client.post(ADD_URL, change_form_data(response)).status_code == 302
    photo = Photo.objects.get()
    assert photo.caption == CAPTION
    assert photo.credit == "VOA Khmer"
    assert sorted(photo.tags.names()) == ["Cambodia", "food security", "rice harvest"]


def test_a_single_multi_word_keyword_stays_one_tag(admin_client):
    """One keyword with spaces in it is one tag, not one tag per word."""
    records = [(120, CAPTION), (25, "rice harvest")]
    response = admin_client.post(
        ADD_URL, {"image": iptc_only_jpeg(iptc=records), "alt_text": "A field"}
    )
    assert admin_client.post(ADD_URL, change_form_data(response)).status_code == 302
    assert list(Photo.objects.get().tags.names()) == ["rice harvest"]
