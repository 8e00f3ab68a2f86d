"""The story form carries presence and autosave: its markup, URLs and strings."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_change_form_carries_presence_and_autosave(editor):
    """The form names its story and the endpoints, and loads the scripts."""
    story = make_article()
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    html = page.content.decode()
    assert f'data-story="{story.pk}"' in html
    assert f'data-heartbeat-url="{reverse("editing:heartbeat")}"' in html
    assert f'data-autosave-url="{reverse("editing:autosave")}"' in html
    assert 'id="story-in-use"' in html
    assert "admin/newsroom/presence.js" in html
    assert "admin/newsroom/autosave.js" in html


def test_the_add_form_autosaves_without_a_story(editor):
    """A new story has no story id: presence stays off, autosave keys by its tab."""
    client = Client()
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'data-story=""' in html
    assert "admin/newsroom/autosave.js" in html


def test_the_form_speaks_khmer(editor):
    """An editor reading the admin in Khmer is warned and offered drafts in Khmer."""
    editor.person.admin_language = "km"
    editor.person.save()
    story = make_article()
    client = Client()
    client.force_login(editor)
    html = client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert "មានអ្នកផ្សេងកំពុងបើករឿងនេះ" in html
    assert "ស្ដារការកែប្រែរបស់ខ្ញុំវិញ" in html
    assert "{time}" in html
