import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads made by tests go to a temporary folder, never to media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Sample newsroom (issue 2) ---------------------------------------------


@pytest.fixture
def sample_newsroom(db):
    """The sample newsroom, loaded the way the README says."""
    from django.core.management import call_command

    call_command("loaddata", "sample", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The admin tests log in a superuser each; real hashing costs ~0.5 s a time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
