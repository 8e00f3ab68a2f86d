"""
Who has a story form open, kept in the default cache.

The embedded default cache is a disk cache every gunicorn worker of a node
shares; several nodes share Redis. Each person's entry is a key of its own, so
two heartbeats at once never overwrite each other; a per-story index names the
entries and is written only when someone comes or goes. An index that loses a
race (two people arriving at once) is mended by the next heartbeat of whoever
it missed. Entries expire by themselves after ``presence_seconds()``.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from . import conf


def _index_key(article_id):
    return f"editing:presence:{article_id}"


def _entry_key(article_id, user_id):
    return f"editing:presence:{article_id}:{user_id}"


def _takeover_key(article_id, user_id):
    return f"editing:takeover:{article_id}:{user_id}"


def display_name(user):
    return user.get_full_name() or user.get_username()


def beat(article_id, user, now=None):
    """
    Note that ``user`` has the story open; return ``(others, takeover)``.

    ``others`` are the entries of everyone else present, oldest first, as
    ``{"user", "name", "since"}``; ``takeover`` is a takeover of the story
    from this user not yet delivered (``{"by", "note", "at"}``), or None.
    """
    now = now or timezone.now()
    seconds = conf.presence_seconds()
    index_key, own_key = _index_key(article_id), _entry_key(article_id, user.pk)
    takeover_key = _takeover_key(article_id, user.pk)
    stored = cache.get_many([index_key, own_key, takeover_key])
    index = set(stored.get(index_key) or ())
    own = stored.get(own_key)
    live_own = own and _alive(own, now, seconds)
    entry = {
        "user": user.pk,
        "name": display_name(user),
        "since": own["since"] if live_own else now.isoformat(),
        "seen": now.isoformat(),
    }
    others = []
    entries = cache.get_many([_entry_key(article_id, uid) for uid in index - {user.pk}])
    for value in entries.values():
        if _alive(value, now, seconds):
            others.append(value)
    cache.set(own_key, entry, seconds)
    wanted = {user.pk} | {e["user"] for e in others}
    if wanted == index:
        # Written only when someone comes or goes: while the same people stay,
        # no two heartbeats write the same key, so none undoes another.
        cache.touch(index_key, seconds)
    else:
        cache.set(index_key, wanted, seconds)
    takeover = stored.get(takeover_key)
    if takeover is not None:
        cache.delete(takeover_key)
    others.sort(key=lambda e: e["since"])
    return [_public(e) for e in others], takeover


def present(article_id, now=None):
    """Everyone with the story open now (entries as ``beat`` gives them)."""
    now = now or timezone.now()
    seconds = conf.presence_seconds()
    index = cache.get(_index_key(article_id)) or ()
    entries = cache.get_many([_entry_key(article_id, uid) for uid in index])
    alive = [e for e in entries.values() if _alive(e, now, seconds)]
    alive.sort(key=lambda e: e["since"])
    return [_public(e) for e in alive]


def leave(article_id, user):
    """The user closed the story's form: they are gone at once, not in 30 s."""
    cache.delete(_entry_key(article_id, user.pk))


def take_over(article_id, user, note, now=None):
    """
    ``user`` takes the story over from everyone else present: each is told,
    with ``note``, on their next heartbeat. Returns the people told.
    """
    now = now or timezone.now()
    others = [e for e in present(article_id, now) if e["user"] != user.pk]
    message = {"by": display_name(user), "note": note, "at": now.isoformat()}
    # Kept a while past presence: a form asleep in a background tab still
    # hears of it when it wakes.
    cache.set_many(
        {_takeover_key(article_id, e["user"]): message for e in others},
        conf.presence_seconds() * 20,
    )
    return others


def _alive(entry, now, seconds):
    return datetime.fromisoformat(entry["seen"]) > now - timedelta(seconds=seconds)


def _public(entry):
    return {"user": entry["user"], "name": entry["name"], "since": entry["since"]}
