import pytest
from django.urls import reverse

from articles.models import Byline, Mention, Quote
from people.models import Person
from tests.factories import make_article, make_person, make_photo

# Session and user, the affiliation filter, two counts (filtered and full) and
# the page of rows with their user accounts joined in.
PERSON_CHANGELIST_QUERIES = 8


@pytest.mark.parametrize("name", ["people_person_changelist", "people_person_add"])
@pytest.mark.parametrize("content", ["empty", "sample"])
def test_person_admin_pages_render(admin_client, request, name, content):
    """The people list and the add form open, empty or with content."""
    if content == "sample":
        request.getfixturevalue("sample_newsroom")
    assert admin_client.get(reverse(f"admin:{name}")).status_code == 200


def test_change_pages_of_sample_people_render(admin_client, sample_newsroom):
    """Every sample person opens in the admin."""
    for person in Person.objects.all():
        url = reverse("admin:people_person_change", args=[person.pk])
        assert admin_client.get(url).status_code == 200, person


def test_person_page_lists_stories_they_appear_in(admin_client, sample_newsroom):
    """A newsmaker's page lists both stories and their quotes."""
    murphy = Person.objects.get(slug="patrick-murphy")
    response = admin_client.get(reverse("admin:people_person_change", args=[murphy.pk]))
    html = response.content.decode()
    assert "Appears in" in html
    assert "Credited on" not in html
    assert "US Renews Call for Cambodia to Reverse ‘Backtracking’ on Democracy" in html
    assert "Trump Letter Urges Hun Sen to Put Cambodia Back on Democratic Path" in html
    quotes = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Quote
    )
    assert quotes.total_form_count() == murphy.quotes.count() == 4


def test_person_page_lists_stories_they_are_credited_on(admin_client, sample_newsroom):
    """A staff member's page lists the stories carrying their byline."""
    aun = Person.objects.get(slug="aun-chhengpor")
    html = admin_client.get(
        reverse("admin:people_person_change", args=[aun.pk])
    ).content.decode()
    assert "Credited on" in html
    assert "US Renews Call for Cambodia" in html
    assert "Trump Letter" not in html


def test_person_page_lists_a_story_they_are_only_quoted_in(admin_client, db):
    """Being quoted counts as appearing, even without a mention row."""
    person = make_person()
    article = make_article("Only quoted here")
    Quote.objects.create(article=article, speaker=person, text="Words.")
    html = admin_client.get(
        reverse("admin:people_person_change", args=[person.pk])
    ).content.decode()
    assert "Only quoted here" in html


def test_person_search_covers_aliases(admin_client, sample_newsroom):
    """Searching an alias finds the one row for that person."""
    response = admin_client.get(
        reverse("admin:people_person_changelist"), {"q": "W. Patrick Murphy"}
    )
    assert [p.name for p in response.context["cl"].result_list] == ["Patrick Murphy"]


def test_person_autocomplete_answers(admin_client, sample_newsroom):
    """The person picker on photos finds people by name."""
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "photo",
            "field_name": "photographer",
            "term": "Kem",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Kem Sokha"]


@pytest.mark.parametrize("link", ["byline", "mention", "quote", "photo"])
def test_deleting_a_person_in_use_is_refused_in_the_admin(admin_client, db, link):
    """The delete page says why the person cannot go, and posting deletes nothing."""
    person = make_person("Used Person")
    article = make_article("The story using them")
    if link == "byline":
        Byline.objects.create(article=article, person=person)
    elif link == "mention":
        Mention.objects.create(article=article, person=person)
    elif link == "quote":
        Quote.objects.create(article=article, speaker=person, text="Words.")
    else:
        make_photo(photographer=person, alt_text="Their photo")
    url = reverse("admin:people_person_delete", args=[person.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Cannot delete person" in html
        assert "protected related objects" in html
    assert Person.objects.filter(pk=person.pk).exists()


def test_sample_newsmaker_cannot_be_deleted_in_the_admin(admin_client, sample_newsroom):
    """Hun Sen, used by both sample stories, stays put."""
    hun_sen = Person.objects.get(slug="hun-sen")
    url = reverse("admin:people_person_delete", args=[hun_sen.pk])
    admin_client.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=hun_sen.pk).exists()


def test_unused_person_can_be_deleted_in_the_admin(admin_client, db):
    """A person no story uses is deleted normally."""
    person = make_person()
    url = reverse("admin:people_person_delete", args=[person.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_person_changelist_query_count_does_not_grow(
    admin_client, django_user_model, django_assert_num_queries
):
    """The people list makes the same number of queries for 2 rows as for 30."""
    url = reverse("admin:people_person_changelist")

    def add_row():
        n = Person.objects.count()
        user = django_user_model.objects.create_user(f"user{n}")
        make_person(user=user, affiliation=f"Org {n % 3}", is_staff=True)

    for _ in range(2):
        add_row()
    admin_client.get(url)  # warm per-process caches
    with django_assert_num_queries(PERSON_CHANGELIST_QUERIES):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 2
    for _ in range(28):
        add_row()
    with django_assert_num_queries(PERSON_CHANGELIST_QUERIES):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 30
