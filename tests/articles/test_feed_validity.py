"""Every feed kind passes the W3C validator's rules, for every kind of story."""

import html
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.feeds import rss_text
from articles.models import Article, Byline, Mention
from tests.factories import make_article, make_person, make_photo
from tests.feedcheck import ATOM, CONTENT, DC, check_atom, check_rss

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("deck")</script><img src=x onerror=alert(1)> & more'


@pytest.fixture
def newsroom():
    """
    The stories that broke feeds: unbylined, photographer-only with a captioned
    photo, Khmer, a translated one, and text with markup and control characters.
    """
    now = timezone.now()
    writer = make_person("Aun Chhengpor", is_staff=True)
    translator = make_person("Kann Vicheika", is_staff=True)
    photographer = make_person("Tum Malis", is_staff=True)
    tagged = make_person("Sok\x0bEysan <b>")
    photo = make_photo(
        caption="Police stand guard outside the court",
        credit="Tum Malis/VOA Khmer",
        alt_text="Police outside a court",
    )
    photographed = make_article(
        "Court hearing in Phnom Penh",
        deck="The hearing lasted four hours.",
        lead_photo=photo,
        tags=["courts"],
        published_at=now - timedelta(hours=1),
    )
    Byline.objects.create(
        article=photographed, person=photographer, role=Byline.Role.PHOTOGRAPHER
    )
    Mention.objects.create(article=photographed, person=tagged)
    unbylined = make_article(
        "Wire copy",
        source="VOA Khmer",
        tags=["courts"],
        published_at=now - timedelta(hours=2),
    )
    Mention.objects.create(article=unbylined, person=tagged)
    make_article("No credit at all", published_at=now - timedelta(hours=3))
    khmer = make_article(
        "កម្ពុជា​ថ្ងៃនេះ",
        deck="សេចក្ដី​សង្ខេប",
        language="km",
        tags=["courts"],
        published_at=now - timedelta(hours=4),
    )
    Byline.objects.create(article=khmer, person=writer)
    Byline.objects.create(article=khmer, person=translator, role="translator")
    hostile = make_article(
        "Headline with <b>markup</b> & a\x0bvertical tab",
        published_at=now - timedelta(hours=5),
        tags=["courts"],
    )
    # Saved before text was cleaned at the door: straight into the table.
    Article.objects.filter(pk=hostile.pk).update(deck=HOSTILE + "\x0b\x01end")
    Mention.objects.create(article=hostile, person=tagged)
    return {
        "photographed": photographed,
        "unbylined": unbylined,
        "khmer": khmer,
        "hostile": hostile,
        "tagged": tagged,
        "writer": writer,
    }


def feed_urls(newsroom):
    person = newsroom["tagged"].slug
    return [
        ("rss", reverse("articles:feed_rss")),
        ("atom", reverse("articles:feed_atom")),
        ("rss", reverse("articles:tag_feed_rss", kwargs={"slug": "courts"})),
        ("atom", reverse("articles:tag_feed_atom", kwargs={"slug": "courts"})),
        ("rss", reverse("people:feed_rss", kwargs={"slug": person})),
        ("atom", reverse("people:feed_atom", kwargs={"slug": person})),
    ]


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def test_every_feed_kind_passes_the_validator_rules(client, newsroom):
    """Latest, tag and person feeds, RSS and Atom: no problem the validator finds."""
    for kind, url in feed_urls(newsroom):
        response = fetch(client, url)
        check = check_rss if kind == "rss" else check_atom
        assert check(response.content) == [], url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        assert parsed.entries, url


def test_atom_entries_each_name_an_author_and_the_feed_names_one(client, newsroom):
    """RFC 4287: the feed has an author, and so does every entry."""
    root = ElementTree.fromstring(fetch(client, reverse("articles:feed_atom")).content)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Newsroom"
    authors = {
        entry.find(f"{ATOM}title").text: [
            a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")
        ]
        for entry in root.findall(f"{ATOM}entry")
    }
    assert authors["Court hearing in Phnom Penh"] == ["Newsroom"]
    assert authors["Wire copy"] == ["VOA Khmer"]
    assert authors["No credit at all"] == ["Newsroom"]
    assert authors["កម្ពុជា​ថ្ងៃនេះ"] == ["Aun Chhengpor"]


