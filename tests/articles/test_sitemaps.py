from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Byline, Mention, Quote
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SERVER = "http://testserver"


@pytest.fixture
def newsroom():
    """Public stories old and new, a draft and a scheduled story, with people."""
    writer = make_person("Aun Chhengpor", is_staff=True)
    quoted = make_person("Sok Eysan")
    mentioned = make_person("Hun Manet")
    draft_only = make_person("Only In Drafts")
    fresh = make_article(
        "Fresh & new <story>",
        tags=["politics"],
        published_at=timezone.now() - timedelta(hours=3),
    )
    old = make_article(
        "Old story",
        tags=["history"],
        published_at=timezone.now() - timedelta(days=30),
        updated_at=timezone.now() - timedelta(days=10),
    )
    khmer = make_article("កម្ពុជា និង សហរដ្ឋអាមេរិក", slug="khmer-story", language="km")
    Byline.objects.create(article=fresh, person=writer)
    Quote.objects.create(article=old, speaker=quoted, text="Words.")
    Mention.objects.create(article=khmer, person=mentioned)
    draft = make_article("Draft", published=False, tags=["politics", "secret"])
    Byline.objects.create(article=draft, person=draft_only)
    scheduled = make_article(
        "Scheduled",
        tags=["politics", "future"],
        published_at=timezone.now() + timedelta(days=1),
    )
    Mention.objects.create(article=scheduled, person=draft_only)
    return {
        "fresh": fresh,
        "old": old,
        "khmer": khmer,
        "draft": draft,
        "scheduled": scheduled,
        "people": [writer, quoted, mentioned],
        "hidden_person": draft_only,
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def urls(root):
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_index_names_every_section(client, newsroom):
    """/sitemap.xml is an index of the stories, people and tags sitemaps."""
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = {s.findtext("sm:loc", namespaces=NS) for s in root}
    assert locations == {
        f"{SERVER}/sitemap-stories.xml",
        f"{SERVER}/sitemap-people.xml",
        f"{SERVER}/sitemap-tags.xml",
    }


def test_stories_sitemap_lists_public_stories_with_lastmod(client, newsroom):
    """Every public story is listed, dated by its update; no draft, no future story."""
    found = urls(fetch(client, "/sitemap-stories.xml"))
    expected = {
        SERVER + newsroom[key].get_absolute_url() for key in ("fresh", "old", "khmer")
    }
    assert set(found) == expected
    old = newsroom["old"]
    lastmod = parse_datetime(found[SERVER + old.get_absolute_url()])
    assert lastmod == old.updated_at.replace(microsecond=0)


def test_people_sitemap_lists_people_with_public_stories(client, newsroom):
    """Writers, quoted and mentioned people are listed; people only in drafts aren't."""
    found = urls(fetch(client, "/sitemap-people.xml"))
    assert set(found) == {SERVER + p.get_absolute_url() for p in newsroom["people"]}
    writer_lastmod = parse_datetime(
        found[SERVER + newsroom["people"][0].get_absolute_url()]
    )
    assert writer_lastmod == newsroom["fresh"].published_at.replace(microsecond=0)


def test_tags_sitemap_lists_tags_of_public_stories(client, newsroom):
    """Tags are listed when a public story wears them, dated by their latest one."""
    found = urls(fetch(client, "/sitemap-tags.xml"))
    assert set(found) == {
        SERVER + reverse("articles:tag", kwargs={"slug": slug})
        for slug in ("politics", "history")
    }
    politics = parse_datetime(
        found[SERVER + reverse("articles:tag", args=["politics"])]
    )
    assert politics == newsroom["fresh"].published_at.replace(microsecond=0)


def test_news_sitemap_lists_the_last_two_days(client, newsroom, settings):
    """The Google News sitemap has recent public stories with publication data."""
    settings.SITE_NAME = "Newsroom & Co"
    root = fetch(client, reverse("news-sitemap"))
    entries = {
        url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)
    }
    assert set(entries) == {
        SERVER + newsroom[key].get_absolute_url() for key in ("fresh", "khmer")
    }
    fresh = entries[SERVER + newsroom["fresh"].get_absolute_url()]
    news = fresh.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == (
        "Newsroom & Co"
    )
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new <story>"
    published = parse_datetime(news.findtext("news:publication_date", namespaces=NS))
    assert published == newsroom["fresh"].published_at.replace(microsecond=0)
    khmer = entries[SERVER + newsroom["khmer"].get_absolute_url()]
    assert khmer.findtext(
        "news:news/news:publication/news:language", namespaces=NS
    ) == ("km")


def test_empty_news_sitemap_lists_no_page(client):
    """With no story in the last two days the urlset is empty: no front page."""
    make_article("Old news", published_at=timezone.now() - timedelta(days=3))
    make_article("Draft", published=False)
    root = fetch(client, reverse("news-sitemap"))
    assert root.tag == f"{{{NS['sm']}}}urlset"
    assert root.findall("sm:url", NS) == []


def test_robots_txt_names_the_sitemaps(client):
    """robots.txt is plain text naming both sitemaps by absolute URL."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SERVER}/sitemap.xml" in lines
    assert f"Sitemap: {SERVER}/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_query_counts_are_bounded(client, django_assert_max_num_queries):
    """Each sitemap section takes a fixed number of queries."""
    for i in range(15):
        story = make_article(f"Story {i}", tags=[f"tag-{i}"])
        Byline.objects.create(article=story, person=make_person(f"Writer {i}"))
    for url in ("/sitemap-stories.xml", "/sitemap-people.xml", "/sitemap-tags.xml"):
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/news-sitemap.xml").status_code == 200
