"""
Who may do what to a story, the workflow between its states, and the side
effects of publishing.

Plain functions, called by the admin and usable from management commands alike.
Reporters write drafts they are bylined on and hand them in for review;
publishing, scheduling, sending back, unpublishing, changing published stories
and deleting are for holders of ``publish_article`` (the Editor group).

The workflow::

    draft --submit_for_review--> ready for review --publish_now--> published
      ^                                 |          --schedule-----> published,
      +------------send_back------------+                           date to come

A published story whose date is still to come is shown as “scheduled”; that is
not a stored state. Each transition checks the user itself, so a forged POST
gets the same answer as the button: ``PermissionDenied``.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from people.accounts import person_for

from .models import Article, Byline, Note

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Whether the user may publish, schedule or unpublish stories."""
    return user.has_perm(PUBLISH_PERMISSION)


def is_open_for_reporter(article):
    """
    Whether the story is still in its reporters' hands.

    The one test of it: the story admin, its quotes, notes, bylines, photos and the
    people in it all ask here. Anything that shows on a story past this point is
    an editor's. A story stays open to the reporters bylined on it while it is a
    draft and while it waits for review: an editor reviewing it sees their latest
    text (and History shows what changed). Once published, it is the desk's.
    """
    return article.status in (Article.Status.DRAFT, Article.Status.REVIEW)


def reporter_statuses():
    """The statuses for which ``is_open_for_reporter`` holds, for query filters."""
    return [
        status
        for status in Article.Status.values
        if is_open_for_reporter(Article(status=status))
    ]


def editable_stories(user):
    """The stories the user may change: all for editors, their open drafts otherwise."""
    if not user.has_perm("articles.change_article"):
        return Article.objects.none()
    if can_publish(user):
        return Article.objects.all()
    return Article.objects.filter(
        status__in=reporter_statuses(), bylines__person__user=user
    ).distinct()


def only_editable_stories(user, stories):
    """Whether every story in the queryset ``stories`` is one the user may change."""
    if can_publish(user):
        return user.has_perm("articles.change_article")
    return not stories.exclude(pk__in=editable_stories(user).values("pk")).exists()


def is_bylined(user, article):
    """Whether the user's person is credited on the story."""
    if article.pk is None or not user.is_authenticated:
        return False
    return article.bylines.filter(person__user=user).exists()


def can_edit(user, article):
    """Editors edit any story; reporters only open stories they are bylined on."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return is_open_for_reporter(article) and is_bylined(user, article)


def can_submit(user, article):
    """Whether the user may hand the story in for review."""
    return article.status == Article.Status.DRAFT and can_edit(user, article)


def can_send_back(user, article):
    """Editors send back stories waiting for review or scheduled for later."""
    return can_publish(user) and (
        article.status == Article.Status.REVIEW or article.is_scheduled
    )


def can_edit_part(user, part, action="change"):
    """
    Quotes, notes, bylines and mentions belong to their story: a reporter
    changes them only on a story they may edit.
    """
    opts = part._meta
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return False
    return part.article_id is None or can_edit(user, part.article)


def can_edit_photo(user, photo, action="change"):
    """A reporter changes a photo only while each story leading with it is theirs."""
    if not user.has_perm(f"articles.{action}_photo"):
        return False
    if photo.pk is None or can_publish(user):
        return True
    return only_editable_stories(user, Article.objects.filter(lead_photo=photo))


def can_edit_person(user, person, action="change"):
    """
    Editors change anyone; a reporter only a person they added who shows on
    nothing but stories the reporter may edit.
    """
    opts = person._meta
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return False
    if person.pk is None or can_publish(user):
        return True
    return person.created_by_id == user.pk and only_editable_stories(
        user, Article.objects.involving(person)
    )


def can_link_accounts(user):
    """Who may say which person a staff account belongs to: editors, never reporters."""
    return can_publish(user) and user.has_perm("people.change_person")


def can_restore(user):
    """Reverting and recovering can bring back what an editor pulled: editors only."""
    return can_publish(user)


def can_delete(user, article=None):
    """Only editors delete stories: a deletion unpublishes too."""
    return user.has_perm("articles.delete_article") and can_publish(user)


def check_status_change(user, article, new_status):
    """
    The reason the user may not move the story to ``new_status``, or None.

    ``article`` is the story as stored (unsaved for a new one).
    """
    old_status = article.status if article.pk else Article.Status.DRAFT
    if new_status == old_status or can_publish(user):
        return None
    open_states = set(reporter_statuses())
    if old_status in open_states and new_status in open_states:
        return None
    if new_status == Article.Status.PUBLISHED:
        return (
            "Only editors can publish or schedule a story. It has been kept as "
            "a draft; ask an editor to publish it."
        )
    return "Only editors can unpublish a story."


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


def send_back(article, user, note):
    """An editor returns the story to its reporter as a draft, saying why."""
    if not can_send_back(user, article):
        raise PermissionDenied(
            "Only editors send back stories waiting for review or scheduled."
        )
    note = note.strip()
    if not note:
        raise ValidationError("Say what the story needs: the reporter sees it.")
    article.status = Article.Status.DRAFT
    article.desk_note = note
    _save_transition(
        article, ["status", "desk_note"], user, f"Sent back to draft: {note}"
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
    Move the story's updated date to its latest correction or update note.

    Called when notes are added or changed; a note never moves the date back.
    """
    dates = [note.noted_at for note in notes if note.kind in Note.Kind.values]
    if not dates:
        return
    latest = max(dates)
    if article.updated_at is None or latest > article.updated_at:
        article.updated_at = latest
        Article.objects.filter(pk=article.pk).update(updated_at=latest)