def test_photographer_and_translator_are_never_the_author(client, newsroom):
    """dc:creator holds writers only; the photographer is the photo's credit."""
    root = ElementTree.fromstring(fetch(client, reverse("articles:feed_rss")).content)
    creators = {
        item.find("title").text: [c.text for c in item.findall(f"{DC}creator")]
        for item in root.iter("item")
    }
    assert creators["Court hearing in Phnom Penh"] == ["Newsroom"]
    assert creators["កម្ពុជា​ថ្ងៃនេះ"] == ["Aun Chhengpor"]
    assert creators["Wire copy"] == ["VOA Khmer"]


def test_feed_readers_see_the_story_not_the_caption(client, newsroom):
    """feedparser: summary is the deck, content is the story, caption in figure."""
    for url in (reverse("articles:feed_rss"), reverse("articles:feed_atom")):
        parsed = feedparser.parse(fetch(client, url).content)
        entry = next(e for e in parsed.entries if e.title.startswith("Court"))
        assert html.unescape(entry.summary) == "The hearing lasted four hours."
        [content] = entry.content
        assert content.type == "text/html"
        assert content.value.startswith("<figure><img")
        assert "<figcaption>Police stand guard outside the court" in content.value
        assert "<p>Body text.</p>" in content.value
        assert entry.enclosures[0].href.startswith("http://testserver/media/")


def test_khmer_story_says_its_language(client, newsroom):
    """The entry carries “km”: dc:language in RSS, xml:lang in Atom."""
    rss = ElementTree.fromstring(fetch(client, reverse("articles:feed_rss")).content)
    languages = {
        item.find("title").text: item.find(f"{DC}language").text
        for item in rss.iter("item")
    }
    assert languages["កម្ពុជា​ថ្ងៃនេះ"] == "km"
    assert languages["Wire copy"] == "en"
    atom = ElementTree.fromstring(fetch(client, reverse("articles:feed_atom")).content)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entry_languages = {
        e.find(f"{ATOM}title").text: e.get(lang) for e in atom.iter(f"{ATOM}entry")
    }
    assert entry_languages["កម្ពុជា​ថ្ងៃនេះ"] == "km"


def shown(detail):
    """
    The text a reader displays for a feedparser text construct: plain text as
    it is; HTML only if it holds no element, once its entities are read.
    """
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html"
    assert "<" not in detail.value, detail.value
    return html.unescape(detail.value)


