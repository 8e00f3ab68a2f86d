"""Who is editing a story: heartbeats, expiry, goodbyes, roles and takeovers."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Byline
from editing import presence
from tests.factories import make_article

from .conftest import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_people_on_one_story_see_each_other(editor, other_editor):
    """The second to open sees the first, and the first sees the second next beat."""
    story = make_article()
    first, second = client_for(editor), client_for(other_editor)
    assert post(first, "heartbeat", article=story.pk).json()["others"] == []
    answer = post(second, "heartbeat", article=story.pk).json()
    assert [person["name"] for person in answer["others"]] == ["Editor Tester"]
    assert answer["others"][0]["at"]
    answer = post(first, "heartbeat", article=story.pk).json()
    assert [person["name"] for person in answer["others"]] == ["Deputy Tester"]


def test_since_is_kept_across_heartbeats(editor, other_editor):
    """“Since when” is when the person opened the story, not their last beat."""
    story = make_article()
    start = timezone.now() - timedelta(seconds=20)
    presence.beat(story.pk, editor, now=start)
    presence.beat(story.pk, editor, now=start + timedelta(seconds=10))
    others, _ = presence.beat(story.pk, other_editor, now=start + timedelta(seconds=15))
    assert others[0]["since"] == start.isoformat()


def test_an_entry_expires_without_heartbeat(editor, other_editor):
    """After 30 s without a heartbeat, a person is no longer shown."""
    story = make_article()
    start = timezone.now()
    presence.beat(story.pk, editor, now=start)
    later = start + timedelta(seconds=29)
    assert len(presence.beat(story.pk, other_editor, now=later)[0]) == 1
    much_later = start + timedelta(seconds=31)
    assert presence.beat(story.pk, other_editor, now=much_later)[0] == []


def test_expiry_follows_the_setting(settings, editor, other_editor):
    """NEWSROOM_PRESENCE_SECONDS sets how long an entry lives."""
    settings.NEWSROOM_PRESENCE_SECONDS = 5
    story = make_article()
    start = timezone.now()
    presence.beat(story.pk, editor, now=start)
    assert (
        presence.beat(story.pk, other_editor, now=start + timedelta(seconds=6))[0] == []
    )


def test_leaving_says_goodbye_at_once(editor, other_editor):
    """The goodbye beacon removes the person before their entry would expire."""
    story = make_article()
    first, second = client_for(editor), client_for(other_editor)
    post(first, "heartbeat", article=story.pk)
    assert post(first, "leave", article=story.pk).status_code == 200
    assert post(second, "heartbeat", article=story.pk).json()["others"] == []


def test_a_race_on_the_index_mends_itself(editor, other_editor):
    """Two beats that overwrote each other's index: the next beat puts it right."""
    from django.core.cache import cache

    story = make_article()
    presence.beat(story.pk, editor)
    presence.beat(story.pk, other_editor)
    # As if the first's write of the index had landed last.
    cache.set(f"editing:presence:{story.pk}", {editor.pk}, 30)
    presence.beat(story.pk, other_editor)
    assert [e["name"] for e in presence.present(story.pk)] == [
        "Editor Tester",
        "Deputy Tester",
    ]


def test_only_who_may_change_the_story_pings_it(reporter, other_reporter, editor):
    """A reporter not on the story can neither ping it nor learn who is there."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    post(client_for(editor), "heartbeat", article=story.pk)
    outsider = post(client_for(other_reporter), "heartbeat", article=story.pk)
    assert outsider.status_code == 403
    assert "Editor" not in outsider.content.decode()
    answer = post(client_for(reporter), "heartbeat", article=story.pk)
    assert answer.status_code == 200
    assert [p["name"] for p in answer.json()["others"]] == ["Editor Tester"]
    assert answer.json()["can_take_over"] is False


def test_anonymous_and_readers_get_nothing(client, django_user_model):
    """No session, or an account that is not staff: 403, nothing stored."""
    story = make_article()
    assert post(client, "heartbeat", article=story.pk).status_code == 403
    reader = django_user_model.objects.create_user("reader", password="x-long-pass")
    assert post(client_for(reader), "heartbeat", article=story.pk).status_code == 403
    assert presence.present(story.pk) == []


def test_heartbeat_is_post_only_and_csrf_checked(editor):
    """A GET is refused, and a POST without the CSRF token is a 403."""
    story = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(reverse("editing:heartbeat")).status_code == 405
    for name in ("heartbeat", "leave", "take-over"):
        assert post(client, name, article=story.pk).status_code == 403
    assert presence.present(story.pk) == []


def test_the_heartbeat_takes_a_csrf_token(editor):
    """With the form's CSRF token, the heartbeat goes through."""
    story = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("editing:heartbeat"),
        {"payload": f'{{"article": {story.pk}}}', "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 200


def test_an_editor_takes_over_with_a_note(editor, other_editor, reporter):
    """The person taken over from hears it, with the note, on their next beat."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    writer, boss = client_for(reporter), client_for(editor)
    post(writer, "heartbeat", article=story.pk)
    note = "ខ្ញុំនឹងកែរឿងនេះ — the verdict is in"
    answer = post(boss, "take-over", article=story.pk, note=note)
    assert answer.json() == {"told": ["Reporter Tester"]}
    told = post(writer, "heartbeat", article=story.pk).json()["takeover"]
    assert told["by"] == "Editor Tester"
    assert told["note"] == note
    # Told once.
    assert post(writer, "heartbeat", article=story.pk).json()["takeover"] is None


def test_reporters_cannot_take_over(reporter, editor):
    """Takeover is for editors: a reporter on the story gets 403 and nobody is told."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    post(client_for(editor), "heartbeat", article=story.pk)
    refused = post(client_for(reporter), "take-over", article=story.pk, note="mine")
    assert refused.status_code == 403
    assert (
        post(client_for(editor), "heartbeat", article=story.pk).json()["takeover"]
        is None
    )


def test_heartbeat_query_count(
    editor, other_editor, reporter, django_assert_max_num_queries
):
    """A heartbeat costs a handful of queries, however many people are present."""
    story = make_article(published=False)
    Byline.objects.create(article=story, person=reporter.person, position=0)
    for user in (editor, other_editor):
        post(client_for(user), "heartbeat", article=story.pk)
    client = client_for(reporter)
    # Session, user, story, permissions (user, groups), the byline check.
    with django_assert_max_num_queries(6):
        response = post(client, "heartbeat", article=story.pk)
    assert len(response.json()["others"]) == 2


def test_presence_is_shared_between_worker_processes(settings, tmp_path, editor):
    """
    With the embedded default cache (a disk cache), a heartbeat made in another
    process, as another gunicorn worker would, is seen here.
    """
    import subprocess
    import sys

    from django.conf import settings as django_settings

    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.DiskCache",
            "LOCATION": str(tmp_path / "cache"),
            "TIMEOUT": None,
            "SHARDS": 4,
        }
    }
    story = make_article()
    other_worker = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from editing import presence\n"
        "colleague = get_user_model()(pk=999, username='ខេមរា')\n"
        f"presence.beat({story.pk}, colleague)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "NEWSROOM_CACHE_DIR": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "-c", other_worker],
        check=True,
        env=env,
        cwd=django_settings.BASE_DIR,
    )
    others, _ = presence.beat(story.pk, editor)
    assert [entry["name"] for entry in others] == ["ខេមរា"]
