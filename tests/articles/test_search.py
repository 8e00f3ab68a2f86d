from datetime import timedelta

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Mention, Quote, SearchEntry
from articles.search import search
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db(transaction=True)

KHMER_HEADLINE = "កម្ពុជា និង សហរដ្ឋអាមេរិក"
KHMER_BODY = "<p>រាជរដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា ខ្លួននឹងបន្តកិច្ចសហប្រតិបត្តិការ។</p>"


def found(query):
    return [hit.article for hit in search(query)[:50]]


@pytest.fixture
def sok_eysan():
    """A spokesman quoted in two stories, under his name and an alias."""
    person = make_person("Sok Eysan", aliases="Sok Ey San")
    first = make_article(
        "Ruling party rejects US criticism",
        body="<p>The ruling party answered the embassy.</p>",
        published_at=timezone.now() - timedelta(days=700),
    )
    second = make_article(
        "Opposition leader arrested",
        body="<p>Police detained the opposition leader overnight.</p>",
    )
    for article in (first, second):
        Quote.objects.create(
            article=article, speaker=person, text="We are an independent country."
        )
    make_article("Rice harvest up", body="<p>Farmers had a good year.</p>")
    return person, first, second


def test_person_name_finds_every_story_quoting_them(sok_eysan):
    """Searching a person's name finds both stories that quote them, nothing else."""
    _, first, second = sok_eysan
    assert set(found("Sok Eysan")) == {first, second}
    assert set(found("sok ey san")) == {first, second}


def test_quote_words_are_searched(sok_eysan):
    """The words of a quote find the story that carries it."""
    _, first, second = sok_eysan
    assert set(found("independent country")) == {first, second}


def test_phrase_ranks_above_scattered_words():
    """A story holding the words as a phrase ranks above one with them apart."""
    scattered = make_article(
        "Change comes slowly",
        body="<p>No change in the regime of taxes this year.</p>",
    )
    phrase = make_article(
        "Minister warns of regime change",
        body="<p>He said the US sought regime change in Cambodia.</p>",
        published_at=timezone.now() - timedelta(days=800),
    )
    assert found("regime change") == [phrase, scattered]


def test_headline_match_ranks_above_body_match():
    """A word in the headline outranks the same word once in the body."""
    in_body = make_article("Budget passes", body="<p>Sanctions were not discussed.</p>")
    in_headline = make_article("Sanctions announced", body="<p>Officials spoke.</p>")
    assert found("sanctions") == [in_headline, in_body]


def test_khmer_word_inside_text_is_found():
    """A Khmer word is found inside headline and body text written without spaces."""
    khmer = make_article(KHMER_HEADLINE, slug="khmer-story", body=KHMER_BODY)
    make_article("English only", body="<p>Nothing in Khmer.</p>")
    assert found("រដ្ឋាភិបាល") == [khmer]
    assert found("អាមេរិក") == [khmer]
    assert found("កម្ពុជា រដ្ឋាភិបាល") == [khmer]


def test_body_html_is_searched_as_text():
    """Tags and entities in the body are not text; what they wrap is."""
    story = make_article(
        "Trade", body="<p>Exports <strong>grew</strong> &amp; fell.</p>"
    )
    assert found("Exports grew") == [story]
    assert found("strong") == []


def test_drafts_and_scheduled_stories_are_never_found():
    """Only public stories are returned; a scheduled one appears when due."""
    make_article("Secret draft about elections", published=False)
    scheduled = make_article(
        "Scheduled piece about elections",
        published_at=timezone.now() + timedelta(hours=2),
    )
    public = make_article("Public report about elections")
    assert found("elections") == [public]
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert set(found("elections")) == {public, scheduled}


def test_index_follows_edits_unpublish_and_delete():
    """Edits are searchable at once; unpublished and deleted stories disappear."""
    story = make_article("Flood waters rise", deck="Rain all week.")
    assert found("flood") == [story]
    story.headline = "Drought deepens"
    story.save()
    assert found("flood") == []
    assert found("drought") == [story]
    story.status = Article.Status.DRAFT
    story.save()
    assert found("drought") == []
    story.status = Article.Status.PUBLISHED
    story.save()
    assert found("drought") == [story]
    story.delete()
    assert found("drought") == []
    assert not SearchEntry.objects.filter(pk=story.pk).exists()


def test_index_follows_people_quotes_and_bylines():
    """Adding, renaming and removing people and quotes updates the story's entry."""
    story = make_article("Talks resume")
    writer = make_person("Chanrith Ny")
    Byline.objects.create(article=story, person=writer)
    assert found("Chanrith") == [story]
    newsmaker = make_person("Hun Manet")
    story.people.add(newsmaker)
    assert found("Manet") == [story]
    newsmaker.aliases = "Hun Manet Jr"
    newsmaker.name = "Hun Maneth"
    newsmaker.save()
    assert found("Maneth") == [story]
    story.people.remove(newsmaker)
    assert found("Maneth") == []
    quote = Quote.objects.create(article=story, speaker=writer, text="Peace is near.")
    assert found("peace") == [story]
    quote.delete()
    assert found("peace") == []
    Mention.objects.create(article=story, person=newsmaker)
    assert found("Maneth") == [story]


