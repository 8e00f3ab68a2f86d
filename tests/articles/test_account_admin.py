"""A reporter's account, from creation to first byline, and who links accounts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from people.models import Person
from tests.articles.adminform import change_form_data
from tests.factories import make_person

pytestmark = pytest.mark.django_db

ADD_USER = reverse("admin:auth_user_add")


def new_account(admin_client, **fields):
    data = {
        "username": "sreyneang",
        "first_name": "Srey",
        "last_name": "Neang",
        "email": "srey@example.org",
        "usable_password": "true",
        "password1": "a-long-test-password-1",
        "password2": "a-long-test-password-1",
        "is_staff": "on",
        "groups": [Group.objects.get(name="Reporter").pk],
        **fields,
    }
    response = admin_client.post(ADD_USER, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_new_staff_account_creates_its_person(admin_client, django_user_model):
    """A reporter's new account gets a person named after it."""
    new_account(admin_client)
    user = django_user_model.objects.get(username="sreyneang")
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Reporter"]
    assert user.person.name == "Srey Neang"
    assert user.person.is_staff


def test_new_staff_account_links_the_chosen_person(admin_client, django_user_model):
    """Choosing an existing person links it instead of making a second one."""
    person = make_person("Aun Chhengpor")
    new_account(admin_client, person=person.pk)
    person.refresh_from_db()
    assert person.user == django_user_model.objects.get(username="sreyneang")
    assert Person.objects.filter(name="Srey Neang").count() == 0


def test_new_account_links_the_unlinked_person_with_its_name(
    admin_client, django_user_model
):
    """A person with the account's full name and no account is linked."""
    person = make_person("Srey Neang")
    new_account(admin_client)
    person.refresh_from_db()
    assert person.user.username == "sreyneang"


def test_reporter_without_person_is_never_locked_out(client, django_user_model):
    """From account to first byline: the first save creates and credits the person."""
    user = django_user_model.objects.create_user(
        "nolink", first_name="No", last_name="Link", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(user)
    add_url = reverse("admin:articles_article_add")
    data = change_form_data(
        client.get(add_url), headline="First story", slug="first-story"
    )
    data["body"] = "<p>Words.</p>"
    assert client.post(add_url, data).status_code == 302
    article = Article.objects.get(slug="first-story")
    assert [b.person.name for b in article.bylines.all()] == ["No Link"]
    assert article.bylines.get().person.user == user
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(change_url)
    data = change_form_data(page, headline="Second thoughts")
    assert client.post(change_url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Second thoughts"


def test_editor_links_a_person_to_a_staff_account(client, django_user_model):
    """Editors manage the links without rights over accounts themselves."""
    editor = django_user_model.objects.create_user("desk", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    editor_client = client
    editor_client.force_login(editor)
    account = django_user_model.objects.create_user("photog", is_staff=True)
    person = make_person("Photographer Person")
    url = reverse("admin:people_person_change", args=[person.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    data = change_form_data(page, user=account.pk)
    assert editor_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.user == account
