"""The sample newsroom: how it loads, and that it is faithful to the seeds."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, connection
from django.utils.html import strip_tags
from PIL import Image

from articles import translations
from articles.models import Article, Byline, Mention, Photo, Quote
from people.models import Person

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_2017 = (SEEDS / "2017-12-13-us-renews-call.txt").read_text(encoding="utf-8")
SEED_2019 = (SEEDS / "2019-11-trump-letter.txt").read_text(encoding="utf-8")
PAGE_CHROME = ["Accessibility links", "Breaking News"]
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")

# Quotation marks the stories use around words nobody in particular said.
SCARE_QUOTES = {"color revolution"}

# Every direct quotation, by its opening words: speaker, the title the story
# gave them, what kind of quotation it is, and when it was said or written.
QUOTATIONS = {
    "When we had said": ("patrick-murphy", "deputy assistant secretary of state"),
    "We believe there is": ("patrick-murphy", "deputy assistant secretary of state"),
    "There is a little bit": ("patrick-murphy", "deputy assistant secretary of state"),
    "We have a variety": ("patrick-murphy", "deputy assistant secretary of state"),
    "broken the backbone": ("hun-sen", "Prime Minister"),
    "too late": ("sok-eysan", "ruling Cambodian People’s Party spokesman"),
    "The ship has departed": ("sok-eysan", "ruling Cambodian People’s Party spokesman"),
    "I think the [United": ("sok-eysan", "ruling Cambodian People’s Party spokesman"),
    "That’s not right": ("sok-eysan", "ruling Cambodian People’s Party spokesman"),
    "It is important": ("donald-trump", "President"),
    "I wish to take": ("donald-trump", "President"),
    "As a first step": ("donald-trump", "President"),
    "It's just a reminder": ("sok-eysan", "Ruling party Senator"),
    "And most importantly": ("mu-sochua", "Opposition leader"),
}

NAMED_PEOPLE = [
    "Hun Sen",
    "Patrick Murphy",
    "Kem Sokha",
    "Sok Eysan",
    "Ouch Borith",
    "Sar Kheng",
    "Slobodan Milosevic",
    "Donald Trump",
    "Phay Siphan",
    "Emily Zeeberg",
    "Mu Sochua",
    "Aun Chhengpor",
]


def seed_paragraphs(seed):
    return [line.strip() for line in seed.splitlines() if line.strip()]


def story_2017():
    return Article.objects.get(slug__startswith="us-renews-call")


def story_2019():
    return Article.objects.get(published_at__year=2019, translation_of=None)


def khmer_2019():
    return Article.objects.get(translation_of=story_2019())


def seed_of(article):
    return SEED_2017 if article.published_at.year == 2017 else SEED_2019


def dump_tables():
    """Every row of every table, to compare the database before and after."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        dump = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump[table] = sorted(cursor.fetchall(), key=repr)
    return dump


# --- Loading ----------------------------------------------------------------


def test_readme_documents_the_load_command():
    """The README gives the exact command that loads the sample."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "manage.py loaddata sample" in readme


def test_sample_loads_as_the_readme_says(db):
    """``loaddata sample`` fills a migrated database with the two stories."""
    call_command("loaddata", "sample", verbosity=0)
    # The two VOA stories, and the newsroom's Khmer version of the second.
    assert Article.objects.published().count() == 3
    assert Person.objects.count() == len(NAMED_PEOPLE)
    assert Quote.objects.count() == len(QUOTATIONS)
    assert Photo.objects.count() == 1


def test_loading_twice_changes_nothing(db):
    """A second load leaves every row of every table exactly as it was."""
    call_command("loaddata", "sample", verbosity=0)
    first = dump_tables()
    call_command("loaddata", "sample", verbosity=0)
    assert dump_tables() == first


def test_manage_py_loads_a_fresh_database_twice(tmp_path):
    """The command line, in a new SQLite database: migrate, load, load again."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NEWSROOM_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOWED_HOSTS", None)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    manage("migrate", "--noinput", "-v0")
    assert "Installed 74 object(s) from 1 fixture(s)" in manage("loaddata", "sample")
    dump_args = ["dumpdata", "articles", "people", "taggit", "--indent", "0"]
    # The search index is derived from the stories, not part of the sample.
    dump_args += ["--exclude", "articles.searchentry"]
    first = json.loads(manage(*dump_args))
    manage("loaddata", "sample")
    assert json.loads(manage(*dump_args)) == first
    assert len(first) == 74


