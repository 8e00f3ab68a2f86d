"""People, quotes and bylines carry the titles the story gave them."""

import pytest

from articles.models import Article, Mention
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def test_2017_story_describes_people_as_it_did(client, sample_newsroom):
    """Patrick Murphy and Sok Eysan appear as the 2017 story described them."""
    article = Article.objects.get(pk=1)
    response = client.get(article.get_absolute_url())
    people = {
        person.name: described for person, described in response.context["people"]
    }
    assert people["Patrick Murphy"] == (
        "U.S. deputy assistant secretary of state in charge of Southeast Asia"
    )
    assert people["Sok Eysan"] == "ruling Cambodian People’s Party spokesman"
    page = response.content.decode()
    assert "U.S. Ambassador to Cambodia" not in page
    assert "Senator" not in page


def test_current_title_only_when_the_story_said_nothing(client):
    """Without a description in the story, the person's current title shows."""
    article = make_article("Titles")
    described = make_person("Described", title="Minister now")
    silent = make_person("Silent", title="Governor now")
    Mention.objects.create(article=article, person=described, described_as="Then-MP")
    Mention.objects.create(article=article, person=silent)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Then-MP" in page
    assert "Minister now" not in page
    assert "Governor now" in page


def test_quote_falls_back_to_current_title(client):
    """A quote with no speaker title shows the speaker's current one."""
    from articles.models import Quote

    article = make_article("Quoted")
    speaker = make_person("Speaker", title="Spokesperson")
    quote = Quote.objects.create(
        article=article, speaker=speaker, text="Words.", is_pull_quote=True
    )
    assert "Spokesperson" in client.get(article.get_absolute_url()).content.decode()
    quote.speaker_title = "Then spokesman"
    quote.save()
    page = client.get(quote.get_absolute_url()).content.decode()
    assert "Then spokesman" in page
    assert "Spokesperson" not in page


def test_changing_a_description_changes_the_page(client):
    """A new “described as” shows at once, whatever the page caches."""
    article = make_article("Recached")
    person = make_person("Described Twice", title="Now title")
    mention = Mention.objects.create(
        article=article, person=person, described_as="First words"
    )
    assert "First words" in client.get(article.get_absolute_url()).content.decode()
    mention.described_as = "Second words"
    mention.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Second words" in page
    assert "First words" not in page
