"""
The app's settings, with their defaults: a project sets them in its settings
only to change them (docs/editing.md).
"""

from django.conf import settings


def presence_seconds():
    """How long a story form counts as open after its last heartbeat."""
    return getattr(settings, "NEWSROOM_PRESENCE_SECONDS", 30)


def heartbeat_seconds():
    """How often an open story form says it is still open."""
    return getattr(settings, "NEWSROOM_PRESENCE_HEARTBEAT_SECONDS", 10)


def autosave_seconds():
    """How often a changed story form saves its private draft."""
    return getattr(settings, "NEWSROOM_AUTOSAVE_SECONDS", 5)


def autosave_max_bytes():
    """The largest draft of a form kept, in bytes of its JSON."""
    return getattr(settings, "NEWSROOM_AUTOSAVE_MAX_BYTES", 1_000_000)


def autosave_days():
    """Drafts untouched for longer are deleted."""
    return getattr(settings, "NEWSROOM_AUTOSAVE_DAYS", 30)
