"""
Work gathered while a transaction is open and done once, when it commits.

Changes made in one transaction (a story, its bylines, its tags…) each say
what they touched; acting on each separately would reindex and invalidate the
same things many times, and acting before the commit would show readers what
may still be rolled back. ``gather()`` hands every change of a transaction the
same batch, and the batch's ``flush()`` runs once, through Django's
``transaction.on_commit``, when the transaction commits (at once outside a
transaction).

Every ``gather()`` registers the flush with ``on_commit`` (it runs only the
first time), and the batch is kept alive only by those registrations: Django
drops them on rollback, and the batch goes with them. So a transaction rolled
back never flushes and the next one starts a new batch; a batch started inside
a savepoint that rolled back goes too, unless the transaction gathered more
after it. A batch started before a savepoint keeps what was gathered inside it
when the savepoint rolls back: the flush then does a little more than the
committed data needed (invalidates or reindexes something unchanged), never
less. Django's own list of pending callbacks is never read.
"""

import weakref

from django.db import transaction


class _Pending:
    def __init__(self, batch):
        self.batch = batch
        self.done = False

    def flush(self):
        if not self.done:
            self.done = True
            self.batch.flush()


def gather(name, new, record, *, using=None):
    """
    Record a change in the batch ``name`` of the current transaction on
    ``using``: ``record(batch)``, where ``new()`` makes the batch when the
    transaction has none yet. The batch's ``flush()`` runs once, on commit.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        batch = new()
        record(batch)
        batch.flush()
        return
    # Weak: only the callbacks registered with on_commit keep a batch alive.
    pending_by_name = connection.__dict__.setdefault("newsroom_on_commit", {})
    found = pending_by_name.get(name)
    pending = found() if found is not None else None
    if pending is None or pending.done:
        pending = _Pending(new())
        pending_by_name[name] = weakref.ref(pending)
    record(pending.batch)
    transaction.on_commit(pending.flush, using=using)


def in_transaction(using=None):
    """Whether work on ``using`` is inside a transaction (so waits for a commit)."""
    return transaction.get_connection(using).in_atomic_block
