"""
An editor embargoes a story and kills another in Chromium; a reader sees the
embargoed one only at its release, and the killed one as a 410 with its note.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article, Note
from tests.browser.test_desk_day import sign_in, staff
from tests.factories import make_article

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data" / "khmer"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_embargoes_and_kills(live_server, chromium, settings):
    base = live_server.url
    staff("desk", "Editor", "Desk", "Editor")
    headline = json.loads((DATA / "01_vietnam_hotline.json").read_text())["headline"]
    held = make_article("Story to hold", published=False, status="review")
    doomed = make_article(headline, slug="story-to-kill", language="km")
    page, errors = sign_in(chromium, base, "desk")

    # Embargo: the button under the form, then the time, to the second.
    page.goto(f"{base}/admin/articles/article/{held.pk}/change/")
    page.click("input[name=_embargo]")
    page.wait_for_url(f"**/{held.pk}/embargo/")
    until = timezone.localtime() + timedelta(hours=2)
    page.fill("#id_until", f"{until:%Y-%m-%dT%H:%M:%S}")
    page.click("input[type=submit].default")
    page.wait_for_url(f"**/{held.pk}/change/")
    assert page.locator("input[name=_lift_embargo]").count() == 1
    held.refresh_from_db()
    assert held.is_embargoed
    reader = chromium.new_page()
    assert reader.goto(base + held.get_absolute_url()).status == 404
    page.goto(f"{base}/admin/")
    assert "Story to hold" in page.locator("#desk-embargoed").inner_text()

    # Kill: the confirmation asks for the note and the box.
    page.goto(f"{base}/admin/articles/article/{doomed.pk}/change/")
    page.click("input[name=_kill]")
    page.wait_for_url(f"**/{doomed.pk}/kill/")
    page.fill("#id_note", "ព័ត៌មានមិនត្រឹមត្រូវ: a court order.")
    page.click("input[type=submit].default")
    # Without the box ticked nothing happens.
    page.locator(".errorlist").first.wait_for()
    assert Article.objects.get(pk=doomed.pk).status == Article.Status.PUBLISHED
    page.check("#id_confirm")
    page.click("input[type=submit].default")
    page.wait_for_url(f"**/{doomed.pk}/change/")
    assert Article.objects.get(pk=doomed.pk).status == Article.Status.KILLED
    assert Note.objects.get(article=doomed).kind == Note.Kind.KILL
    gone = reader.goto(base + doomed.get_absolute_url())
    assert gone.status == 410
    assert "a court order" in reader.content()
    assert headline not in reader.content()
    page.goto(f"{base}/admin/")
    assert "a court order" in page.locator("#desk-corrections").inner_text()
    assert not errors
