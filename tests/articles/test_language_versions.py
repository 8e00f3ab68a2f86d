"""
A story's published language versions on every reader surface: the story
page's switch and hreflang links, the sitemap, JSON-LD, ninjs and feeds; and
never a partner readers may not see.
"""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree

from articles import publishing
from articles.cache_keys import article_key, changed_keys
from articles.language_versions import (
    hreflang_alternates,
    language_name,
    language_versions,
    prefetch_language_versions,
)
from articles.models import Article, Byline
from common.links import absolute_url, tag_uri
from tests.articles.test_views import STORY_PAGE_LIGHT_QUERIES
from tests.factories import make_article, make_person
from tests.feedcheck import check_atom, check_rss

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"
SITEMAP_SCHEMA = etree.XMLSchema(
    etree.parse(str(DATA / "sitemaps" / "sitemap-with-alternates.xsd"))
)
NINJS = Draft202012Validator(
    json.loads((DATA / "ninjs-schema_2.2.json").read_text()),
    format_checker=FormatChecker(),
)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
KHMER_NAME = "\u1781\u17d2\u1798\u17c2\u179a"  # ខ្មែរ


def make_pair(translation_state="published"):
    """An English story and its Khmer translation, published or not."""
    source = make_article("Mekong talks resume", slug="mekong-talks", language="en")
    fields = {"published": True}
    if translation_state == "draft":
        fields = {"published": False}
    elif translation_state == "scheduled":
        fields["published_at"] = timezone.now() + timedelta(days=1)
    translation = make_article(
        "\u1780\u17b7\u1785\u17d2\u1785\u1796\u17b7\u1797\u17b6\u1780\u17d2\u179f\u17b6",
        slug="mekong-talks-km",
        language="km",
        translation_of=source,
        **fields,
    )
    if translation_state == "unpublished":
        publishing.unpublish(translation)
    return source, translation


class HeadLinks(HTMLParser):
    """The hreflang ``<link>`` elements and the language switch's links."""

    def __init__(self):
        super().__init__()
        self.alternates, self.switch, self._in_switch = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append((attrs["hreflang"], attrs["href"]))
        if tag == "nav" and "language-switch" in (attrs.get("class") or ""):
            self._in_switch = True
        if tag == "a" and self._in_switch:
            self.switch.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switch = False

    def handle_data(self, data):
        if self._in_switch and self.switch and "text" not in self.switch[-1]:
            self.switch[-1]["text"] = data.strip()


