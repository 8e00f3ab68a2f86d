"""Linked translations in the desk: starting one, its source, and what changed since."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import publishing, translations
from articles.desk import desk_sections
from articles.models import Article, Byline, Mention, Note, Quote
from articles.related import related_articles
from tests.articles.adminform import change_form_data
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

KHMER = Article.Language.KHMER
ENGLISH = Article.Language.ENGLISH


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def translate_url(article, language=KHMER):
    return reverse(
        "admin:articles_article_translate_translation", args=[article.pk, language]
    )


def up_to_date_url(article):
    return reverse("admin:articles_article_up_to_date_translation", args=[article.pk])


@pytest.fixture
def source(db):
    """A published English story with a photo, tags, people, quotes and links."""
    story = make_article(
        "Flood waters rise in Phnom Penh",
        deck="The river is at its highest in a decade.",
        body="<p>The Mekong rose overnight.</p><p>Schools are closed.</p>",
        language=ENGLISH,
        tags=["floods", "weather"],
        lead_photo=make_photo(),
        dateline="PHNOM PENH",
    )
    minister = make_person("Minister of Water")
    Mention.objects.create(article=story, person=minister, described_as="Minister")
    Quote.objects.create(article=story, speaker=minister, text="Stay indoors.")
    Byline.objects.create(article=story, person=make_person("Original Reporter"))
    story.related.add(make_article("Last year's floods"))
    return story


def test_translate_makes_a_draft_carrying_the_sources_parts(
    reporter_client, reporter, source
):
    """Translate into Khmer: a Khmer draft with the photo, tags, people, links."""
    response = reporter_client.post(translate_url(source))
    translation = source.translations.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(translation)
    assert translation.language == KHMER
    assert translation.status == Article.Status.DRAFT
    assert translation.translation_of == source
    assert translation.lead_photo == source.lead_photo
    assert sorted(translation.tags.names()) == ["floods", "weather"]
    assert list(translation.mentions.values_list("person__name", "described_as")) == [
        ("Minister of Water", "Minister")
    ]
    assert list(translation.related.all()) == list(source.related.all())
    assert translation.dateline == source.dateline
    # The quotes are the speaker's words, for the translator to render.
    assert not translation.quotes.exists()
    # The translator's draft starts from the source's text, to write over.
    assert (translation.headline, translation.deck, translation.body) == (
        source.headline,
        source.deck,
        source.body,
    )
    assert translation.slug == f"{source.slug}-km"
    assert [(b.person.user, b.role) for b in translation.bylines.all()] == [
        (reporter, Byline.Role.TRANSLATOR)
    ]


def test_the_translation_form_shows_the_source_beside_it(reporter_client, source):
    """The translation's form has a read-only panel with the source's text."""
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    response = reporter_client.get(change_url(translation))
    assert response.status_code == 200
    page = response.content.decode()
    panel = page[page.index('class="translation-source"') :]
    assert source.headline in panel
    assert source.deck in panel
    assert "The Mekong rose overnight." in panel
    assert 'lang="en"' in panel
    assert "Up to date with its source." in page
    # A reporter may edit the draft they are the byline of.
    assert 'name="_save"' in page


def test_the_button_is_on_the_story_form_and_a_second_click_opens_the_draft(
    reporter_client, source
):
    """The button is in the form's workflow area; pressed twice, one translation."""
    page = reporter_client.get(change_url(source)).content.decode()
    assert f'formaction="{translate_url(source)}"' in page
    assert 'value="Translate into Khmer"' in page
    first = reporter_client.post(translate_url(source))
    second = reporter_client.post(translate_url(source))
    assert first["Location"] == second["Location"]
    assert source.translations.count() == 1
    page = reporter_client.get(change_url(source)).content.decode()
    assert 'value="Open the Khmer version"' in page
    translation = source.translations.get()
    # From the translation, the other language is its source.
    page = reporter_client.get(change_url(translation)).content.decode()
    assert 'value="Open the English version"' in page
    back = reporter_client.post(translate_url(translation, ENGLISH))
    assert back["Location"] == change_url(source)


def test_translate_is_post_only_and_into_another_language(reporter_client, source):
    """A link followed (GET) makes no draft, nor does its own or an unknown language."""
    assert reporter_client.get(translate_url(source)).status_code == 405
    assert reporter_client.post(translate_url(source, ENGLISH)).status_code == 404
    assert reporter_client.post(translate_url(source, "xx")).status_code == 404
    assert not source.translations.exists()


