"""
The one change pipeline: the only module that listens to model signals.

Each receiver only notes what a change touched: stories, people, tags. The notes
of one transaction are gathered in a ``ChangeSet`` and acted on once, when the
transaction commits (at once outside a transaction):

- the search entries of the touched stories are rebuilt in one call to
  ``articles.search.index_articles``;
- cached public pages are invalidated in one call to
  ``pagecache.invalidation.content_changed``, with the keys
  (``articles.cache_keys.changed_keys``) of only what a reader could see: a
  public or scheduled story (or one that was, before the change), a public
  person, a public tag. A change to a draft invalidates nothing.

- story events (``articles.events``) are emitted for partners: a story
  reaching them (publish), changing while they have it (update), a correction
  or update note on it, its embargo lifted by an editor (release), a kill; and
  a story whose embargo is set or moved gets its ``articles.tasks``
  ``release_embargo`` queued to run at the embargo, and a story scheduled or
  moved to another date its ``publish_scheduled``, to tell partners then.

The gathering is ``common.oncommit``'s, on Django's ``transaction.on_commit``.

While the transaction is open, a change to a story's parts (bylines, quotes,
notes, tags, people, related links, lead photo's story) moves the story's
``modified_at`` once, so the story's version covers them whichever admin screen
changed them, and the stale-save guard of ``articles.admin.forms`` sees it.
Live posts are the exception: they move their coverage's ``updated_at``
instead, so a day of posts never makes the story form stale.

Changes that send no signals (``QuerySet.update()``, ``bulk_create``, raw SQL)
must call ``index_articles`` and ``content_changed`` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from taggit.models import Tag

from common import oncommit
from pagecache import invalidation
from people.models import Person

from . import events, search
from .cache_keys import article_key, changed_keys
from .models import (
    Article,
    Byline,
    LiveCoverage,
    LivePost,
    Mention,
    Note,
    Photo,
    Quote,
    TaggedArticle,
    public_people,
    public_tags,
)

# Parts of a story that carry a person, and the name of that field.
PERSON_PARTS = {Byline: "person_id", Mention: "person_id", Quote: "speaker_id"}
# Parts whose text is in the story's search entry.
INDEXED_PARTS = (Byline, Mention, Quote)


class ChangeSet:
    """What one transaction touched, acted on once when it commits."""

    def __init__(self, using):
        self.using = using
        # Stories whose search entry must be rebuilt.
        self.reindex = set()
        # Stories a reader could see change whatever their state now (they were
        # public or scheduled before the change).
        self.visible = set()
        # Stories to check at commit: visible if published (or scheduled) then.
        self.maybe_visible = set()
        # Stories whose modified_at already moved in this transaction.
        self.versioned = set()
        # (story, person) links that changed; the person counts when the story is
        # visible.
        self.links = set()
        # People and tags changed themselves; they count when public.
        self.people = set()
        self.tags = set()
        # People whose every story is to be reindexed (a new name or alias).
        self.renamed = set()
        self.photos = set()
        # Visible stories that readers can no longer see: gone from the site.
        self.gone = set()
        # Live stories whose posts' version already moved in this transaction.
        self.live_versioned = set()
        # Story events by story: the strongest of the transaction's.
        self.events = {}
        # Stories whose parts changed: an update for partners if they have them.
        self.parts = set()
        # Stories with a new correction or update note.
        self.corrections = set()
        # Stories whose embargo was set or moved: (pk, embargo) to release.
        self.releases = {}
        # Stories scheduled, or moved to another date: (pk, date).
        self.publications = {}
        # Stories readers could not see before and can now: the lists they
        # join must show them at once, not after the task queue's turn.
        self.appeared = set()

    def add_event(self, article_id, kind):
        """Keep one event per story: a kill over a publish over a release…"""
        current = self.events.get(article_id)
        if current is None or EVENT_STRENGTH[kind] > EVENT_STRENGTH[current]:
            self.events[article_id] = kind

    def bump_versions(self, article_ids):
        """Move ``modified_at`` of stories whose parts changed, once each."""
        ids = set(article_ids) - self.versioned - {None}
        if ids:
            self.versioned |= ids
            Article.objects.using(self.using).filter(pk__in=ids).update(
                modified_at=timezone.now()
            )

    def bump_live(self, article_ids):
        """
        Move the live coverage's ``updated_at``, the version readers' polls
        compare, once per story. The story's own ``modified_at`` stays: a post
        must not make an editor's open story form stale.
        """
        ids = set(article_ids) - self.live_versioned - {None}
        if ids:
            self.live_versioned |= ids
            LiveCoverage.objects.using(self.using).filter(pk__in=ids).update(
                updated_at=timezone.now()
            )

    def flush(self):
        db = Article.objects.using(self.using)
        reindex = set(self.reindex)
        if self.renamed:
            reindex |= set(db.involving(*self.renamed).values_list("pk", flat=True))
        maybe = set(self.maybe_visible)
        if self.photos:
            maybe |= set(
                db.filter(lead_photo__in=self.photos).values_list("pk", flat=True)
            )
        maybe -= self.visible
        visible = set(self.visible)
        if maybe:
            visible |= set(
                db.filter(pk__in=maybe, status=Article.Status.PUBLISHED).values_list(
                    "pk", flat=True
                )
            )
        people = {person for article, person in self.links if article in visible}
        if self.people - people:
            people |= set(
                public_people(Person.objects.using(self.using))
                .filter(pk__in=self.people - people)
                .values_list("pk", flat=True)
            )
        tags = set()
        if self.tags:
            tags = set(
                public_tags()
                .using(self.using)
                .filter(pk__in=self.tags)
                .values_list("pk", flat=True)
            )
        if reindex:
            search.index_articles(reindex)
        if visible or people or tags:
            appeared = self.appeared & visible
            invalidation.content_changed(
                changed_keys(visible, people, tags),
                gone={article_key(pk) for pk in self.gone & visible},
                at_once=changed_keys(appeared) if appeared else (),
            )
        self.flush_events(db)

    def flush_events(self, db):
        from .tasks import enqueue_publication, enqueue_release

        for article_id, until in sorted(self.releases.items()):
            enqueue_release(article_id, until)
        for article_id, at in sorted(self.publications.items()):
            enqueue_publication(article_id, at)
        if not events.has_subscribers():
            return
        found = dict(self.events)
        parts = (self.parts | self.corrections) - set(found)
        if parts:
            for pk in (
                db.filter(pk__in=parts, status=Article.Status.PUBLISHED)
                .for_partners()
                .values_list("pk", flat=True)
            ):
                found[pk] = (
                    events.CORRECTION if pk in self.corrections else events.UPDATE
                )
        for pk in self.corrections & set(self.events):
            if EVENT_STRENGTH[found[pk]] < EVENT_STRENGTH[events.CORRECTION]:
                found[pk] = events.CORRECTION
        events.emit(
            [events.StoryEvent(pk, kind) for pk, kind in sorted(found.items())],
            using=self.using,
        )


def record_change(instance_or_using, record):
    """Record a change in the transaction's ``ChangeSet``; act now outside one."""
    using = instance_or_using
    oncommit.gather("articles.changes", lambda: ChangeSet(using), record, using=using)


