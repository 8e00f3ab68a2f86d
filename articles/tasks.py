"""
Work on stories that waits for its time: releasing an embargo at its second.

Whenever a story's embargo is set or moved, ``articles.signals`` queues
``release_embargo`` on commit to run at the embargo (``run_after``; the
database queue's ``db_worker`` and RQ's worker with ``--with-scheduler`` both
honour it). Readers need no task: ``published()`` asks the time, and no cached
page outlives the release (``cache_keys.seconds_until_next_publication``). The
task tells partners (``events.RELEASE``) and gives the pages whose lists gain
the story new versions at once.
"""

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import task

from pagecache import invalidation

from . import events
from .cache_keys import changed_keys
from .models import Article

logger = logging.getLogger(__name__)


def enqueue_release(article_id, embargo_until):
    """Queue the release of the story's embargo at ``embargo_until``."""
    release = release_embargo
    if release.get_backend().supports_defer:
        release = release.using(run_after=embargo_until)
    try:
        release.enqueue(article_id, embargo_until.isoformat())
    except Exception:
        # Readers still get the story at the second (published() asks the
        # time); only partners' release notice and the early re-render wait.
        logger.exception("Could not queue the release of story %s", article_id)


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
    # The time it had stays in the story's history.
    released = Article.objects.filter(
        pk=article_id, status=Article.Status.PUBLISHED, embargo_until=until
    ).update(embargo_until=None)
    if not released:
        return False
    events.emit([events.StoryEvent(article_id, events.RELEASE)])
    invalidation.content_changed(changed_keys({article_id}))
    return True
