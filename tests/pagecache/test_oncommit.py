"""common.oncommit: one batch per transaction, flushed once on commit."""

import pytest
from django.db import transaction

from common import oncommit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Batch:
    flushed = []

    def __init__(self):
        self.items = []

    def flush(self):
        Batch.flushed.append(sorted(self.items))


@pytest.fixture(autouse=True)
def flushed():
    Batch.flushed = []
    return Batch.flushed


def add(item):
    oncommit.gather("test", Batch, lambda batch: batch.items.append(item))


def test_outside_a_transaction_each_change_flushes_at_once(flushed):
    """With no transaction open, there is nothing to wait for."""
    add(1)
    add(2)
    assert flushed == [[1], [2]]


def test_one_transaction_flushes_once_on_commit(flushed):
    """Every change of a transaction lands in one batch, flushed after commit."""
    with transaction.atomic():
        add(1)
        with transaction.atomic():
            add(2)
        add(3)
        assert flushed == []
    assert flushed == [[1, 2, 3]]


def test_rolled_back_transaction_flushes_nothing(flushed):
    """A rollback drops the batch; the next transaction starts afresh."""
    with pytest.raises(RuntimeError), transaction.atomic():
        add(1)
        raise RuntimeError
    assert flushed == []
    with transaction.atomic():
        add(2)
    assert flushed == [[2]]


def test_batch_started_in_a_rolled_back_savepoint_goes_with_it(flushed):
    """What the transaction gathers after a savepoint rolled back still commits."""
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            add(1)
            raise RuntimeError
        add(2)
    assert flushed == [[2]]


def test_savepoint_rolled_back_inside_a_batch_never_loses_work(flushed):
    """Changes gathered in a rolled-back savepoint stay: more work, never less."""
    with transaction.atomic():
        add(1)
        with pytest.raises(RuntimeError), transaction.atomic():
            add(2)
            raise RuntimeError
        add(3)
    assert flushed == [[1, 2, 3]]


def test_same_atomic_block_reused_after_a_rollback_starts_afresh(flushed):
    """A decorated function reuses its atomic block; a rollback still drops it."""

    @transaction.atomic
    def change(item, fail=False):
        add(item)
        if fail:
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change(1, fail=True)
    change(2)
    assert flushed == [[2]]


def test_batches_by_name_are_separate(flushed):
    """Two names, two batches, each flushed once."""
    with transaction.atomic():
        add(1)
        oncommit.gather("other", Batch, lambda batch: batch.items.append(9))
    assert sorted(flushed) == [[1], [9]]


@pytest.mark.django_db
def test_captured_commit_runs_the_batch_once(
    django_capture_on_commit_callbacks, flushed
):
    """Inside a test's transaction, pytest-django's capture flushes once."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            add(1)
        add(2)
        assert flushed == []
    assert flushed == [[1, 2]]
    # Asked once per change; only the first call flushes.
    assert len(callbacks) == 2
