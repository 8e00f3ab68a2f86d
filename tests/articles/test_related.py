from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Mention
from articles.related import RELATED_LIMIT, related_articles
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def mention(article, *people):
    Mention.objects.bulk_create(Mention(article=article, person=p) for p in people)


def headlines(articles):
    return [article.headline for article in articles]


def test_curated_stories_come_first_most_recent_first():
    """Editors' picks lead, newest first, ahead of better-scored automatic ones."""
    person = make_person()
    article = make_article("Main", tags=["a", "b"])
    mention(article, person)
    strong = make_article("Strong match", tags=["a", "b"])
    mention(strong, person)
    old_pick = make_article("Old pick", published_at=days_ago(30))
    new_pick = make_article("New pick", published_at=days_ago(2))
    article.related.add(old_pick, new_pick)

    assert headlines(related_articles(article)) == [
        "New pick",
        "Old pick",
        "Strong match",
    ]


def test_curated_link_works_from_both_sides():
    """A story curated as related on one side shows on the other too."""
    older = make_article("2017 story", published_at=days_ago(700))
    newer = make_article("2019 story")
    newer.related.add(older)

    assert headlines(related_articles(newer)) == ["2017 story"]
    assert headlines(related_articles(older)) == ["2019 story"]


def test_shared_person_outweighs_shared_tag():
    """One shared person ranks above two shared tags."""
    person = make_person()
    article = make_article("Main", tags=["a", "b"])
    mention(article, person)
    make_article("Two tags", tags=["a", "b"], published_at=days_ago(1))
    by_person = make_article("One person", published_at=days_ago(5))
    mention(by_person, person)

    assert headlines(related_articles(article)) == ["One person", "Two tags"]


def test_scores_add_up_across_people_and_tags():
    """More shared people and tags rank higher; equal scores go newest first."""
    ann, bob = make_person(), make_person()
    article = make_article("Main", tags=["a", "b", "c"])
    mention(article, ann, bob)
    both_people = make_article("Both people", published_at=days_ago(9))
    mention(both_people, ann, bob)
    person_and_tag = make_article(
        "Person and tag", tags=["a"], published_at=days_ago(8)
    )
    mention(person_and_tag, ann)
    three_tags_old = make_article(
        "Three tags, old", tags=["a", "b", "c"], published_at=days_ago(7)
    )
    person_new = make_article("Person, new", published_at=days_ago(1))
    mention(person_new, bob)
    one_tag = make_article("One tag", tags=["c"], published_at=days_ago(0))

    assert headlines(related_articles(article)) == [
        both_people.headline,  # 6
        person_and_tag.headline,  # 4
        person_new.headline,  # 3, newer
        three_tags_old.headline,  # 3, older
        one_tag.headline,  # 1
    ]


def test_unrelated_stories_are_left_out():
    """A story sharing no person, tag or curated link is not related coverage."""
    article = make_article("Main", tags=["a"])
    make_article("Elsewhere", tags=["z"])

    assert related_articles(article) == []


def test_never_itself_drafts_or_future_stories():
    """The story itself and stories not yet public never show, curated or not."""
    person = make_person()
    article = make_article("Main", tags=["a"])
    mention(article, person)
    draft = make_article("Draft", published=False, tags=["a"])
    future = make_article(
        "Future",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=1),
        tags=["a"],
    )
    mention(draft, person)
    mention(future, person)
    article.related.add(draft, future)
    public = make_article("Public", tags=["a"])

    assert related_articles(article) == [public]


def test_no_duplicates_when_curated_and_sharing():
    """A curated story that also shares people and tags appears once."""
    person = make_person()
    article = make_article("Main", tags=["a", "b"])
    mention(article, person)
    both = make_article("Both", tags=["a", "b"])
    mention(both, person)
    article.related.add(both)

    assert headlines(related_articles(article)) == ["Both"]


def test_fixed_number_of_stories():
    """Related coverage stops at the limit, curated picks first."""
    article = make_article("Main", tags=["a"])
    picks = [make_article(f"Pick {i}") for i in range(4)]
    article.related.add(*picks)
    for i in range(10):
        make_article(f"Tagged {i}", tags=["a"])

    related = related_articles(article)

    assert len(related) == RELATED_LIMIT
    assert set(related[:4]) == set(picks)
    assert len(set(related)) == RELATED_LIMIT
    assert len(related_articles(article, limit=2)) == 2


def test_one_query_whatever_the_content(django_assert_num_queries):
    """Scoring many candidates costs a single query."""
    people = [make_person() for _ in range(5)]
    article = make_article("Main", tags=[f"t{i}" for i in range(10)])
    mention(article, *people)
    article.related.add(*[make_article(f"Pick {i}") for i in range(3)])
    for i in range(20):
        other = make_article(f"Other {i}", tags=[f"t{i % 10}"])
        mention(other, people[i % 5])

    with django_assert_num_queries(1):
        related = related_articles(article)

    assert len(related) == RELATED_LIMIT
    with django_assert_num_queries(0):
        [story.lead_photo for story in related]


def test_very_common_tag_counts_only_its_latest_stories(monkeypatch):
    """Past RELATED_SCAN stories, a tag only links its most recently added ones."""
    monkeypatch.setattr("articles.related.RELATED_SCAN", 3)
    article = make_article("Main", tags=["common"])
    tagged = [
        make_article(f"Common {i}", tags=["common"], published_at=days_ago(i + 1))
        for i in range(5)
    ]

    related = related_articles(article)

    assert related == tagged[2:]