def page_links(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    parser = HeadLinks()
    parser.feed(response.content.decode())
    return parser


def json_ld(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', content, re.S
    )
    return next(
        block
        for block in map(json.loads, blocks)
        if block.get("@type") == "NewsArticle"
    )


def url_of(article):
    return absolute_url(article.get_absolute_url())


def test_languages_are_named_in_their_own_words():
    """The switch names Khmer in Khmer and English in English (CLDR, via Babel)."""
    assert language_name("km") == KHMER_NAME
    assert language_name("en") == "English"


def test_story_page_switches_to_the_other_language(client):
    """Each version links the other, named in its language, with lang and hreflang."""
    source, translation = make_pair()

    on_source = page_links(client, source).switch
    on_translation = page_links(client, translation).switch

    assert on_source == [
        {
            "href": translation.get_absolute_url(),
            "lang": "km",
            "hreflang": "km",
            "text": KHMER_NAME,
        }
    ]
    assert on_translation == [
        {
            "href": source.get_absolute_url(),
            "lang": "en",
            "hreflang": "en",
            "text": "English",
        }
    ]


def test_hreflang_links_are_reciprocal_with_x_default_the_source(client):
    """Both pages carry one hreflang set: every version, itself too, and x-default."""
    source, translation = make_pair()
    expected = {
        ("en", url_of(source)),
        ("km", url_of(translation)),
        ("x-default", url_of(source)),
    }

    assert set(page_links(client, source).alternates) == expected
    assert set(page_links(client, translation).alternates) == expected


def test_story_alone_in_its_language_has_no_switch(client):
    """A story without a published partner shows no switch and no hreflang."""
    story = make_article("Only in English")

    links = page_links(client, story)

    assert links.switch == [] and links.alternates == []


def test_json_ld_links_translation_and_source(client):
    """The translation says translationOfWork; the source lists its workTranslation."""
    source, translation = make_pair()

    on_source = json_ld(client, source)
    on_translation = json_ld(client, translation)

    assert on_source["inLanguage"] == "en"
    assert on_translation["inLanguage"] == "km"
    assert on_translation["translationOfWork"] == {
        "@type": "NewsArticle",
        "@id": url_of(source),
        "url": url_of(source),
        "inLanguage": "en",
    }
    assert [work["@id"] for work in on_source["workTranslation"]] == [
        url_of(translation)
    ]
    assert "workTranslation" not in on_translation
    assert "translationOfWork" not in on_source


def sitemap(client):
    response = client.get("/sitemap-stories.xml")
    assert response.status_code == 200
    return etree.fromstring(response.content)


def test_sitemap_lists_every_version_as_xhtml_alternates(client):
    """Each version's <url> carries the same hreflang alternates; the file is valid."""
    source, translation = make_pair()
    make_article("Only in English", slug="alone")

    root = sitemap(client)

    SITEMAP_SCHEMA.assertValid(root)
    alternates = {
        url.findtext(f"{SM}loc"): {
            (link.get("hreflang"), link.get("href"))
            for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }
    expected = {
        ("en", url_of(source)),
        ("km", url_of(translation)),
        ("x-default", url_of(source)),
    }
    assert alternates[url_of(source)] == expected
    assert alternates[url_of(translation)] == expected
    assert alternates[absolute_url(reverse("articles:detail", args=["alone"]))] == set()


@pytest.mark.parametrize("section", ["stories", "tags", "people"])
def test_every_sitemap_section_is_xsd_valid(client, section):
    """The sitemaps validate against the sitemaps.org schema, alternates included."""
    source, _ = make_pair()
    make_article("Tagged", tags=["politics"])
    Byline.objects.create(article=source, person=make_person("Aun Chhengpor"))

    response = client.get(f"/sitemap-{section}.xml")

    SITEMAP_SCHEMA.assertValid(etree.fromstring(response.content))


def ninjs(client, article):
    response = client.get(reverse("api:story", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    return response.json()


def test_ninjs_links_the_versions_as_associations(client):
    """Each ninjs document gives its language and associates the other version."""
    source, translation = make_pair()

    on_source, on_translation = ninjs(client, source), ninjs(client, translation)

    for document in (on_source, on_translation):
        errors = [e.message for e in NINJS.iter_errors(document)]
        assert not errors
    assert on_source["language"] == "en" and on_translation["language"] == "km"
    [to_translation] = [
        a for a in on_source["associations"] if a["name"].startswith("translation")
    ]
    assert to_translation == {
        "name": "translation-km",
        "uri": tag_uri("story", translation),
        "type": "text",
        "language": "km",
        "altids": [{"role": "url", "value": url_of(translation)}],
    }
    [to_source] = [
        a for a in on_translation["associations"] if a["name"].startswith("translation")
    ]
    assert to_source["name"] == "translation-of"
    assert to_source["uri"] == tag_uri("story", source)
    assert to_source["language"] == "en"


def test_ninjs_list_links_versions_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    """The story list reads every document's versions in one query, however many."""
    make_pair_named()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:stories"))
    for _ in range(4):
        make_pair_named()

    with django_assert_num_queries(len(few)):
        response = client.get(reverse("api:stories"))

    items = response.json()["items"]
    assert len(items) == 10
    assert all(
        any(a["name"].startswith("translation") for a in item["associations"])
        for item in items
    )


def feed_titles(client, name, language):
    response = client.get(reverse(name, kwargs={"language": language}))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("articles:language_feed_rss", check_rss),
        ("articles:language_feed_atom", check_atom),
    ],
)
def test_feeds_per_language_hold_that_language_only(client, name, check):
    """/feeds/latest/km/… carries the Khmer stories alone and passes the feed checks."""
    source, translation = make_pair()

    khmer = feed_titles(client, name, "km")
    english = feed_titles(client, name, "en")

    assert check(khmer) == [] and check(english) == []
    assert translation.headline.encode() in khmer
    assert source.headline.encode() not in khmer
    assert source.headline.encode() in english
    assert translation.headline.encode() not in english
    assert b'xml:lang="km"' in khmer or b"<language>km</language>" in khmer


def test_story_page_advertises_its_languages_feed(client):
    """A Khmer story names the Khmer feed beside the site's."""
    _, translation = make_pair()
    content = client.get(translation.get_absolute_url()).content.decode()
    for kind in ("rss", "atom"):
        url = reverse(f"articles:language_feed_{kind}", kwargs={"language": "km"})
        assert f'href="{absolute_url(url)}"' in content


def test_feed_of_an_unknown_language_is_404(client):
    """Only the newsroom's languages have feeds."""
    response = client.get(
        reverse("articles:language_feed_rss", kwargs={"language": "fr"})
    )
    assert response.status_code == 404


def test_existing_feeds_keep_every_language(client):
    """The latest-stories feeds still carry both languages at their old URLs."""
    source, translation = make_pair()
    content = client.get(reverse("articles:feed_rss")).content
    assert source.headline.encode() in content
    assert translation.headline.encode() in content


@pytest.mark.parametrize("state", ["draft", "scheduled", "unpublished"])
def test_hidden_partner_leaks_nowhere(client, state):
    """A partner readers may not see is on no page, sitemap, JSON-LD or ninjs."""
    source, hidden = make_pair(state)
    hidden_url = url_of(hidden)
    hidden_path = hidden.get_absolute_url()

    page = client.get(source.get_absolute_url()).content.decode()
    links = page_links(client, source)
    on_source = json_ld(client, source)
    document = ninjs(client, source)
    stories_sitemap = client.get("/sitemap-stories.xml").content.decode()
    api_list = client.get(reverse("api:stories")).content.decode()
    km_feed = client.get(
        reverse("articles:language_feed_atom", kwargs={"language": "km"})
    ).content.decode()

    assert hidden_path not in page and hidden_url not in page
    assert links.switch == [] and links.alternates == []
    assert "workTranslation" not in on_source
    assert "associations" not in document or not any(
        a["name"].startswith("translation") for a in document["associations"]
    )
    assert hidden_url not in stories_sitemap
    assert "hreflang" not in stories_sitemap
    assert hidden_url not in api_list
    assert hidden.headline not in km_feed


def test_translation_of_a_hidden_source_links_no_source(client):
    """A published translation of a draft source says nothing of it."""
    source = make_article("Draft source", language="en", published=False)
    translation = make_article(
        "Published translation", language="km", translation_of=source
    )

    links = page_links(client, translation)
    on_translation = json_ld(client, translation)
    document = ninjs(client, translation)

    assert links.switch == [] and links.alternates == []
    assert "translationOfWork" not in on_translation
    assert "associations" not in document or all(
        a["name"] != "translation-of" for a in document["associations"]
    )


def test_versions_of_many_stories_cost_one_query(django_assert_num_queries):
    """prefetch_language_versions reads a whole list's versions at once."""
    stories = []
    for _ in range(4):
        source, translation = make_pair_named()
        stories += [source, translation]
    stories = list(Article.objects.filter(pk__in=[s.pk for s in stories]))

    with django_assert_num_queries(1):
        prefetch_language_versions(stories)
        alternates = [hreflang_alternates(story) for story in stories]

    assert all(len(links) == 3 for links in alternates)
    with django_assert_num_queries(0):
        assert all(len(language_versions(story)) == 2 for story in stories)


def make_pair_named():
    source = make_article(language="en")
    return source, make_article(language="km", translation_of=source)


def test_story_page_with_a_partner_costs_the_pinned_queries(
    client, django_assert_num_queries
):
    """A story's translations cost one query, on either side of the pair."""
    source, translation = make_pair()
    with django_assert_num_queries(STORY_PAGE_LIGHT_QUERIES + 1):
        assert client.get(source.get_absolute_url()).status_code == 200
    with django_assert_num_queries(STORY_PAGE_LIGHT_QUERIES + 1):
        assert client.get(translation.get_absolute_url()).status_code == 200


def test_sitemap_with_many_pairs_stays_bounded(client, django_assert_max_num_queries):
    """The stories sitemap reads every story's versions in one query."""
    for _ in range(10):
        make_pair_named()
    with django_assert_max_num_queries(3):
        assert client.get("/sitemap-stories.xml").status_code == 200


def test_a_change_to_a_story_touches_its_partners_keys():
    """Publishing or unpublishing a version moves the pages of its partners."""
    source, translation = make_pair("draft")
    other = make_article("Unrelated")

    assert article_key(source.pk) in changed_keys([translation.pk])
    assert article_key(translation.pk) in changed_keys([source.pk])
    assert article_key(other.pk) not in changed_keys([translation.pk])


@pytest.fixture
def page_cache(settings):
    """Whole-page and fragment caching on, with an empty cache of their own."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "language-versions-tests",
        }
    }
    caches["default"].clear()
    return caches["default"]


@pytest.mark.usefixtures("commits_as_in_production")
def test_cached_page_follows_its_partner_publishing_and_unpublishing(
    client, page_cache
):
    """A cached page gains the switch as its partner is published, loses it after."""
    source, translation = make_pair("draft")
    assert page_links(client, source).switch == []
    assert client.get(source.get_absolute_url()).get("X-Page-Cache") == "hit"

    publishing.publish(translation)
    assert [a["hreflang"] for a in page_links(client, source).switch] == ["km"]
    assert client.get(source.get_absolute_url()).get("X-Page-Cache") == "hit"

    publishing.unpublish(Article.objects.get(pk=translation.pk))
    assert page_links(client, source).switch == []
    assert page_links(client, source).alternates == []
