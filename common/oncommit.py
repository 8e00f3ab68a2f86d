"""
Work gathered while a transaction is open and done once, when it commits.

Changes made in one transaction (a story, its bylines, its tags…) each say
what they touched; acting on each separately would reindex and invalidate the
same things many times, and acting before the commit would show readers what
may still be rolled back. ``gather()`` hands every change of a transaction the
same batch, and the batch's ``flush()`` runs once, through Django's
``transaction.on_commit``, when the transaction commits (at once outside a
transaction).

Rollbacks follow ``on_commit``: a transaction rolled back never flushes, and
its batch is dropped. A savepoint rolled back drops the callbacks registered
inside it but not what was already gathered into the batch, so the flush may
do a little more than the committed data needed (invalidate or reindex
something unchanged), never less. Every ``gather()`` registers the flush again,
so the batch still flushes when it was started inside a savepoint that rolled
back; the flush only runs the first time.
"""

from django.db import transaction


class _Pending:
    def __init__(self, batch, block):
        self.batch = batch
        # The outermost atomic block the batch belongs to: a later transaction
        # after a rollback has another one, and gets a batch of its own.
        self.block = block
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
    pending_by_name = connection.__dict__.setdefault("newsroom_on_commit", {})
    pending = pending_by_name.get(name)
    block = connection.atomic_blocks[0]
    if pending is None or pending.done or pending.block is not block:
        pending = _Pending(new(), block)
        pending_by_name[name] = pending
    record(pending.batch)
    transaction.on_commit(pending.flush, using=using)


def in_transaction(using=None):
    """Whether work on ``using`` is inside a transaction (so waits for a commit)."""
    return transaction.get_connection(using).in_atomic_block