# Which of a story's events in one transaction partners hear.
EVENT_STRENGTH = {
    events.UPDATE: 0,
    events.CORRECTION: 1,
    events.RELEASE: 2,
    events.PUBLISH: 3,
    events.KILL: 4,
}


def _was_for_partners(state, now):
    status, published_at, embargo_until = state
    if published_at is None:
        return False
    if status == Article.Status.KILLED:
        return True
    return status == Article.Status.PUBLISHED and published_at <= now


def _was_public(state, now):
    status, published_at, embargo_until = state
    return (
        _was_for_partners(state, now)
        and status == Article.Status.PUBLISHED
        and (embargo_until is None or embargo_until <= now)
    )


def story_event(instance, before, known):
    """What partners hear of this save of ``instance``, or None."""
    if not instance.is_for_partners:
        return None
    if not known:
        return events.UPDATE
    before = before or (None, None, None)
    now = timezone.now()
    if instance.status == Article.Status.KILLED:
        return events.KILL if before[0] != Article.Status.KILLED else None
    if before[0] == Article.Status.KILLED:
        # Published again after a kill: usable again, as if new.
        return events.PUBLISH
    if not _was_for_partners(before, now):
        return events.PUBLISH
    if instance.is_public and not _was_public(before, now):
        return events.RELEASE
    return events.UPDATE


