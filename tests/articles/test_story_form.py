"""Small things editors expect on the story form, and share-card fields."""

import pytest
from django.urls import reverse

from articles.admin.workflow import reading_minutes, word_count
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_word_count_and_reading_time():
    """Words are counted in the text, not the markup; minutes round up."""
    assert word_count("<p>One <strong>two</strong> three.</p>") == 3
    assert word_count("") == 0
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(238) == 1
    assert reading_minutes(239) == 2


def test_story_form_shows_length_and_share_fields(admin_client):
    """The form shows words and reading time, and the optional share fields."""
    article = make_article(body="<p>" + "word " * 500 + "</p>")
    page = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "500 words · about 3 min read" in page
    assert 'name="social_headline"' in page
    assert 'name="social_description"' in page
    assert "admin/newsroom/desk.css" in page
    assert "admin/newsroom/story_form.js" in page


def test_share_cards_use_social_fields(client):
    """OpenGraph and Twitter use the social headline and description when set."""
    article = make_article(
        "Plain headline",
        deck="The deck.",
        social_headline="Share this headline",
        social_description="Share this description",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Share this headline">' in page
    assert '<meta name="twitter:title" content="Share this headline">' in page
    assert '<meta property="og:description" content="Share this description">' in page
    assert "<title>Plain headline" in page


def test_share_cards_fall_back_to_headline_and_deck(client):
    """Without social fields the cards carry the headline and deck."""
    article = make_article("Only a headline", deck="Only a deck.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Only a headline">' in page
    assert '<meta property="og:description" content="Only a deck.">' in page
