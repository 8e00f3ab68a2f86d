from pathlib import Path

import pytest


def pytest_configure(config):
    """The interface's translations compiled first, as ./dev does before a run."""
    from babel.messages.frontend import CommandLineInterface

    locale = Path(__file__).resolve().parent.parent / "locale"
    CommandLineInterface().run(
        ["pybabel", "--quiet", "compile", "--directory", str(locale), "-D", "django"]
    )


def pytest_collection_modifyitems(items):
    """
    Every test on a transactional database (``transaction=True``, or a live
    server) restores the database by serialisation. A flush without it runs
    ``post_migrate``, which makes content types and permissions again, and the
    next serialised test's reload then collides with them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "live_server" in item.fixturenames
        )
        if transactional and not (marker and marker.kwargs.get("serialized_rollback")):
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads made by tests go to a temporary folder, never to media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute URLs are on the configured site URL; tests use the test client's."""
    settings.NEWSROOM_SITE_URL = "http://testserver"
    settings.NEWSROOM_FEED_ID_AUTHORITY = "testserver"
    return settings.NEWSROOM_SITE_URL


# --- Sample newsroom (issue 2) ---------------------------------------------


@pytest.fixture
def sample_newsroom(db, django_capture_on_commit_callbacks):
    """The sample newsroom, loaded the way the README says (and committed)."""
    from django.core.management import call_command

    # The test's transaction never commits: run what loading does on commit
    # (the search index) as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", "sample", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The admin tests log in a superuser each; real hashing costs ~0.5 s a time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def commits_as_in_production(transactional_db, django_db_serialized_rollback):
    """
    The code under test commits as it would outside a test.

    pytest-django wraps each test in a transaction that never commits, so
    ``transaction.on_commit`` callbacks (the change pipeline of
    ``articles.signals``: search entries, cache invalidation) would never run.
    Tests of what a commit does take a transactional database instead: every
    save commits, and a callback runs when its outermost atomic block exits,
    as in production. Each starts from what the migrations made (the desk's
    roles), restored after the previous one's flush.
    """
