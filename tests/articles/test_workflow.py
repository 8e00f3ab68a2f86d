"""Draft → ready for review → published, by buttons and by forged POSTs."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import publishing, rules
from articles.models import Article, Byline
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = (
    Article.Status.DRAFT,
    Article.Status.REVIEW,
    Article.Status.PUBLISHED,
)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def story_by(user, status=DRAFT, **fields):
    if status == PUBLISHED:
        article = make_article(**fields)
    else:
        article = make_article(published=False, status=status, **fields)
    Byline.objects.create(article=article, person=user.person)
    return article


def press(client, article, button, **changes):
    """Load the change form and submit it with ``button`` pressed."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    data = change_form_data(page, **changes)
    data[button] = "1"
    return client.post(change_url(article), data)


def test_status_has_four_stored_values():
    """“Scheduled” and “Embargoed” are shown, not stored: four stored states."""
    assert Article.Status.values == ["draft", "review", "published", "killed"]


def test_reporter_hands_in_own_draft(reporter_client, reporter):
    """“Hand in for review” saves the edit and moves the draft to the queue."""
    article = story_by(reporter)
    response = press(
        reporter_client, article, "_submit_for_review", headline="Ready now"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    article.refresh_from_db()
    assert article.status == REVIEW
    assert article.headline == "Ready now"


def test_reporter_keeps_editing_while_in_review(reporter_client, reporter):
    """A story waiting for review is still in its reporter's hands."""
    article = story_by(reporter, status=REVIEW)
    assert rules.is_open_for_reporter(article)
    page = reporter_client.get(change_url(article))
    assert b'name="_save"' in page.content
    data = change_form_data(page, deck="A sharper deck")
    assert reporter_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.deck == "A sharper deck"
    assert article.status == REVIEW


@pytest.mark.parametrize("button", ["_publish_now", "_schedule", "_send_back"])
def test_reporter_forged_editor_buttons_are_refused(reporter_client, reporter, button):
    """A reporter's forged POST of an editor's button is a 403 and saves nothing."""
    article = story_by(reporter, status=REVIEW, headline="Original")
    response = press(reporter_client, article, button, headline="Forged")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == REVIEW
    assert article.headline == "Original"


def test_reporter_forged_status_published_is_refused(reporter_client, reporter):
    """Choosing “published” in a forged POST is refused by the form."""
    article = story_by(reporter)
    page = reporter_client.get(change_url(article))
    data = change_form_data(page, status=PUBLISHED)
    response = reporter_client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == DRAFT


def test_reporter_cannot_hand_in_someone_elses_draft(reporter_client, other_reporter):
    """Handing in needs the right to edit the story."""
    article = story_by(other_reporter)
    response = press(reporter_client, article, "_submit_for_review")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == DRAFT


def test_reporter_locked_out_once_published(reporter_client, reporter):
    """Published stories are the desk's: the reporter's POST changes nothing."""
    article = story_by(reporter, status=PUBLISHED, headline="Out")
    response = press(reporter_client, article, "_save", headline="Changed")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Out"


def test_editor_publishes_now_in_one_click(editor_client, reporter):
    """“Publish now” saves the form and publishes with the current time."""
    article = story_by(reporter, status=REVIEW)
    before = timezone.now()
    response = press(editor_client, article, "_publish_now", headline="Final head")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == PUBLISHED
    assert article.headline == "Final head"
    assert before <= article.published_at <= timezone.now()
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_publish_now_replaces_a_future_date(editor, reporter):
    """A scheduled story published now carries now, not its old future date."""
    later = timezone.now() + timedelta(days=2)
    article = story_by(reporter, status=PUBLISHED, published_at=later)
    publishing.publish_now(article, editor)
    assert article.published_at < later
    assert article.is_public


def test_editor_schedules_through_the_schedule_page(editor_client, reporter, settings):
    """“Schedule…” asks for the time, in the newsroom's zone, and schedules."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    article = story_by(reporter, status=REVIEW)
    response = press(editor_client, article, "_schedule")
    schedule_url = reverse("admin:articles_article_schedule", args=[article.pk])
    assert response["Location"] == schedule_url
    page = editor_client.get(schedule_url)
    assert page.status_code == 200
    assert "Asia/Phnom_Penh" in page.content.decode()
    when = timezone.localtime() + timedelta(days=1)
    response = editor_client.post(schedule_url, {"when": f"{when:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == PUBLISHED
    assert article.is_scheduled
    assert article.state_label == "Scheduled"
    assert timezone.localtime(article.published_at).strftime("%H:%M") == (
        f"{when:%H:%M}"
    )


def test_schedule_in_the_past_is_refused(editor_client, reporter):
    """A schedule time already gone is an error, not a silent publish."""
    article = story_by(reporter, status=REVIEW)
    url = reverse("admin:articles_article_schedule", args=[article.pk])
    past = timezone.localtime() - timedelta(hours=1)
    response = editor_client.post(url, {"when": f"{past:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 200
    assert "still to come" in response.content.decode()
    article.refresh_from_db()
    assert article.status == REVIEW


def test_editor_sends_back_with_a_note_the_reporter_sees(
    editor_client, client, reporter
):
    """“Send back…” returns the story to draft; its reporter reads the note."""
    article = story_by(reporter, status=REVIEW)
    url = reverse("admin:articles_article_send_back", args=[article.pk])
    assert editor_client.post(url, {"note": ""}).status_code == 200
    response = editor_client.post(url, {"note": "Needs a second source."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == DRAFT
    assert article.desk_note == "Needs a second source."
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Note from the desk" in page
    assert "Needs a second source." in page
    # Handing it in again clears the note.
    publishing.submit_for_review(article, reporter)
    assert article.desk_note == ""


def test_reporter_forged_send_back_and_schedule_pages_are_refused(
    reporter_client, reporter
):
    """The workflow pages answer 403 to reporters, GET or POST."""
    article = story_by(reporter, status=REVIEW)
    for name in ("schedule", "send_back"):
        url = reverse(f"admin:articles_article_{name}", args=[article.pk])
        assert reporter_client.get(url).status_code == 403
        assert reporter_client.post(url, {"note": "x"}).status_code == 403
    article.refresh_from_db()
    assert article.status == REVIEW


ROLE_MATRIX = [
    # (role, state, transition, allowed)
    ("reporter", DRAFT, "submit", True),
    ("reporter", REVIEW, "submit", False),
    ("reporter", PUBLISHED, "submit", False),
    ("reporter", DRAFT, "publish_now", False),
    ("reporter", REVIEW, "publish_now", False),
    ("reporter", REVIEW, "schedule", False),
    ("reporter", REVIEW, "send_back", False),
    ("editor", DRAFT, "submit", True),
    ("editor", REVIEW, "publish_now", True),
    ("editor", DRAFT, "publish_now", True),
    ("editor", REVIEW, "schedule", True),
    ("editor", REVIEW, "send_back", True),
    ("editor", DRAFT, "send_back", False),
    ("editor", PUBLISHED, "send_back", False),
]


def run_transition(name, article, user):
    if name == "submit":
        publishing.submit_for_review(article, user)
    elif name == "publish_now":
        publishing.publish_now(article, user)
    elif name == "schedule":
        publishing.schedule(article, user, timezone.now() + timedelta(hours=5))
    else:
        publishing.send_back(article, user, "Tighten the top.")


@pytest.mark.parametrize(("role", "state", "transition", "allowed"), ROLE_MATRIX)
def test_role_state_matrix(request, reporter, role, state, transition, allowed):
    """Each transition holds its rule whoever calls it."""
    user = request.getfixturevalue(role)
    article = story_by(reporter, status=state)
    if allowed:
        run_transition(transition, article, user)
        article.refresh_from_db()
        expected = {
            "submit": REVIEW,
            "publish_now": PUBLISHED,
            "schedule": PUBLISHED,
            "send_back": DRAFT,
        }[transition]
        assert article.status == expected
    else:
        with pytest.raises(PermissionDenied):
            run_transition(transition, article, user)
        article.refresh_from_db()
        assert article.status == state


def test_send_back_needs_a_note(editor, reporter):
    """The reporter is always told why."""
    article = story_by(reporter, status=REVIEW)
    with pytest.raises(ValidationError):
        publishing.send_back(article, editor, "   ")


def test_buttons_offered_by_role(client, reporter, editor):
    """Reporters see “Hand in for review”; editors “Publish now” and “Schedule…”."""
    article = story_by(reporter)
    client.force_login(reporter)
    mine = client.get(change_url(article)).content.decode()
    assert 'name="_submit_for_review"' in mine
    assert 'name="_publish_now"' not in mine
    client.force_login(editor)
    theirs = client.get(change_url(article)).content.decode()
    assert 'name="_publish_now"' in theirs
    assert "Schedule…" in theirs


def test_transitions_are_recorded_in_history(editor, reporter):
    """Each transition is a revision naming who did it."""
    from reversion.models import Version

    article = story_by(reporter)
    publishing.submit_for_review(article, reporter)
    publishing.publish_now(article, editor)
    comments = [
        v.revision.get_comment() for v in Version.objects.get_for_object(article)
    ]
    assert comments[:2] == ["Published.", "Handed in for review."]
