import datetime
import html as html_module
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.admin.workflow import StateFilter
from articles.desk import desk_sections
from articles.models import Article, Quote
from articles.ninjs import quote_association
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def visible_text(html):
    """The page's words as a reader of the screen sees them, without markup."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    "name, args",
    [
        ("admin:index", []),
        ("admin:app_list", ["articles"]),
        ("admin:articles_article_changelist", []),
        ("admin:articles_article_add", []),
        ("admin:articles_quote_changelist", []),
    ],
)
def test_admin_screens_say_story_never_article_or_coverage(admin_client, name, args):
    """The admin calls the app and the model "Stories" and "story", as the desk does."""
    make_article("A story on the desk")
    text = visible_text(admin_client.get(reverse(name, args=args)).content.decode())
    assert "Coverage" not in text
    assert not re.search(r"\barticles?\b", text, re.IGNORECASE)


def test_admin_breadcrumbs_and_titles_name_stories(admin_client):
    """The story changelist is titled and crumbed with stories."""
    html = admin_client.get(reverse("admin:articles_article_changelist")).content
    text = visible_text(html.decode())
    assert "Select story to change" in text
    assert re.search(r"Stories\s*›\s*Stories", text)


def test_permissions_are_named_as_the_screens_name_the_models():
    """Group screens say "Can change story", not "Can change article"."""
    names = {
        p.codename: p.name
        for p in Permission.objects.filter(content_type__app_label="articles")
    }
    assert names["change_article"] == "Can change story"
    assert names["view_article"] == "Can view story"
    assert names["add_note"] == "Can add correction or update"


def test_corrections_inline_is_named_as_readers_see_it(admin_client):
    """The story form's inline of notes says what the reader sees above them."""
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Corrections and updates" in visible_text(html)


def test_state_labels_come_from_the_status_choices(rf, admin_user):
    """The state filter and the desk use the labels of ``Article.Status``."""
    lookups = dict(StateFilter(rf.get("/"), {}, Article, None).lookups(None, None))
    assert lookups[Article.Status.DRAFT] == Article.Status.DRAFT.label
    assert lookups[Article.Status.REVIEW] == Article.Status.REVIEW.label
    assert lookups["scheduled"] == Article.SCHEDULED_LABEL
    assert lookups["live"].startswith(str(Article.Status.PUBLISHED.label))
    titles = {section.key: section.title for section in desk_sections(admin_user)}
    assert titles["review"] == Article.Status.REVIEW.label
    assert titles["scheduled"] == Article.SCHEDULED_LABEL


def test_reporter_status_choices_are_the_status_labels(reporter_client):
    """A reporter's status menu offers the open states, labelled as everywhere."""
    html = reporter_client.get(reverse("admin:articles_article_add")).content.decode()
    select = re.search(r'(?s)<select name="status".*?</select>', html).group()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select)
    assert options == [
        (Article.Status.DRAFT.value, Article.Status.DRAFT.label),
        (Article.Status.REVIEW.value, Article.Status.REVIEW.label),
    ]


@pytest.fixture
def late_quote(settings):
    """An undated quote in a story published late in the evening, UTC."""
    # 23:30 UTC is already the next day in Phnom Penh (UTC+7).
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    story = make_article(
        "A late story",
        published_at=datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC),
    )
    speaker = make_person("Late Speaker")
    return Quote.objects.create(
        article=story, speaker=speaker, text="Words said late.", speaker_title="Envoy"
    )


def test_quote_date_falls_back_to_the_story_day_in_the_newsroom_zone(late_quote):
    """A quote with no date of its own carries its story's local publication day."""
    assert late_quote.date == datetime.date(2024, 3, 2)
    late_quote.said_on = datetime.date(2024, 2, 28)
    assert late_quote.date == datetime.date(2024, 2, 28)


def test_quote_date_in_queries_agrees_with_the_property(late_quote):
    """Filtering and ordering by a quote's day use the same day it shows."""
    on_the_day = Quote.objects.dated().filter(day=late_quote.date)
    assert list(on_the_day) == [late_quote]
    the_day_before = late_quote.date - datetime.timedelta(days=1)
    assert not Quote.objects.dated().filter(day=the_day_before).exists()


def test_every_surface_shows_the_same_quote_date(client, late_quote):
    """Quote page, person page, quote search and the API agree on the day."""
    shown = 'datetime="2024-03-02"'
    quote_page = client.get(late_quote.get_absolute_url()).content.decode()
    assert shown in quote_page
    person_page = client.get(late_quote.speaker.get_absolute_url()).content.decode()
    assert shown in person_page
    search = client.get(
        reverse("articles:quote_search"), {"start": "2024-03-02", "end": "2024-03-02"}
    ).content.decode()
    assert "Words said late." in search and shown in search
    document = quote_association(late_quote, 0)
    assert document["contentcreated"] == "2024-03-02T00:00:00Z"
    assert timezone.localdate(late_quote.article.published_at) == late_quote.date
