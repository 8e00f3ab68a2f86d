"""History shows what changed between two versions of a story, field by field."""

import pytest
from django.urls import reverse
from reversion.models import Version

from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **changes):
    page = client.get(change_url(article))
    assert (
        client.post(change_url(article), change_form_data(page, **changes)).status_code
        == 302
    )


@pytest.fixture
def revised(admin_client):
    article = make_article("Compared story", deck="The first deck.")
    save(admin_client, article, deck="The first deck.")
    save(admin_client, article, deck="A rewritten deck.", headline="Compared again")
    return article


def test_history_page_offers_comparison(admin_client, revised):
    """History lists versions with a way to compare two of them."""
    page = admin_client.get(
        reverse("admin:articles_article_history", args=[revised.pk])
    ).content.decode()
    assert "version_id1" in page
    assert "version_id2" in page


def test_compare_shows_changed_fields(admin_client, revised):
    """Comparing two versions highlights the changed deck and headline."""
    newer, older = Version.objects.get_for_object(revised)[:2]
    url = reverse("admin:articles_article_compare", args=[revised.pk])
    response = admin_client.get(url, {"version_id1": older.pk, "version_id2": newer.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deck" in page
    assert "rewritten" in page
    assert "Compared again" in page
    assert "<ins>" in page or "<del>" in page


def test_compare_obeys_view_permission(client, django_user_model, revised):
    """Staff without the right to see stories cannot compare their versions."""
    newer, older = Version.objects.get_for_object(revised)[:2]
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    url = reverse("admin:articles_article_compare", args=[revised.pk])
    response = client.get(url, {"version_id1": older.pk, "version_id2": newer.pk})
    assert response.status_code in (403, 404)
