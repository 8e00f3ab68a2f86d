"""Old slugs of a story answer with a permanent redirect to its current URL."""

import feedparser
import pytest
from django.urls import reverse

from articles.models import ArticleSlug
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_changed_slug_redirects_permanently(client):
    """The old URL is a 301 to the new one; the new one is the page."""
    article = make_article("Moving story", slug="first-slug")
    old_url = article.get_absolute_url()
    article.slug = "second-slug"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_every_old_slug_points_at_the_current_url(client):
    """After two renames both old URLs go straight to the current one."""
    article = make_article("Twice moved", slug="one")
    for slug in ("two", "three"):
        article.slug = slug
        article.save()
    for old in ("one", "two"):
        response = client.get(reverse("articles:detail", kwargs={"slug": old}))
        assert response.status_code == 301
        assert response["Location"] == "/stories/three/"
    assert set(article.old_slugs.values_list("slug", flat=True)) == {"one", "two"}


def test_going_back_to_an_old_slug_forgets_it(client):
    """A slug back in use is the story's URL again, not a redirect to itself."""
    article = make_article("Back and forth", slug="here")
    article.slug = "there"
    article.save()
    article.slug = "here"
    article.save()
    assert list(article.old_slugs.values_list("slug", flat=True)) == ["there"]
    assert client.get("/stories/here/").status_code == 200
    assert client.get("/stories/there/")["Location"] == "/stories/here/"


def test_old_slug_of_a_draft_is_a_404(client):
    """Redirects never reveal a story readers cannot see."""
    article = make_article("Secret", slug="secret-one", published=False)
    article.slug = "secret-two"
    article.save()
    assert ArticleSlug.objects.filter(slug="secret-one").exists()
    assert client.get("/stories/secret-one/").status_code == 404


def test_a_live_slug_wins_over_an_old_one(client):
    """A new story that takes an old slug is served, not redirected."""
    moved = make_article("Moved", slug="taken")
    moved.slug = "moved"
    moved.save()
    newcomer = make_article("Newcomer", slug="taken")
    response = client.get("/stories/taken/")
    assert response.status_code == 200
    assert response.context["object"] == newcomer


def test_slug_change_in_the_admin_redirects(admin_client, client):
    """Changing the slug on the story form records the old one."""
    from tests.articles.adminform import change_form_data

    article = make_article("Admin rename", slug="admin-old")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url), slug="admin-new")
    assert admin_client.post(url, data).status_code == 302
    assert client.get("/stories/admin-old/")["Location"] == "/stories/admin-new/"


def test_feed_guid_survives_a_slug_change(client):
    """Feed readers see the same item after a rename, not a second one."""
    article = make_article("Guid story", slug="guid-before")

    def guid():
        parsed = feedparser.parse(client.get(reverse("articles:feed_rss")).content)
        return next(e.id for e in parsed.entries if e.title == "Guid story")

    before = guid()
    article.slug = "guid-after"
    article.save()
    assert guid() == before


def test_story_form_lists_old_urls(admin_client):
    """The story's record names the old URLs that still lead to it."""
    article = make_article("Listed", slug="listed-old")
    article.slug = "listed-new"
    article.save()
    page = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "/stories/listed-old/" in page


def test_old_slug_in_khmer_redirects(client):
    """Old slugs in any script redirect like Latin ones."""
    article = make_article("Khmer story", slug="កម្ពុជា")
    old_url = article.get_absolute_url()
    article.slug = "cambodia"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/stories/cambodia/"
