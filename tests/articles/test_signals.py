"""The one change pipeline: what an admin save reindexes and invalidates."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.admin.forms import version_token
from articles.models import (
    Article,
    Byline,
    Mention,
    Note,
    Quote,
    SearchEntry,
    TaggedArticle,
)
from tests.factories import make_article, make_person

# The pipeline acts on commit.
pytestmark = pytest.mark.usefixtures("commits_as_in_production")


def change_form_data(article, people):
    """The story change form as loaded, with seven new inline rows added."""
    published = (
        timezone.localtime(article.published_at) if article.published_at else None
    )
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "deck": "A new deck.",
        "body": article.body,
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "updated_at_0": "",
        "updated_at_1": "",
        "dateline": "",
        "source": "",
        "lead_photo": "",
        "tags": "Cambodia, Diplomacy",
        "loaded_version": version_token(article.modified_at),
    }
    rows = {
        "bylines": [
            {"person": people[0].pk, "role": "author", "position": 0},
            {"person": people[1].pk, "role": "author", "position": 1},
        ],
        "mentions": [
            {"person": people[2].pk, "described_as": "Minister"},
            {"person": people[3].pk, "described_as": "Envoy"},
        ],
        "quotes": [
            {
                "speaker": people[2].pk,
                "speaker_title": "Minister",
                "text": "First words.",
                "kind": "spoken",
                "position": 0,
            },
            {
                "speaker": people[3].pk,
                "speaker_title": "Envoy",
                "text": "Second words.",
                "kind": "spoken",
                "position": 1,
            },
        ],
        "notes": [
            {
                "kind": "correction",
                "noted_at_0": "2024-01-01",
                "noted_at_1": "10:00:00",
                "text": "A correction.",
            }
        ],
    }
    for prefix, forms in rows.items():
        data |= {
            f"{prefix}-TOTAL_FORMS": len(forms),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, fields in enumerate(forms):
            data |= {f"{prefix}-{i}-{name}": value for name, value in fields.items()}
    return data


@pytest.fixture
def counted(db, monkeypatch):
    """How many times search reindexed and pages were invalidated."""
    from articles import search
    from pagecache import invalidation

    counts = {"reindex": 0, "invalidate": 0}
    real_index, real_changed = search.index_articles, invalidation.content_changed

    def index_articles(*args, **kwargs):
        counts["reindex"] += 1
        return real_index(*args, **kwargs)

    def content_changed(*args, **kwargs):
        counts["invalidate"] += 1
        return real_changed(*args, **kwargs)

    monkeypatch.setattr(search, "index_articles", index_articles)
    monkeypatch.setattr(invalidation, "content_changed", content_changed)
    return counts


def post_change(client, article, data):
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    return response


# In the test's transaction (savepoints, as the pin was taken), its commit
# captured and run inside the count.
@pytest.mark.django_db
def test_admin_save_with_seven_inline_rows_reindexes_and_invalidates_once(
    admin_client,
    counted,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """One story save with seven inline rows: one reindex, one invalidation."""
    article = make_article("A live story")
    people = [make_person(f"Person {i}") for i in range(4)]
    data = change_form_data(article, people)
    # A running site has the content types the admin's permission checks read
    # cached; without this the pin depended on which tests ran before.
    ContentType.objects.get_for_models(
        Article, Byline, Mention, Quote, Note, TaggedArticle, Tag
    )
    counted.update(reindex=0, invalidate=0)
    # 157 queries, 8 reindexes and 19 invalidations before the one pipeline;
    # then 99 on SQLite, 100 on PostgreSQL inside the test's transaction. Real
    # commits count their BEGIN and COMMIT too, and the search entry is written
    # after the save's commit, in transactions of its own: 109 on both.
    with django_assert_max_num_queries(109):
        post_change(admin_client, article, data)
    assert counted == {"reindex": 1, "invalidate": 1}
    article = Article.objects.get()
    assert article.quotes.count() == 2
    assert article.search_entry.quotes == "First words.\nSecond words."


def test_draft_save_invalidates_nothing(admin_client, counted):
    """Saving a draft with new rows reindexes it and leaves cached pages alone."""
    article = make_article("A draft", published=False)
    people = [make_person(f"Person {i}") for i in range(4)]
    data = change_form_data(article, people)
    counted.update(reindex=0, invalidate=0)
    post_change(admin_client, article, data)
    assert counted == {"reindex": 1, "invalidate": 0}


def test_quote_on_a_draft_invalidates_nothing(counted):
    """A reporter's quote on an unpublished story cannot change a public page."""
    article = make_article("A draft", published=False)
    speaker = make_person("Speaker")
    counted.update(reindex=0, invalidate=0)
    Quote.objects.create(article=article, speaker=speaker, text="Unpublished words.")
    assert counted == {"reindex": 1, "invalidate": 0}


def test_unpublishing_a_live_story_invalidates(counted):
    """Taking a story off the site is a change readers see."""
    article = make_article("Live")
    article = Article.objects.get(pk=article.pk)
    counted.update(reindex=0, invalidate=0)
    with CaptureQueriesContext(connection) as queries:
        article.status = Article.Status.DRAFT
        article.save()
    assert counted == {"reindex": 1, "invalidate": 1}
    # The state before the save was remembered when the story was loaded.
    assert queries[0]["sql"].startswith("UPDATE")


def test_person_known_only_from_drafts_invalidates_nothing(counted):
    """Renaming someone who is in no public story changes no public page."""
    person = make_person("Hidden")
    article = make_article("A draft", published=False)
    Mention.objects.create(article=article, person=person)
    counted.update(reindex=0, invalidate=0)
    person.name = "Still hidden"
    person.save()
    assert counted == {"reindex": 1, "invalidate": 0}
    assert "Still hidden" in SearchEntry.objects.get(article=article).people


def test_public_person_change_invalidates_and_reindexes(counted, monkeypatch):
    """Renaming someone in a public story invalidates and reindexes their stories."""
    from pagecache import invalidation

    calls = []
    monkeypatch.setattr(
        invalidation,
        "content_changed",
        lambda keys, gone=(), at_once=(): calls.append(keys),
    )
    person = make_person("Known")
    article = make_article("Live")
    Byline.objects.create(article=article, person=person)
    calls.clear()
    person.name = "Renamed"
    person.save()
    assert calls == [{f"p{person.pk}", f"pl{person.pk}"}]
    assert "Renamed" in SearchEntry.objects.get(article=article).people


def test_part_change_moves_the_story_version_once(db):
    """A quote saved on its own moves its story's modified_at."""
    article = make_article("Live")
    before = Article.objects.get(pk=article.pk).modified_at
    speaker = make_person("Speaker")
    Quote.objects.create(article=article, speaker=speaker, text="Words.")
    assert Article.objects.get(pk=article.pk).modified_at > before


def test_links_move_the_versions_of_the_stories_they_join(db):
    """A related link, a tag or a person added moves each story's version once."""
    first, second = make_article("First"), make_article("Second")
    before = dict(Article.objects.values_list("pk", "modified_at"))
    first.related.add(second)
    after = dict(Article.objects.values_list("pk", "modified_at"))
    assert after[first.pk] > before[first.pk]
    assert after[second.pk] > before[second.pk]
    first.people.add(make_person("Newly mentioned"))
    assert Article.objects.get(pk=first.pk).modified_at > after[first.pk]
