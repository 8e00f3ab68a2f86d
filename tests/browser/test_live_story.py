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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_desk_posts_from_the_live_desk_and_the_reader_sees_it(
    live_server, chromium, settings
):
    """The desk types a post in the prose editor; an open reader page offers it."""
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    editor = get_user_model().objects.create_superuser(
        "desk", "d@example.org", "pw-123456"
    )
    story = make_article("Verdict day, live")
    publishing.start_live(story, editor)
    errors = []
    reader = chromium.new_context().new_page()
    reader.on("pageerror", lambda error: errors.append(str(error)))
    reader.goto(live_server.url + story.get_absolute_url())
    assert reader.locator(".live-empty").count() == 1

    desk = chromium.new_context().new_page()
    desk.on("pageerror", lambda error: errors.append(str(error)))
    desk.goto(f"{live_server.url}/admin/login/")
    desk.fill("#id_username", "desk")
    desk.fill("#id_password", "pw-123456")
    desk.click("input[type=submit]")
    desk.goto(f"{live_server.url}/admin/articles/article/{story.pk}/live/")
    desk.fill("#id_headline", "Verdict read out")
    desk.locator(".ProseMirror[contenteditable=true]").click()
    desk.keyboard.type("The court found all three guilty.")
    desk.check("#id_pinned")
    desk.click("input[name=_post]")
    desk.wait_for_selector(".live-desk-posts >> text=Verdict read out")
    post = LivePost.objects.get(article=story)
    assert post.body == "<p>The court found all three guilty.</p>" and post.pinned

    wait_until(
        reader,
        "() => !document.querySelector('.live-new-posts').hidden",
    )
    reader.click(NOTICE)
    assert reader.locator(".live-empty").count() == 0
    assert "found all three guilty" in reader.locator("[data-live-post]").inner_text()
    assert errors == []