def test_story_delete_with_parts_leaves_no_entry():
    """Deleting a story with people and quotes removes its entry cleanly."""
    story = make_article("Temporary")
    person = make_person("Someone Quoted")
    Quote.objects.create(article=story, speaker=person, text="Words.")
    Mention.objects.create(article=story, person=person)
    story.delete()
    assert SearchEntry.objects.count() == 0
    assert found("Someone") == []


def test_short_words_still_filter():
    """Words under three letters narrow the results instead of being dropped."""
    us = make_article("US aid to Cambodia")
    make_article("Aid to Cambodia from Japan")
    assert found("US aid") == [us]
    assert found("US") == [us]


def test_rebuild_command_restores_the_index(capsys):
    """rebuild_search_index recreates entries that bulk operations missed."""
    stories = [make_article(f"Bulk story {i}") for i in range(3)]
    SearchEntry.objects.all().delete()
    assert found("bulk") == []
    call_command("rebuild_search_index", batch_size=2)
    assert set(found("bulk")) == set(stories)
    assert "Indexed 2/3" in capsys.readouterr().out


def test_search_page_ranks_highlights_and_paginates(client):
    """The search page shows marked snippets, escapes text and links neighbours."""
    for i in range(12):
        make_article(f"Border talks <round {i}>", body="<p>Talks on the border.</p>")
    make_article("Unrelated", published=False, body="<p>border</p>")
    response = client.get(reverse("articles:search"), {"q": "border"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "12 stories found" in content
    assert "<mark>" in content
    assert "&lt;round" in content
    assert "<round" not in content
    assert 'rel="next" href="?q=border&amp;page=2"' in content
    response = client.get(reverse("articles:search"), {"q": "border", "page": 2})
    content = response.content.decode()
    assert 'rel="prev"' in content
    assert len(response.context["hits"]) == 2


def test_search_page_query_count_is_bounded(client, django_assert_max_num_queries):
    """The page's query count does not grow with the number of results shown."""
    for i in range(10):
        story = make_article(f"Election story {i}")
        Byline.objects.create(article=story, person=make_person(f"Writer {i}"))
        story.tags.add("politics", f"tag-{i}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("articles:search"), {"q": "election"})
    assert response.content.decode().count("<mark>") >= 10


def test_empty_query_shows_the_form(client):
    """No query: the form, no results, no error."""
    response = client.get(reverse("articles:search"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


def test_loaddata_indexes_fixture_stories(tmp_path):
    """Stories loaded from a fixture (raw saves) are searchable, quotes included."""
    story = make_article("Fixture story", body="<p>Loaded from JSON.</p>")
    speaker = make_person("Patrick Murphy", aliases="W. Patrick Murphy")
    Quote.objects.create(article=story, speaker=speaker, text="We seek no change.")
    fixture = tmp_path / "stories.json"
    # Quotes first: loaddata must cope with any order of objects.
    objects = [*Quote.objects.all(), speaker, story]
    fixture.write_text(serializers.serialize("json", objects))
    Quote.objects.all().delete()
    Article.objects.all().delete()
    speaker.delete()
    assert SearchEntry.objects.count() == 0
    call_command("loaddata", str(fixture), verbosity=0)
    assert [a.headline for a in found("W. Patrick")] == ["Fixture story"]
    assert [a.headline for a in found("seek no change")] == ["Fixture story"]


def test_clearing_a_persons_stories_updates_them():
    """Removing a person from all stories at once drops them from those entries."""
    person = make_person("Kem Sokha")
    stories = [make_article(f"Story {i}") for i in range(2)]
    person.mentioned_in.add(*stories)
    assert set(found("Sokha")) == set(stories)
    person.mentioned_in.clear()
    assert found("Sokha") == []


def test_very_common_words_rank_only_the_latest_matches(client, monkeypatch):
    """Past SEARCH_SCAN matches, the newest are shown, exact phrase first."""
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL ranks every match")
    monkeypatch.setattr("articles.search.sqlite.SEARCH_SCAN", 3)
    stories = [make_article(f"Harvest report number {i}") for i in range(5)]
    phrase = make_article("Rice harvest report", body="<p>Rice and more.</p>")
    hidden = make_article("Harvest draft", published=False)

    response = client.get(reverse("articles:search"), {"q": "rice harvest"})
    common = client.get(reverse("articles:search"), {"q": "harvest"})

    assert [hit.article for hit in response.context["hits"]] == [phrase]
    hits = [hit.article for hit in common.context["hits"]]
    assert common.context["paginator"].object_list.capped
    # The latest three matches are the draft, the phrase story and story 4.
    assert hits == [phrase, stories[4]]
    assert hidden not in hits
    assert "most recent are shown" in common.content.decode()