# Stories


def story_saved(sender, instance, created, raw, using, **kwargs):
    before = getattr(instance, "_loaded_state", None)
    instance.remember_state()
    if raw:
        before = None

    known = before is not None and before[0] is not None
    # Published before or now (live or scheduled), or its state before is not
    # known: a reader could see the change.
    visible = instance.status == Article.Status.PUBLISHED or (
        (before[0] == Article.Status.PUBLISHED) if known else not created
    )

    public = instance.is_public
    kind = story_event(instance, before, known or created)
    until = instance.embargo_until
    release = (
        instance.status == Article.Status.PUBLISHED
        and until is not None
        and until > timezone.now()
        and not (known and before[0] == instance.status and before[2] == until)
    )
    at = instance.published_at
    scheduled = (
        instance.status == Article.Status.PUBLISHED
        and at is not None
        and at > timezone.now()
        and not (known and before[0] == instance.status and before[1] == at)
    )
    # A state not known counts as not public: the lists then show it at once.
    was_public = (
        known
        and before[0] == Article.Status.PUBLISHED
        and before[1] is not None
        and before[1] <= timezone.now()
        and (before[2] is None or before[2] <= timezone.now())
    )

    def record(changes):
        changes.reindex.add(instance.pk)
        changes.versioned.add(instance.pk)
        if kind is not None:
            changes.add_event(instance.pk, kind)
        if release:
            changes.releases[instance.pk] = until
        if scheduled:
            changes.publications[instance.pk] = at
        if visible:
            changes.visible.add(instance.pk)
        # The last save in the transaction decides.
        if public:
            changes.gone.discard(instance.pk)
            if not was_public:
                changes.appeared.add(instance.pk)
        else:
            changes.appeared.discard(instance.pk)
            if visible:
                changes.gone.add(instance.pk)

    # Published before (live or scheduled: marking a scheduled one costs
    # nothing) and not public now: off the site before the commit, too.
    if known and before[0] == Article.Status.PUBLISHED and not public:
        invalidation.mark_gone({article_key(instance.pk)})
    record_change(using, record)


def story_deleted(sender, instance, using, **kwargs):
    was_published = instance.status == Article.Status.PUBLISHED

    def record(changes):
        changes.reindex.discard(instance.pk)
        changes.maybe_visible.discard(instance.pk)
        if was_published:
            changes.visible.add(instance.pk)
            changes.gone.add(instance.pk)

    if was_published:
        invalidation.mark_gone({article_key(instance.pk)})
    record_change(using, record)


# Parts of a story


def part_changed(sender, instance, using, origin=None, **kwargs):
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        # The story itself is being deleted: its own receiver has it.
        return
    article_id = instance.article_id
    person_field = PERSON_PARTS.get(sender)
    correction = (
        sender is Note
        and kwargs.get("created")
        and instance.kind in (Note.Kind.CORRECTION, Note.Kind.UPDATE)
    )

    def record(changes):
        changes.parts.add(article_id)
        if correction:
            changes.corrections.add(article_id)
        if isinstance(instance, INDEXED_PARTS):
            changes.reindex.add(article_id)
        changes.maybe_visible.add(article_id)
        if person_field:
            changes.links.add((article_id, getattr(instance, person_field)))
        changes.bump_versions([article_id])

    record_change(using, record)


