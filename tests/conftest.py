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


@pytest.fixture(autouse=True)
def commits_as_in_production(monkeypatch):
    """
    The code under test commits as it would outside a test.

    pytest-django wraps each test in a transaction that never commits, so
    ``transaction.on_commit`` callbacks (the change pipeline of
    ``articles.signals``) would never run. Here the test's own wrapping
    transaction does not count, as for Django's durable atomic blocks: a callback
    runs at once outside the code's own transactions, and when its outermost
    atomic block exits cleanly.
    """
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def outside_code_transactions(connection):
        return all(block._from_testcase for block in connection.atomic_blocks)

    def run_callbacks(connection):
        while connection.run_on_commit:
            _sids, func, _robust = connection.run_on_commit.pop(0)
            func()

    original_on_commit = BaseDatabaseWrapper.on_commit

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and outside_code_transactions(self):
            func()
        else:
            original_on_commit(self, func, robust)

    original_exit = transaction.Atomic.__exit__

    def exit_atomic(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (
            exc_type is None
            and connection.in_atomic_block
            and outside_code_transactions(connection)
            and not connection.needs_rollback
        ):
            run_callbacks(connection)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_atomic)
