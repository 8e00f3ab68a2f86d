from datetime import UTC, datetime, timedelta

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


@pytest.mark.parametrize(
    ("status", "offset", "label"),
    [
        ("draft", None, "Draft"),
        ("review", None, "Ready for review"),
        ("draft", timedelta(days=-30), "Draft"),
        ("published", timedelta(hours=3), "Scheduled"),
    ],
)
def test_preview_banner_names_state_and_date(admin_client, status, offset, label):
    """An unpublished story's preview says it is not public, its state and date."""
    when = timezone.now() + offset if offset else None
    article = make_article(
        "Banner story", published=False, status=status, published_at=when
    )
    page = admin_client.get(preview_url(article)).content.decode()
    assert "Preview — not public." in page
    assert f"Status: {label}." in page
    if when is None:
        assert "It will carry the date and time it is published." in page
        assert "Not yet published" in page
    else:
        assert f"It will carry the date {timezone.localtime(when):%B} " in page


def test_public_story_preview_has_no_banner(admin_client):
    """A story readers can see previews exactly as it is, with no banner."""
    article = make_article("Public story")
    assert (
        "Preview — not public"
        not in admin_client.get(preview_url(article)).content.decode()
    )


@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        ("draft", None, False),
        ("review", None, False),
        ("published", timedelta(hours=3), False),
        ("published", timedelta(hours=-3), True),
    ],
)
def test_view_on_site_of_each_state(admin_client, status, offset, public):
    """“View on site” opens the preview until readers can see the story."""
    when = timezone.now() + offset if offset else None
    article = make_article(published=False, status=status, published_at=when)
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.get(change)
    view_on_site = response.context["absolute_url"]
    if public:
        assert view_on_site != preview_url(article)
        followed = admin_client.get(view_on_site, follow=True)
        assert followed.redirect_chain[-1][0].endswith(article.get_absolute_url())
        assert followed.status_code == 200
    else:
        assert view_on_site == preview_url(article)
        assert admin_client.get(view_on_site).status_code == 200


def test_preview_shows_times_with_the_zone_name(admin_client, settings):
    """Times on the page are the newsroom's, named: “Phnom Penh time”."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    article = make_article(
        "Zoned",
        published_at=datetime(2017, 12, 13, 4, 44, tzinfo=UTC),
    )
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert "December 13, 2017, 11:44 Phnom Penh time" in page
