from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


@pytest.fixture
def draft():
    return make_article("An unpublished scoop", published=False)


def test_staff_preview_draft_renders_public_template(admin_client, draft):
    """Staff see the draft through the public story template."""
    response = admin_client.get(preview_url(draft))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert response.context["object"] == draft
    assert "An unpublished scoop" in response.content.decode()


def test_preview_matches_the_public_page(admin_client, client):
    """For a public story, the preview is the page readers get."""
    article = make_article("Already out")
    public = client.get(article.get_absolute_url())
    preview = admin_client.get(preview_url(article))
    assert preview.content == public.content


def test_preview_of_scheduled_story(admin_client):
    """A story scheduled for later can be previewed before its time."""
    article = make_article(
        "Embargoed", published_at=timezone.now() + timedelta(hours=3)
    )
    assert admin_client.get(preview_url(article)).status_code == 200


def test_preview_is_never_cached_nor_indexed(admin_client, draft):
    """The preview tells every cache and crawler to keep away."""
    response = admin_client.get(preview_url(draft))
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]


def test_anonymous_reader_is_sent_to_sign_in(client, draft):
    """Readers never reach the preview; they get the admin sign-in."""
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_signed_in_non_staff_cannot_preview(client, django_user_model, draft):
    """A signed-in reader account is no more able to preview than a visitor."""
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert "An unpublished scoop" not in response.content.decode()


def test_staff_without_story_permission_gets_403(client, django_user_model, draft):
    """Staff with no permission on stories are refused."""
    user = django_user_model.objects.create_user(
        "intern", password="x" * 12, is_staff=True
    )
    client.force_login(user)
    assert client.get(preview_url(draft)).status_code == 403


def test_change_form_links_to_preview(admin_client, draft):
    """The editor finds the preview on the story's change form."""
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    )
    assert preview_url(draft) in response.content.decode()


def test_preview_of_missing_story_is_404(admin_client):
    """An unknown id is a 404, not an error."""
    response = admin_client.get(
        reverse("admin:articles_article_preview", args=[987654])
    )
    assert response.status_code == 404
