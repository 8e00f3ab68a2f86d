"""
A day on the desk in Chromium: a Reporter writes and hands in, an Editor
reviews, publishes now and corrects, with no shell and no superuser.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Note
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password"


def staff(username, group, first, last):
    """A staff account in ``group``; the groups are rebuilt after earlier flushes."""
    roles = importlib.import_module("articles.migrations.0002_editorial_roles")
    for name, spec in (("Reporter", roles.REPORTER), ("Editor", roles.EDITOR)):
        made, _created = Group.objects.get_or_create(name=name)
        made.permissions.add(*roles.permissions_for(apps, spec))
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, first_name=first, last_name=last, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


class Clicks:
    """A page whose clicks are counted; typing into fields is not a click."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)


def sign_in(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Seven engineers share two cores: allow a slow save.
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page, errors


def type_body(page, text):
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type(text)


def boxes_overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_day_on_the_desk(live_server, chromium, settings):
    """Write, hand in, review, publish now and correct, all in the admin."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    base = live_server.url
    # A reporter whose account has no person yet: the first save makes one.
    staff("sreyneang", "Reporter", "Srey", "Neang")
    staff("desk", "Editor", "Desk", "Editor")

    # The reporter writes from the desk and hands the story in.
    page, reporter_errors = sign_in(chromium, base, "sreyneang")
    reporter = Clicks(page)
    assert page.locator("#desk-mine").is_visible()
    reporter.click("text=Write a story")
    page.fill("#id_headline", "Ministry answers on new land law")
    type_body(page, "The ministry said the law would be reviewed next month.")
    wait_until(
        page,
        "() => document.getElementById('story-length').textContent"
        ".startsWith('10 words · about 1 min')",
    )
    reporter.click("input[name=_submit_for_review]")
    page.wait_for_url(f"{base}/admin/")
    assert "handed in" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(slug="ministry-answers-on-new-land-law")
    assert article.status == Article.Status.REVIEW
    assert [b.person.name for b in article.bylines.all()] == ["Srey Neang"]
    assert reporter_errors == []

    # The editor finds it waiting for review, one click from the desk.
    page, editor_errors = sign_in(chromium, base, "desk")
    editor = Clicks(page)
    waiting = page.locator("#desk-review")
    assert "(1)" in waiting.locator("h2").inner_text()
    editor.click("#desk-review >> text=Ministry answers on new land law")
    page.wait_for_url(f"{base}/admin/articles/article/{article.pk}/change/")

    # The object tools sit clear of the title.
    title = page.locator("#content h1").bounding_box()
    for tool in page.locator(".object-tools li").all():
        assert not boxes_overlap(title, tool.bounding_box())
    # “View on site” of the unpublished story opens the staff preview.
    view_on_site = page.locator("a.viewsitelink").get_attribute("href")
    assert view_on_site.endswith(f"/admin/articles/article/{article.pk}/preview/")
    preview = page.context.new_page()
    preview.goto(base + view_on_site)
    banner = preview.locator(".preview-banner").inner_text()
    assert "Preview — not public." in banner
    assert "Ready for review" in banner
    preview.close()

    # The editor reviews, tightens the headline and publishes now.
    page.fill("#id_headline", "Ministry to review land law next month")
    editor.click("input[name=_publish_now]")
    page.wait_for_url(f"{base}/admin/articles/article/{article.pk}/change/")
    assert "is published" in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.is_public
    assert article.headline == "Ministry to review land law next month"
    story = page.context.new_page()
    story.goto(base + article.get_absolute_url())
    assert "Phnom Penh time" in story.locator(".story-dates").inner_text()
    story.close()

    # Later, a correction: a Note row on the story, saved.
    page.click(".inline-group#notes-group .add-row a")
    page.fill("#id_notes-0-text", "An earlier version misnamed the ministry.")
    editor.click("input[name=_save]")
    page.wait_for_url(f"{base}/admin/articles/article/")
    assert Note.objects.filter(article=article).count() == 1
    page.goto(f"{base}/admin/")
    assert (
        "Ministry to review land law" in page.locator("#desk-corrections").inner_text()
    )
    assert "Ministry to review land law" in page.locator("#desk-today").inner_text()
    public = page.context.new_page()
    public.goto(base + article.get_absolute_url())
    assert "misnamed the ministry" in public.locator(".story-notes").inner_text()
    assert editor_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_create_to_publish_clicks(live_server, chromium):
    """An editor goes from the desk to a published story in two clicks."""
    base = live_server.url
    staff("desk", "Editor", "Desk", "Editor")
    page, errors = sign_in(chromium, base, "desk")
    clicks = Clicks(page)
    clicks.click("text=Write a story")
    page.fill("#id_headline", "Two clicks to the front page")
    type_body(page, "Short and true.")
    clicks.click("input[name=_publish_now]")
    page.wait_for_url(f"{base}/admin/articles/article/*/change/")
    article = Article.objects.get(slug="two-clicks-to-the-front-page")
    assert article.is_public
    assert clicks.count == 2
    assert errors == []