def live_changed(sender, instance, using, origin=None, **kwargs):
    """A live post or the story's live coverage: the story's page and lists."""
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return
    article_id = instance.article_id

    def record(changes):
        changes.maybe_visible.add(article_id)
        # Partners carry the posts in the story's ninjs: an update for them.
        changes.parts.add(article_id)
        if sender is LivePost:
            changes.bump_live([article_id])

    record_change(using, record)


def tagging_changed(sender, instance, using, origin=None, **kwargs):
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return

    def record(changes):
        changes.maybe_visible.add(instance.content_object_id)
        changes.parts.add(instance.content_object_id)
        changes.tags.add(instance.tag_id)
        changes.bump_versions([instance.content_object_id])

    record_change(using, record)


def links_changed(sender, instance, action, reverse, model, pk_set, using, **kwargs):
    """Tags, people and related stories added to or removed from stories."""
    if action == "pre_clear":
        # Which rows go is only known before they go.
        instance._cleared_pks = set(
            getattr(instance, _accessor(sender, instance, reverse)).values_list(
                "pk", flat=True
            )
        )
        return
    if not action.startswith("post_"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared_pks", set())
    pk_set = set(pk_set or ())
    if isinstance(instance, Article):
        article_ids, others = {instance.pk}, pk_set
    else:
        article_ids, others = pk_set, {instance.pk}
    through = sender

    def record(changes):
        changes.parts |= article_ids
        if through is Article.related.through:
            changes.maybe_visible |= article_ids | others
            changes.bump_versions(article_ids | others)
            return
        changes.maybe_visible |= article_ids
        changes.bump_versions(article_ids)
        if through is Article.people.through:
            changes.reindex |= article_ids
            changes.links |= {(a, p) for a in article_ids for p in others}
        else:
            changes.tags |= others

    record_change(using, record)


def _accessor(sender, instance, reverse):
    if sender is Article.related.through:
        return "related"
    if isinstance(instance, Article):
        return "people" if sender is Article.people.through else "tags"
    # A person's or a tag's stories.
    if sender is Article.people.through:
        return "mentioned_in"
    return "articles_taggedarticle_items__content_object"


# People, photos, tags


def person_changed(sender, instance, using, created=False, **kwargs):
    if created:
        # Nobody's story names them yet.
        return

    def record(changes):
        changes.people.add(instance.pk)
        changes.renamed.add(instance.pk)

    record_change(using, record)


def photo_changed(sender, instance, using, **kwargs):
    def record(changes):
        changes.photos.add(instance.pk)
        if instance.photographer_id:
            changes.people.add(instance.photographer_id)

    record_change(using, record)


def tag_changed(sender, instance, using, **kwargs):
    record_change(using, lambda changes: changes.tags.add(instance.pk))


def connect():
    """Connect the receivers; called once, from ``ArticlesConfig.ready``."""
    receivers = [
        (post_save, story_saved, Article),
        (post_delete, story_deleted, Article),
        (post_save, person_changed, Person),
        (post_save, photo_changed, Photo),
        (post_delete, photo_changed, Photo),
        (post_save, tag_changed, Tag),
        (post_delete, tag_changed, Tag),
        (post_save, tagging_changed, TaggedArticle),
        (post_delete, tagging_changed, TaggedArticle),
    ]
    for live in (LiveCoverage, LivePost):
        receivers += [
            (post_save, live_changed, live),
            (post_delete, live_changed, live),
        ]
    for part in (Byline, Mention, Quote, Note):
        receivers += [
            (post_save, part_changed, part),
            (post_delete, part_changed, part),
        ]
    for signal, receiver, sender in receivers:
        signal.connect(
            receiver,
            sender=sender,
            dispatch_uid=f"newsroom-{receiver.__name__}-{sender._meta.label}",
        )
    for through in (
        Article.tags.through,
        Article.people.through,
        Article.related.through,
    ):
        m2m_changed.connect(
            links_changed,
            sender=through,
            dispatch_uid=f"newsroom-links-{through._meta.label}",
        )
