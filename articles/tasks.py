"""
Work on stories that waits for its time: releasing an embargo at its second,
and telling partners of a scheduled story at its date.

Whenever a story's embargo is set or moved, ``articles.signals`` queues
``release_embargo`` on commit to run at the embargo (``run_after``; the
database queue's ``db_worker`` and RQ's worker with ``--with-scheduler`` both
honour it). Readers need no task: ``published()`` asks the time, and no cached
page outlives the release (``cache_keys.seconds_until_next_publication``). The
task tells partners (``events.RELEASE``) and gives the pages whose lists gain
the story new versions at once. ``publish_scheduled`` does the same for a
scheduled story at its date, when it reaches partners (``events.PUBLISH``).
"""

import logging
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from pagecache import invalidation

from . import events, search
from .cache_keys import changed_keys
from .models import Article

logger = logging.getLogger(__name__)


# How long a scheduled story's publish event is remembered as sent.
SENT_FOR = timedelta(days=7)


def _enqueue_at(task, article_id, moment):
    if task.get_backend().supports_defer:
        task = task.using(run_after=moment)
    try:
        task.enqueue(article_id, moment.isoformat())
    except Exception:
        # Readers still get the story at the second (published() asks the
        # time); only partners' notice and the early re-render wait.
        logger.exception("Could not queue %s of story %s", task.name, article_id)


def enqueue_release(article_id, embargo_until):
    """Queue the release of the story's embargo at ``embargo_until``."""
    _enqueue_at(release_embargo, article_id, embargo_until)


def enqueue_publication(article_id, published_at):
    """Queue the partners' notice of a scheduled story at ``published_at``."""
    _enqueue_at(publish_scheduled, article_id, published_at)


@task()
def release_embargo(article_id, embargo_until_iso):
    """
    Release story ``article_id`` if it is still published with the embargo
    ``embargo_until_iso`` and that time has come; anything else (a moved or
    lifted embargo, an unpublished or killed story, one released already)
    leaves nothing to do, so running it twice, or late, is harmless. Early, it
    waits for its time again.
    """
    until = datetime.fromisoformat(embargo_until_iso)
    story = (
        Article.objects.filter(
            pk=article_id, status=Article.Status.PUBLISHED, embargo_until=until
        )
        .only("pk", "published_at", "embargo_until", "status")
        .first()
    )
    if story is None:
        return False
    if until > timezone.now():
        if release_embargo.get_backend().supports_defer:
            release_embargo.using(run_after=until).enqueue(
                article_id, embargo_until_iso
            )
        return False
    if story.published_at > timezone.now():
        # Still scheduled: it reaches everyone at its date.
        return False
    # The release clears the embargo, in one conditional update: of two runs
    # (a retry, two workers) only one finds it, and only one tells partners.
    # Readers' date becomes the release (feeds, sitemaps and the front page
    # order by it: a story released now is news now). The embargo it had
    # stays in the story's history.
    released = Article.objects.filter(
        pk=article_id, status=Article.Status.PUBLISHED, embargo_until=until
    ).update(embargo_until=None, published_at=story.release_at)
    if not released:
        return False
    events.emit([events.StoryEvent(article_id, events.RELEASE)])
    search.index_articles({article_id})
    # The story joins lists: readers see it at once, not after a re-render.
    keys = changed_keys({article_id})
    invalidation.content_changed(keys, at_once=keys)
    return True


@task()
def publish_scheduled(article_id, published_at_iso):
    """
    Tell partners that story ``article_id``, scheduled for
    ``published_at_iso``, has reached them, if it is still published for that
    time and the time has come; a moved date or an unpublished story leaves
    nothing to do. A run that finds its notice sent already (a retry) does
    nothing either.
    """
    at = datetime.fromisoformat(published_at_iso)
    found = Article.objects.filter(
        pk=article_id, status=Article.Status.PUBLISHED, published_at=at
    ).exists()
    if not found:
        return False
    if at > timezone.now():
        if publish_scheduled.get_backend().supports_defer:
            publish_scheduled.using(run_after=at).enqueue(article_id, published_at_iso)
        return False
    sent = f"newsroom:published:{article_id}:{published_at_iso}"
    if not cache.add(sent, True, timeout=SENT_FOR.total_seconds()):
        return False
    events.emit([events.StoryEvent(article_id, events.PUBLISH)])
    keys = changed_keys({article_id})
    invalidation.content_changed(keys, at_once=keys)
    return True
