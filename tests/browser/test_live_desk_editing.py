"""
A live post being written on the live desk: two reporters on the desk see
each other, and a post typed then lost to a closed tab comes back word for
word (Khmer too) and is posted from the restored form.
"""

import time

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import publishing
from articles.models import Byline, LivePost
from editing.models import Autosave
from tests.browser.conftest import wait_until
from tests.browser.test_desk_day import sign_in, staff
from tests.factories import make_article, make_person

pytestmark = pytest.mark.browser

EDITOR = ".ProseMirror[contenteditable=true]"


def desk_url(base, story):
    return base + reverse("admin:articles_article_live", args=[story.pk])


def live_story(editor, *reporters):
    story = make_article("Election count, live")
    for position, (user, name) in enumerate(reporters):
        person = make_person(name, user=user)
        Byline.objects.create(article=story, person=person, position=position)
    publishing.start_live(story, editor)
    return story


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_post_typed_on_the_live_desk_survives_a_closed_tab(
    live_server, chromium, settings
):
    # No timer to help: only the beacon sent as the page goes keeps the words.
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 1
    base = live_server.url
    editor = staff("dara", "Editor", "Dara", "Keo")
    sokha = staff("sokha", "Reporter", "Sokha", "Chan")
    vanna = staff("vanna", "Reporter", "Vanna", "Lim")
    story = live_story(editor, (sokha, "Sokha Chan"), (vanna, "Vanna Lim"))

    page, errors = sign_in(chromium, base, "sokha")
    page.goto(desk_url(base, story))
    wait_until(page, f"() => !!document.querySelector('{EDITOR}')")
    # A colleague on the same desk is seen (the desk is a form of its own).
    other, other_errors = sign_in(chromium, base, "vanna")
    other.goto(desk_url(base, story))
    other.locator("#story-in-use").wait_for(state="visible")
    assert "Sokha Chan" in other.locator("#story-in-use").inner_text()
    other.click("#story-in-use .continue")
    wait_until(
        page,
        "() => document.getElementById('story-presence').textContent"
        ".includes('Vanna Lim')",
    )
    other.close()

    headline = "ការរាប់សន្លឹកឆ្នោត in ភ្នំពេញ"
    sentence = "The count in ភ្នំពេញ\u200bរាជធានី starts at"
    page.fill("#id_headline", headline)
    page.locator(EDITOR).click()
    page.keyboard.type(sentence)
    page.close(run_before_unload=True)

    deadline = time.monotonic() + 15
    while not any(
        sentence in value
        for draft in Autosave.objects.filter(user=sokha, article=story)
        for _name, value in draft.data
    ):
        assert time.monotonic() < deadline, "No draft with the last words was kept."
        time.sleep(0.1)
    assert Autosave.objects.get(user=sokha).form == "live-post"
    assert not LivePost.objects.exists()

    again, again_errors = sign_in(chromium, base, "sokha")
    again.goto(desk_url(base, story))
    offer = again.locator("#story-autosave-offer")
    offer.wait_for(state="visible")
    assert "ភ្នំពេញ" in offer.inner_text()
    again.click("#story-autosave-offer .restore")
    assert again.input_value("#id_headline") == headline
    assert sentence in again.locator(EDITOR).inner_text()
    again.click("input[name=_post]")
    wait_until(again, "() => document.querySelector('.messagelist') !== null")
    post = LivePost.objects.get()
    assert post.headline == headline
    assert sentence in post.body
    assert post.author.user == sokha
    # The post keeps its one deliberate revision; the draft went with the post.
    assert Version.objects.get_for_object(post).count() == 1
    assert not Autosave.objects.filter(user=sokha).exists()
    assert errors == [] and other_errors == [] and again_errors == []
