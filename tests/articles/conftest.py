"""Editorial fixtures: staff accounts in the Reporter and Editor groups."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_person


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Accounts made here need a password, not a slow hash of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _staff_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username=username,
        password="a-long-test-password",
        first_name=username.title(),
        last_name="Tester",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group))
    make_person(f"{username.title()} Tester", is_staff=True, user=user)
    return user


@pytest.fixture
def reporter(django_user_model):
    """A staff account in the Reporter group, with its Person."""
    return _staff_user(django_user_model, "reporter", "Reporter")


@pytest.fixture
def other_reporter(django_user_model):
    return _staff_user(django_user_model, "colleague", "Reporter")


@pytest.fixture
def editor(django_user_model):
    """A staff account in the Editor group, with its Person."""
    return _staff_user(django_user_model, "editor", "Editor")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