def test_plain_text_stays_plain_in_every_feed(client, newsroom):
    """Markup typed in a deck, headline or name is shown as text, never run."""
    for kind, url in feed_urls(newsroom):
        response = fetch(client, url)
        parsed = feedparser.parse(response.content)
        [entry] = [e for e in parsed.entries if "markup" in e.title]
        # What a reader shows: text as it was typed, never live markup.
        assert shown(entry.summary_detail) == HOSTILE + "end"
        assert (
            shown(entry.title_detail) == "Headline with <b>markup</b> & avertical tab"
        )
        if "people" in url:
            assert shown(parsed.feed.title_detail) == "Newsroom: SokEysan <b>"
            assert "SokEysan <b>" in shown(parsed.feed.subtitle_detail)
        if kind == "atom":
            root = ElementTree.fromstring(response.content)
            summaries = [e.find(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
            assert {s.get("type") for s in summaries if s is not None} == {"text"}


def test_control_characters_never_break_a_feed(client, newsroom):
    """A vertical tab in a deck, headline or name leaves every feed well-formed."""
    for _kind, url in feed_urls(newsroom):
        content = fetch(client, url).content
        assert b"\x0b" not in content
        ElementTree.fromstring(content)


def test_full_story_is_in_content_with_absolute_links(client):
    """content:encoded carries the body through the allow-list, links absolute."""
    make_article(
        "Linked story",
        body='<p>See <a href="/tags/courts/">more</a>.</p><script>x()</script>',
    )
    root = ElementTree.fromstring(fetch(client, reverse("articles:feed_rss")).content)
    encoded = root.find(f"channel/item/{CONTENT}encoded").text
    assert 'href="http://testserver/tags/courts/"' in encoded
    assert "<script" not in encoded


def test_guids_ignore_host_header_and_slug_changes(client, newsroom, settings):
    """GUIDs and links are on the site URL and stay put when the slug changes."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    url = reverse("articles:feed_atom")
    first = feedparser.parse(fetch(client, url).content)
    other = feedparser.parse(fetch(client, url, HTTP_HOST="other.example").content)
    assert [e.id for e in first.entries] == [e.id for e in other.entries]
    assert [e.link for e in first.entries] == [e.link for e in other.entries]
    assert "other.example" not in fetch(client, url, HTTP_HOST="other.example").text
    story = newsroom["unbylined"]
    before = next(e.id for e in first.entries if e.title == "Wire copy")
    assert before == (
        f"tag:testserver,{story.created_at.date().isoformat()}:story:{story.pk}"
    )
    Article.objects.filter(pk=story.pk).update(slug="renamed-wire-copy")
    after = feedparser.parse(fetch(client, url).content)
    entry = next(e for e in after.entries if e.title == "Wire copy")
    assert entry.id == before
    assert entry.link.endswith("/renamed-wire-copy/")


# Ampersands, a less-than sign, both kinds of quotes and Khmer: what a headline
# holds that a feed must pass on as typed.
PUNCTUATED = 'Q&A: AT&T’s “deal” <2% of "Hun Sen" & ហ៊ុន សែន\'s aid — &c'


@pytest.fixture
def punctuated(newsroom):
    story = make_article(
        PUNCTUATED,
        deck="Tom & Jerry <3 ‘quotes’ & កម្ពុជា",
        tags=["Arts & Culture", "courts"],
    )
    Mention.objects.create(article=story, person=newsroom["tagged"])
    return story


def punctuated_feed_urls(newsroom):
    return [
        *feed_urls(newsroom),
        ("rss", reverse("articles:tag_feed_rss", kwargs={"slug": "arts-culture"})),
        ("atom", reverse("articles:tag_feed_atom", kwargs={"slug": "arts-culture"})),
    ]


def test_titles_are_escaped_once_in_every_feed(client, newsroom, punctuated):
    """“&”, “<”, quotes and Khmer read as typed, never as “&amp;” (RSS and Atom)."""
    for kind, url in punctuated_feed_urls(newsroom):
        response = fetch(client, url)
        assert b"&amp;amp;" not in response.content, url
        assert (check_rss if kind == "rss" else check_atom)(response.content) == []
        root = ElementTree.fromstring(response.content)
        if kind == "rss":
            [item] = [i for i in root.iter("item") if "Q&" in i.find("title").text]
            title, deck = item.find("title"), item.find("description")
        else:
            [item] = [
                e
                for e in root.iter(f"{ATOM}entry")
                if "Q&" in e.find(f"{ATOM}title").text
            ]
            title, deck = item.find(f"{ATOM}title"), item.find(f"{ATOM}summary")
            assert title.get("type") == deck.get("type") == "text"
        # What a reader that takes the text as text shows...
        assert title.text == PUNCTUATED, url
        assert deck.text == punctuated.deck, url
        # ...and what one that takes it as HTML shows.
        parsed = feedparser.parse(response.content)
        [entry] = [e for e in parsed.entries if e.title.startswith("Q&")]
        assert entry.title == PUNCTUATED, url
        assert html.unescape(entry.summary) == punctuated.deck, url
        if "arts-culture" in url:
            channel = root.find("channel/title" if kind == "rss" else f"{ATOM}title")
            assert channel.text == "Newsroom: Arts & Culture", url
            assert parsed.feed.title == "Newsroom: Arts & Culture", url


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("AT&T & Q&A", "AT&T & Q&A"),
        ("<2% and a < b", "<2% and a < b"),
        ('“quoted” and "quoted"', '“quoted” and "quoted"'),
        ("ហ៊ុន សែន", "ហ៊ុន សែន"),
        ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
        ("&amp; typed out", "&amp;amp; typed out"),
        ("&copy 2026 &#169;", "&amp;copy 2026 &amp;#169;"),
        ("<!-- x --> <?x?>", "&lt;!-- x --> &lt;?x?>"),
    ],
)
def test_rss_text_escapes_only_what_html_would_read(typed, sent):
    """rss_text escapes only what an HTML reader would read as markup or a reference."""
    assert rss_text(typed) == sent
    assert html.unescape(sent) == typed
