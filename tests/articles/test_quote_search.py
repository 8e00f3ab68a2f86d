import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Quote
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotes():
    """Quotes by two speakers across years, one in a draft and one undated."""
    sok = make_person("Sok Eysan", aliases="Sok Ey San")
    murphy = make_person("Patrick Murphy", aliases="W. Patrick Murphy")
    story_2017 = make_article(
        "Story 2017", published_at=timezone.make_aware(datetime.datetime(2017, 12, 1))
    )
    story_2019 = make_article(
        "Story 2019", published_at=timezone.make_aware(datetime.datetime(2019, 11, 5))
    )
    draft = make_article("Draft", published=False)
    return {
        "sok_2017": Quote.objects.create(
            article=story_2017,
            speaker=sok,
            text="The United States wants regime change.",
            said_on=datetime.date(2017, 11, 30),
        ),
        "sok_2019": Quote.objects.create(
            article=story_2019, speaker=sok, text="We are an independent country."
        ),
        "murphy": Quote.objects.create(
            article=story_2019,
            speaker=murphy,
            text="We do not seek regime change.",
            said_on=datetime.date(2019, 11, 4),
        ),
        "draft": Quote.objects.create(
            article=draft, speaker=sok, text="Secret regime change words."
        ),
    }


def search(client, **params):
    response = client.get(reverse("articles:quote_search"), params)
    assert response.status_code == 200
    return response, list(response.context["quotes"])


def test_form_alone_lists_every_public_quote(client, quotes):
    """With no filter, every quote from a public story shows, newest first."""
    _, found = search(client)
    assert found == [quotes["sok_2019"], quotes["murphy"], quotes["sok_2017"]]


def test_by_speaker_name_or_alias(client, quotes):
    """A speaker is found by part of their name or an alias; drafts stay hidden."""
    _, found = search(client, speaker="eysan")
    assert found == [quotes["sok_2019"], quotes["sok_2017"]]
    _, found = search(client, speaker="W. Patrick")
    assert found == [quotes["murphy"]]


def test_by_words(client, quotes):
    """Every word must appear in the quote."""
    response, found = search(client, words="regime change")
    assert found == [quotes["murphy"], quotes["sok_2017"]]
    assert "Secret regime" not in response.content.decode()


def test_by_date_range(client, quotes):
    """Dates use the day said, or the story's date when the quote has none."""
    _, found = search(client, start="2019-01-01", end="2019-11-04")
    assert found == [quotes["murphy"]]
    _, found = search(client, start="2019-11-05")
    assert found == [quotes["sok_2019"]]
    _, found = search(client, speaker="Sok", words="regime", end="2018-01-01")
    assert found == [quotes["sok_2017"]]


def test_invalid_range_shows_an_error(client, quotes):
    """A start after the end is an error on the form, with no results."""
    response, found = search(client, start="2020-01-01", end="2019-01-01")
    assert found == []
    assert "must not be after" in response.content.decode()


def test_results_paginate_with_rel_links(client):
    """Long result lists page with rel=prev/next that keep the filters."""
    speaker = make_person("Prolific Speaker")
    story = make_article("Talkative", published_at=timezone.now() - timedelta(days=1))
    Quote.objects.bulk_create(
        Quote(article=story, speaker=speaker, text=f"Remark {i}", position=i)
        for i in range(25)
    )
    response, found = search(client, speaker="Prolific")
    assert len(found) == 20
    content = response.content.decode()
    assert 'rel="next" href="?speaker=Prolific&amp;page=2"' in content
    response, found = search(client, speaker="Prolific", page=2)
    assert len(found) == 5
    assert 'rel="prev" href="?speaker=Prolific&amp;page=1"' in response.content.decode()


def test_query_count_is_bounded(client, quotes, django_assert_max_num_queries):
    """Speakers and stories come with the quotes, not one query each."""
    with django_assert_max_num_queries(3):
        search(client, words="regime")
