"""Private drafts of the story form: kept, offered back with a diff, never history."""

import io
import json
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.admin.forms import version_token
from articles.models import Article, Byline
from editing import autosave
from editing.models import Autosave
from tests.articles.adminform import change_form_data
from tests.factories import make_article

from .conftest import post

pytestmark = pytest.mark.django_db

KHMER = Path(__file__).resolve().parent.parent / "data" / "khmer"


def khmer_paragraph():
    """A paragraph of VOA Khmer, with zero-width marks between some words."""
    text = (KHMER / "01_vietnam_hotline.km.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if len(line) > 40]
    return lines[0][:20] + "\u200b" + lines[0][20:40] + "\u200c" + lines[0][40:]


def save_form(client, url, **changes):
    """POST the admin form at ``url`` as the browser would, with ``changes``."""
    return client.post(url, change_form_data(client.get(url), **changes))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_of(article, **changes):
    fields = {
        "headline": article.headline,
        "deck": article.deck,
        "body": article.body,
        "social_headline": article.social_headline,
        "tags": "",
    }
    fields.update(changes)
    return [[name, value] for name, value in fields.items()]


def test_a_draft_is_kept_and_offered_back_with_what_differs(editor):
    """Reopening the story offers the draft, with a field-by-field diff."""
    story = make_article("Floods reach the capital", body="<p>Water rose.</p>")
    client = client_for(editor)
    draft = form_of(
        story, headline="Floods reach the city", body="<p>Water rose fast.</p>"
    )
    saved = post(
        client,
        "autosave",
        article=story.pk,
        base_version=version_token(story.modified_at),
        fields=draft,
    )
    assert saved.status_code == 200
    answer = post(
        client,
        "autosave-offer",
        article=story.pk,
        current=form_of(story),
        labels={"headline": "Headline"},
    ).json()["autosave"]
    assert answer["fields"] == draft
    assert answer["newer_save"] is None
    by_name = {change["name"]: change for change in answer["changes"]}
    assert set(by_name) == {"headline", "body"}
    assert by_name["headline"]["label"] == "Headline"
    assert ["removed", "capital"] in by_name["headline"]["parts"]
    assert ["added", "city"] in by_name["headline"]["parts"]
    assert ["added", " fast"] in by_name["body"]["parts"]


def test_one_draft_per_person_and_story(editor):
    """Each write replaces the person's draft of the story; the table forbids two."""
    from django.db import IntegrityError, transaction

    story = make_article()
    client = client_for(editor)
    for headline in ("One", "Two", "Three"):
        post(client, "autosave", article=story.pk, fields=[["headline", headline]])
    row = Autosave.objects.get()
    assert row.data == [["headline", "Three"]]
    with pytest.raises(IntegrityError), transaction.atomic():
        Autosave.objects.create(user=editor, article=story, data=[])


def test_autosaves_are_not_history(editor):
    """Autosaving makes no revision; history shows only deliberate saves."""
    story = make_article()
    client = client_for(editor)
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    save_form(client, change_url, headline="Saved on purpose")
    versions = Version.objects.get_for_object(story).count()
    for n in range(5):
        post(
            client,
            "autosave",
            article=story.pk,
            fields=[["headline", f"Typed {n}"]],
        )
    assert Version.objects.get_for_object(story).count() == versions
    history = client.get(
        reverse("admin:articles_article_history", args=[story.pk])
    ).content.decode()
    assert "Typed" not in history


def test_nobody_sees_another_persons_draft(editor, other_editor):
    """A colleague on the same story is offered nothing of someone else's draft."""
    story = make_article()
    post(client_for(editor), "autosave", article=story.pk, fields=[["deck", "mine"]])
    answer = post(
        client_for(other_editor),
        "autosave-offer",
        article=story.pk,
        current=form_of(story),
    ).json()
    assert answer["autosave"] is None
    post(client_for(other_editor), "autosave-discard", article=story.pk)
    assert Autosave.objects.filter(user=editor).exists()


def test_roles_decide_who_may_autosave(reporter, other_reporter):
    """Only who may change a story autosaves it; a new story needs “add story”."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    fields = [["headline", "x"]]
    outsider = client_for(other_reporter)
    assert post(outsider, "autosave", article=story.pk, fields=fields).status_code == (
        403
    )
    mine = post(client_for(reporter), "autosave", article=story.pk, fields=fields)
    assert mine.status_code == 200
    story.status = Article.Status.PUBLISHED
    story.published_at = timezone.now()
    story.save()
    # Published: the desk's now, not the reporter's.
    again = post(client_for(reporter), "autosave", article=story.pk, fields=fields)
    assert again.status_code == 403


def test_anonymous_and_csrf_less_posts_are_refused(client, editor):
    """No session: 403. No CSRF token: 403. Nothing stored."""
    story = make_article()
    assert post(client, "autosave", article=story.pk, fields=[]).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    for name in ("autosave", "autosave-offer", "autosave-discard"):
        assert post(strict, name, article=story.pk, fields=[]).status_code == 403
    assert not Autosave.objects.exists()


def test_drafts_are_size_bounded(settings, editor):
    """A draft over NEWSROOM_AUTOSAVE_MAX_BYTES is refused with 413, not kept."""
    settings.NEWSROOM_AUTOSAVE_MAX_BYTES = 10_000
    story = make_article()
    client = client_for(editor)
    big = post(client, "autosave", article=story.pk, fields=[["body", "ក" * 5000]])
    assert big.status_code == 413
    assert not Autosave.objects.exists()


def test_malformed_drafts_are_refused(editor):
    """Only ``[[name, value], ...]`` of strings is a form."""
    story = make_article()
    client = client_for(editor)
    for fields in ({"a": 1}, [["a"]], [[1, "x"]], [["", "x"]], "text"):
        response = post(client, "autosave", article=story.pk, fields=fields)
        assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_khmer_round_trips_exactly(editor):
    """Khmer with zero-width marks comes back code point for code point."""
    story = make_article()
    client = client_for(editor)
    text = khmer_paragraph()
    decomposed = unicodedata.normalize("NFD", "é") + text
    draft = [["headline", text], ["body", f"<p>{text}</p>"], ["deck", decomposed]]
    post(client, "autosave", article=story.pk, fields=draft)
    answer = post(
        client, "autosave-offer", article=story.pk, current=form_of(story)
    ).json()
    assert answer["autosave"]["fields"] == draft
    assert "\u200b" in answer["autosave"]["fields"][0][1]
    # Not normalised either way: what was typed is what comes back.
    assert answer["autosave"]["fields"][2][1] == decomposed


def test_a_draft_over_a_newer_save_says_so(editor, other_editor):
    """Saved by someone else after the draft's version: the offer names that save."""
    story = make_article()
    base = version_token(story.modified_at)
    post(
        client_for(editor),
        "autosave",
        article=story.pk,
        base_version=base,
        fields=form_of(story, deck="My deck"),
    )
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    response = save_form(client_for(other_editor), change_url, deck="Their deck")
    assert response.status_code == 302
    story.refresh_from_db()
    answer = post(
        client_for(editor), "autosave-offer", article=story.pk, current=form_of(story)
    ).json()["autosave"]
    assert answer["newer_save"]["who"] == "Deputy Tester"
    assert answer["base_version"] == base
    # Restoring puts the draft's version back in the form: the save is refused
    # by the stale-save rule, which shows the newer save.
    refused = save_form(
        client_for(editor),
        change_url,
        deck="My deck",
        loaded_version=answer["base_version"],
    )
    assert refused.status_code == 200
    assert "Deputy Tester saved this story" in refused.content.decode()
    story.refresh_from_db()
    assert story.deck == "Their deck"


def test_a_deliberate_save_deletes_the_draft(editor):
    """Saving the story drops its saver's draft; a refused save keeps it."""
    story = make_article()
    client = client_for(editor)
    post(client, "autosave", article=story.pk, fields=[["deck", "typed"]])
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    assert save_form(client, change_url, headline="").status_code == 200
    assert Autosave.objects.filter(article=story).exists()
    assert save_form(client, change_url, deck="typed").status_code == 302
    assert not Autosave.objects.filter(article=story).exists()


def test_a_new_story_draft_is_keyed_by_its_form(editor):
    """An unsaved new story is found again by the add form's id, and goes on save."""
    client = client_for(editor)
    fields = [["headline", "ព័ត៌មានថ្មី"], ["deck", "A draft"]]
    post(client, "autosave", client="tab-1", fields=fields)
    offered = post(
        client, "autosave-offer", client="tab-1", current=[["headline", ""]]
    ).json()["autosave"]
    assert offered["fields"] == fields
    assert post(client, "autosave-offer", client="tab-2", current=[]).json() == {
        "autosave": None,
        "interval": 5,
    }
    add_url = reverse("admin:articles_article_add")
    response = save_form(
        client, add_url, headline="A new story", _autosave_client="tab-1"
    )
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_discarding_deletes_the_draft(editor):
    story = make_article()
    client = client_for(editor)
    post(client, "autosave", article=story.pk, fields=[["deck", "typed"]])
    assert post(client, "autosave-discard", article=story.pk).status_code == 200
    assert not Autosave.objects.exists()


def test_a_draft_equal_to_the_form_is_not_offered_but_kept(editor):
    """
    Nothing differs from the form (a refused save sent it back): nothing to
    offer, but the draft stays, as the text is nowhere else.
    """
    story = make_article()
    client = client_for(editor)
    post(client, "autosave", article=story.pk, fields=form_of(story, deck="typed"))
    current = form_of(story, deck="typed")
    answer = post(client, "autosave-offer", article=story.pk, current=current)
    assert answer.json()["autosave"] is None
    assert Autosave.objects.filter(user=editor, article=story).exists()


def test_old_drafts_expire(editor):
    """Drafts untouched for 30 days go: on the next write, and by the command."""
    story, other = make_article(), make_article()
    old = timezone.now() - timedelta(days=31)
    autosave.write(editor, [["deck", "old"]], article=story, now=old)
    autosave.write(editor, [["deck", "new"]], article=other)
    assert list(Autosave.objects.values_list("article", flat=True)) == [other.pk]
    autosave.write(editor, [["deck", "old"]], article=story, now=old)
    out = io.StringIO()
    call_command("expire_autosaves", stdout=out)
    assert out.getvalue().startswith("1 autosave")
    assert list(Autosave.objects.values_list("article", flat=True)) == [other.pk]


def test_autosave_query_counts(reporter, django_assert_max_num_queries):
    """Writing a draft and offering it back cost a bounded handful of queries."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    client = client_for(reporter)
    post(client, "autosave", article=story.pk, fields=[["deck", "first"]])
    fields = form_of(story, deck="x" * 1000, body="<p>word </p>" * 2000)
    # Session, user, story, permissions (user, groups), the byline check,
    # the update, the expiry.
    with django_assert_max_num_queries(8):
        assert post(client, "autosave", article=story.pk, fields=fields).status_code
    # Session, user, story, permissions (user, groups), the byline check, the draft.
    with django_assert_max_num_queries(7):
        body = json.dumps({"article": story.pk, "current": form_of(story)})
        client.post(reverse("editing:autosave-offer"), {"payload": body})


def test_a_new_tab_finds_the_draft_of_an_add_form_closed_unsaved(editor, other_editor):
    """
    Each add form has its own id; a new one names the ids this browser had,
    and is offered the newest of their drafts, never someone else's.
    """
    client = client_for(editor)
    old = timezone.now() - timedelta(minutes=5)
    autosave.write(editor, [["headline", "Older tab"]], client="tab-1", now=old)
    post(client, "autosave", client="tab-2", fields=[["headline", "Newer tab"]])
    post(
        client_for(other_editor),
        "autosave",
        client="tab-4",
        fields=[["headline", "Not yours"]],
    )
    offered = post(
        client,
        "autosave-offer",
        client="tab-3",
        others=["tab-1", "tab-2", "tab-4"],
        current=[["headline", ""]],
    ).json()["autosave"]
    assert offered["client"] == "tab-2"
    assert offered["fields"] == [["headline", "Newer tab"]]
    refused = post(client, "autosave-offer", client="tab-3", others=[1], current=[])
    assert refused.status_code == 400
