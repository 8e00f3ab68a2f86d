"""The roles beyond the matrix: bulk actions, restoring versions, account links."""

import pytest
import reversion
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles import publishing, rules
from articles.models import Article, Byline, Quote
from people.models import Person
from tests.articles.adminform import change_form_data
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def story(owner, published=False):
    article = make_article(published=published)
    Byline.objects.create(article=article, person=owner.person)
    return article


def quote_on(article, text="Words."):
    return Quote.objects.create(article=article, speaker=make_person(), text=text)


def delete_selected(client, model_url, pks):
    return client.post(
        model_url,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: pks, "post": "yes"},
    )


QUOTES = reverse("admin:articles_quote_changelist")


def test_is_open_for_reporter_while_draft_or_in_review():
    """A story is the reporter's while a draft or waiting for review, not after."""
    assert rules.is_open_for_reporter(Article(status=Article.Status.DRAFT))
    assert rules.is_open_for_reporter(Article(status=Article.Status.REVIEW))
    assert not rules.is_open_for_reporter(Article(status=Article.Status.PUBLISHED))
    assert rules.reporter_statuses() == [
        Article.Status.DRAFT,
        Article.Status.REVIEW,
    ]


def test_reporter_bulk_deletes_quotes_of_own_draft(reporter_client, reporter):
    mine = [quote_on(story(reporter)) for _ in range(2)]
    response = delete_selected(reporter_client, QUOTES, [q.pk for q in mine])
    assert response.status_code == 302
    assert not Quote.objects.filter(pk__in=[q.pk for q in mine]).exists()


def test_reporter_bulk_delete_with_a_published_quote_deletes_nothing(
    reporter_client, reporter, other_reporter
):
    """One quote that is not theirs refuses the whole batch."""
    quotes = [
        quote_on(story(reporter)),
        quote_on(story(reporter, published=True)),
        quote_on(story(other_reporter)),
    ]
    response = delete_selected(reporter_client, QUOTES, [q.pk for q in quotes])
    assert response.status_code == 403
    assert Quote.objects.filter(pk__in=[q.pk for q in quotes]).count() == 3


def test_reporter_cannot_publish_in_bulk(reporter_client, reporter):
    draft = story(reporter)
    reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_reporter_cannot_move_a_quote_onto_a_published_story(reporter_client, reporter):
    quote = quote_on(story(reporter))
    published = story(reporter, published=True)
    address = reverse("admin:articles_quote_change", args=[quote.pk])
    page = reporter_client.get(address)
    response = reporter_client.post(
        address, change_form_data(page, article=str(published.pk))
    )
    assert response.status_code == 200  # the form, with the error
    quote.refresh_from_db()
    assert quote.article_id != published.pk


def test_reporter_cannot_change_a_photo_on_a_published_story(reporter_client, reporter):
    photo = make_photo(caption="As published")
    story(reporter).lead_photo = photo
    published = story(reporter, published=True)
    published.lead_photo = photo
    published.save()
    address = reverse("admin:articles_photo_change", args=[photo.pk])
    page = reporter_client.get(address)
    assert page.context["has_change_permission"] is False
    response = reporter_client.post(address, {"caption": "Changed"})
    assert response.status_code == 403


def test_editor_reverting_a_quote_leaves_its_story_status_alone(
    editor_client, reporter
):
    """The quote was first saved with its story as a draft; only the quote returns."""
    article = story(reporter)
    quote = quote_on(article, text="First words.")
    with reversion.create_revision():
        article.save()  # follows the quote: the draft and its quote
    publishing.publish(article)
    quote.text = "Corrected words."
    quote.save()
    version = Version.objects.get_for_object(quote).order_by("pk").first()
    address = reverse("admin:articles_quote_revision", args=[quote.pk, version.pk])
    page = editor_client.get(address)
    assert page.status_code == 200
    response = editor_client.post(address, change_form_data(page))
    assert response.status_code == 302
    quote.refresh_from_db()
    article.refresh_from_db()
    assert quote.text == "First words."
    assert article.status == Article.Status.PUBLISHED


def test_reporter_adds_a_person_and_may_edit_only_them(reporter_client, reporter):
    response = reporter_client.post(
        reverse("admin:people_person_add"),
        {
            "name": "New Source",
            "slug": "new-source",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    added = Person.objects.get(slug="new-source")
    assert added.created_by == reporter
    other = make_person()
    for person, editable in [(added, True), (other, False)]:
        page = reporter_client.get(
            reverse("admin:people_person_change", args=[person.pk])
        )
        assert page.context["has_change_permission"] is editable


def test_reporter_cannot_link_a_staff_account(
    reporter_client, reporter, other_reporter
):
    """The account field is read-only to reporters; a forged value is ignored."""
    person = make_person(created_by=reporter)
    address = reverse("admin:people_person_change", args=[person.pk])
    page = reporter_client.get(address)
    assert "user" not in page.context["adminform"].form.fields
    response = reporter_client.post(
        address, change_form_data(page, user=str(other_reporter.pk))
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None
    other_reporter.person.refresh_from_db()
    assert other_reporter.person.user == other_reporter


def autocomplete(client, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "people",
            "model_name": "person",
            "field_name": "user",
            "term": term,
        },
    )


def test_editor_links_an_account_through_the_autocomplete(
    editor_client, other_reporter
):
    response = autocomplete(editor_client, "colleague")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(other_reporter.pk)]
    Person.objects.filter(user=other_reporter).update(user=None)
    person = make_person()
    address = reverse("admin:people_person_change", args=[person.pk])
    page = editor_client.get(address)
    response = editor_client.post(
        address, change_form_data(page, user=str(other_reporter.pk))
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == other_reporter


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_accounts_stay_with_superusers(editor, reporter):
    editor_client, reporter_client = logged_in(editor), logged_in(reporter)
    assert autocomplete(editor_client).status_code == 200
    assert autocomplete(reporter_client).status_code == 403
    users = reverse("admin:auth_user_changelist")
    assert editor_client.get(users).status_code == 403
    change = reverse("admin:auth_user_change", args=[reporter.pk])
    assert editor_client.get(change).status_code == 403
    assert editor_client.get(reverse("admin:index")).context["app_list"] is not None
    index = editor_client.get(reverse("admin:index"))
    assert "auth" not in [app["app_label"] for app in index.context["app_list"]]


def test_reporter_cannot_merge_tags(reporter_client):
    a, b = Tag.objects.create(name="a"), Tag.objects.create(name="b")
    session = reporter_client.session
    session["selected_tag_ids"] = f"{a.pk},{b.pk}"
    session.save()
    response = reporter_client.post(
        reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "merged"}
    )
    assert response.status_code == 403
    assert set(Tag.objects.values_list("name", flat=True)) == {"a", "b"}


def test_recover_link_only_for_editors(reporter, editor):
    editor_client, reporter_client = logged_in(editor), logged_in(reporter)
    photos = reverse("admin:articles_photo_changelist")
    recover = reverse("admin:articles_photo_recoverlist")
    assert recover not in reporter_client.get(photos).content.decode()
    assert recover in editor_client.get(photos).content.decode()
