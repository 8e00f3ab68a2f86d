from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article, Byline, Mention, Note, Photo, Quote
from people.models import Person
from tests.factories import image_file, make_article, make_person, make_photo


def test_article_str_is_the_headline(db):
    """A story shows as its headline."""
    assert (
        str(make_article("Trump Letter Urges Hun Sen")) == "Trump Letter Urges Hun Sen"
    )


def test_article_slug_is_unique(db):
    """Two stories cannot share a URL."""
    make_article(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="same")


def test_published_article_needs_a_date(db):
    """The database refuses a published story without a publication date."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            headline="No date", slug="no-date", status=Article.Status.PUBLISHED
        )


def test_published_article_without_date_fails_validation(db):
    """Forms and the admin get the constraint as a readable validation error."""
    article = Article(headline="No date", slug="no-date", status="published")
    with pytest.raises(ValidationError, match="needs a publication date"):
        article.full_clean()


def test_draft_needs_no_date(db):
    """A draft can wait for its publication date."""
    article = make_article(published=False)
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        ("published", timedelta(hours=-1), True),
        ("published", timedelta(hours=1), False),
        ("draft", timedelta(hours=-1), False),
    ],
)
def test_published_queryset_and_is_public_agree(db, status, offset, public):
    """Only published stories whose time has come are public, in both answers."""
    article = make_article(status=status, published_at=timezone.now() + offset)
    assert article.is_public is public
    assert Article.objects.published().filter(pk=article.pk).exists() is public


def test_articles_are_newest_first(db):
    """The default order puts the latest story first."""
    now = timezone.now()
    old = make_article(published_at=now - timedelta(days=2))
    new = make_article(published_at=now - timedelta(days=1))
    assert list(Article.objects.all()) == [new, old]


def test_absolute_url_uses_the_slug(db):
    """A story lives at /stories/<slug>/."""
    assert make_article(slug="a-story").get_absolute_url() == "/stories/a-story/"


def test_related_stories_link_both_ways(db):
    """Linking A to B makes B show A as well."""
    a, b = make_article(), make_article()
    a.related.add(b)
    assert list(b.related.all()) == [a]


def test_one_byline_per_person_and_role(db):
    """A person is credited once per role on a story."""
    article, person = make_article(), make_person()
    Byline.objects.create(article=article, person=person, role="author")
    with pytest.raises(IntegrityError), transaction.atomic():
        Byline.objects.create(article=article, person=person, role="author")


def test_same_person_may_hold_two_roles(db):
    """One person can write and photograph the same story."""
    article, person = make_article(), make_person()
    Byline.objects.create(article=article, person=person, role="author")
    Byline.objects.create(article=article, person=person, role="photographer")
    assert article.bylines.count() == 2


def test_bylines_follow_their_position(db):
    """Bylines come out in the order the editor set, not the order they were added."""
    article = make_article()
    second = Byline.objects.create(article=article, person=make_person(), position=2)
    first = Byline.objects.create(article=article, person=make_person(), position=1)
    assert list(article.bylines.all()) == [first, second]


def test_one_mention_per_person(db):
    """A story lists a person it mentions once."""
    article, person = make_article(), make_person()
    Mention.objects.create(article=article, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article, person=person)


def test_one_pull_quote_per_story(db):
    """The database refuses a second pull quote on the same story."""
    article, speaker = make_article(), make_person()
    Quote.objects.create(article=article, speaker=speaker, text="a", is_pull_quote=True)
    Quote.objects.create(article=article, speaker=speaker, text="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(
            article=article, speaker=speaker, text="c", is_pull_quote=True
        )


def test_each_story_may_have_its_own_pull_quote(db):
    """The one-pull-quote rule is per story, not global."""
    speaker = make_person()
    for article in (make_article(), make_article()):
        Quote.objects.create(
            article=article, speaker=speaker, text="x", is_pull_quote=True
        )
    assert Quote.objects.filter(is_pull_quote=True).count() == 2


def test_quote_str_names_speaker_and_shortens_text(db):
    """A quote shows its speaker and at most 70 characters of its words."""
    quote = Quote.objects.create(
        article=make_article(), speaker=make_person("Mu Sochua"), text="x" * 100
    )
    assert str(quote) == "Mu Sochua: “" + "x" * 69 + "…”"


def test_quote_absolute_url(db):
    """A quote has its own page."""
    quote = Quote.objects.create(
        article=make_article(), speaker=make_person(), text="x"
    )
    assert quote.get_absolute_url() == f"/quotes/{quote.pk}/"


def test_photo_records_its_dimensions(db):
    """Width and height come from the image file itself."""
    photo = make_photo(image=image_file(size=(120, 80)))
    assert (photo.width, photo.height) == (120, 80)


def test_photo_str_prefers_alt_text_and_shortens(db):
    """A photo shows as its alt text, cut to 80 characters."""
    assert str(make_photo(alt_text="A press briefing")) == "A press briefing"
    assert len(str(make_photo(alt_text="y" * 200))) == 80


def test_one_photo_serves_several_stories(db):
    """The same photo can lead more than one story."""
    photo = make_photo()
    make_article(lead_photo=photo)
    make_article(lead_photo=photo)
    assert photo.lead_for.count() == 2


def test_photo_used_as_lead_photo_cannot_be_deleted(db):
    """Deleting a photo a story leads with is refused."""
    photo = make_photo()
    make_article(lead_photo=photo)
    with pytest.raises(ProtectedError):
        photo.delete()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_deleting_a_story_removes_its_credits_but_keeps_people(db):
    """A story's bylines, mentions, quotes and notes go with it; the people stay."""
    article, person = make_article(), make_person()
    Byline.objects.create(article=article, person=person)
    Mention.objects.create(article=article, person=person)
    Quote.objects.create(article=article, speaker=person, text="x")
    Note.objects.create(article=article, text="Corrected a name.")
    article.delete()
    assert not Byline.objects.exists()
    assert not Mention.objects.exists()
    assert not Quote.objects.exists()
    assert not Note.objects.exists()
    person.refresh_from_db()


def test_tags_are_case_insensitive(db):
    """“cambodia” and “Cambodia” are the same tag."""
    a, b = make_article(tags=["Cambodia"]), make_article()
    b.tags.add("cambodia")
    assert list(a.tags.all()) == list(b.tags.all())


@pytest.mark.parametrize("link", ["byline", "mention", "quote", "photo"])
def test_person_used_by_a_story_cannot_be_deleted(db, link):
    """Deleting a person that coverage still uses is refused, not cascaded."""
    person = make_person()
    article = make_article()
    if link == "byline":
        Byline.objects.create(article=article, person=person)
    elif link == "mention":
        Mention.objects.create(article=article, person=person)
    elif link == "quote":
        Quote.objects.create(article=article, speaker=person, text="Words.")
    else:
        make_photo(photographer=person)
    with pytest.raises(ProtectedError):
        person.delete()
    assert Person.objects.filter(pk=person.pk).exists()


def test_person_without_coverage_can_be_deleted(db):
    """A person no story uses can go."""
    person = make_person()
    person.delete()
    assert not Person.objects.filter(pk=person.pk).exists()
