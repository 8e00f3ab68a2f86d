"""The desk: the admin's front page for staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.desk import ROWS, today_start
from articles.models import Article, Byline, Note
from tests.factories import make_article

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def section(response, key):
    return next(s for s in response.context["desk"] if s.key == key)


@pytest.fixture
def day(reporter, other_reporter):
    """One story in each place on the desk, and some that belong nowhere."""
    now = timezone.now()
    mine = make_article("My draft", published=False)
    Byline.objects.create(article=mine, person=reporter.person)
    theirs = make_article("Their draft", published=False)
    Byline.objects.create(article=theirs, person=other_reporter.person)
    review = make_article("Handed in", published=False, status="review")
    Byline.objects.create(article=review, person=other_reporter.person)
    scheduled = make_article("Embargoed", published_at=now + timedelta(hours=5))
    # Earlier today in the newsroom's zone, whatever the hour now.
    today = make_article(
        "Out this morning", published_at=max(today_start(now), now - timedelta(1))
    )
    old = make_article("Last week", published_at=now - timedelta(days=7))
    Note.objects.create(article=old, text="We misspelled a name.")
    Note.objects.create(article=old, kind="update", text="Not a correction.")
    return {
        "mine": mine,
        "theirs": theirs,
        "review": review,
        "scheduled": scheduled,
        "today": today,
        "old": old,
    }


def test_desk_sections_and_counts(reporter_client, day):
    """Each section lists its stories, with a count, one click from each."""
    response = reporter_client.get(INDEX)
    assert response.status_code == 200
    assert [s.key for s in response.context["desk"]] == [
        "mine",
        "review",
        "scheduled",
        "embargoed",
        "today",
        "corrections",
        "translations",
    ]
    assert section(response, "mine").rows == [day["mine"]]
    assert section(response, "review").rows == [day["review"]]
    assert section(response, "scheduled").rows == [day["scheduled"]]
    assert section(response, "today").rows == [day["today"]]
    corrections = section(response, "corrections")
    assert [note.article for note in corrections.rows] == [day["old"]]
    assert [s.count for s in response.context["desk"]] == [1, 1, 1, 0, 1, 1, 0]
    page = response.content.decode()
    for key in ("mine", "review", "scheduled", "today", "old"):
        assert f'href="{change_url(day[key])}"' in page
    assert "Their draft" not in page
    assert 'My drafts <span class="count">(1)</span>' in page


def test_scheduled_rows_show_local_time_with_zone(reporter_client, day, settings):
    """Scheduled stories show when they publish, in the newsroom's zone."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    page = reporter_client.get(INDEX).content.decode()
    assert "(Asia/Phnom_Penh)" in page
    assert "Publishes" in page


def test_desk_queries_do_not_grow_with_stories(
    editor_client, editor, django_assert_max_num_queries
):
    """Hundreds of stories in every section cost the same few queries."""
    now = timezone.now()
    articles = []
    for i in range(60):
        articles += [
            Article(headline=f"Draft {i}", slug=f"draft-{i}"),
            Article(headline=f"Review {i}", slug=f"review-{i}", status="review"),
            Article(
                headline=f"Later {i}",
                slug=f"later-{i}",
                status="published",
                published_at=now + timedelta(minutes=i + 1),
            ),
            Article(
                headline=f"Today {i}",
                slug=f"today-{i}",
                status="published",
                published_at=now - timedelta(seconds=i + 1),
            ),
            Article(
                headline=f"Corrected {i}",
                slug=f"corrected-{i}",
                status="published",
                published_at=now - timedelta(days=3),
            ),
            Article(
                headline=f"Embargoed {i}",
                slug=f"embargoed-{i}",
                status="published",
                published_at=now - timedelta(days=3),
                embargo_until=now + timedelta(hours=1, minutes=i),
            ),
        ]
    Article.objects.bulk_create(articles)
    stories = list(Article.objects.all())
    Byline.objects.bulk_create(
        Byline(article=article, person=editor.person) for article in stories
    )
    Note.objects.bulk_create(
        Note(article=article, text="Fixed.")
        for article in stories
        if article.slug.startswith("corrected")
    )
    # Translations whose source moved since: the desk's last section.
    Article.objects.bulk_create(
        Article(
            headline=f"Translation {i}",
            slug=f"translation-{i}",
            language=Article.Language.KHMER,
            translation_of=source,
            source_headline="What the headline said before",
        )
        for i, source in enumerate(stories)
        if source.slug.startswith("today")
    )
    assert Article.objects.count() == 420
    # Session, user, permissions twice, then the desk's 9 and the recent actions.
    with django_assert_max_num_queries(14):
        response = editor_client.get(INDEX)
    assert response.status_code == 200
    counts = {s.key: s.count for s in response.context["desk"]}
    assert counts["mine"] == 60
    assert counts["review"] == 60
    assert counts["scheduled"] == 60
    assert counts["embargoed"] == 60
    assert counts["corrections"] == 60
    assert counts["translations"] == 60
    assert all(len(s.rows) <= ROWS for s in response.context["desk"])
    assert "All 60" in response.content.decode()


def test_desk_links_to_writing_a_story(reporter_client):
    """The desk starts the day: “Write a story” opens the story form."""
    page = reporter_client.get(INDEX).content.decode()
    assert f'href="{reverse("admin:articles_article_add")}"' in page


def test_staff_without_story_rights_get_the_stock_index(client, django_user_model):
    """Staff who cannot see stories get Django's index, with no desk."""
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "desk" not in response.context


def test_story_list_filters_by_state(editor_client, day):
    """The story list filters by the desk's states, scheduled included."""
    changelist = reverse("admin:articles_article_changelist")
    expected = {
        "draft": {"My draft", "Their draft"},
        "review": {"Handed in"},
        "scheduled": {"Embargoed"},
        "live": {"Out this morning", "Last week"},
    }
    for state, headlines in expected.items():
        response = editor_client.get(changelist, {"state": state})
        assert response.status_code == 200
        shown = {a.headline for a in response.context["cl"].result_list}
        assert shown == headlines, state
