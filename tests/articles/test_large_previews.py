"""
Large image previews: a story's JSON-LD offers its lead photo in 16:9, 4:3 and
1:1, each cut around the focal point, and every public page allows large
previews (``max-image-preview:large``).
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.structured_data import article_json_ld
from images import renditions
from tests.factories import image_file, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

SIZE = (2400, 1600)
FOCAL = (0.55, 0.45)
MARK = 40


def marked_photo(focal=FOCAL, size=SIZE):
    """A grey photo with a red square at ``focal``."""
    image = Image.new("RGB", size, (128, 128, 128))
    x, y = round(focal[0] * size[0]), round(focal[1] * size[1])
    ImageDraw.Draw(image).rectangle(
        (x - MARK // 2, y - MARK // 2, x + MARK // 2, y + MARK // 2), fill=(255, 0, 0)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    upload = SimpleUploadedFile("marked.jpg", buffer.getvalue(), "image/jpeg")
    return make_photo(image=upload, focal_x=focal[0], focal_y=focal[1])


def red_centre(path):
    """The centre of the red pixels, as fractions of the width and height."""
    image = Image.open(path).convert("RGB")
    points = [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if (pixel := image.getpixel((x, y)))[0] > 200 and pixel[1] < 80
    ]
    assert points
    xs, ys = zip(*points, strict=True)
    return (
        (sum(xs) / len(xs)) / image.width,
        (sum(ys) / len(ys)) / image.height,
        image.size,
    )


def media_path(url):
    return Path(settings.MEDIA_ROOT) / url.removeprefix(
        "http://testserver" + settings.MEDIA_URL
    )


def test_json_ld_offers_three_ratios_centred_on_the_focal_point():
    story = make_article("Pictured", lead_photo=marked_photo())
    images = article_json_ld(story)["image"]
    assert [round(i["width"] / i["height"], 2) for i in images] == [1.78, 1.33, 1.0]
    for image in images:
        assert image["url"] == image["contentUrl"]
        assert image["url"].startswith("http://testserver/media/")
        x, y, size = red_centre(media_path(image["url"]))
        # The file is the size the JSON-LD gives.
        assert size == (image["width"], image["height"])
        assert image["width"] <= renditions.PREVIEW_WIDTH
        # 16:9 keeps the full width and crops the height; 4:3 and 1:1 keep
        # the height and crop the width: on the cropped side the focal point is
        # the centre, on the other it stays where it is in the photo.
        if image["width"] / image["height"] > SIZE[0] / SIZE[1]:
            assert x == pytest.approx(FOCAL[0], abs=0.01)
            assert y == pytest.approx(0.5, abs=0.01)
        else:
            assert x == pytest.approx(0.5, abs=0.01)
            assert y == pytest.approx(FOCAL[1], abs=0.01)


def test_a_focal_point_near_the_edge_stays_in_every_crop():
    story = make_article("Edge", lead_photo=marked_photo(focal=(0.97, 0.05)))
    for image in article_json_ld(story)["image"]:
        x, y, _ = red_centre(media_path(image["url"]))
        assert x > 0.9 and y < 0.15


def test_a_new_focal_point_gives_new_crops():
    photo = marked_photo()
    story = make_article("Moved", lead_photo=photo)
    before = [i["url"] for i in article_json_ld(story)["image"]]
    photo.focal_x, photo.focal_y = 0.2, 0.8
    photo.save()
    story.refresh_from_db()
    after = [i["url"] for i in article_json_ld(story)["image"]]
    assert not set(before) & set(after)


def test_each_crop_keeps_the_photos_credit_and_creator():
    photographer = make_person("Tum Malis")
    photo = marked_photo()
    photo.photographer = photographer
    photo.credit = "Tum Malis/VOA Khmer"
    photo.save()
    images = article_json_ld(make_article("Credited", lead_photo=photo))["image"]
    assert len(images) == 3
    for image in images:
        assert image["@type"] == "ImageObject"
        assert image["creditText"] == "Tum Malis/VOA Khmer"
        assert [c["name"] for c in image["creator"]] == ["Tum Malis"]
        assert image["caption"] == photo.caption


def test_the_crops_are_made_at_upload():
    photo = marked_photo()
    renditions.prepare_renditions(photo)
    for ratio in renditions.PREVIEW_RATIOS:
        file = renditions.cropped_image(
            photo, renditions.PREVIEW_WIDTH, ratio[0] / ratio[1]
        )
        assert file.storage.exists(file.name)


def test_a_small_photo_is_not_upscaled():
    photo = make_photo(image=image_file(size=(64, 48)))
    story = make_article("Small", lead_photo=photo)
    sizes = [(i["width"], i["height"]) for i in article_json_ld(story)["image"]]
    assert sizes == [(64, 36), (64, 48), (48, 48)]


def test_every_public_page_allows_large_previews(client):
    story = make_article("Open", tags=["open"], lead_photo=make_photo())
    person = make_person("Reporter")
    pages = [
        reverse("articles:front"),
        story.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "open"}),
        person.get_absolute_url(),
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert '<meta name="robots" content="max-image-preview:large">' in html, path
        blocks = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        assert all(json.loads(block) for block in blocks)
