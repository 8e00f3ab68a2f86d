"""
The story form's small endpoints: heartbeat, goodbye and takeover (presence),
and its private draft (autosave). JSON answers for the form's scripts; every
POST is CSRF-checked as any other.

Each is the same form POST (``payload``, a JSON object, beside the CSRF token)
so ``navigator.sendBeacon`` can send it as it is when the page goes away.
"""

import json
import re
from datetime import datetime
from functools import wraps

from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import rules
from articles.models import Article

from . import autosave, conf, presence


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def staff_post(view):
    """A POST from a signed-in staff member, its JSON ``payload`` parsed."""

    @wraps(view)
    @never_cache
    @require_POST
    def wrapped(request):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return _error(403, "Sign in to the admin first.")
        raw = request.POST.get("payload", "")
        if len(raw.encode()) > conf.autosave_max_bytes():
            return _error(413, "Too large to keep.")
        try:
            payload = json.loads(raw or "{}")
        except ValueError:
            return _error(400, "Not JSON.")
        if not isinstance(payload, dict):
            return _error(400, "Not a JSON object.")
        return view(request, payload)

    return wrapped


# Which of a story's forms a payload means: "" the story's own, or a live
# post being written (``autosave.LIVE_POST``, and ``:<id>`` for one post).
FORM = re.compile(rf"^(?:{autosave.LIVE_POST}(?::(\d{{1,18}}))?)?$")


def _form(payload):
    """``(form, post id)`` the payload names, or ``(None, None)``."""
    form = payload.get("form") or ""
    match = FORM.match(form) if isinstance(form, str) else None
    if match is None:
        return None, None
    return form, int(match[1]) if match[1] else None


def _may(user, article, form, post_id):
    if not form:
        return rules.can_edit(user, article)
    if post_id is None:
        return rules.can_post_live(user, article)
    post = article.live_posts.filter(pk=post_id).first()
    return post is not None and rules.can_edit_live_post(user, post)


def _story(request, payload):
    """
    ``(story, form)`` the payload names, if the user may change what that
    form holds (the story, or a live post of it); else ``(None, None)``.
    """
    pk = payload.get("article")
    form, post_id = _form(payload)
    if form is None or not isinstance(pk, int | str) or not str(pk).isdigit():
        return None, None
    article = Article.objects.filter(pk=int(pk)).first()
    if article is None or not _may(request.user, article, form, post_id):
        return None, None
    return article, form


def _scope(article_id, form):
    """Presence is per form: the live desk is not the story's own form."""
    return f"{article_id}:{form}" if form else article_id


def _since(entry):
    moment = timezone.localtime(datetime.fromisoformat(entry["since"]))
    return {"name": entry["name"], "since": entry["since"], "at": time_format(moment)}


@staff_post
def heartbeat(request, payload):
    article, form = _story(request, payload)
    if article is None:
        return _error(403, "You cannot change this story.")
    others, takeover = presence.beat(_scope(article.pk, form), request.user)
    if takeover is not None:
        moment = timezone.localtime(datetime.fromisoformat(takeover["at"]))
        takeover = {**takeover, "at": time_format(moment)}
    return JsonResponse(
        {
            "others": [_since(entry) for entry in others],
            "takeover": takeover,
            "can_take_over": rules.can_take_over(request.user, article),
            "interval": conf.heartbeat_seconds(),
        }
    )


@staff_post
def leave(request, payload):
    pk = payload.get("article")
    form, _post_id = _form(payload)
    if form is not None and isinstance(pk, int | str) and str(pk).isdigit():
        # Only the caller's own entry goes, so no rule to ask.
        presence.leave(_scope(int(pk), form), request.user)
    return JsonResponse({"ok": True})


@staff_post
def take_over(request, payload):
    article, form = _story(request, payload)
    if article is None or not rules.can_take_over(request.user, article):
        return _error(403, "Only editors can take a story over.")
    note = payload.get("note", "")
    if not isinstance(note, str):
        return _error(400, "The note is text.")
    told = presence.take_over(_scope(article.pk, form), request.user, note[:2000])
    return JsonResponse({"told": [entry["name"] for entry in told]})


def _draft_key(request, payload):
    """``(kwargs, error)``: which draft the payload means, if the user may keep it."""
    if payload.get("article") not in (None, ""):
        article, form = _story(request, payload)
        if article is None:
            return None, _error(403, "You cannot change this story.")
        return {"article": article, "form": form}, None
    client = payload.get("client")
    if not isinstance(client, str) or not 0 < len(client) <= 64:
        return None, _error(400, "Which story?")
    if not request.user.has_perm("articles.add_article"):
        return None, _error(403, "You cannot write stories.")
    return {"client": client}, None


@staff_post
def save(request, payload):
    key, error = _draft_key(request, payload)
    if error:
        return error
    try:
        pairs = autosave.clean_pairs(payload.get("fields"))
    except autosave.Refused:
        return _error(400, "Not a form.")
    version = autosave.parse_version(payload.get("base_version"))
    autosave.write(request.user, pairs, base_version=version, **key)
    return JsonResponse({"saved_at": time_format(timezone.localtime())})


@staff_post
def offer(request, payload):
    key, error = _draft_key(request, payload)
    if error:
        return error
    try:
        current = autosave.clean_pairs(payload.get("current", []))
    except autosave.Refused:
        return _error(400, "Not a form.")
    labels = payload.get("labels")
    others = payload.get("others") or []
    if not (
        isinstance(others, list)
        and len(others) <= 20
        and all(isinstance(o, str) and 0 < len(o) <= 64 for o in others)
    ):
        return _error(400, "Which stories?")
    found = autosave.offer(
        request.user,
        current,
        others=others if "client" in key else (),
        labels=labels if isinstance(labels, dict) else None,
        **key,
    )
    return JsonResponse({"autosave": found, "interval": conf.autosave_seconds()})


@staff_post
def discard(request, payload):
    key, error = _draft_key(request, payload)
    if error:
        return error
    autosave.discard(request.user, **key)
    return JsonResponse({"ok": True})