def test_the_translator_writes_and_saves_the_form(reporter_client, source):
    """The draft's form saves like any story's, in Khmer."""
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    form = reporter_client.get(change_url(translation))
    data = change_form_data(
        form, headline="ទឹកជំនន់ឡើងខ្ពស់នៅភ្នំពេញ", body="<p>ទន្លេមេគង្គឡើងពេញមួយយប់។</p>"
    )
    response = reporter_client.post(change_url(translation), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    translation.refresh_from_db()
    assert translation.headline == "ទឹកជំនន់ឡើងខ្ពស់នៅភ្នំពេញ"
    assert translation.translation_of == source
    assert translation.language == KHMER


def test_one_translation_per_language_is_a_constraint(source):
    """Two Khmer versions of one story cannot be stored."""
    make_article("One", language=KHMER, translation_of=source, published=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article("Two", language=KHMER, translation_of=source, published=False)


def test_a_story_is_not_its_own_translation(source):
    """The database refuses a story pointing at itself."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=source.pk).update(translation_of=source)


def test_validation_refuses_same_language_and_chains(source):
    """A translation is in another language, and of an original, not a translation."""
    same = Article(headline="Same", language=ENGLISH, translation_of=source)
    with pytest.raises(ValidationError) as error:
        same.full_clean()
    assert "language" in error.value.message_dict
    khmer = make_article("Khmer", language=KHMER, translation_of=source)
    chained = Article(headline="Chained", language=ENGLISH, translation_of=khmer)
    with pytest.raises(ValidationError) as error:
        chained.full_clean()
    assert "translation_of" in error.value.message_dict
    source.translation_of = khmer
    with pytest.raises(ValidationError):
        source.full_clean()


def test_the_form_refuses_a_second_translation_in_a_language(editor_client, source):
    """Linking by hand meets the same rule as the button."""
    make_article("Khmer one", language=KHMER, translation_of=source)
    other = make_article("Another Khmer story", language=KHMER)
    form = editor_client.get(change_url(other))
    response = editor_client.post(
        change_url(other), change_form_data(form, translation_of=str(source.pk))
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "already has a translation in this language" in str(errors)


def test_linking_by_hand_records_the_source_as_translated(editor_client, source):
    """A story linked to its source in the form is up to date with it from then."""
    other = make_article("A Khmer story", language=KHMER)
    form = editor_client.get(change_url(other))
    response = editor_client.post(
        change_url(other), change_form_data(form, translation_of=str(source.pk))
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.translation_of == source
    assert translations.source_changes(other) == []


def edit_source(source, **fields):
    for name, value in fields.items():
        setattr(source, name, value)
    source.save()


def test_the_source_changed_since_shows_what_changed_field_by_field(
    reporter_client, source
):
    """After the source moves, the form says so and diffs headline, deck and body."""
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    edit_source(
        source,
        headline="Flood waters rise across Cambodia",
        body="<p>The Mekong rose overnight.</p><p>Schools and markets are closed.</p>",
    )
    changes = dict(translations.source_changes(translation))
    assert set(changes) == {"headline", "body"}
    assert ("removed", "in Phnom Penh") in changes["headline"]
    assert ("added", "across Cambodia") in changes["headline"]
    assert ("added", "and markets ") in changes["body"]
    page = reporter_client.get(change_url(translation)).content.decode()
    assert "The source changed since you translated it" in page
    assert "<del>in Phnom Penh</del>" in page
    assert "<ins>across Cambodia</ins>" in page
    assert f'formaction="{up_to_date_url(translation)}"' in page


def test_the_diff_is_escaped(reporter_client, source):
    """Source text with markup in it shows as text in the diff."""
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    edit_source(source, deck="Rising <script>alert(1)</script> waters")
    page = reporter_client.get(change_url(translation)).content.decode()
    diff = page[
        page.index('id="source-changed"') : page.index('class="translation-source"')
    ]
    assert "<script>" not in diff
    assert "&lt;script&gt;" in diff


def test_a_status_change_of_the_source_is_not_a_change_to_translate(source, editor):
    """Publishing or unpublishing the source leaves its translation up to date."""
    translation = translations.translate(source, editor, KHMER)
    publishing.unpublish(source, user=editor)
    publishing.publish_now(source, editor)
    assert translations.source_changes(translation) == []


def test_mark_as_up_to_date_moves_the_recorded_version(reporter_client, source):
    """“Mark as up to date” records the source as it is now; the desk drops it."""
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    edit_source(source, deck="A new deck.")
    response = reporter_client.post(up_to_date_url(translation))
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.source_deck == "A new deck."
    assert translations.source_changes(translation) == []
    page = reporter_client.get(change_url(translation)).content.decode()
    assert "The source changed since you translated it" not in page


def test_mark_as_up_to_date_is_for_who_may_edit_the_translation(
    client, other_reporter, reporter, source
):
    """A reporter not on the translation cannot move its recorded version."""
    translation = translations.translate(source, reporter, KHMER)
    edit_source(source, deck="A new deck.")
    client.force_login(other_reporter)
    assert client.post(up_to_date_url(translation)).status_code == 403
    with pytest.raises(PermissionDenied):
        translations.mark_up_to_date(translation, other_reporter)
    translation.refresh_from_db()
    assert translation.source_deck != "A new deck."


def test_the_desk_lists_translations_to_update(reporter_client, reporter, source):
    """The desk's “Translations to update” holds translations whose source moved."""
    translation = translations.translate(source, reporter, KHMER)
    section = {s.key: s for s in desk_sections(reporter)}["translations"]
    assert (section.title, section.count, section.rows) == (
        "Translations to update",
        0,
        [],
    )
    edit_source(source, headline="Flood waters rise across Cambodia")
    section = {s.key: s for s in desk_sections(reporter)}["translations"]
    assert section.count == 1 and section.rows == [translation]
    page = reporter_client.get(reverse("admin:index")).content.decode()
    desk = page[page.index('id="desk-translations"') :]
    assert f'href="{change_url(translation)}"' in desk
    assert "Flood waters rise across Cambodia" in desk
    translations.mark_up_to_date(translation, reporter)
    assert {s.key: s for s in desk_sections(reporter)}["translations"].count == 0


def test_reporter_translates_a_story_they_are_not_on_and_is_its_byline(
    reporter_client, reporter, source
):
    """A reporter who can only view the source translates it and may edit the draft."""
    page = reporter_client.get(change_url(source)).content.decode()
    # The published source is the desk's: the reporter sees it, read-only.
    assert 'name="_save"' not in page
    reporter_client.post(translate_url(source))
    translation = source.translations.get()
    assert translation.bylines.get().person == reporter.person
    assert reporter_client.get(change_url(translation)).status_code == 200
    # The source stays the desk's.
    assert reporter_client.post(change_url(source), {}).status_code == 403


def test_editor_translates_and_is_the_byline(editor_client, editor, source):
    """An editor is bylined on the translations they start too."""
    editor_client.post(translate_url(source))
    translation = source.translations.get()
    assert translation.bylines.get().person == editor.person


def test_who_may_not_write_stories_may_not_translate(client, django_user_model, source):
    """Staff without the right to add stories see no button and get a 403."""
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    page = client.get(change_url(source)).content.decode()
    assert "Translate into" not in page
    assert client.post(translate_url(source)).status_code == 403
    assert not source.translations.exists()


def test_each_version_has_its_own_workflow(editor, reporter, source):
    """Publishing, scheduling, correcting, unpublishing one leaves the other be."""
    translation = translations.translate(source, reporter, KHMER)
    publishing.schedule(translation, editor, timezone.now() + timedelta(days=1))
    source.refresh_from_db()
    assert source.is_public and translation.is_scheduled
    publishing.publish_now(translation, editor)
    publishing.unpublish(source, user=editor)
    translation.refresh_from_db()
    assert translation.is_public and not source.is_public
    publishing.unpublish(translation, user=editor)
    publishing.publish_now(source, editor)
    translation.refresh_from_db()
    assert translation.status == Article.Status.DRAFT
    note = Note.objects.create(article=source, text="The river's name was wrong.")
    publishing.record_notes(source, [note])
    translation.refresh_from_db()
    assert translation.updated_at is None and not translation.notes.exists()


def test_deleting_the_source_leaves_the_translation_standalone(editor, source):
    """The translation outlives its source, as a story of its own."""
    translation = translations.translate(source, editor, KHMER)
    source.delete()
    translation.refresh_from_db()
    assert translation.translation_of is None
    assert translations.source_changes(translation) == []
    assert {s.key: s for s in desk_sections(editor)}["translations"].count == 0


def test_a_storys_versions_are_not_its_related_coverage(editor, source):
    """Sharing every tag and person, the versions still do not list each other."""
    translation = translations.translate(source, editor, KHMER)
    publishing.publish_now(translation, editor)
    other = make_article("Other flood coverage", tags=["floods"])
    assert related_articles(source) == [*source.related.all(), other]
    assert translation not in related_articles(source)
    assert source not in related_articles(translation)


def test_a_published_translation_is_found_by_the_people_it_carries(
    client, editor, source, django_capture_on_commit_callbacks
):
    """The carried people reach the translation's search entry, as any save does."""
    with django_capture_on_commit_callbacks(execute=True):
        translation = translations.translate(source, editor, KHMER)
        translation.headline = "ទឹកជំនន់ឡើងខ្ពស់"
        translation.save()
        publishing.publish_now(translation, editor)
    response = client.get(reverse("articles:search"), {"q": "Minister of Water"})
    found = [hit.article for hit in response.context["hits"]]
    assert translation in found
