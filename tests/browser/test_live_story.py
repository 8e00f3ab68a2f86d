"""A reader's open live story learns of new posts and shows them on request."""

import pytest
from django.contrib.auth import get_user_model

from articles import publishing
from articles.models import LivePost
from tests.browser.conftest import wait_until
from tests.factories import make_article, make_person

pytestmark = pytest.mark.browser

NOTICE = ".live-new-posts"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_open_page_shows_new_post_notice_and_inserts_on_click(
    live_server, chromium, settings, axe
):
    """“1 new post” appears without a reload; clicking puts the post on top."""
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    editor = get_user_model().objects.create_superuser(
        "desk", "d@example.org", "pw-123456"
    )
    reporter = make_person("Sreng Sokha", is_staff=True)
    story = make_article("Election night, live")
    publishing.start_live(story, editor)
    LivePost.objects.create(
        article=story, author=reporter, headline="Polls close", body="<p>Closed.</p>"
    )
    errors = []
    page = chromium.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator("[data-live-post]").count() == 1
    assert page.locator(NOTICE).is_hidden()
    # The first poll has seen the page's state before the post is added.
    page.wait_for_timeout(1500)
    assert page.locator(NOTICE).is_hidden()

    post = LivePost.objects.create(
        article=story,
        author=reporter,
        headline="First results",
        body="<p>The count has begun in Phnom Penh.</p>",
        pinned=True,
    )
    wait_until(
        page,
        "() => { const b = document.querySelector('.live-new-posts');"
        " return b && !b.hidden && b.textContent === '1 new post'; }",
    )
    # Nothing moved under the reader: the post waits for the click.
    assert page.locator("[data-live-post]").count() == 1
    assert page.locator(".live-notice").get_attribute("aria-live") == "polite"

    page.click(NOTICE)
    first = page.locator("[data-live-posts] [data-live-post]").first
    assert first.get_attribute("data-live-post") == str(post.pk)
    assert "The count has begun" in first.inner_text()
    assert page.locator(NOTICE).is_hidden()
    key_events = page.locator("[data-live-key-events] li")
    assert key_events.count() == 1 and "First results" in key_events.inner_text()
    assert page.locator(".live-key-events").is_visible()

    results = axe.run(page)
    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    assert errors == []
