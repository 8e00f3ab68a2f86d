import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from articles.models import Article
from articles.templatetags.article_tags import render_body
from common.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    PROSE_EDITOR_EXTENSIONS,
    URL_SCHEMES,
    sanitize_html,
)
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">click</p>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="javascript:alert(1)">js</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href="jav\tascript:alert(1)">raw tab</a>',
    '<a href=" &#106;avascript:alert(1)">leading space</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">'
    "all entities</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><input name="password"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    '<a href="https://example.org/" target="_blank" onmouseover="alert(1)">ok</a>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0">',
]
HOSTILE_TEXT = [
    '<script>alert("headline")</script>',
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_safe(markup):
    """Only allow-listed tags and attributes, and only safe link schemes."""
    parser = TagCollector()
    parser.feed(markup)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, markup
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, markup
            if name == "href":
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
                assert scheme in URL_SCHEMES | {""}, markup
    lowered = html.unescape(markup).lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "onerror"):
        assert needle not in lowered, markup


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_sanitize_html_removes_attacks(body):
    """Every hostile body comes out as allow-listed markup."""
    assert_safe(sanitize_html(body))


def test_sanitize_keeps_what_the_editor_writes():
    """Ordinary story markup survives cleaning unchanged, links get a safe rel."""
    body = (
        "<h2>Heading</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://www.voacambodia.com/">a link</a>.</p>'
        "<ul><li>One</li></ul><blockquote><p>Quoted</p></blockquote>"
    )
    cleaned = sanitize_html(body)
    assert "<h2>Heading</h2>" in cleaned
    assert "<strong>Bold</strong>" in cleaned
    assert 'href="https://www.voacambodia.com/"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert "<blockquote><p>Quoted</p></blockquote>" in cleaned


def test_editor_offers_nothing_the_allow_list_strips():
    """The prose-editor toolbar's markup is within the nh3 allow-list."""
    editor = allowlist_from_extensions(PROSE_EDITOR_EXTENSIONS)
    assert editor["tags"] <= ALLOWED_TAGS
    for tag, attributes in editor["attributes"].items():
        assert set(attributes) - {"rel", "data-type"} <= ALLOWED_ATTRIBUTES[tag]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_orm_save_stores_clean_body(body):
    """A body saved through the ORM is cleaned before it is stored."""
    article = make_article(body=body)
    article.refresh_from_db()
    assert_safe(article.body)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_render_body_filter_cleans_on_render(body):
    """The template filter cleans whatever is stored, even if saving was bypassed."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=body)
    article.refresh_from_db()
    rendered = Template("{% load article_tags %}{{ article.body|render_body }}").render(
        Context({"article": article})
    )
    assert_safe(rendered)
    assert_safe(render_body(body))


@pytest.mark.parametrize("body", HOSTILE_BODIES[:12])
def test_hostile_body_through_admin_form_is_stored_clean(editor_client, body):
    """A forged admin POST cannot store hostile HTML."""
    url = reverse("admin:articles_article_add")
    data = change_form_data(
        editor_client.get(url), headline="Hostile body", slug="hostile", body=body
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert_safe(Article.objects.get(slug="hostile").body)


def test_admin_uses_the_prose_editor_widget(editor_client):
    """Editors write the body in django-prose-editor."""
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert "django_prose_editor/editor.js" in response.content.decode()


@pytest.mark.parametrize("headline", HOSTILE_TEXT)
def test_hostile_headline_is_escaped_in_admin_and_pages(editor_client, headline):
    """Headlines are text everywhere: admin messages, lists, previews and pages."""
    url = reverse("admin:articles_article_add")
    data = change_form_data(
        editor_client.get(url),
        headline=headline,
        slug="hostile-headline",
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
    )
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "was added successfully" in response.content.decode()
    article = Article.objects.get(slug="hostile-headline")
    pages = [
        response,
        editor_client.get(reverse("admin:articles_article_changelist")),
        editor_client.get(reverse("admin:articles_article_change", args=[article.pk])),
        editor_client.get(reverse("admin:articles_article_preview", args=[article.pk])),
        editor_client.get(article.get_absolute_url()),
        editor_client.get(reverse("articles:front")),
    ]
    for page in pages:
        assert page.status_code == 200
        assert headline not in page.content.decode()


def write_fixture(tmp_path, body, text):
    records = [
        {
            "model": "people.person",
            "pk": 9001,
            "fields": {
                "name": text,
                "slug": "hostile-person",
                "title": text,
                "created_at": "2020-01-01T10:00:00Z",
                "modified_at": "2020-01-01T10:00:00Z",
            },
        },
        {"model": "taggit.tag", "pk": 9001, "fields": {"name": text, "slug": "hx"}},
        {
            "model": "articles.article",
            "pk": 9001,
            "fields": {
                "headline": text,
                "slug": "fixture-hostile",
                "deck": text,
                "body": body,
                "dateline": text,
                "status": "published",
                "published_at": "2020-01-01T10:00:00Z",
                "created_at": "2020-01-01T10:00:00Z",
                "modified_at": "2020-01-01T10:00:00Z",
            },
        },
        {
            "model": "articles.taggedarticle",
            "pk": 9001,
            "fields": {"content_object": 9001, "tag": 9001},
        },
        {
            "model": "articles.byline",
            "pk": 9001,
            "fields": {"article": 9001, "person": 9001, "role": "author"},
        },
        {
            "model": "articles.quote",
            "pk": 9001,
            "fields": {
                "article": 9001,
                "speaker": 9001,
                "text": text,
                "speaker_title": text,
                "is_pull_quote": True,
            },
        },
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(records))
    return path


@pytest.mark.parametrize(
    ("body", "text"), list(zip(HOSTILE_BODIES[:6], HOSTILE_TEXT * 2, strict=True))
)
def test_hostile_fixture_renders_clean(client, admin_client, tmp_path, body, text):
    """Content loaded with loaddata (no save() runs) is still safe on every page."""
    call_command("loaddata", write_fixture(tmp_path, body, text), verbosity=0)
    article = Article.objects.get(slug="fixture-hostile")
    assert article.body == body  # stored as loaded: rendering must clean it
    assert_safe(render_body(article.body))
    pages = [
        client.get(article.get_absolute_url()),
        client.get(reverse("articles:front")),
        admin_client.get(reverse("admin:articles_article_preview", args=[9001])),
        admin_client.get(reverse("admin:articles_article_change", args=[9001])),
    ]
    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        assert text not in content
        assert body not in content


@pytest.mark.parametrize(
    "markup", ["<a" * 5000, "<b>" * 3000 + "deep", "<p>" + "<i><b" * 2000 + "</p>"]
)
def test_plain_text_of_markup_nested_past_any_depth_is_text_not_an_error(markup):
    """Django's strip_tags refuses such markup (a 400 on the page); ours reads it."""
    from common.sanitize import plain_text

    text = plain_text(markup)
    assert "<" not in text


def test_plain_text_keeps_words_and_drops_scripts():
    from common.sanitize import plain_text

    assert plain_text("<p>A &amp; B</p><script>x()</script> <b>ថ្មី</b>") == "A & B ថ្មី"
