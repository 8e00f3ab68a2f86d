"""
Private drafts of unsaved story forms: written, offered back with what differs
from the saved story, discarded, and dropped by a deliberate save.

Each function takes the user whose draft it is and reaches only that user's
rows: nobody is ever shown another person's draft.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from articles.admin.forms import describe_user, last_saved
from articles.translations import body_text, word_diff

from . import conf
from .models import Autosave

# Form names that are the form's machinery, not what the editor typed.
MACHINERY = {"csrfmiddlewaretoken", "loaded_version", "_autosave_client"}
MACHINERY_SUFFIXES = (
    "-TOTAL_FORMS",
    "-INITIAL_FORMS",
    "-MIN_NUM_FORMS",
    "-MAX_NUM_FORMS",
    "-id",
    "-article",
)
# The story's forms other than its own: the live desk's new post and one
# post's change form (``live-post:<id>``).
LIVE_POST = "live-post"
# Rich text, compared as its readable text.
RICH_TEXT = {"body"}
MAX_FIELDS = 5000
MAX_NAME = 200


class Refused(ValueError):
    """The draft cannot be kept as sent (its shape or its size)."""


def clean_pairs(pairs):
    """The ``[[name, value], ...]`` a browser sent, checked, or ``Refused``."""
    if not isinstance(pairs, list) or len(pairs) > MAX_FIELDS:
        raise Refused("fields")
    cleaned = []
    for pair in pairs:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(part, str) for part in pair)
            and 0 < len(pair[0]) <= MAX_NAME
        ):
            raise Refused("fields")
        # The inlines' empty row templates are not rows.
        if pair[0] not in MACHINERY and "__prefix__" not in pair[0]:
            cleaned.append(pair)
    return cleaned


def parse_version(token):
    """The story version a form carried (``loaded_version``), or None."""
    if not token:
        return None
    try:
        return parse_datetime(token)
    except ValueError:
        return None


def _rows(user, article=None, client="", form=""):
    if article is not None:
        return Autosave.objects.filter(user=user, article=article, form=form)
    return Autosave.objects.filter(user=user, article=None, client=client)


def write(
    user, pairs, *, article=None, client="", form="", base_version=None, now=None
):
    """
    Keep ``pairs`` as the user's draft of the story (or of the new story);
    ``form`` names which of the story's forms (``editing.views.FORMS``).
    """
    now = now or timezone.now()
    fields = {"data": pairs, "base_version": base_version, "saved_at": now}
    rows = _rows(user, article, client, form)
    if not rows.update(**fields):
        try:
            with transaction.atomic():
                Autosave.objects.create(
                    user=user, article=article, client=client, form=form, **fields
                )
        except IntegrityError:
            # A beacon and a timer raced to make the row: the other made it.
            rows.update(**fields)
    # Expiry on write: whoever keeps writing drafts clears their own old ones.
    Autosave.objects.filter(
        user=user, saved_at__lt=now - timedelta(days=conf.autosave_days())
    ).delete()


def discard(user, *, article=None, client="", form=""):
    _rows(user, article, client, form).delete()


def expire(now=None):
    """Delete every draft untouched for ``autosave_days()``; their number."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.autosave_days())
    deleted, _by_model = Autosave.objects.filter(saved_at__lt=cutoff).delete()
    return deleted


def _values(pairs):
    values = {}
    for name, value in pairs:
        if (
            name in MACHINERY
            or name.endswith(MACHINERY_SUFFIXES)
            or name.startswith("initial-")
            or "__prefix__" in name
        ):
            continue
        values.setdefault(name, []).append(value)
    return {name: "\n".join(parts) for name, parts in values.items()}


def changes(saved_pairs, draft_pairs, labels=None):
    """
    What the draft changes in the form as saved: ``[{"name", "label",
    "parts"}]`` in the form's order, ``parts`` being ``word_diff``'s.
    """
    labels = labels or {}
    saved, draft = _values(saved_pairs), _values(draft_pairs)
    names = list(draft) + [name for name in saved if name not in draft]
    found = []
    for name in names:
        old, new = saved.get(name, ""), draft.get(name, "")
        if name in RICH_TEXT:
            old, new = body_text(old), body_text(new)
        if old == new:
            continue
        label = labels.get(name) if isinstance(labels.get(name), str) else None
        found.append(
            {"name": name, "label": label or name, "parts": word_diff(old, new)}
        )
    return found


def offer(
    user, current_pairs, *, article=None, client="", form="", others=(), labels=None
):
    """
    The user's draft of the story to offer back, or None when there is none
    or it differs in nothing from the form as loaded. Such a draft is kept:
    the form may be one a refused save sent back, whose text is nowhere else.

    The offer says what the draft changes, and when the story was saved after
    the version the draft began from, by whom and when (restoring then goes
    through the stale-save rule, which shows that save first).

    A new story's add form also names the ids of other add forms this browser
    opened (``others``): a tab closed unsaved is found again from a new one;
    the newest such draft is offered, with its ``client`` to adopt.
    """
    if article is None and others:
        draft = (
            Autosave.objects.filter(
                user=user, article=None, client__in=[client, *others]
            )
            .order_by("-saved_at")
            .first()
        )
    else:
        draft = _rows(user, article, client, form).first()
    if draft is None:
        return None
    found = changes(current_pairs, draft.data, labels)
    if not found:
        return None
    newer = None
    if (
        article is not None
        and not form
        and draft.base_version is not None
        and article.modified_at != draft.base_version
    ):
        who, when = last_saved(article)
        newer = {"who": describe_user(who), "when": _display(when)}
    return {
        "client": draft.client,
        "fields": draft.data,
        "base_version": draft.base_version.isoformat() if draft.base_version else "",
        "saved_at": _display(draft.saved_at),
        "changes": found,
        "newer_save": newer,
    }


def _display(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def discard_saved(user, *, article_id=None, client="", form=""):
    """
    After a deliberate save: the form saved (the story's, a new story's, or
    a live post's, which ``form`` names alone) keeps no draft.
    """
    if form and form != LIVE_POST:
        Autosave.objects.filter(user=user, form=form).delete()
    elif article_id is not None:
        Autosave.objects.filter(user=user, article_id=article_id, form=form).delete()
    elif client:
        Autosave.objects.filter(user=user, article=None, client=client).delete()