MALFORMED = {
    "broken-json": (
        '[{"model": "articles.article", "pk": 1, "fields": {"headline": "Changed"',
        DeserializationError,
    ),
    "unknown-model": (
        '[{"model": "articles.story", "pk": 1, "fields": {"headline": "Changed"}}]',
        DeserializationError,
    ),
    "bad-foreign-key": (
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": 1,
                    "fields": {"headline": "Changed before the bad row"},
                },
                {
                    "model": "articles.byline",
                    "pk": 99,
                    "fields": {"article": 1, "person": 9999, "role": "author"},
                },
            ]
        ),
        IntegrityError,
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_fixture_fails_and_changes_nothing(db, tmp_path, case):
    """A broken fixture stops with Django's error and the database is untouched."""
    text, error = MALFORMED[case]
    call_command("loaddata", "sample", verbosity=0)
    before = dump_tables()
    fixture = tmp_path / f"{case}.json"
    fixture.write_text(text, encoding="utf-8")
    with pytest.raises(error, match="(?i)problem installing fixture"):
        call_command("loaddata", str(fixture), verbosity=0)
    assert dump_tables() == before
    assert story_2017().headline.startswith("US Renews Call")


# --- Faithful to the seeds ---------------------------------------------------


def test_stories_carry_headline_dateline_date_and_source(sample_newsroom):
    """Both stories are published from Phnom Penh, credited to VOA Khmer."""
    old, new = story_2017(), story_2019()
    assert old.headline == seed_paragraphs(SEED_2017)[2]
    assert "Trump" in new.headline and "Hun Sen" in new.headline
    assert old.published_at.astimezone(PHNOM_PENH).date() == date(2017, 12, 13)
    published_2019 = new.published_at.astimezone(PHNOM_PENH).date()
    # Mid-November: after the 1 November letter and Kem Sokha's restrictions
    # being lifted “earlier this month”.
    assert date(2019, 11, 14) <= published_2019 <= date(2019, 11, 30)
    for article in (old, new):
        assert article.is_public
        assert article.dateline == "Phnom Penh"
        assert article.source == "VOA Khmer"
        assert article.deck
        assert not article.bylines.filter(role=Byline.Role.AUTHOR).exists()


@pytest.mark.parametrize("year", [2017, 2019])
def test_body_is_the_story_as_reported_without_page_chrome(sample_newsroom, year):
    """The body's paragraphs are the seed's, minus headline, chrome and caption."""
    article = Article.objects.get(published_at__year=year, translation_of=None)
    paragraphs = re.findall(r"<p>(.*?)</p>", article.body, flags=re.DOTALL)
    expected = seed_paragraphs(seed_of(article))
    if year == 2017:
        assert expected[:2] == PAGE_CHROME
        expected = expected[4:]  # chrome, headline, photo caption
    assert [strip_tags(p) for p in paragraphs] == expected
    assert strip_tags(article.body).count("\n") == len(expected) - 1
    for chrome in PAGE_CHROME:
        assert chrome not in article.body
    assert "Aun Chhengpor/VOA Khmer" not in article.body


@pytest.mark.parametrize("year", [2017, 2019])
def test_every_direct_quotation_is_a_quote(sample_newsroom, year):
    """Each quotation in the seed is a Quote of that story, word for word."""
    article = Article.objects.get(published_at__year=year, translation_of=None)
    stored = {quote.text for quote in article.quotes.all()}
    found = [
        words.rstrip(",")
        for words in re.findall(r"“([^”]+)”", seed_of(article))
        if words not in SCARE_QUOTES
    ]
    assert sorted(found) == sorted(stored)


def test_quotes_are_attributed_as_the_stories_did(sample_newsroom):
    """Every quote has the right speaker and the title the story used then."""
    for quote in Quote.objects.select_related("speaker", "article"):
        assert quote.text in seed_of(quote.article)
        opening = next(o for o in QUOTATIONS if quote.text.startswith(o))
        slug, title = QUOTATIONS[opening]
        assert quote.speaker.slug == slug, quote
        assert title in quote.speaker_title, quote
        assert quote.said_on is not None
        assert quote.said_on <= quote.article.published_at.date()
        assert quote.article.mentions.filter(person=quote.speaker).exists()
    assert Quote.objects.count() == len(QUOTATIONS)


