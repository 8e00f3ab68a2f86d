"""
The workflow between a story's states, and the side effects of publishing.

Plain functions, called by the admin and usable from management commands alike.

The workflow::

    draft --submit_for_review--> ready for review --publish_now--> published
      ^                                 |          --schedule-----> published,
      +------------send_back------------+                           date to come

A published story whose date is still to come is shown as “scheduled”; that is
not a stored state. An embargo is distinct from scheduling: an embargoed story
is published for partners now (``embargo``), readers get it at its embargo
time, by itself or when an editor lifts it (``lift_embargo``); a scheduled
story reaches nobody before its date. ``kill`` withdraws a published story
from everyone: its address answers 410 Gone with the editor's note, and
partners receive it as canceled.

Each transition checks the user itself (``articles.rules``), so a forged POST
gets the same answer as the button: ``PermissionDenied``.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from people.accounts import person_for

from .models import Article, Byline, LiveCoverage, Note, live_coverage
from .rules import (
    can_embargo,
    can_kill,
    can_publish,
    can_run_live,
    can_send_back,
    can_submit,
)


def _save_transition(article, fields, user, comment):
    with reversion.create_revision():
        article.save(update_fields=[*fields, "modified_at"])
        reversion.set_user(user)
        reversion.set_comment(comment)


def submit_for_review(article, user):
    """A reporter (or editor) hands the story in: it waits on the desk's queue."""
    if not can_submit(user, article):
        raise PermissionDenied("Only a draft you can edit can be handed in.")
    article.status = Article.Status.REVIEW
    article.desk_note = ""
    _save_transition(article, ["status", "desk_note"], user, "Handed in for review.")


def send_back(article, user, desk_note):
    """An editor returns the story to its reporter as a draft, saying why."""
    if not can_send_back(user, article):
        raise PermissionDenied(
            "Only editors send back stories waiting for review or scheduled."
        )
    desk_note = desk_note.strip()
    if not desk_note:
        raise ValidationError("Say what the story needs: the reporter sees it.")
    article.status = Article.Status.DRAFT
    article.desk_note = desk_note
    _save_transition(
        article, ["status", "desk_note"], user, f"Sent back to draft: {desk_note}"
    )


def publish_now(article, user):
    """
    Publish the story at once.

    A story that was public before (unpublished, now back) keeps its original
    date; one that never was, or was scheduled for later, carries now.
    """
    if not can_publish(user):
        raise PermissionDenied("Only editors publish stories.")
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    article.desk_note = ""
    _save_transition(
        article, ["status", "published_at", "desk_note"], user, "Published."
    )


def schedule(article, user, when):
    """Publish the story by itself at ``when``, a time still to come."""
    if not can_publish(user):
        raise PermissionDenied("Only editors schedule stories.")
    if when is None or when <= timezone.now():
        raise ValidationError("Choose a time still to come, or publish now.")
    article.status = Article.Status.PUBLISHED
    article.published_at = when
    article.desk_note = ""
    _save_transition(
        article,
        ["status", "published_at", "desk_note"],
        user,
        f"Scheduled for {timezone.localtime(when):%Y-%m-%d %H:%M %Z}.",
    )


def embargo(article, user, until):
    """
    Publish the story for partners now, marked embargoed, and for readers at
    ``until`` (a time still to come). A story already public leaves the site
    until then; a scheduled one keeps its date, and reaches partners at it.
    """
    if not can_embargo(user, article):
        raise PermissionDenied("Only editors embargo stories.")
    if until is None or until <= timezone.now():
        raise ValidationError("Choose an embargo time still to come.")
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = now
    article.embargo_until = until
    article.desk_note = ""
    _save_transition(
        article,
        ["status", "published_at", "embargo_until", "desk_note"],
        user,
        f"Embargoed until {timezone.localtime(until):%Y-%m-%d %H:%M:%S %Z}.",
    )


