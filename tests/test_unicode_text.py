"""Any text a newsroom types, in Khmer or English, never breaks a page (issue 10)."""

import importlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Mention
from common.slugs import slugify
from people.models import Person
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

CAMBODIA = "កម្ពុជា"


def test_khmer_tag_keeps_its_marks_and_its_story_page_answers():
    """A story tagged កម្ពុជា: the tag slug keeps its marks; story, tag, sitemap 200."""
    article = make_article("A story about Cambodia", tags=[CAMBODIA])
    tag = Tag.objects.get(name=CAMBODIA)
    assert tag.slug == CAMBODIA  # not the mark-stripped "កមពជ"

    assert Client().get(article.get_absolute_url()).status_code == 200
    tag_url = reverse("articles:tag", kwargs={"slug": tag.slug})
    assert (
        tag_url
        == "/tags/%E1%9E%80%E1%9E%98%E1%9F%92%E1%9E%96%E1%9E%BB%E1%9E%87%E1%9E%B6/"
    )
    response = Client().get(tag_url)
    assert response.status_code == 200
    assert CAMBODIA in response.content.decode()

    sitemap = Client().get("/sitemap-tags.xml")
    assert sitemap.status_code == 200
    ET.fromstring(sitemap.content)
    assert tag_url.encode() in sitemap.content


def test_symbol_only_tag_gets_a_readable_slug():
    """A tag of symbols only (``\\``) gets a slug, and its pages answer."""
    article = make_article("Symbols", tags=["\\"])
    tag = Tag.objects.get(name="\\")
    assert tag.slug == "reverse-solidus"
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert Client().get(reverse("articles:tag", args=[tag.slug])).status_code == 200
    assert Client().get("/sitemap-tags.xml").status_code == 200


def test_same_slug_twice_gets_a_unique_one():
    """Two names with one slug: the second gets a number, never a clash."""
    make_article("One", tags=["Phnom Penh"])
    make_article("Two", tags=["phnom-penh!"])
    assert sorted(Tag.objects.values_list("slug", flat=True)) == [
        "phnom-penh",
        "phnom-penh-2",
    ]
    first = Article.objects.create(headline="Same headline")
    second = Article.objects.create(headline="Same headline")
    assert (first.slug, second.slug) == ("same-headline", "same-headline-2")


def test_khmer_story_and_person_get_unicode_urls():
    """Stories and people in Khmer get readable URLs made by the same rule."""
    person = make_person(CAMBODIA + " ហ៊ុន សែន", slug="")
    article = make_article(CAMBODIA + " ថ្ងៃនេះ", slug="", language="km")
    assert person.slug == slugify(person.name) == CAMBODIA + "-ហ៊ុន-សែន"
    assert article.slug == CAMBODIA + "-ថ្ងៃនេះ"
    Mention.objects.create(article=article, person=person)
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert Client().get(person.get_absolute_url()).status_code == 200
    assert Client().get(reverse("people:feed_rss", args=[person.slug])).status_code in {
        200,
        404,
    }