def test_trumps_letter_is_written_and_dated(sample_newsroom):
    """The letter's quotes are written words, dated 1 November 2019."""
    letter = Quote.objects.filter(speaker__slug="donald-trump")
    assert letter.count() == 3
    assert set(letter.values_list("kind", "said_on")) == {
        (Quote.Kind.WRITTEN, date(2019, 11, 1))
    }
    assert not Quote.objects.exclude(speaker__slug="donald-trump").exclude(
        kind=Quote.Kind.SPOKEN
    )


def test_each_story_has_one_pull_quote(sample_newsroom):
    """Each story features exactly one of its quotes."""
    for article in (story_2017(), story_2019()):
        assert article.quotes.filter(is_pull_quote=True).count() == 1


def test_one_row_per_real_person(sample_newsroom):
    """Every named person is one row; no name or alias is shared between rows."""
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(NAMED_PEOPLE)
    seen = {}
    for person in Person.objects.all():
        for name in [person.name, *person.alias_list]:
            key = name.casefold()
            assert key not in seen, f"{name} is both {seen[key]} and {person}"
            seen[key] = person


def test_murphy_is_one_person_with_two_titles(sample_newsroom):
    """Murphy's 2017 quotes keep his old title; his row carries the 2019 one."""
    murphy = Person.objects.get(slug="patrick-murphy")
    assert "W. Patrick Murphy" in murphy.alias_list
    assert "Ambassador" in murphy.title
    assert "Ambassador W. Patrick Murphy" in SEED_2019
    titles = set(murphy.quotes.values_list("speaker_title", flat=True))
    assert len(titles) == 1
    assert "deputy assistant secretary of state" in titles.pop()
    assert set(murphy.mentioned_in.all()) == {story_2017(), story_2019(), khmer_2019()}


def test_people_in_both_stories(sample_newsroom):
    """Hun Sen, Murphy, Kem Sokha and Sok Eysan are mentioned by both stories."""
    both = set(
        Person.objects.filter(mentioned_in=story_2017())
        .filter(mentioned_in=story_2019())
        .values_list("slug", flat=True)
    )
    assert both == {"hun-sen", "patrick-murphy", "kem-sokha", "sok-eysan"}


def test_mentioned_people_are_named_in_the_story(sample_newsroom):
    """Each mention points at someone the story actually names."""
    for mention in Mention.objects.select_related("person", "article"):
        names = [mention.person.name, *mention.person.alias_list]
        text = strip_tags(mention.article.body)
        assert any(name in text for name in names), mention


def test_photo_caption_credit_and_file(sample_newsroom):
    """The 2017 photo keeps caption and credit apart, and its file is there."""
    photo = story_2017().lead_photo
    caption_line = seed_paragraphs(SEED_2017)[3]
    assert caption_line == f"{photo.caption} ({photo.credit})"
    assert photo.credit == "Aun Chhengpor/VOA Khmer"
    assert photo.photographer.slug == "aun-chhengpor"
    assert photo.alt_text
    path = Path(settings.BASE_DIR) / "media" / photo.image.name
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.size == (photo.width, photo.height)
    assert story_2017().bylines.get().person == photo.photographer


def test_sample_photo_is_served(client, settings, sample_newsroom):
    """The site answers the photo's URL with the committed image: no broken image."""
    settings.MEDIA_ROOT = Path(settings.BASE_DIR) / "media"
    photo = Photo.objects.get()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_2019_story_has_a_khmer_version(sample_newsroom):
    """The newcomer's linked pair: the 2019 story and its Khmer translation."""
    khmer = khmer_2019()
    assert khmer.language == Article.Language.KHMER
    assert khmer.is_public
    assert set(khmer.tags.names()) == set(story_2019().tags.names())
    # Recorded as translated from the English text as it stands: up to date.
    assert translations.source_changes(khmer) == []
    assert "ហ៊ុន សែន" in khmer.headline


def test_tags_and_related_coverage(sample_newsroom):
    """The stories share sensible tags and point at each other."""
    old, new = story_2017(), story_2019()
    assert list(old.related.all()) == [new]
    assert list(new.related.all()) == [old]
    shared = set(old.tags.names()) & set(new.tags.names())
    assert {"Cambodia", "United States", "Democracy"} <= shared