def lift_embargo(article, user):
    """
    Release an embargoed story to readers now: dated now for them, as the
    release at the embargo time dates it then (``tasks.release_embargo``).
    """
    if not can_embargo(user, article):
        raise PermissionDenied("Only editors lift embargoes.")
    if article.embargo_until is None:
        return
    now = timezone.now()
    article.embargo_until = None
    if article.published_at is None or article.published_at < now:
        article.published_at = now
    _save_transition(
        article, ["embargo_until", "published_at"], user, "Embargo lifted."
    )


def kill(article, user, note):
    """
    Withdraw a published story from everyone, saying why (``note``, shown on
    its 410 page): status killed, and a “withdrawn” note the desk's list of
    corrections records.
    """
    if not can_kill(user, article):
        raise PermissionDenied("Only editors kill published stories.")
    note = (note or "").strip()
    if not note:
        raise ValidationError("Say why the story is killed: readers see it.")
    now = timezone.now()
    article.status = Article.Status.KILLED
    article.killed_at = now
    article.kill_note = note
    with transaction.atomic(), reversion.create_revision():
        Note.objects.create(
            article=article, kind=Note.Kind.KILL, text=note, noted_at=now
        )
        article.save(update_fields=["status", "killed_at", "kill_note", "modified_at"])
        reversion.set_user(user)
        reversion.set_comment(f"Killed: {note}")


def publish(article, when=None, user=None):
    """Publish the story now, or at ``when`` (a future time schedules it)."""
    article.status = Article.Status.PUBLISHED
    if when is not None:
        article.published_at = when
    elif article.published_at is None:
        article.published_at = timezone.now()
    with reversion.create_revision():
        article.save(update_fields=["status", "published_at", "modified_at"])
        reversion.set_user(user)
        reversion.set_comment("Published.")


def unpublish(article, user=None):
    """Take the story off the site; its publication date is kept for the record."""
    article.status = Article.Status.DRAFT
    with reversion.create_revision():
        article.save(update_fields=["status", "modified_at"])
        reversion.set_user(user)
        reversion.set_comment("Unpublished.")


def credit_author(article, user):
    """Byline the user's person on a story they created, so they can keep editing."""
    person = person_for(user)
    if article.bylines.filter(person=person).exists():
        return
    position = article.bylines.count()
    Byline.objects.create(article=article, person=person, position=position)


def record_notes(article, notes):
    """
    Move the story's updated date to its latest correction or update (``Note``).

    Called when notes are added or changed; a note never moves the date back.
    """
    dates = [note.noted_at for note in notes if note.kind in Note.Kind.values]
    if not dates:
        return
    latest = max(dates)
    if article.updated_at is None or latest > article.updated_at:
        article.updated_at = latest
        Article.objects.filter(pk=article.pk).update(updated_at=latest)


def start_live(article, user):
    """
    Cover the story live: posts can be added, and readers see them arrive
    once the story is public. Coverage that had ended starts again.
    """
    if not can_run_live(user):
        raise PermissionDenied("Only editors start live coverage.")
    if article.status == Article.Status.KILLED:
        raise ValidationError("A killed story is not covered live.")
    coverage = live_coverage(article)
    if coverage is not None and coverage.is_running:
        raise ValidationError("The story is already live.")
    with reversion.create_revision():
        if coverage is None:
            coverage = LiveCoverage.objects.create(article=article)
            article.live = coverage
        else:
            coverage.ended_at = None
            coverage.save(update_fields=["ended_at", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment("Live coverage started.")
    return coverage


def end_live(article, user, summary):
    """End the story's live coverage, with a summary of what happened."""
    if not can_run_live(user):
        raise PermissionDenied("Only editors end live coverage.")
    coverage = live_coverage(article)
    if coverage is None or not coverage.is_running:
        raise ValidationError("The story is not live.")
    summary = summary.strip()
    if not summary:
        raise ValidationError("Sum up the coverage: readers who arrive later see it.")
    coverage.ended_at = max(timezone.now(), coverage.started_at)
    coverage.summary = summary
    with reversion.create_revision():
        coverage.save(update_fields=["ended_at", "summary", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment("Live coverage ended.")
    return coverage
