"""The public site over the sample newsroom."""

import pytest
from django.urls import reverse

from articles.models import Article, Quote
from people.models import Person

pytestmark = pytest.mark.usefixtures("sample_newsroom")


def test_every_sample_page_answers(client):
    """Every story, person, quote and tag of the sample has a page that answers 200."""
    urls = [reverse("articles:front")]
    urls += [a.get_absolute_url() for a in Article.objects.all()]
    urls += [p.get_absolute_url() for p in Person.objects.all()]
    urls += [q.get_absolute_url() for q in Quote.objects.all()]
    urls += [
        reverse("articles:tag", args=[slug])
        for slug in Article.tags.through.objects.values_list("tag__slug", flat=True)
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_2019_story_shows_2017_story_as_related_coverage(client):
    """The two sample stories are each other's related coverage."""
    story_2019 = Article.objects.get(slug__startswith="trump-letter")
    story_2017 = Article.objects.get(slug__startswith="us-renews-call")
    response = client.get(story_2019.get_absolute_url())
    assert [a.pk for a in response.context["related"]] == [story_2017.pk]
    response = client.get(story_2017.get_absolute_url())
    # The curated link first; then the 2019 story's Khmer version, by the people
    # and tags it shares (a story's own versions are never its related coverage).
    khmer_2019 = story_2019.translations.get()
    assert [a.pk for a in response.context["related"]] == [
        story_2019.pk,
        khmer_2019.pk,
    ]


def test_sok_eysan_page_holds_his_quotes_from_both_stories(client):
    """Sok Eysan's page lists what he said in 2017 and in 2019, with the titles then."""
    response = client.get(reverse("people:detail", args=["sok-eysan"]))
    quotes = response.context["quotes"]
    assert {q.article.published_at.year for q in quotes} == {2017, 2019}
    titles = [d["title"] for d in response.context["descriptions"]]
    assert titles == [
        "ruling Cambodian People’s Party spokesman",
        "Ruling party Senator",
    ]


def test_murphy_page_shows_his_title_changing(client):
    """Patrick Murphy is a deputy assistant secretary in 2017 and Ambassador in 2019."""
    response = client.get(reverse("people:detail", args=["patrick-murphy"]))
    descriptions = response.context["descriptions"]
    assert [(d["title"], d["first"].year) for d in descriptions] == [
        ("U.S. deputy assistant secretary of state in charge of Southeast Asia", 2017),
        ("Ambassador", 2019),
    ]
    assert b"Ambassador" in response.content


def search_headlines(client, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    return [hit.headline for hit in response.context["hits"]]


@pytest.mark.usefixtures("commits_as_in_production")
def test_search_for_sok_eysan_finds_both_stories(client):
    """Searching a person's name finds every story that quotes or mentions him."""
    found = search_headlines(client, "Sok Eysan")
    # The Khmer version of the 2019 story does not name him.
    stories = Article.objects.filter(translation_of=None)
    assert sorted(found) == sorted(stories.values_list("headline", flat=True))


@pytest.mark.usefixtures("commits_as_in_production")
def test_search_for_regime_change_finds_the_2019_story_first(client):
    """“regime change” is the 2019 letter's phrase, so that story ranks first."""
    found = search_headlines(client, "regime change")
    assert found[0].startswith("Trump Letter")


def test_sample_feeds_and_sitemap_list_both_stories(client):
    """The latest-stories feed and the sitemap carry both sample stories."""
    feed = client.get(reverse("articles:feed_atom")).content.decode()
    sitemap = client.get("/sitemap-stories.xml").content.decode()
    for article in Article.objects.all():
        assert article.headline in feed
        assert article.get_absolute_url() in sitemap
