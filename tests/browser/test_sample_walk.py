"""The walk issue 3 promises, on the sample newsroom exactly as ./dev serve loads it."""

import shutil

import pytest
from django.conf import settings

from articles.models import Article
from tests.browser.conftest import wait_until
from tests.browser.test_reader_walk import PHONE, scroll_width, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def sample_with_media(sample_newsroom, media_root):
    """The sample newsroom with its photo file in the test's media folder."""
    shutil.copytree(settings.BASE_DIR / "media" / "sample", media_root / "sample")


def broken_images(page):
    return page.evaluate(
        """() => [...document.images]
            .filter(img => img.complete && img.naturalWidth === 0)
            .map(img => img.currentSrc || img.src)"""
    )


def test_reader_walks_the_sample_newsroom(
    live_server, chromium, axe, sample_with_media
):
    """Front page → 2019 story with the 2017 one beside it → Sok Eysan's quotes."""
    story_2019 = Article.objects.get(slug__startswith="trump-letter")
    story_2017 = Article.objects.get(slug__startswith="us-renews-call")
    page = chromium.new_page(viewport=PHONE)

    page.goto(live_server.url + "/")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("link", name=story_2019.headline).first.click()
    page.wait_for_url(f"**{story_2019.get_absolute_url()}")
    assert page.locator("h1").inner_text() == story_2019.headline
    related = page.locator(".related")
    assert related.get_by_role("link", name=story_2017.headline).is_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert serious_violations(axe, page) == []

    related.get_by_role("link", name=story_2017.headline).click()
    page.wait_for_url(f"**{story_2017.get_absolute_url()}")
    wait_until(page, "() => document.querySelector('.lead-photo img').complete")
    caption = page.locator(".lead-photo figcaption").text_content()
    assert "Aun Chhengpor/VOA Khmer" in caption
    assert broken_images(page) == []

    page.go_back()
    page.locator(".story-people").get_by_role("link", name="Sok Eysan").click()
    page.wait_for_url("**/people/sok-eysan/")
    quotes = page.locator(".quote-list").inner_text()
    assert "The ship has departed from the pier" in quotes  # 2017
    assert "It's just a reminder to go deeper" in quotes  # 2019
    assert scroll_width(page) <= PHONE["width"]
    assert serious_violations(axe, page) == []


def test_phone_layout_never_scrolls_sideways(live_server, chromium, sample_with_media):
    """Every page type fits a 360 px phone, including search and the 404 page."""
    page = chromium.new_page(viewport=PHONE)
    paths = [
        "/",
        Article.objects.get(slug__startswith="us-renews-call").get_absolute_url(),
        "/people/patrick-murphy/",
        "/tags/cambodia/",
        "/search/?q=Sok+Eysan",
        "/quotes/?speaker=Trump",
        "/quotes/1/",
        "/stories/no-such-story/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert scroll_width(page) <= PHONE["width"], path
        assert broken_images(page) == [], path
