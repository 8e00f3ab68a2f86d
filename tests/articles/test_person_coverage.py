"""
Who is in a story, and who may be seen: one answer on every surface.

A person is in a story when credited on it, mentioned in it, quoted in it or
credited on its lead photo (``articles.models.PERSON_LINKS``); a person is
public when on staff or in a public story (``public_people()``). The person
page, feed, sitemap, API, cache keys and role rules must agree on both.
"""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_http_date

from articles import rules
from articles.cache_keys import changed_keys
from articles.models import Article, Byline, Mention, Quote, public_people
from people.cache_keys import person_list_key
from people.models import Person
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SERVER = "http://testserver"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and API throttle counts live in the cache: start with none."""
    cache.clear()
    yield
    cache.clear()


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def page_headlines(client, person, headlines):
    """Which of ``headlines`` the person's page shows."""
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    return {headline for headline in headlines if headline in content}


def feed_titles(client, person, name="people:feed_rss"):
    response = client.get(reverse(name, kwargs={"slug": person.slug}))
    assert response.status_code == 200
    return {entry.title for entry in feedparser.parse(response.content).entries}


def people_sitemap(client):
    """``{location: lastmod}`` of the people sitemap."""
    response = client.get("/sitemap-people.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP): url.findtext(
            "sm:lastmod", namespaces=SITEMAP
        )
        for url in root.findall("sm:url", SITEMAP)
    }


def api_headlines(client, person):
    response = client.get(reverse("api:stories"), {"person": person.slug})
    assert response.status_code == 200
    return {
        headline["value"]
        for item in response.json()["items"]
        for headline in item["headlines"]
        if headline["role"] == "main"
    }


@pytest.fixture
def photographer():
    """Someone credited only on lead photos: three public stories, one draft."""
    person = make_person("Lead Photo Only")
    for n, hours in enumerate((30, 20, 10), start=1):
        make_article(
            f"Pictured story {n}",
            published_at=ago(hours),
            lead_photo=make_photo(photographer=person),
        )
    make_article(
        "Pictured draft", published=False, lead_photo=make_photo(photographer=person)
    )
    return person


PICTURED = {"Pictured story 1", "Pictured story 2", "Pictured story 3"}


def test_photographer_of_lead_photos_has_a_page_listing_their_stories(
    client, photographer
):
    """Their page lists the public stories whose lead photo they took, no draft."""
    shown = page_headlines(client, photographer, PICTURED | {"Pictured draft"})
    assert shown == PICTURED


def test_photographer_of_lead_photos_has_a_feed_of_their_stories(client, photographer):
    """Their RSS and Atom feeds carry one item per public story they photographed."""
    assert feed_titles(client, photographer) == PICTURED
    assert feed_titles(client, photographer, "people:feed_atom") == PICTURED


def test_photographer_of_lead_photos_is_in_the_sitemap_dated_by_their_latest(
    client, photographer
):
    """The people sitemap lists them, with their latest public story as lastmod."""
    found = people_sitemap(client)
    lastmod = found[SERVER + photographer.get_absolute_url()]
    latest = Article.objects.get(headline="Pictured story 3").published_at
    assert parse_datetime(lastmod) == latest.replace(microsecond=0)


def test_photographer_of_lead_photos_filters_the_api(client, photographer):
    """/api/stories/?person= lists the stories they photographed."""
    assert api_headlines(client, photographer) == PICTURED


@pytest.fixture
def draft_only():
    """Someone in drafts and scheduled stories only, in every way a story names one."""
    person = make_person("Known From Drafts")
    draft = make_article("Secret draft", published=False)
    scheduled = make_article("Secret scheduled", published_at=ago(-24))
    Byline.objects.create(article=draft, person=person)
    Mention.objects.create(article=scheduled, person=person)
    Quote.objects.create(article=draft, speaker=person, text="Not yet said.")
    scheduled.lead_photo = make_photo(photographer=person)
    scheduled.save()
    return person


def test_draft_only_person_has_no_page_or_feed(client, draft_only):
    """Their page and both feeds are a 404, as for nobody."""
    assert client.get(draft_only.get_absolute_url()).status_code == 404
    for name in ("people:feed_rss", "people:feed_atom"):
        url = reverse(name, kwargs={"slug": draft_only.slug})
        assert client.get(url).status_code == 404


def test_draft_only_person_is_not_in_the_sitemap(client, draft_only):
    """The people sitemap leaves them out."""
    make_article("Anything public")
    assert SERVER + draft_only.get_absolute_url() not in people_sitemap(client)


