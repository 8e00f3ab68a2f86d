from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Byline, Mention, Quote
from tests.browser.conftest import wait_until
from tests.factories import image_file, make_article, make_person, make_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def build_newsroom():
    """Two related stories with a photo, a writer and a speaker quoted in both."""
    writer = make_person("Neou Vannarin", is_staff=True, title="Reporter")
    speaker = make_person(
        "Sok Eysan", title="Spokesman", affiliation="Cambodian People’s Party"
    )
    older = make_article(
        "Cambodia’s ruling party rejects US criticism of opposition crackdown",
        published_at=timezone.now() - timedelta(days=700),
        tags=["Cambodia", "United States"],
        lead_photo=make_photo(
            image=image_file(size=(1600, 1000), color=(60, 90, 120)),
            caption="Supporters gather in Phnom Penh.",
            credit="VOA Khmer",
        ),
    )
    newer = make_article(
        "Internationally-recognised-unbreakable-compound-headline-words test story",
        deck="A long deck that should wrap nicely on a small phone screen, "
        "whatever the words in it.",
        dateline="PHNOM PENH",
        body="<p>" + "Body text of the story. " * 60 + "</p>"
        "<p>https://example.org/a-very-long-link-without-any-spaces-at-all-0123456789</p>",
        tags=["Cambodia", "United States", "Diplomacy"],
        lead_photo=make_photo(
            image=image_file(size=(2000, 1200)),
            caption="Officials meet in Phnom Penh.",
            credit="Aun Chhengpor/VOA Khmer",
        ),
    )
    newer.related.add(older)
    Byline.objects.create(article=newer, person=writer)
    for article, title, text in (
        (older, "CPP spokesman", "The United States should respect our laws."),
        (newer, "Senator and CPP spokesman", "We want good relations with all."),
    ):
        Mention.objects.create(article=article, person=speaker)
        Quote.objects.create(
            article=article,
            speaker=speaker,
            speaker_title=title,
            text=text,
            is_pull_quote=True,
        )
    return newer, older, speaker


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def serious_violations(axe, page):
    results = axe.run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_reader_walks_from_front_page_to_story_to_person(live_server, chromium, axe):
    """A phone reader follows a story and a person without sideways scrolling."""
    newer, older, speaker = build_newsroom()
    page = chromium.new_page(viewport=PHONE)

    page.goto(live_server.url + "/")
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
    assert scroll_width(page) <= PHONE["width"]
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name=newer.headline).first.click()
    page.wait_for_url(f"**{newer.get_absolute_url()}")
    assert page.locator("h1").inner_text() == newer.headline
    lead = page.locator(".lead-photo img")
    lead.scroll_into_view_if_needed()
    wait_until(page, "() => document.querySelector('.lead-photo img').complete")
    assert lead.evaluate("img => img.naturalWidth") > 0
    assert page.locator(".related").get_by_text(older.headline).is_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert serious_violations(axe, page) == []

    page.locator(".story-people").get_by_role("link", name="Sok Eysan").click()
    page.wait_for_url(f"**{speaker.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Sok Eysan"
    quotes = page.locator(".quote-list").inner_text()
    assert "We want good relations with all." in quotes
    assert "The United States should respect our laws." in quotes
    assert scroll_width(page) <= PHONE["width"]
    assert serious_violations(axe, page) == []


def test_desktop_pages_have_no_serious_accessibility_violations(
    live_server, chromium, axe
):
    """At desktop width, tag and quote pages pass axe-core too."""
    newer, older, speaker = build_newsroom()
    page = chromium.new_page(viewport=DESKTOP)

    for path in (
        "/",
        newer.get_absolute_url(),
        "/tags/cambodia/",
        speaker.quotes.first().get_absolute_url(),
        "/no-such-page/",
    ):
        page.goto(live_server.url + path)
        assert scroll_width(page) <= DESKTOP["width"], path
        assert serious_violations(axe, page) == [], path
