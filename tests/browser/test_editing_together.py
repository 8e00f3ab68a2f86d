"""
Two people on one story in two Chromium contexts: they see each other, an
editor takes the story over with a note, and a tab closed mid-sentence gives
back every word, none of it in the story's history.
"""

import time

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline
from editing.models import Autosave
from tests.browser.conftest import wait_until
from tests.browser.test_desk_day import sign_in, staff, type_body
from tests.factories import make_article, make_person

pytestmark = pytest.mark.browser


@pytest.fixture
def quick(settings):
    """Heartbeats and autosaves every second, so the test waits little."""
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 1
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1


def change_url(base, story):
    return base + reverse("admin:articles_article_change", args=[story.pk])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_see_each_other_and_an_editor_takes_over(
    live_server, chromium, quick, axe
):
    """The second is warned before typing; the first sees them; takeover tells."""
    base = live_server.url
    reporter = staff("sokha", "Reporter", "Sokha", "Chan")
    staff("dara", "Editor", "Dara", "Keo")
    story = make_article("Counting goes on", published=False)
    Byline.objects.create(
        article=story, person=make_person("Sokha Chan", user=reporter), position=0
    )

    writer, writer_errors = sign_in(chromium, base, "sokha")
    writer.goto(change_url(base, story))
    wait_until(writer, "() => document.getElementById('story-presence') !== null")

    desk, desk_errors = sign_in(chromium, base, "dara")
    desk.goto(change_url(base, story))
    # Warned before the first keystroke: a modal dialog naming who is there.
    dialog = desk.locator("#story-in-use")
    dialog.wait_for(state="visible")
    assert "Sokha Chan" in dialog.inner_text()
    assert desk.evaluate("() => document.getElementById('story-in-use').open")
    assert desk.evaluate(
        "() => document.getElementById('story-in-use').contains(document.activeElement)"
    )
    results = axe.run(desk, context="#story-in-use")
    assert [
        v["id"]
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ] == []
    # The writer sees the editor arrive on their next heartbeat.
    wait_until(
        writer,
        "() => document.getElementById('story-presence').textContent"
        ".includes('Dara Keo')",
    )
    assert not writer.locator("#story-in-use").is_visible()

    # The writer is mid-sentence when the editor takes over.
    writer.fill("#id_deck", "Votes are still being counted in")
    # Takeover: the editor writes a note; the writer's form shows it.
    desk.fill("#story-take-over-note", "ការរាប់សន្លឹកឆ្នោតចប់ហើយ, I finish it")
    desk.click("#story-in-use .take-over-button")
    dialog.wait_for(state="hidden")
    banner = writer.locator("#story-taken-over")
    banner.wait_for(state="visible")
    assert "Dara Keo" in banner.inner_text()
    assert "ការរាប់សន្លឹកឆ្នោតចប់ហើយ, I finish it" in banner.inner_text()
    # The writer's unsaved words are kept as their autosave.
    deadline = time.monotonic() + 15
    while ["deck", "Votes are still being counted in"] not in [
        pair for draft in Autosave.objects.filter(user=reporter) for pair in draft.data
    ]:
        assert time.monotonic() < deadline, "The writer's words were not kept."
        time.sleep(0.1)
    # The editor saves; the writer's save is then refused by the stale-save rule.
    desk.fill("#id_deck", "Counting is over")
    desk.click("input[name=_save]")
    desk.wait_for_url(f"{base}/admin/articles/article/")
    writer.click("input[name=_save]")
    writer.locator(".errornote, .errorlist").first.wait_for()
    assert "Dara Keo saved this story" in writer.content()
    assert writer.input_value("#id_deck") == "Votes are still being counted in"
    story.refresh_from_db()
    assert story.deck == "Counting is over"

    # Leaving says goodbye: the editor, back on the story, no longer sees the writer.
    desk.goto(change_url(base, story))
    dialog.wait_for(state="visible")
    desk.click("#story-in-use .continue")
    writer.close(run_before_unload=True)
    wait_until(desk, "() => document.getElementById('story-presence').hidden")
    assert writer_errors == [] and desk_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tab_closed_mid_sentence_gives_back_every_word(
    live_server, chromium, settings
):
    """Closed without saving, reopened: the draft is offered, restored, saved."""
    # No timer to help: only the beacon sent as the page goes can keep the words.
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    base = live_server.url
    editor = staff("dara", "Editor", "Dara", "Keo")
    story = make_article("Results tonight", body="<p>Polls closed.</p>")
    versions = Version.objects.get_for_object(story).count()

    page, errors = sign_in(chromium, base, "dara")
    page.goto(change_url(base, story))
    wait_until(page, "() => !!document.querySelector('.ProseMirror[contenteditable]')")
    page.fill("#id_headline", "Results tonight in ភ្នំពេញ")
    # An inline row added and typed into is part of the draft too.
    page.click("#notes-group .add-row a")
    page.fill("#id_notes-0-text", "Turnout figures updated")
    sentence = " The count in ភ្នំពេញ\u200bរាជធានី starts at"
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(sentence)
    page.close(run_before_unload=True)

    # The beacon on the way out kept the draft (it may land a moment later).
    deadline = time.monotonic() + 15
    while not any(
        sentence.strip() in value
        for draft in Autosave.objects.filter(user=editor, article=story)
        for _name, value in draft.data
    ):
        assert time.monotonic() < deadline, "No draft with the last words was kept."
        time.sleep(0.1)
    assert Version.objects.get_for_object(story).count() == versions

    again, again_errors = sign_in(chromium, base, "dara")
    again.goto(change_url(base, story))
    offer = again.locator("#story-autosave-offer")
    offer.wait_for(state="visible")
    assert "ភ្នំពេញ" in offer.inner_text()
    assert again.locator("#story-autosave-offer ins").count() >= 1
    again.click("#story-autosave-offer .restore")
    assert again.input_value("#id_headline") == "Results tonight in ភ្នំពេញ"
    body = again.locator(".ProseMirror[contenteditable=true]").inner_text()
    assert "The count in ភ្នំពេញ\u200bរាជធានី starts at" in body
    assert again.input_value("#id_notes-0-text") == "Turnout figures updated"
    again.click("input[name=_save]")
    again.wait_for_url(f"{base}/admin/articles/article/")
    story.refresh_from_db()
    assert story.headline == "Results tonight in ភ្នំពេញ"
    assert "The count in ភ្នំពេញ\u200bរាជធានី starts at" in story.body
    assert [note.text for note in story.notes.all()] == ["Turnout figures updated"]
    # History holds the one deliberate save, no autosave; the draft is gone.
    assert Version.objects.get_for_object(story).count() == versions + 1
    assert not Autosave.objects.filter(user=editor).exists()
    assert Article.objects.count() == 1
    assert errors == [] and again_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_story_closed_unsaved_is_offered_on_the_next_add(
    live_server, chromium, settings
):
    """An add form closed before its first save comes back on the next “Add story”."""
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    base = live_server.url
    editor = staff("dara", "Editor", "Dara", "Keo")
    add_url = base + reverse("admin:articles_article_add")
    page, errors = sign_in(chromium, base, "dara")
    page.goto(add_url)
    wait_until(page, "() => !!document.querySelector('.ProseMirror[contenteditable]')")
    page.fill("#id_headline", "សភាអនុម័តច្បាប់ថ្មី")
    type_body(page, "Lawmakers voted late at night, 91 to")
    # Another page in the same browser (localStorage is the context's).
    keep = page.context.new_page()
    page.close(run_before_unload=True)

    deadline = time.monotonic() + 15
    while not Autosave.objects.filter(user=editor, article=None).exists():
        assert time.monotonic() < deadline, "No draft of the new story was kept."
        time.sleep(0.1)
    keep.goto(add_url)
    offer = keep.locator("#story-autosave-offer")
    offer.wait_for(state="visible")
    keep.click("#story-autosave-offer .restore")
    assert keep.input_value("#id_headline") == "សភាអនុម័តច្បាប់ថ្មី"
    body = keep.locator(".ProseMirror[contenteditable=true]").inner_text()
    assert "Lawmakers voted late at night, 91 to" in body
    keep.click("input[name=_save]")
    keep.wait_for_url(f"{base}/admin/articles/article/")
    story = Article.objects.get()
    assert "Lawmakers voted late at night, 91 to" in story.body
    assert not Autosave.objects.exists()
    assert errors == []
