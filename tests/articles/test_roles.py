from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import publishing, rules
from articles.models import Article, Byline
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def draft_by(user, **fields):
    article = make_article(published=False, **fields)
    Byline.objects.create(article=article, person=user.person)
    return article


def post_change(client, article, **changes):
    page = client.get(change_url(article))
    assert page.status_code == 200
    return client.post(change_url(article), change_form_data(page, **changes))


def post_add(client, **changes):
    page = client.get(ADD_URL)
    assert page.status_code == 200
    fields = {"headline": "A new story", "slug": "a-new-story", **changes}
    return client.post(ADD_URL, change_form_data(page, **fields))


def test_groups_exist_with_publish_permission_for_editors_only():
    """The migration creates both groups; only Editor holds publish_article."""
    reporter = Group.objects.get(name="Reporter")
    editor = Group.objects.get(name="Editor")
    assert not reporter.permissions.filter(codename="publish_article").exists()
    assert not reporter.permissions.filter(codename="delete_article").exists()
    assert editor.permissions.filter(codename="publish_article").exists()
    assert editor.permissions.filter(codename="delete_article").exists()


def test_reporter_creates_a_draft_and_is_bylined(reporter_client, reporter):
    """A reporter's new story is a draft with the reporter credited."""
    response = post_add(reporter_client, body="<p>First draft.</p>")
    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-story")
    assert article.status == Article.Status.DRAFT
    assert list(article.bylines.values_list("person", flat=True)) == [
        reporter.person.pk
    ]


def test_reporter_edits_own_draft(reporter_client, reporter):
    """A reporter saves changes to a draft they are bylined on."""
    article = draft_by(reporter)
    response = post_change(reporter_client, article, headline="Better headline")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Better headline"


def test_reporter_cannot_edit_someone_elses_draft(reporter_client, other_reporter):
    """A draft the reporter is not bylined on is read-only and refuses a POST."""
    article = draft_by(other_reporter, headline="Not yours")
    page = reporter_client.get(change_url(article))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    data = change_form_data(page, headline="Hijacked")
    response = reporter_client.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Not yours"


def test_reporter_cannot_edit_published_story(reporter_client, reporter):
    """Once published, the reporter's own story is read-only to them."""
    article = make_article("Out there")
    Byline.objects.create(article=article, person=reporter.person)
    page = reporter_client.get(change_url(article))
    data = change_form_data(page, headline="Changed after publication")
    response = reporter_client.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Out there"


def test_forged_publish_by_reporter_publishes_nothing(reporter_client, reporter):
    """A reporter's forged status=published is refused with a clear message."""
    article = draft_by(reporter)
    response = post_change(
        reporter_client,
        article,
        status="published",
        published_at_0=timezone.now().date().isoformat(),
        published_at_1="00:00:00",
        body="<p>My new paragraph.</p>",
    )
    assert response.status_code == 200
    assert "Only editors can publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # Nothing typed is lost: the body is still in the re-rendered form.
    assert "My new paragraph." in response.content.decode()


def test_forged_publish_on_add_by_reporter_creates_nothing(reporter_client):
    """A reporter cannot create a story that is already published."""
    response = post_add(
        reporter_client,
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
    )
    assert response.status_code == 200
    assert "Only editors can publish" in response.content.decode()
    assert not Article.objects.filter(slug="a-new-story").exists()


def test_reporter_cannot_delete(reporter_client, reporter):
    """Deleting is for editors, even the reporter's own draft."""
    article = draft_by(reporter)
    response = reporter_client.post(delete_url(article), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_use_publish_action(reporter_client, reporter):
    """The bulk publish action is not offered to, nor run for, reporters."""
    article = draft_by(reporter)
    response = reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert response.status_code in (200, 302)


def test_editor_publishes_schedules_and_unpublishes(editor_client, reporter):
    """An editor publishes a reporter's draft, then takes it down again."""
    article = draft_by(reporter)
    later = timezone.now() + timedelta(days=1)
    response = post_change(
        editor_client,
        article,
        status="published",
        published_at_0=later.date().isoformat(),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert not article.is_public  # scheduled for tomorrow

    response = post_change(editor_client, article, status="draft")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_edits_published_story_and_deletes(editor_client):
    """Editors change any story and delete it."""
    article = make_article("Published piece")
    response = post_change(editor_client, article, headline="Published, corrected")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Published, corrected"
    response = editor_client.post(delete_url(article), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_editor_publish_action(editor_client, editor):
    """The bulk action publishes the selected drafts, recording who did it."""
    article = make_article(published=False)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.is_public
    revision = Version.objects.get_for_object(article).get().revision
    assert (revision.user, revision.comment) == (editor, "Published.")


def test_reporter_cannot_revert_history(reporter_client, reporter):
    """Reverting or recovering can publish, so those views are for editors."""
    article = draft_by(reporter)
    response = reporter_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, 1])
    )
    assert response.status_code == 403
    response = reporter_client.get(reverse("admin:articles_article_recoverlist"))
    assert response.status_code == 403


def test_publishing_rules_as_functions(reporter, editor):
    """The rules the admin applies are plain functions."""
    draft = draft_by(reporter)
    assert rules.can_edit(reporter, draft)
    assert rules.can_edit(editor, draft)
    assert not rules.can_publish(reporter)
    assert rules.can_publish(editor)
    assert rules.check_status_change(reporter, draft, "published")
    assert rules.check_status_change(editor, draft, "published") is None
    publishing.publish(draft)
    assert draft.is_public
    assert not rules.can_edit(reporter, draft)
