import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Byline, Mention, Quote
from articles.person_pages import PERSON_LIST_LIMIT, descriptions_over_time
from tests.factories import make_article, make_heavy_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


def quote(article, speaker, text, title="", said_on=None):
    return Quote.objects.create(
        article=article,
        speaker=speaker,
        text=text,
        speaker_title=title,
        said_on=said_on,
    )


def test_person_page_shows_who_they_are(client):
    """Name, current title and affiliation, aliases and bio."""
    person = make_person(
        "Sok Eysan",
        title="Spokesman",
        affiliation="Cambodian People's Party",
        aliases="Sok Eisan\nSuos Yara",
        bio="Long-time party spokesman.",
    )
    Mention.objects.create(article=make_article(), person=person)

    response = client.get(person.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Sok Eysan" in content
    assert "Spokesman, Cambodian People&#x27;s Party" in content
    assert "Sok Eisan, Suos Yara" in content
    assert "Long-time party spokesman." in content


def test_person_page_gathers_quotes_across_stories(client):
    """Every quote shows with its date, the title used then and its story."""
    speaker = make_person("Sok Eysan")
    story_2017 = make_article("The 2017 story", published_at=at(2017, 12, 5))
    story_2019 = make_article("The 2019 story", published_at=at(2019, 11, 20))
    old = quote(
        story_2017,
        speaker,
        "Words from 2017.",
        "CPP spokesman",
        datetime.date(2017, 12, 4),
    )
    new = quote(story_2019, speaker, "Words from 2019.", "Senator and CPP spokesman")

    content = client.get(speaker.get_absolute_url()).content.decode()

    quotes = content.split('id="quotes-heading"')[1]
    assert quotes.index("Words from 2019.") < quotes.index("Words from 2017.")
    assert "As CPP spokesman" in quotes
    assert "As Senator and CPP spokesman" in quotes
    assert '<time datetime="2017-12-04">December 4, 2017</time>' in quotes
    assert "November 20, 2019" in quotes
    assert story_2017.get_absolute_url() in quotes
    assert story_2019.get_absolute_url() in quotes
    assert old.get_absolute_url() in quotes and new.get_absolute_url() in quotes


def test_person_page_shows_how_stories_described_them(client):
    """Distinct titles used in quotes appear oldest first with their dates."""
    speaker = make_person("Sok Eysan")
    story_2017 = make_article("The 2017 story", published_at=at(2017, 12, 5))
    story_2019 = make_article("The 2019 story", published_at=at(2019, 11, 20))
    quote(story_2017, speaker, "One.", "CPP spokesman")
    quote(story_2019, speaker, "Two.", "CPP spokesman")
    quote(story_2019, speaker, "Three.", "Senator")

    content = client.get(speaker.get_absolute_url()).content.decode()

    described = content.split('id="described-heading"')[1].split("</ol>")[0]
    assert described.index("CPP spokesman") < described.index("Senator")
    assert described.count("CPP spokesman") == 1
    assert "December 5, 2017" in described and "November 20, 2019" in described


def test_descriptions_over_time_spans_first_to_last_use():
    """Each title keeps the first and last date it was used."""
    speaker = make_person()
    story = make_article(published_at=at(2018, 1, 1))
    quotes = [
        quote(story, speaker, "a", "Minister", datetime.date(2018, 5, 1)),
        quote(story, speaker, "b", "Minister", datetime.date(2016, 3, 1)),
        quote(story, speaker, "c", "Envoy", datetime.date(2017, 1, 1)),
        quote(story, speaker, "d", ""),
    ]

    assert descriptions_over_time(quotes) == [
        {
            "title": "Minister",
            "first": datetime.date(2016, 3, 1),
            "last": datetime.date(2018, 5, 1),
        },
        {
            "title": "Envoy",
            "first": datetime.date(2017, 1, 1),
            "last": datetime.date(2017, 1, 1),
        },
    ]


def test_person_page_lists_stories_written_photographed_and_appeared_in(client):
    """Bylines with their roles, lead photos taken and stories they are in."""
    person = make_person("Aun Chhengpor", is_staff=True)
    written = make_article("Written story")
    Byline.objects.create(article=written, person=person)
    shot = make_article("Photographed story")
    Byline.objects.create(article=shot, person=person, role=Byline.Role.PHOTOGRAPHER)
    photo_only = make_article(
        "Lead photo story", lead_photo=make_photo(photographer=person)
    )
    featured = make_article("Story about them")
    Mention.objects.create(article=featured, person=person)

    content = client.get(person.get_absolute_url()).content.decode()

    credited = content.split('id="credited-heading"')[1].split("</section>")[0]
    assert written.headline in credited and "Author" in credited
    assert shot.headline in credited and "Photographer" in credited
    assert photo_only.headline in credited and "Lead photo" in credited
    appearances = content.split('id="appearances-heading"')[1].split("</section>")[0]
    assert featured.get_absolute_url() in appearances
    assert written.headline not in appearances


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_person_page_hides_stories_that_are_not_public(client, kind):
    """A draft or scheduled story leaves no trace on a person's page."""
    person = make_person("Sok Eysan")
    if kind == "draft":
        hidden = make_article("Hidden story", published=False)
    else:
        hidden = make_article(
            "Hidden story",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=2),
        )
    Byline.objects.create(article=hidden, person=person)
    Mention.objects.create(article=hidden, person=person)
    quote(hidden, person, "Unpublished words.", "Secret title")
    hidden.lead_photo = make_photo(photographer=person)
    hidden.save()
    Mention.objects.create(article=make_article("Public story"), person=person)

    response = client.get(person.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Public story" in content
    assert "Hidden story" not in content
    assert "Unpublished words." not in content
    assert "Secret title" not in content
    assert hidden.get_absolute_url() not in content


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_person_only_in_hidden_stories_is_404(client, kind):
    """Someone who appears only in unpublished stories has no public page yet."""
    person = make_person("Not yet news")
    if kind == "draft":
        hidden = make_article(published=False)
    else:
        hidden = make_article(
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=2),
        )
    Mention.objects.create(article=hidden, person=person)
    quote(hidden, person, "Unpublished words.")

    assert client.get(person.get_absolute_url()).status_code == 404


def test_staff_page_exists_before_their_first_story(client):
    """A staff member's page is public even before they have a public byline."""
    person = make_person("New hire", is_staff=True, title="Reporter")

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assert "No published stories feature New hire yet." in response.content.decode()


def test_unknown_person_is_404(client):
    """A slug nobody has is not found."""
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_person_page_query_count_is_fixed(client, django_assert_num_queries):
    """A person in one story costs the same queries as one in many."""
    person = make_person("Busy person", is_staff=True)
    first = make_article()
    Byline.objects.create(article=first, person=person)
    with django_assert_num_queries(6) as few:
        client.get(person.get_absolute_url())

    for i in range(8):
        heavy = make_heavy_article(related=0)
        Byline.objects.create(article=heavy, person=person, position=9)
        Mention.objects.create(article=heavy, person=person)
        for j in range(4):
            quote(heavy, person, f"Busy words {i}-{j}.", f"Title {i}")
    with django_assert_num_queries(len(few)):
        response = client.get(person.get_absolute_url())

    content = response.content.decode()
    # 32 quotes: the latest PERSON_LIST_LIMIT show, with a way to the rest.
    assert content.count("Busy words") == PERSON_LIST_LIMIT < 32
    assert "Busy words 7-3" in content and "Busy words 0-0" not in content
    assert "Search all quotes by Busy person" in content
