"""Out-of-range input is a 404 or a form error, never a 500 (issue 10)."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_person

HUGE = "9223372036854775807"
HUGER = "99999999999999999999999"


@pytest.fixture
def tagged(db):
    article = make_article("A tagged story", tags=["politics"])
    make_person("Someone")
    return article


@pytest.mark.parametrize("page", [HUGE, HUGER, "-1", "0", "1e10", "abc", "2.5"])
def test_front_page_with_huge_page_number_is_404_not_500(client, tagged, page):
    """``/?page=9223372036854775807`` and other impossible pages are a 404."""
    assert client.get("/", {"page": page}).status_code == 404


@pytest.mark.parametrize("page", [HUGE, HUGER])
def test_tag_page_with_huge_page_number_is_404_not_500(client, tagged, page):
    """The same page number on a tag page is a 404."""
    url = reverse("articles:tag", kwargs={"slug": "politics"})
    assert client.get(url, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "url_name", ["articles:search", "articles:quote_search"], ids=["search", "quotes"]
)
@pytest.mark.parametrize("page", [HUGE, HUGER])
def test_search_pages_with_huge_page_number_are_404(client, tagged, url_name, page):
    """Search and quote search paginate with a count: past the end is a 404."""
    response = client.get(reverse(url_name), {"q": "tagged", "page": page})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"start": "99999999999-01-01"},
        {"end": "0000-00-00"},
        {"start": "9999-12-31", "end": "9999-12-31"},
        {"start": "0001-01-01"},
        {"speaker": "x" * 5000},
        {"words": "\x00\x0b"},
    ],
)
def test_quote_search_with_out_of_range_dates_answers_clean(client, tagged, params):
    """Impossible dates and long or control-laden words are form errors, not 500."""
    response = client.get(reverse("articles:quote_search"), params)
    assert response.status_code == 200


def test_search_with_control_characters_and_huge_query_answers_clean(client, tagged):
    response = client.get(reverse("articles:search"), {"q": "\x00" + "x" * 10_000})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=99999999999",
        "published_at__year=9999",
        "published_at__year=99999&published_at__month=13",
        "published_at__gte=99999999999-01-01",
        f"id__gt={HUGER}",
        f"tags__id__exact={HUGER}",
        f"status=published&p={HUGE}",
    ],
)
def test_story_changelist_with_out_of_range_filter_is_refused(
    admin_client, tagged, query
):
    """``?published_at__year=99999999999`` and friends: Django's “invalid lookup”."""
    url = reverse("admin:articles_article_changelist")
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code in {200, 302, 404}, response.status_code
    if response.status_code == 302:
        assert response["Location"] == f"{url}?e=1"
        assert admin_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:articles_photo_changelist",
        "admin:articles_quote_changelist",
        "admin:taggit_tag_changelist",
        "admin:people_person_changelist",
        "admin:auth_user_changelist",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        f"id__gt={HUGER}",
        "said_on__year=99999999999",
        "created_at__year=99999999999",
        "created_at__gte=99999999999-01-01",
        "date_joined__year=99999999999",
    ],
)
def test_every_changelist_refuses_out_of_range_filters(
    admin_client, tagged, changelist, query
):
    """The rule holds on every changelist, whichever app registered it."""
    response = admin_client.get(f"{reverse(changelist)}?{query}")
    assert response.status_code in {200, 302}, response.status_code
