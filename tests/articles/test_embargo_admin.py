"""Embargo and kill in the story admin: the pages, the buttons, the roles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Note
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def page_url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def press(client, article, button, **changes):
    page = client.get(change_url(article))
    assert page.status_code == 200
    data = change_form_data(page, **changes)
    data[button] = "1"
    return client.post(change_url(article), data)


def reporters_story(reporter, **fields):
    article = make_article(
        published=False, status=Article.Status.REVIEW, headline="Original", **fields
    )
    Byline.objects.create(article=article, person=reporter.person)
    return article


@pytest.mark.parametrize("button", ["_embargo", "_lift_embargo", "_kill"])
def test_reporter_forged_buttons_are_refused(reporter_client, reporter, button):
    article = reporters_story(reporter)
    response = press(reporter_client, article, button, headline="Forged")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert article.headline == "Original"


def test_reporter_forged_embargo_and_kill_pages_are_refused(reporter_client, reporter):
    article = reporters_story(reporter)
    until = timezone.localtime() + timedelta(hours=3)
    for name, data in (
        ("embargo", {"until": f"{until:%Y-%m-%dT%H:%M:%S}"}),
        ("kill", {"note": "Forged.", "confirm": "on"}),
    ):
        url = page_url(name, article)
        assert reporter_client.get(url).status_code == 403
        assert reporter_client.post(url, data).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert article.embargo_until is None


def test_reporter_cannot_set_an_embargo_in_the_form(reporter_client, reporter):
    article = reporters_story(reporter)
    page = reporter_client.get(change_url(article))
    until = timezone.localtime() + timedelta(hours=3)
    data = change_form_data(page)
    data["embargo_until_0"] = f"{until:%Y-%m-%d}"
    data["embargo_until_1"] = f"{until:%H:%M:%S}"
    data["embargo_until"] = f"{until:%Y-%m-%d %H:%M:%S}"
    reporter_client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.embargo_until is None


def test_nobody_kills_through_the_status_field(editor_client):
    article = make_article()
    page = editor_client.get(change_url(article))
    response = editor_client.post(
        change_url(article),
        change_form_data(page, status=Article.Status.KILLED),
    )
    assert response.status_code == 200
    assert "Kill story" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_editor_embargoes_through_the_embargo_page(editor_client):
    article = make_article(published=False, status=Article.Status.REVIEW)
    response = press(editor_client, article, "_embargo")
    assert response["Location"] == page_url("embargo", article)
    assert editor_client.get(page_url("embargo", article)).status_code == 200
    past = timezone.localtime() - timedelta(minutes=5)
    refused = editor_client.post(
        page_url("embargo", article), {"until": f"{past:%Y-%m-%dT%H:%M:%S}"}
    )
    assert refused.status_code == 200
    until = (timezone.localtime() + timedelta(hours=3)).replace(microsecond=0)
    done = editor_client.post(
        page_url("embargo", article), {"until": f"{until:%Y-%m-%dT%H:%M:%S}"}
    )
    assert done.status_code == 302
    article.refresh_from_db()
    assert article.is_embargoed
    assert article.embargo_until == until
    form = editor_client.get(change_url(article)).content.decode()
    assert 'name="_lift_embargo"' in form
    assert "Embargoed" in form
    lifted = press(editor_client, article, "_lift_embargo")
    assert lifted.status_code == 302
    article.refresh_from_db()
    assert article.is_public


def test_editor_kills_after_a_confirmation_with_a_note(editor_client):
    article = make_article("A story to withdraw")
    form = editor_client.get(change_url(article)).content.decode()
    assert 'name="_kill"' in form
    response = press(editor_client, article, "_kill")
    assert response["Location"] == page_url("kill", article)
    confirm = editor_client.get(page_url("kill", article))
    assert confirm.status_code == 200
    assert "410 Gone" in confirm.content.decode()
    for data in ({"note": "Legal.", "confirm": ""}, {"note": " ", "confirm": "on"}):
        assert editor_client.post(page_url("kill", article), data).status_code == 200
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
    done = editor_client.post(
        page_url("kill", article), {"note": "A court order.", "confirm": "on"}
    )
    assert done.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.KILLED
    assert article.kill_note == "A court order."
    assert Note.objects.get(article=article).kind == Note.Kind.KILL
    killed_form = editor_client.get(change_url(article)).content.decode()
    assert "A court order." in killed_form
    assert 'name="_kill"' not in killed_form


def test_the_desk_shows_embargoed_and_killed(editor_client, editor):
    from articles import publishing

    embargoed = make_article(
        "Held until noon", embargo_until=timezone.now() + timedelta(hours=2)
    )
    killed = make_article("Pulled story")
    publishing.kill(killed, editor, "Sources withdrew.")
    desk = editor_client.get(reverse("admin:index"))
    sections = {s.key: s for s in desk.context["desk"]}
    assert sections["embargoed"].rows == [embargoed]
    assert [n.article for n in sections["corrections"].rows] == [killed]
    page = desk.content.decode()
    assert "Held until noon" in page and "Sources withdrew." in page
    assert "Withdrawn" in page


def test_the_story_list_filters_embargoed_and_killed(editor_client, editor):
    from articles import publishing

    embargoed = make_article(
        "Held story", embargo_until=timezone.now() + timedelta(hours=2)
    )
    killed = make_article("Pulled story")
    publishing.kill(killed, editor, "Wrong.")
    make_article("Live story")
    changelist = reverse("admin:articles_article_changelist")
    held = editor_client.get(changelist + "?state=embargoed")
    assert list(held.context["cl"].queryset) == [embargoed]
    pulled = editor_client.get(changelist + "?state=killed")
    assert list(pulled.context["cl"].queryset) == [killed]
