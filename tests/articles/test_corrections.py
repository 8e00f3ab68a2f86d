from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Note
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_correction_added_in_admin_moves_updated_date(editor_client):
    """Adding a correction in the admin moves the story's updated date to it."""
    article = make_article("Story with an error")
    assert article.updated_at is None
    url = reverse("admin:articles_article_change", args=[article.pk])
    noted = timezone.now().replace(microsecond=0)
    data = change_form_data(
        editor_client.get(url),
        **{
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-text": "An earlier version misspelled the minister's name.",
            "notes-0-noted_at_0": noted.date().isoformat(),
            "notes-0-noted_at_1": noted.strftime("%H:%M:%S"),
        },
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.notes.get().kind == Note.Kind.CORRECTION
    assert article.updated_at == noted


def test_note_never_moves_updated_date_back():
    """An older note leaves a later updated date alone."""
    now = timezone.now()
    article = make_article(updated_at=now)
    note = Note.objects.create(
        article=article, text="Old", noted_at=now - timedelta(days=3)
    )
    publishing.record_notes(article, [note])
    article.refresh_from_db()
    assert article.updated_at == now


def test_notes_partial_lists_dated_notes_escaped():
    """The story-page partial shows each note with its kind and date, escaped."""
    article = make_article()
    Note.objects.create(
        article=article,
        kind=Note.Kind.CORRECTION,
        text="<script>alert(1)</script> Fixed a date.",
    )
    Note.objects.create(article=article, kind=Note.Kind.UPDATE, text="More detail.")
    html = render_to_string(
        "articles/includes/notes.html", {"notes": article.notes.all()}
    )
    assert "Correction" in html
    assert "Update" in html
    assert "<time datetime=" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert render_to_string("articles/includes/notes.html", {"notes": []}).strip() == ""
