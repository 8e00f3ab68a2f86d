"""A reader switches a story between its English and Khmer versions (issue 19)."""

import pytest

from tests.browser.test_reader_walk import PHONE, serious_violations
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KHMER_NAME = "\u1781\u17d2\u1798\u17c2\u179a"  # ខ្មែរ


def test_reader_switches_to_khmer_and_back(live_server, chromium, axe):
    """The switch names Khmer in Khmer, leads to the Khmer page and back, accessibly."""
    source = make_article("Mekong talks resume", slug="mekong-talks", language="en")
    translation = make_article(
        "Mekong talks (Khmer)",
        slug="mekong-talks-km",
        language="km",
        translation_of=source,
    )
    page = chromium.new_page(viewport=PHONE)
    page.goto(live_server.url + source.get_absolute_url())
    assert serious_violations(axe, page) == []

    switch = page.locator("nav.language-switch a")
    assert switch.count() == 1
    assert switch.inner_text() == KHMER_NAME
    assert switch.get_attribute("lang") == "km"
    switch.click()
    page.wait_for_url(f"**{translation.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator("nav.language-switch a", has_text="English").click()
    page.wait_for_url(f"**{source.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Mekong talks resume"
