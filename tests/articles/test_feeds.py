from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Byline, Mention, Quote
from tests.factories import make_article, make_heavy_article, make_person, make_photo

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
SITE = "http://testserver"


@pytest.fixture
def newsroom():
    """Two public stories (one with photo, authors and tags), a draft, a scheduled."""
    writer = make_person("Aun Chhengpor", is_staff=True)
    editor = make_person("Kann Vicheika", is_staff=True)
    newsmaker = make_person("Sok Eysan")
    photo = make_photo(caption="Officials meet <in> Phnom Penh", credit="VOA Khmer")
    story = make_article(
        "US envoy visits Phnom Penh",
        deck="The ambassador met ministers & party officials.",
        lead_photo=photo,
        tags=["diplomacy", "united-states"],
        updated_at=timezone.now() - timedelta(minutes=5),
    )
    Byline.objects.create(article=story, person=writer, position=0)
    Byline.objects.create(article=story, person=editor, position=1)
    Mention.objects.create(article=story, person=newsmaker)
    older = make_article(
        "Ruling party answers critics",
        tags=["politics"],
        published_at=timezone.now() - timedelta(days=3),
    )
    Quote.objects.create(article=older, speaker=newsmaker, text="We decide.")
    draft = make_article("Draft about diplomacy", published=False, tags=["diplomacy"])
    Byline.objects.create(article=draft, person=writer)
    scheduled = make_article(
        "Scheduled diplomacy piece",
        tags=["diplomacy"],
        published_at=timezone.now() + timedelta(days=1),
    )
    Mention.objects.create(article=scheduled, person=newsmaker)
    return {
        "story": story,
        "older": older,
        "writer": writer,
        "editor": editor,
        "newsmaker": newsmaker,
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_latest_rss_lists_public_stories_newest_first(client, newsroom):
    """The RSS feed is valid RSS 2.0 with the public stories only, newest first."""
    response, feed = parse(client, reverse("articles:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert titles(feed) == [
        "US envoy visits Phnom Penh",
        "Ruling party answers critics",
    ]


def test_rss_entry_carries_summary_authors_categories_dates_photo(client, newsroom):
    """An RSS item has the deck, every author, the tags, dates and the lead photo."""
    response, feed = parse(client, reverse("articles:feed_rss"))
    entry = feed.entries[0]
    story = newsroom["story"]
    assert entry.summary_detail.type == "text/html"
    assert entry.summary == "The ambassador met ministers & party officials."
    item = ElementTree.fromstring(response.content).find("channel/item")
    # Escaped once, by XML: no second layer a reader would show as “&amp;”.
    assert item.find("description").text == story.deck
    assert entry.link == SITE + story.get_absolute_url()
    assert {tag.term for tag in entry.tags} == {"diplomacy", "united-states"}
    assert entry.published_parsed[:6] == story.published_at.utctimetuple()[:6]
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith(SITE + "/media/photos/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == story.lead_photo.image.size > 0
    root = ElementTree.fromstring(response.content)
    item = root.find("channel/item")
    creators = [
        e.text for e in item.findall("{http://purl.org/dc/elements/1.1/}creator")
    ]
    assert creators == ["Aun Chhengpor", "Kann Vicheika"]
    media = item.find(f"{MEDIA}content")
    assert media.get("url") == enclosure.href
    assert media.get("width") == "64"
    assert media.find(f"{MEDIA}description") is None
    assert media.find(f"{MEDIA}credit").text == "VOA Khmer"
    # The caption is the photo's, inside the story's figure, never its text.
    assert "<figcaption>Officials meet &lt;in&gt; Phnom Penh Photo: VOA Khmer" in (
        entry.content[0].value
    )
    assert "<p>Body text.</p>" in entry.content[0].value


def test_atom_entry_carries_authors_with_links_and_updated(client, newsroom):
    """The Atom feed is valid Atom 1.0; entries list each author with their page."""
    response, feed = parse(client, reverse("articles:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    entry = feed.entries[0]
    story = newsroom["story"]
    assert [a.name for a in entry.authors] == ["Aun Chhengpor", "Kann Vicheika"]
    assert entry.authors[0].href == SITE + newsroom["writer"].get_absolute_url()
    assert entry.updated_parsed[:6] == story.updated_at.utctimetuple()[:6]
    assert entry.published_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert entry.summary == story.deck
    assert {tag.term for tag in entry.tags} == {"diplomacy", "united-states"}
    assert [link.rel for link in entry.links] == ["alternate", "enclosure"]


def test_tag_feeds_list_the_tags_public_stories(client, newsroom):
    """A tag's RSS and Atom feeds hold its public stories only."""
    for name in ("articles:tag_feed_rss", "articles:tag_feed_atom"):
        _, feed = parse(client, reverse(name, kwargs={"slug": "diplomacy"}))
        assert titles(feed) == ["US envoy visits Phnom Penh"]
        assert "diplomacy" in feed.feed.title


def test_tag_feed_of_unknown_or_draft_only_tag_is_404(client, newsroom):
    """No feed for a tag nobody uses or one only drafts wear."""
    make_article("Hidden", published=False, tags=["secret-plans"])
    for slug in ("no-such-tag", "secret-plans"):
        response = client.get(reverse("articles:tag_feed_rss", kwargs={"slug": slug}))
        assert response.status_code == 404


def test_person_feeds_list_stories_they_wrote_or_appear_in(client, newsroom):
    """A person's feeds carry the public stories they wrote, appear or are quoted in."""
    for name in ("people:feed_rss", "people:feed_atom"):
        slug = newsroom["newsmaker"].slug
        _, feed = parse(client, reverse(name, kwargs={"slug": slug}))
        assert titles(feed) == [
            "US envoy visits Phnom Penh",
            "Ruling party answers critics",
        ]
        _, feed = parse(client, reverse(name, kwargs={"slug": newsroom["writer"].slug}))
        assert titles(feed) == ["US envoy visits Phnom Penh"]


def test_feed_query_count_is_bounded(client, django_assert_max_num_queries):
    """A feed's queries do not grow with its stories, tags and bylines."""
    for _ in range(3):
        make_heavy_article(related=0)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("articles:feed_atom"))
    assert response.status_code == 200
