import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Sign-ins here are many; a fast hasher keeps the test quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "desk", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def test_limit_is_configured():
    """Five failures lock out, for a cool-off period."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() > 0


def test_failures_below_the_limit_then_success(client, staff):
    """A few typos do not lock the editor out."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "desk", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in (
            response.content.decode()
        )
    response = sign_in(client, "desk", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_failures_lock_out_with_a_clear_message(client, staff):
    """After the limit, even the right password gets the lockout page."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "desk", "wrong")
    response = sign_in(client, "desk", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, staff, django_user_model):
    """Another account signing in from the same address is not locked."""
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "desk", "wrong")
    assert sign_in(client, "other", PASSWORD).status_code == 302


def test_hostile_username_is_escaped_on_lockout_page(client):
    """The username typed is shown as text on the lockout page."""
    hostile = "<script>alert(1)</script>"
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, hostile, "wrong")
    assert response.status_code == 429
    assert hostile not in response.content.decode()


def test_each_test_starts_unthrottled(client, staff):
    """Attempts from other tests are gone: the test database is fresh."""
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "desk", PASSWORD).status_code == 302


def test_code_sign_ins_still_work(client, staff, admin_client):
    """The test client's login() and force_login() are not refused by axes."""
    assert client.login(username="desk", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(reverse("admin:index")).status_code == 200
