"""The clients of issue 13 read the sample newsroom right."""

import json
import re

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from tests.feedcheck import check_atom, check_rss
from tests.newsroom.test_api import assert_ninjs


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def json_ld(html):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return [json.loads(block) for block in blocks]


def test_sample_stories_credit_the_agency_and_the_photographer(client, sample_newsroom):
    """2017: the photographer is the image's creator; both stories are VOA Khmer's."""
    for story in Article.objects.published():
        html = client.get(story.get_absolute_url()).content.decode()
        article = json_ld(html)[0]
        assert article["author"] == [{"@type": "Organization", "name": "VOA Khmer"}]
        assert "og:image" in html
        if story.lead_photo_id:
            creators = [c["name"] for c in article["image"][0]["creator"]]
            assert creators == [story.bylines.get().person.name]
            assert 'property="og:image:width"' in html


def test_sample_feeds_are_valid_and_credit_no_photographer(client, sample_newsroom):
    photographer = Article.objects.get(pk=1).bylines.get().person.name
    for name, check in (
        ("articles:feed_rss", check_rss),
        ("articles:feed_atom", check_atom),
    ):
        content = client.get(reverse(name)).content
        assert check(content) == []
        parsed = feedparser.parse(content)
        assert not parsed.bozo
        for entry in parsed.entries:
            assert [a.name for a in entry.authors] == ["VOA Khmer"]
            assert photographer not in entry.summary
            assert entry.content[0].value


def test_sample_api_documents_validate(client, sample_newsroom):
    for name in ("api:stories", "api:people", "api:photos"):
        page = client.get(reverse(name)).json()
        assert page["items"], name
        for item in page["items"]:
            assert_ninjs(item)
