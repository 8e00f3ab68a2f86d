"""
Story events: what other apps (partners' pushes, above all) hear about stories.

``articles.signals`` emits them once a transaction commits, from what it
touched: a story reaching partners (``PUBLISH``, embargoed or not), a change to
a story partners have (``UPDATE``), a correction or update note on one
(``CORRECTION``), a kill (``KILL``). ``RELEASE`` (an embargo lifted, by an
editor or by its time coming) comes from the editor's commit or from the task
``articles.tasks.release_embargo``.

Subscribers are called with the list of a commit's events, after the commit;
they must only enqueue tasks, never do slow work in the editor's request. A
subscriber that fails is logged and the others still hear.
"""

import logging
from dataclasses import dataclass

from django.db import models, transaction

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    PUBLISH = "publish", "Publish"
    UPDATE = "update", "Update"
    CORRECTION = "correction", "Correction"
    RELEASE = "release", "Release"
    KILL = "kill", "Kill"


PUBLISH = Kind.PUBLISH
UPDATE = Kind.UPDATE
CORRECTION = Kind.CORRECTION
RELEASE = Kind.RELEASE
KILL = Kind.KILL


@dataclass(frozen=True)
class StoryEvent:
    article_id: int
    kind: str


_subscribers = []


def subscribe(callback):
    """Call ``callback(events)`` with each commit's story events; once per callback."""
    if callback not in _subscribers:
        _subscribers.append(callback)
    return callback


def unsubscribe(callback):
    if callback in _subscribers:
        _subscribers.remove(callback)


def has_subscribers():
    return bool(_subscribers)


def emit(events, using=None):
    """
    Hand ``events`` to every subscriber once the current transaction commits
    (at once outside one); nothing is heard of a transaction rolled back.
    """
    events = list(dict.fromkeys(events))
    if not events or not _subscribers:
        return
    transaction.on_commit(lambda: _deliver(events), using=using)


def _deliver(events):
    for callback in list(_subscribers):
        try:
            callback(list(events))
        except Exception:
            logger.exception("A story event subscriber failed on %s", events)
