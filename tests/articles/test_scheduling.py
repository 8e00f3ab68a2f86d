from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

MOMENT = timezone.now().replace(microsecond=0) + timedelta(days=2)


@pytest.fixture
def scheduled():
    """A story published for a moment two days from now."""
    return make_article("Scheduled story", published_at=MOMENT)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.parametrize(
    ("offset", "visible"),
    [
        (timedelta(seconds=-1), False),
        (timedelta(0), True),
        (timedelta(seconds=1), True),
        (timedelta(days=30), True),
    ],
    ids=["before", "at", "just-after", "long-after"],
)
def test_scheduled_story_appears_by_itself(client, scheduled, offset, visible):
    """The story is public from its publication time on, with nothing run."""
    with at(MOMENT + offset):
        assert Article.objects.published().filter(pk=scheduled.pk).exists() is visible
        assert scheduled.is_public is visible
        page = client.get(scheduled.get_absolute_url())
        assert page.status_code == (200 if visible else 404)
        front = client.get(reverse("articles:front"))
        assert (scheduled in front.context["object_list"]) is visible


def test_draft_with_past_date_stays_hidden(client):
    """A publication date alone publishes nothing: the status must say so."""
    draft = make_article(
        published=False, published_at=timezone.now() - timedelta(days=1)
    )
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == 404