def test_draft_only_person_is_unknown_to_every_api_filter(client, draft_only):
    """Every API endpoint and filter that takes a person answers as for a wrong slug."""
    make_article("Anything public")
    unknown = client.get(reverse("api:stories"), {"person": "nobody-by-this-name"})
    known_from_drafts = client.get(reverse("api:stories"), {"person": draft_only.slug})
    assert unknown.status_code == known_from_drafts.status_code == 404
    assert known_from_drafts.json() == unknown.json()
    detail = reverse("api:person", kwargs={"pk": draft_only.pk})
    assert client.get(detail).status_code == 404
    listed = client.get(reverse("api:people")).json()["items"]
    assert draft_only.name not in {item["title"] for item in listed}


def test_person_in_a_public_story_by_each_link_is_public():
    """A byline, a mention, a quote or a lead photo credit makes a person public."""
    story = make_article("Public story", lead_photo=make_photo())
    writer, mentioned, speaker = (make_person() for _ in range(3))
    photographer = story.lead_photo.photographer = make_person()
    story.lead_photo.save()
    Byline.objects.create(article=story, person=writer)
    Mention.objects.create(article=story, person=mentioned)
    Quote.objects.create(article=story, speaker=speaker, text="Said.")
    staff, nobody = make_person(is_staff=True), make_person()
    assert set(public_people()) == {
        writer,
        mentioned,
        speaker,
        photographer,
        staff,
    }
    assert nobody not in public_people()


@pytest.fixture
def everywhere():
    """A person in four public stories, one way each, and in a draft every way."""
    person = make_person("In Every Way")
    stories = {
        way: make_article(f"Story by {way}", published_at=ago(n + 1))
        for n, way in enumerate(("byline", "mention", "quote", "photo"))
    }
    Byline.objects.create(article=stories["byline"], person=person)
    Mention.objects.create(article=stories["mention"], person=person)
    Quote.objects.create(article=stories["quote"], speaker=person, text="Yes.")
    stories["photo"].lead_photo = make_photo(photographer=person)
    stories["photo"].save()
    draft = make_article("Draft in every way", published=False)
    Byline.objects.create(article=draft, person=person)
    Mention.objects.create(article=draft, person=person)
    Quote.objects.create(article=draft, speaker=person, text="Not yet.")
    draft.lead_photo = make_photo(photographer=person)
    draft.save()
    return person, stories, draft


def test_page_feed_and_api_list_the_same_stories_of_a_person(client, everywhere):
    """Page, feed and API filter agree with the one queryset, photographs included."""
    person, stories, draft = everywhere
    expected = {story.headline for story in stories.values()}
    queryset = {a.headline for a in Article.objects.published().involving(person)}
    assert queryset == expected
    assert page_headlines(client, person, expected | {draft.headline}) == expected
    assert feed_titles(client, person) == expected
    assert api_headlines(client, person) == expected


def test_a_change_to_any_story_of_a_person_makes_their_lists_stale(everywhere):
    """Each story a person is in, however they are in it, names their list key."""
    person, stories, draft = everywhere
    for story in [*stories.values(), draft]:
        assert person_list_key(person.pk) in changed_keys(article_ids=[story.pk])


def test_reporter_may_not_change_someone_photographed_on_a_story_not_theirs(
    reporter,
):
    """A lead photo credit on an editor's story stops a reporter changing the person."""
    person = make_person("Added By Reporter", created_by=reporter)
    own = make_article("Reporter's draft", published=False)
    Byline.objects.create(article=own, person=reporter.person)
    own.lead_photo = make_photo(photographer=person)
    own.save()
    assert rules.can_edit_person(reporter, person)
    published = make_article("Someone else's published story")
    published.lead_photo = make_photo(photographer=person)
    published.save()
    assert not rules.can_edit_person(reporter, person)


def test_page_of_someone_only_quoted_is_dated_by_the_story_quoting_them(client):
    """Last-Modified of their page moves with the story they are quoted in."""
    person = make_person("Only Quoted")
    story = make_article("Quoting story", published_at=ago(2))
    Quote.objects.create(article=story, speaker=person, text="Quoted words.")
    Person.objects.filter(pk=person.pk).update(modified_at=ago(48))
    story.refresh_from_db()
    response = client.get(person.get_absolute_url())
    assert parse_http_date(response["Last-Modified"]) == int(
        story.modified_at.timestamp()
    )
