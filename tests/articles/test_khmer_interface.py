"""A Khmer story's page speaks Khmer; English pages are as they were."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.dates import get_month_names
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Byline, Note
from pagecache.fragments import stats
from tests.factories import make_article, make_person

KHMER_DATA = Path(__file__).resolve().parents[3] / "shared" / "khmer"

# 9 March 2025, 03:30 UTC: 10:30 in Phnom Penh, the same day in UTC.
PUBLISHED = datetime(2025, 3, 9, 3, 30, tzinfo=UTC)


def khmer(text):
    with translation.override("km"):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no Khmer translation"
    return translated


def khmer_headline():
    """The first line of a VOA Khmer story, or a Khmer word when it is absent."""
    path = KHMER_DATA / "01_vietnam_hotline.km.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").strip().splitlines()[0][:190]
    return Article.Language.KHMER.label


@pytest.fixture
def pair(db):
    """A Khmer story and an English one, related to each other, with bylines."""
    reporter = make_person("Sok Reporter")
    km = make_article(
        khmer_headline(), language=Article.Language.KHMER, published_at=PUBLISHED
    )
    en = make_article("An English story", published_at=PUBLISHED)
    for story in (km, en):
        Byline.objects.create(article=story, person=reporter)
    km.related.add(en)
    return km, en


@pytest.mark.django_db
def test_khmer_story_page_has_khmer_chrome(client, pair):
    """Navigation, labels and the byline of a Khmer story are in Khmer."""
    km, _en = pair
    page = client.get(km.get_absolute_url()).content.decode()
    assert '<html lang="km">' in page
    assert '<header class="site-header" lang="km">' in page
    assert '<footer class="site-footer" lang="km">' in page
    for label in ("Latest", "Search", "Quotes", "Skip to main content"):
        assert khmer(label) in page
    assert khmer("Related stories") in page
    assert khmer("Published") + " <time" in page
    assert f'<p class="byline">{khmer("By")} ' in page
    assert ">Related stories<" not in page
    assert "Skip to main content" not in page


@pytest.mark.django_db
def test_khmer_story_page_has_khmer_dates(client, pair, settings):
    """Dates on a Khmer page carry CLDR's Khmer month names, not English ones."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    km, _en = pair
    page = client.get(km.get_absolute_url()).content.decode()
    march = get_month_names("wide", locale="km")[3]
    assert f"9 {march} 2025, 10:30" in page
    assert khmer("%(city)s time") % {"city": "ភ្នំពេញ"} in page
    # The related English story's card, on this page, in the page's language.
    assert f">9 {march} 2025</time>" in page
    assert "March" not in page


@pytest.mark.django_db
def test_khmer_digits_when_the_newsroom_asks(client, pair, settings):
    """NEWSROOM_KHMER_DIGITS writes the numbers of Khmer dates in Khmer digits."""
    settings.NEWSROOM_KHMER_DIGITS = True
    settings.TIME_ZONE = "UTC"
    km, en = pair
    page = client.get(km.get_absolute_url()).content.decode()
    march = get_month_names("wide", locale="km")[3]
    assert f"៩ {march} ២០២៥, ០៣:៣០" in page
    # English pages keep their digits.
    assert "March 9, 2025" in client.get(en.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_english_story_page_is_unchanged(client, pair, settings):
    """An English story page keeps its English chrome and dates."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    _km, en = pair
    page = client.get(en.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    assert '<header class="site-header" lang="en">' in page
    assert ">Related stories<" in page
    assert "Published <time" in page
    assert "March 9, 2025, 10:30 Phnom Penh time" in page
    assert '<p class="byline">By ' in page
    assert khmer("Related stories") not in page


@pytest.mark.django_db
def test_site_pages_speak_the_site_language(client, pair):
    """The front, person, tag and quote pages take LANGUAGE_CODE, not a story's."""
    km, _en = pair
    front = client.get(reverse("articles:front")).content.decode()
    assert '<header class="site-header" lang="en">' in front
    assert ">Latest</a>" in front
    # The Khmer story's card keeps its lang; the chrome around it is English.
    assert '<article class="card' in front and 'lang="km">' in front
    assert "March 9, 2025" in front
    person = km.bylines.first().person
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Stories by Sok Reporter" in page and "March 9, 2025" in page


@pytest.mark.django_db
def test_site_pages_in_khmer_when_the_site_is(client, pair, settings):
    """With LANGUAGE_CODE km, the list and person pages read in Khmer, dates too."""
    settings.LANGUAGE_CODE = "km"
    km, _en = pair
    march = get_month_names("wide", locale="km")[3]
    front = client.get(reverse("articles:front")).content.decode()
    assert f"9 {march} 2025" in front and "March" not in front
    person = km.bylines.first().person
    page = client.get(person.get_absolute_url()).content.decode()
    assert khmer("Stories by %(name)s") % {"name": person.name} in page
    assert f"9 {march} 2025" in page


@pytest.mark.django_db
def test_notes_and_preview_banner_in_khmer(admin_client, pair):
    """A Khmer story's corrections and its preview banner are labelled in Khmer."""
    km, _en = pair
    Note.objects.create(article=km, kind=Note.Kind.CORRECTION, text="កែ។")
    km.status = Article.Status.DRAFT
    km.save()
    url = reverse("admin:articles_article_preview", args=[km.pk])
    page = admin_client.get(url).content.decode()
    assert khmer("Preview — not public.") in page
    assert khmer("Correction") in page
    assert khmer("Corrections and updates") in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_card_is_not_shared_between_languages(client, pair, settings):
    """A card cached on a Khmer page is not served, in Khmer, on an English one."""
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "khmer-interface-tests",
        }
    }
    caches["default"].clear()
    stats.clear()
    km, en = pair
    march = get_month_names("wide", locale="km")[3]
    # The English story's card on the Khmer page (related), then on another
    # English story's page.
    other = make_article("Another English story", published_at=PUBLISHED)
    other.related.add(en)
    assert (
        f">9 {march} 2025</time>" in client.get(km.get_absolute_url()).content.decode()
    )
    page = client.get(other.get_absolute_url()).content.decode()
    assert ">March 9, 2025</time>" in page
    assert march not in page


@pytest.mark.django_db
def test_not_found_page_in_khmer_when_the_site_is(client, settings):
    """A wrong address on a Khmer site gets a Khmer page, marked as Khmer."""
    settings.LANGUAGE_CODE = "km"
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert khmer("We couldn’t find that page") in page
    assert '<html lang="km">' in page


@pytest.mark.parametrize(
    ("template", "headline"),
    [
        ("500.html", "Something went wrong on our side"),
        ("503.html", "We’ll be back in a moment"),
    ],
)
def test_error_pages_in_khmer(template, headline):
    """The server-error and database-down pages speak the reader's language too."""
    from django.template import loader

    with translation.override("km"):
        page = loader.get_template(template).render({"SITE_NAME": "Newsroom"})
    assert khmer(headline) in page
    assert khmer("Error " + template[:3]) in page
    assert '<html lang="km">' in page
