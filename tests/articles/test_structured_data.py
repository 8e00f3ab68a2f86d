import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import timezone
from taggit.models import Tag

from articles.language_versions import prefetch_language_versions
from articles.models import Article, Byline, Note
from articles.person_structured_data import person_json_ld, person_page_json_ld
from articles.structured_data import (
    article_json_ld,
    article_page_json_ld,
    article_page_meta,
)
from tests.factories import make_article, make_heavy_article, make_person, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A public story with two authors, a photographer, a photo, tags and notes."""
    photo = make_photo(caption="Ministers meet", credit="Aun Chhengpor/VOA Khmer")
    article = make_article(
        "US envoy visits </script><script>alert(1)</script>",
        deck="<p>The ambassador met <em>ministers</em>.</p>",
        lead_photo=photo,
        tags=["diplomacy", "united-states"],
        updated_at=timezone.now(),
    )
    for position, (name, role) in enumerate(
        [
            ("Aun Chhengpor", "author"),
            ("Kann Vicheika", "author"),
            ("Snap", "photographer"),
        ]
    ):
        Byline.objects.create(
            article=article, person=make_person(name), role=role, position=position
        )
    Note.objects.create(
        article=article,
        kind=Note.Kind.CORRECTION,
        text="An earlier version misspelled a name.",
        noted_at=timezone.now() - timedelta(minutes=30),
    )
    Note.objects.create(article=article, kind=Note.Kind.UPDATE, text="Adds reaction.")
    return Article.objects.for_listing().get(pk=article.pk)


class ScriptCollector(HTMLParser):
    """The JSON-LD script elements of a page."""

    def __init__(self):
        super().__init__()
        self.scripts, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and ("type", "application/ld+json") in attrs
        if self._in:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def render(source, rf, **context):
    """Render ``source`` with the page data a view would hand over."""
    request = rf.get("/")
    if "story" in context:
        context["story_ld"] = article_page_json_ld(context["story"])
        context["story_meta"] = article_page_meta(context["story"])
    if "person" in context:
        context["person_ld"] = person_page_json_ld(context["person"])
    return Template("{% load seo %}" + source).render(
        Context({"request": request, **context})
    )


def json_ld_blocks(html):
    collector = ScriptCollector()
    collector.feed(html)
    return [json.loads(text) for text in collector.scripts]


def test_news_article_carries_every_property(story, rf):
    """The NewsArticle has headline, dates, authors, image, publisher, keywords…"""
    data = article_json_ld(story)
    url = "http://testserver" + story.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["description"] == "The ambassador met ministers."
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] == story.updated_at.isoformat()
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert [a["name"] for a in data["author"]] == ["Aun Chhengpor", "Kann Vicheika"]
    for author, byline in zip(data["author"], story.bylines.all(), strict=False):
        assert author["@type"] == "Person"
        assert author["url"] == "http://testserver" + byline.person.get_absolute_url()
    image = data["image"][0]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith("http://testserver/media/CACHE/images/photos/")
    assert image["caption"] == "Ministers meet"
    assert image["creditText"] == "Aun Chhengpor/VOA Khmer"
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"].endswith("publisher-logo.png")
    assert sorted(data["keywords"]) == ["diplomacy", "united-states"]
    [correction] = data["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "An earlier version misspelled a name."
    assert correction["datePublished"] == story.notes.first().noted_at.isoformat()


def test_json_ld_tag_escapes_and_parses(story, rf):
    """The rendered JSON-LD cannot close its script and parses back whole."""
    html = render("{% structured_data story_ld %}", rf, story=story)
    assert "</script><script>" not in html
    assert "\\u003C/script\\u003E" in html
    article, breadcrumbs = json_ld_blocks(html)
    assert article["headline"] == story.headline
    assert breadcrumbs["@type"] == "BreadcrumbList"
    names = [item["name"] for item in breadcrumbs["itemListElement"]]
    assert names == ["Newsroom", "diplomacy", story.headline]
    assert [i["position"] for i in breadcrumbs["itemListElement"]] == [1, 2, 3]


def test_json_ld_expands_as_linked_data(story, rf):
    """Every key is a schema.org term or a JSON-LD keyword (the context applies)."""
    data = json_ld_blocks(render("{% structured_data story_ld %}", rf, story=story))[0]

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    for key in keys(data):
        assert key.startswith("@") or re.fullmatch(r"[a-z][A-Za-z]+", key), key


def test_person_json_ld(rf):
    """A person page describes a Person with name, aliases, title and URL."""
    person = make_person(
        "Sok Eysan",
        aliases="Sok Ey San",
        title="Spokesman",
        affiliation="Cambodian People's Party",
        bio="<p>Long-time party spokesman.</p>",
    )
    data = person_json_ld(person)
    assert data["@type"] == "Person"
    assert data["name"] == "Sok Eysan"
    assert data["alternateName"] == ["Sok Ey San"]
    assert data["jobTitle"] == "Spokesman"
    assert data["affiliation"]["name"] == "Cambodian People's Party"
    assert data["description"] == "Long-time party spokesman."
    assert data["url"] == "http://testserver" + person.get_absolute_url()
    html = render("{% structured_data person_ld %}", rf, person=person)
    assert [d["@type"] for d in json_ld_blocks(html)] == ["Person", "BreadcrumbList"]


def test_page_meta_for_a_story(story, rf):
    """Canonical, description, OpenGraph and Twitter tags, all escaped."""
    html = render("{% page_meta story_meta %}", rf, story=story)
    url = "http://testserver" + story.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="The ambassador met ministers.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'content="US envoy visits &lt;/script&gt;&lt;script&gt;alert(1)' in html
    assert "<script>" not in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image" content="http://testserver/media/' in html
    assert '<meta property="article:tag" content="diplomacy">' in html
    assert html.count('<meta property="article:author"') == 2


def test_page_meta_for_a_list_page_keeps_only_the_page_number(rf):
    """A list page's canonical URL drops tracking parameters but keeps its page."""
    request = rf.get("/tags/politics/", {"page": "2", "utm_source": "x"})
    html = Template("{% load seo %}{% page_meta %}").render(
        Context({"request": request})
    )
    assert (
        '<link rel="canonical" href="http://testserver/tags/politics/?page=2">' in html
    )
    # A page without a photo offers a generated card, as large as a photo.
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:width" content="1200">' in html


def test_feed_links_advertise_site_tag_and_person_feeds(rf):
    """feed_links names the site feeds plus the tag's or person's own."""
    person = make_person("Sok Eysan")
    html = render("{% feed_links person=person %}", rf, person=person)
    assert html.count('rel="alternate"') == 4
    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html
    assert f'href="http://testserver/people/{person.slug}/feed/atom/"' in html
    make_article("Tagged", tags=["politics"])
    html = render("{% feed_links tag=tag %}", rf, tag=Tag.objects.get(slug="politics"))
    assert 'href="http://testserver/tags/politics/feed/rss/"' in html


def test_structured_data_query_count_is_bounded(rf, django_assert_max_num_queries):
    """JSON-LD for a heavy story needs a fixed handful of queries."""
    heavy = Article.objects.for_listing().prefetch_related("notes")
    article = heavy.get(pk=make_heavy_article().pk)
    prefetch_language_versions([article])
    with django_assert_max_num_queries(0):
        html = render(
            "{% structured_data story_ld %}{% page_meta story_meta %}",
            rf,
            story=article,
        )
    assert len(json_ld_blocks(html)[0]["author"]) == 5