def test_admin_makes_the_slug_from_a_khmer_headline(admin_client):
    """Left empty in the admin, a Khmer headline's slug keeps its marks."""
    from tests.articles.adminform import change_form_data

    url = reverse("admin:articles_article_add")
    data = change_form_data(admin_client.get(url), headline=CAMBODIA, slug="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().slug == CAMBODIA


def test_vertical_tab_in_deck_headline_and_name_is_removed_on_save():
    """Pasted control characters never reach the database (feeds, sitemaps)."""
    article = make_article("Head\x0bline\x00", deck="A\x0bdeck\r\nnext\x1f")
    person = make_person("Name\x0bwith tab\t")
    article.refresh_from_db()
    person.refresh_from_db()
    assert article.headline == "Headline"
    assert article.deck == "Adeck\nnext"
    assert person.name == "Namewith tab\t"
    response = Client().get("/news-sitemap.xml")
    ET.fromstring(response.content)


def test_text_is_stored_in_nfc():
    """Decomposed accents are stored composed, so they compare and slug alike."""
    article = make_article("Cafe\u0301", deck="e\u0301", slug="")
    article.refresh_from_db()
    assert article.headline == "Café" and article.deck == "é"
    assert article.slug.startswith("café")


def test_lone_surrogate_is_refused_with_a_clear_error():
    """A lone surrogate (bad conversion) is a validation error naming the field."""
    with pytest.raises(ValidationError) as error:
        make_article("Broken \ud800 text")
    assert "headline" in error.value.message_dict
    assert "U+D800" in error.value.message_dict["headline"][0]
    with pytest.raises(ValidationError):
        make_article("Fine", tags=["bad\udfff"])
    article = Article(headline="ok", deck="x\udc00", slug="ok")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert set(error.value.message_dict) == {"deck"}


def test_tag_names_are_cleaned_and_find_their_tag():
    """A pasted tag name with a control character finds the existing tag."""
    make_article("One", tags=["Politics"])
    make_article("Two", tags=["Poli\x0btics"])
    assert list(Tag.objects.values_list("name", flat=True)) == ["Politics"]


def test_khmer_story_says_km_on_the_page_json_ld_and_news_sitemap():
    """A Khmer story is <html lang="km">, inLanguage km, news:language km."""
    article = make_article(CAMBODIA, language="km")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert '<html lang="km">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    news = next(json.loads(b) for b in blocks if '"NewsArticle"' in b)
    assert news["inLanguage"] == "km"
    sitemap = Client().get("/news-sitemap.xml").content.decode()
    assert "<news:language>km</news:language>" in sitemap
    front = Client().get("/").content.decode()
    assert 'lang="km"' in front  # the card of a Khmer story on the front page


def test_english_story_and_sample_stay_english(sample_newsroom):
    """The sample's VOA stories are English, and so is a story by default."""
    originals = Article.objects.filter(translation_of=None)
    assert set(originals.values_list("language", flat=True)) == {"en"}
    # Its one translation is the Khmer version of an English story.
    assert set(
        Article.objects.exclude(translation_of=None).values_list("language", flat=True)
    ) == {"km"}
    assert Article.objects.create(headline="New").language == "en"


def test_migration_repairs_bad_slugs_and_dirty_text():
    """Rows saved before the rules: empty and mark-stripped slugs, control chars."""
    article = make_article("Old", tags=[CAMBODIA, "\\"])
    Tag.objects.filter(name=CAMBODIA).update(slug="កមពជ")
    Tag.objects.filter(name="\\").update(slug="")
    Article.objects.filter(pk=article.pk).update(
        deck="bad\x0bdeck", headline=CAMBODIA, slug="កមពជ"
    )
    person = make_person("ok")
    Person.objects.filter(pk=person.pk).update(name="A\x0cB", slug="")

    articles_migration = importlib.import_module(
        "articles.migrations.0009_clean_text_and_repair_slugs"
    )
    people_migration = importlib.import_module(
        "people.migrations.0006_clean_text_and_repair_slugs"
    )
    articles_migration.forwards(apps, None)
    people_migration.forwards(apps, None)

    assert Tag.objects.get(name=CAMBODIA).slug == CAMBODIA
    assert Tag.objects.get(name="\\").slug == "reverse-solidus"
    article.refresh_from_db()
    assert (article.slug, article.deck, article.language) == (CAMBODIA, "baddeck", "km")
    person.refresh_from_db()
    assert (person.name, person.slug) == ("AB", "ab")


def Client():
    from django.test import Client as DjangoClient

    return DjangoClient()


def test_taggit_tag_instances_are_still_accepted():
    """Code holding taggit's own Tag rows can still tag stories with them."""
    tag = Tag.objects.create(name="Diplomacy")
    article = make_article("Tagged with an instance")
    article.tags.add(tag)
    article.tags.set([tag, "Cambodia"])
    assert sorted(t.name for t in article.tags.all()) == ["Cambodia", "Diplomacy"]
