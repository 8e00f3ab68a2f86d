"""
Embargo and kill (issue 22), the articles side: which stories are public, which
partners may see, the transitions, the story events and the release task.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from articles import events, publishing, tasks
from articles.models import Article, Note
from tests.factories import make_article

pytestmark = pytest.mark.django_db

KHMER = Path(__file__).resolve().parent.parent / "data" / "khmer"


def khmer_headline():
    return json.loads((KHMER / "01_vietnam_hotline.json").read_text())["headline"]


@pytest.fixture
def recorder():
    """Every story event heard, in order."""
    heard = []

    def record(batch):
        heard.extend(batch)

    events.subscribe(record)
    yield heard
    events.unsubscribe(record)


def embargoed_story(until=None, **fields):
    until = until or timezone.now() + timedelta(hours=2)
    return make_article(embargo_until=until, **fields)


def test_querysets_separate_embargo_from_scheduling():
    now = timezone.now()
    public = make_article("Public")
    embargoed = embargoed_story(headline=khmer_headline())
    scheduled = make_article("Scheduled", published_at=now + timedelta(hours=1))
    scheduled_and_embargoed = make_article(
        "Both",
        published_at=now + timedelta(hours=1),
        embargo_until=now + timedelta(hours=3),
    )
    past_embargo = make_article("Released", embargo_until=now - timedelta(minutes=1))
    draft = make_article("Draft", published=False)
    killed = make_article(
        "Killed", status=Article.Status.KILLED, killed_at=now, kill_note="Legal."
    )
    never_out = make_article(
        "Killed unseen",
        status=Article.Status.KILLED,
        killed_at=now,
        published_at=now + timedelta(days=1),
    )

    def pks(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert pks(Article.objects.published()) == {public.pk, past_embargo.pk}
    assert pks(Article.objects.embargoed()) == {embargoed.pk}
    assert pks(Article.objects.for_partners()) == {
        public.pk,
        past_embargo.pk,
        embargoed.pk,
        killed.pk,
    }
    assert pks(Article.objects.killed()) == {killed.pk, never_out.pk}
    for story in (public, past_embargo):
        assert story.is_public and not story.is_embargoed and story.is_for_partners
    assert embargoed.is_embargoed and not embargoed.is_public
    assert embargoed.is_for_partners
    for story in (scheduled, scheduled_and_embargoed, draft, never_out):
        assert not story.is_for_partners and not story.is_public
    assert killed.is_for_partners and killed.is_killed
    assert embargoed.state_label == Article.EMBARGOED_LABEL
    assert scheduled_and_embargoed.state_label == Article.SCHEDULED_LABEL
    assert killed.state_label == "Killed"


def test_release_at_is_the_later_of_date_and_embargo():
    now = timezone.now()
    assert make_article(published_at=now).release_at == now
    late = make_article(published_at=now, embargo_until=now + timedelta(hours=1))
    assert late.release_at == now + timedelta(hours=1)
    early = make_article(
        published_at=now + timedelta(hours=2), embargo_until=now + timedelta(hours=1)
    )
    assert early.release_at == now + timedelta(hours=2)
    assert make_article(published=False).release_at is None


def test_embargo_publishes_for_partners_now(editor):
    story = make_article(published=False, status=Article.Status.REVIEW)
    until = timezone.now() + timedelta(hours=1)
    publishing.embargo(story, editor, until)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.published_at <= timezone.now()
    assert story.embargo_until == until
    assert story.is_embargoed
    assert Version.objects.get_for_object(story).count() == 1


def test_embargo_needs_a_time_to_come(editor):
    story = make_article(published=False)
    with pytest.raises(ValidationError):
        publishing.embargo(story, editor, timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        publishing.embargo(story, editor, None)


def test_reporters_cannot_embargo_lift_or_kill(reporter):
    story = embargoed_story()
    with pytest.raises(PermissionDenied):
        publishing.embargo(story, reporter, timezone.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        publishing.lift_embargo(story, reporter)
    with pytest.raises(PermissionDenied):
        publishing.kill(story, reporter, "Legal reasons.")
    story.refresh_from_db()
    assert story.is_embargoed


def test_lift_embargo_releases_now(editor):
    story = embargoed_story()
    publishing.lift_embargo(story, editor)
    story.refresh_from_db()
    assert story.embargo_until is None
    assert story.is_public


def test_kill_records_a_withdrawn_note(editor):
    story = make_article(headline=khmer_headline())
    with pytest.raises(ValidationError):
        publishing.kill(story, editor, "  ")
    publishing.kill(story, editor, "ការកែតម្រូវ: legal complaint.")
    story.refresh_from_db()
    assert story.status == Article.Status.KILLED
    assert story.killed_at is not None
    assert story.kill_note == "ការកែតម្រូវ: legal complaint."
    note = story.notes.get()
    assert note.kind == Note.Kind.KILL
    assert note.text == story.kill_note
    assert not Article.objects.published().filter(pk=story.pk).exists()
    assert Article.objects.for_partners().filter(pk=story.pk).exists()


def test_only_published_stories_can_be_killed(editor):
    with pytest.raises(PermissionDenied):
        publishing.kill(make_article(published=False), editor, "Never out.")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_events_for_each_kind(editor, recorder):
    story = make_article(published=False, status=Article.Status.REVIEW)
    publishing.embargo(story, editor, timezone.now() + timedelta(hours=1))
    assert recorder == [events.StoryEvent(story.pk, events.PUBLISH)]

    recorder.clear()
    story.headline = "Changed while embargoed"
    story.save()
    assert recorder == [events.StoryEvent(story.pk, events.UPDATE)]

    recorder.clear()
    Note.objects.create(article=story, text="A correction.")
    assert recorder == [events.StoryEvent(story.pk, events.CORRECTION)]

    recorder.clear()
    publishing.lift_embargo(story, editor)
    assert recorder == [events.StoryEvent(story.pk, events.RELEASE)]

    recorder.clear()
    with transaction.atomic():
        story.tags.add("politics")
    assert recorder == [events.StoryEvent(story.pk, events.UPDATE)]

    recorder.clear()
    publishing.kill(story, editor, "Withdrawn for legal reasons.")
    assert recorder == [events.StoryEvent(story.pk, events.KILL)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_no_events_for_drafts_or_scheduled_stories(editor, recorder):
    draft = make_article(published=False)
    draft.headline = "Still a draft"
    draft.save()
    Note.objects.create(article=draft, text="Draft note.")
    publishing.schedule(draft, editor, timezone.now() + timedelta(hours=1))
    assert recorder == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_publishing_now_is_one_publish_event(editor, recorder):
    story = make_article(published=False)
    publishing.publish_now(story, editor)
    assert recorder == [events.StoryEvent(story.pk, events.PUBLISH)]


def test_release_task_waits_for_its_time_and_runs_once(
    recorder, django_capture_on_commit_callbacks
):
    until = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    story = embargoed_story(until)
    iso = until.isoformat()
    assert tasks.release_embargo.call(story.pk, iso) is False
    with time_machine.travel(until - timedelta(seconds=1), tick=False):
        assert tasks.release_embargo.call(story.pk, iso) is False
    assert recorder == []
    with (
        time_machine.travel(until, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.release_embargo.call(story.pk, iso) is True
        assert tasks.release_embargo.call(story.pk, iso) is False
        assert Article.objects.published().filter(pk=story.pk).exists()
    assert recorder == [events.StoryEvent(story.pk, events.RELEASE)]


def test_moved_embargo_makes_the_old_release_a_no_op(
    editor, recorder, django_capture_on_commit_callbacks
):
    until = timezone.now() + timedelta(hours=1)
    story = embargoed_story(until)
    later = until + timedelta(hours=1)
    publishing.embargo(story, editor, later)
    with time_machine.travel(until + timedelta(minutes=1), tick=False):
        assert tasks.release_embargo.call(story.pk, until.isoformat()) is False
        assert not Article.objects.published().filter(pk=story.pk).exists()
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.release_embargo.call(story.pk, until.isoformat()) is False
        assert tasks.release_embargo.call(story.pk, later.isoformat()) is True
    assert recorder == [events.StoryEvent(story.pk, events.RELEASE)]


def test_killed_story_is_never_released(editor, recorder):
    until = timezone.now() + timedelta(hours=1)
    story = embargoed_story(until)
    publishing.kill(story, editor, "Wrong facts.")
    with time_machine.travel(until, tick=False):
        assert tasks.release_embargo.call(story.pk, until.isoformat()) is False
    assert recorder == []
