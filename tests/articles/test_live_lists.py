"""
Readers see what is live: the “Live” label on cards, lists, search results
and the story header while coverage runs; sitemaps and feeds dated by the
latest post; the news sitemap keeping a live story; no query per live story.
"""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import publishing
from articles.models import Byline, LivePost
from pagecache.fragments import stats
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

LABEL = '<span class="live-badge live-now">'
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def live(article, editor):
    publishing.start_live(article, editor)
    return article


def labels(response):
    return response.content.decode().count(LABEL)


def pages(person):
    return {
        "front": reverse("articles:front"),
        "tag": reverse("articles:tag", kwargs={"slug": "election"}),
        "person": person.get_absolute_url(),
        "search": reverse("articles:search") + "?q=count",
    }


@pytest.fixture
def newsroom(editor):
    writer = make_person("Sokha Chan", is_staff=True)
    stories = []
    for n in range(3):
        story = make_article(
            f"Election count {n}",
            tags=["election"],
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        Byline.objects.create(article=story, person=writer)
        stories.append(story)
    return writer, stories


# Search indexes on commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_every_list_labels_the_live_story_alone(client, newsroom, editor):
    writer, stories = newsroom
    live(stories[1], editor)
    for name, url in pages(writer).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert labels(response) == 1, name
    page = client.get(stories[1].get_absolute_url())
    header = page.content.decode().split('<header class="story-header">')[1]
    assert LABEL in header.split("</header>")[0]
    page = client.get(stories[0].get_absolute_url()).content.decode()
    assert (
        LABEL
        not in page.split('<header class="story-header">')[1].split("</header>")[0]
    )
    # Story 1 is related to story 0, and its card there says so.
    assert LABEL in page.split('class="related')[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_the_label_goes_when_coverage_ends(client, newsroom, editor):
    writer, stories = newsroom
    live(stories[0], editor)
    publishing.end_live(stories[0], editor, "The count is over.")
    for name, url in pages(writer).items():
        assert labels(client.get(url)) == 0, name
    page = client.get(stories[0].get_absolute_url()).content.decode()
    assert (
        LABEL
        not in page.split('<header class="story-header">')[1].split("</header>")[0]
    )


def test_related_cards_say_live(client, editor):
    story = make_article("Election count", tags=["election"])
    other = live(make_article("Election count, live", tags=["election"]), editor)
    page = client.get(story.get_absolute_url()).content.decode()
    related = page.split('class="related')[1]
    assert other.headline in related and LABEL in related


def test_a_khmer_story_says_live_in_khmer(client, editor):
    story = make_article("ការរាប់សន្លឹកឆ្នោត", language="km", tags=["election"])
    live(story, editor)
    page = client.get(story.get_absolute_url()).content.decode()
    header = page.split('<header class="story-header">')[1].split("</header>")[0]
    assert f"{LABEL}ផ្ទាល់</span>" in header


def query_counts(client, urls):
    found = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        found[name] = len(queries)
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_live_stories_add_no_queries_to_lists(client, newsroom, editor):
    writer, stories = newsroom
    live(stories[0], editor)
    before = query_counts(client, pages(writer))
    for n in range(4):
        story = make_article(f"Election count, more {n}", tags=["election"])
        Byline.objects.create(article=story, person=writer)
        live(story, editor)
    # Not one query more for four more live stories on every list.
    assert query_counts(client, pages(writer)) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_cached_cards_follow_coverage_starting_and_ending(client, settings, editor):
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.NEWSROOM_PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "live-label-tests",
        }
    }
    caches["default"].clear()
    stats.clear()
    story, other = make_article("Election count"), make_article("Other story")
    front = reverse("articles:front")
    assert labels(client.get(front)) == 0
    client.get(story.get_absolute_url())
    misses = stats["card:miss"]
    publishing.start_live(story, editor)
    assert labels(client.get(front)) == 1
    # Only the live story's card is rendered again.
    assert stats["card:miss"] == misses + 1
    page = client.get(story.get_absolute_url()).content.decode()
    assert LABEL in page
    publishing.end_live(story, editor, "Counted.")
    assert labels(client.get(front)) == 0
    assert LABEL not in client.get(story.get_absolute_url()).content.decode()
    assert other.headline in client.get(front).content.decode()


def lastmods(client, url):
    root = ElementTree.fromstring(client.get(url).content)
    return {
        entry.findtext("sm:loc", namespaces=NS): parse_datetime(
            entry.findtext("sm:lastmod", namespaces=NS)
        )
        for entry in root.findall("sm:url", NS)
    }


def test_sitemaps_and_feeds_follow_the_latest_post(client, editor):
    story = make_article(
        "Election count, live", published_at=timezone.now() - timedelta(days=5)
    )
    publishing.start_live(story, editor)
    LivePost.objects.create(article=story, author=editor.person, body="<p>Late.</p>")
    coverage_updated = type(story).objects.get(pk=story.pk).live.updated_at
    location = "http://testserver" + story.get_absolute_url()
    story_lastmod = lastmods(client, reverse("sitemap-section", args=["stories"]))
    assert story_lastmod[location] == coverage_updated.replace(microsecond=0)
    # Published five days ago, but live: still news.
    news = lastmods(client, reverse("news-sitemap"))
    assert news[location] == coverage_updated.replace(microsecond=0)
    feed = feedparser.parse(client.get(reverse("articles:feed_atom")).content)
    entry = next(e for e in feed.entries if e.title == story.headline)
    assert parse_datetime(entry.updated) == coverage_updated


def test_news_sitemap_drops_a_live_story_long_after_its_last_post(client, editor):
    story = make_article(
        "Election count, live", published_at=timezone.now() - timedelta(days=5)
    )
    publishing.start_live(story, editor)
    publishing.end_live(story, editor, "Counted.")
    type(story).live.related.related_model.objects.filter(pk=story.pk).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    assert lastmods(client, reverse("news-sitemap")) == {}
