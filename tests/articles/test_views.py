from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Mention, Note, Quote
from newsroom.views import server_error
from tests.factories import (
    make_article,
    make_heavy_article,
    make_person,
    make_photo,
)

pytestmark = pytest.mark.django_db

# A story with every part: itself with its photo and photographer, tags,
# bylines, people, pull quote, notes, related stories and its other language
# versions (articles.language_versions). A part the story does not have costs
# no query: a story with only tags and bylines costs the first three and the
# related stories.
STORY_PAGE_MAX_QUERIES = 8
STORY_PAGE_LIGHT_QUERIES = 4


def hidden_stories():
    """A draft and a scheduled story, both tagged and with a quote."""
    draft = make_article("Secret draft story", published=False, tags=["shared"])
    future = make_article(
        "Scheduled future story",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
        tags=["shared"],
    )
    return draft, future


def test_front_page_shows_top_story_and_latest(client):
    """The newest story leads the front page; the rest follow under Latest."""
    writer = make_person("Vann Sokha")
    make_article("Older story", published_at=timezone.now() - timedelta(days=2))
    top = make_article("Top story", lead_photo=make_photo(), deck="What happened")
    Byline.objects.create(article=top, person=writer)

    response = client.get(reverse("articles:front"))

    content = response.content.decode()
    assert response.status_code == 200
    top_section = content.split('class="top-story"')[1].split('class="latest"')[0]
    assert "Top story" in top_section
    assert "What happened" in top_section
    assert "By Vann Sokha" in top_section
    assert (
        f'<time datetime="{top.published_at.isoformat(timespec="seconds")}"'
        in top_section
    )
    assert 'alt="A test photo"' in top_section
    assert "Older story" in content.split('class="latest"')[1]


def test_front_page_archive_is_paginated(client):
    """Stories past the first twenty are on the archive's second page."""
    now = timezone.now()
    for i in range(23):
        make_article(f"Story {i:02d}", published_at=now - timedelta(hours=i + 1))

    first = client.get(reverse("articles:front")).content.decode()
    second = client.get(reverse("articles:front") + "?page=2").content.decode()

    assert "Story 00" in first and "Story 19" in first
    assert "Story 20" not in first
    assert "Archive" in second
    assert "Story 20" in second and "Story 22" in second
    assert "Story 00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_front_page_hides_drafts_and_future_stories(client):
    """Neither a draft nor a scheduled story shows on any front page."""
    make_article("Public story")
    hidden_stories()

    content = client.get(reverse("articles:front")).content.decode()

    assert "Public story" in content
    assert "Secret draft story" not in content
    assert "Scheduled future story" not in content


def test_story_page_shows_the_whole_story(client):
    """Headline, deck, bylines, dates, photo, body, pull quote, tags and people."""
    photographer = make_person("Aun Chhengpor", is_staff=True)
    writer = make_person("Neou Vannarin", is_staff=True)
    speaker = make_person("Sok Eysan", title="Spokesman", affiliation="CPP")
    photo = make_photo(
        caption="Supporters at the rally.", credit="VOA Khmer", alt_text="A crowd"
    )
    article = make_article(
        "Cambodia and the US",
        deck="Relations have cooled.",
        dateline="PHNOM PENH",
        source="VOA Khmer",
        body="<p>First <strong>paragraph</strong>.</p>",
        lead_photo=photo,
        updated_at=timezone.now(),
        tags=["Diplomacy", "Elections"],
    )
    Byline.objects.create(article=article, person=writer, position=0)
    Byline.objects.create(
        article=article,
        person=photographer,
        role=Byline.Role.PHOTOGRAPHER,
        position=1,
    )
    Mention.objects.create(article=article, person=speaker)
    quote = Quote.objects.create(
        article=article,
        speaker=speaker,
        speaker_title="CPP spokesman",
        text="We will not bow.",
        is_pull_quote=True,
    )

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Cambodia and the US" in content
    assert "Relations have cooled." in content
    assert (
        f'<p class="byline">By <a rel="author" href="{writer.get_absolute_url()}">'
        "Neou Vannarin</a></p>"
    ) in content
    assert (
        '<p class="credits"><span class="credit-role">Photos by '
        f'<a href="{photographer.get_absolute_url()}">Aun Chhengpor</a>'
    ) in content
    assert "PHNOM PENH" in content
    assert (
        f'<time datetime="{article.published_at.isoformat(timespec="seconds")}"'
        in content
    )
    assert (
        f'<time datetime="{article.updated_at.isoformat(timespec="seconds")}"'
        in content
    )
    assert '<figure class="lead-photo">' in content
    assert "Supporters at the rally." in content
    assert '<span class="credit">VOA Khmer</span>' in content
    assert 'alt="A crowd"' in content
    assert f'width="{photo.width}" height="{photo.height}"' in content
    assert "<p>First <strong>paragraph</strong>.</p>" in content
    assert "We will not bow." in content
    assert f'<a href="{speaker.get_absolute_url()}">Sok Eysan</a>' in content
    assert "CPP spokesman" in content
    assert quote.get_absolute_url() in content
    assert reverse("articles:tag", kwargs={"slug": "diplomacy"}) in content
    assert reverse("articles:tag", kwargs={"slug": "elections"}) in content
    assert "Spokesman, CPP" in content


def test_story_page_lists_related_coverage(client):
    """Curated and automatically related stories appear; drafts do not."""
    article = make_article("Main story", tags=["asean"])
    curated = make_article("Curated pick")
    by_tag = make_article("Shares a tag", tags=["asean"])
    draft, future = hidden_stories()
    draft.tags.add("asean")
    article.related.add(curated, draft, future)

    content = client.get(article.get_absolute_url()).content.decode()

    related = content.split('id="related-heading"')[1]
    assert related.index("Curated pick") < related.index("Shares a tag")
    assert by_tag.get_absolute_url() in related
    assert "Secret draft story" not in content
    assert "Scheduled future story" not in content


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_hidden_story_is_404(client, kind):
    """Drafts and scheduled stories are not found at their own address."""
    draft, future = hidden_stories()
    article = draft if kind == "draft" else future

    assert client.get(article.get_absolute_url()).status_code == 404


def test_story_page_query_count_does_not_grow(client, django_assert_num_queries):
    """A heavy story costs the same few queries as a light one."""
    light = make_article("Light story")
    heavy = make_heavy_article()
    assert heavy.bylines.count() == 5 and heavy.tags.count() == 20
    assert heavy.people.count() == 15 and heavy.quotes.count() == 30

    with django_assert_num_queries(STORY_PAGE_LIGHT_QUERIES):
        light_response = client.get(light.get_absolute_url())
    # Every part but translations.
    with django_assert_num_queries(STORY_PAGE_MAX_QUERIES - 1):
        heavy_response = client.get(heavy.get_absolute_url())

    assert light_response.status_code == heavy_response.status_code == 200
    content = heavy_response.content.decode()
    assert content.count('class="card-headline"') == 6
    assert "Writer 4" in content and "Newsmaker 14" in content
    assert "tag-19" in content


def test_a_story_pays_a_query_only_for_the_parts_it_has(
    client, django_assert_num_queries
):
    """A note costs its query; the people, pull quote and versions it lacks none."""
    story = make_article("រឿង​ដែល​បាន​កែ​តម្រូវ")
    Note.objects.create(article=story, text="កំណត់​ចំណាំ​កែ​តម្រូវ")
    with django_assert_num_queries(STORY_PAGE_LIGHT_QUERIES + 1):
        response = client.get(story.get_absolute_url())
    content = response.content.decode()
    assert "កំណត់​ចំណាំ​កែ​តម្រូវ" in content
    assert 'class="pull-quote"' not in content


def test_front_page_query_count_is_fixed(client, django_assert_num_queries):
    """The front page's queries do not depend on how many stories it shows."""
    make_heavy_article()

    with django_assert_num_queries(2) as few:
        client.get(reverse("articles:front"))
    for _ in range(2):
        make_heavy_article(related=10)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("articles:front"))

    assert response.content.decode().count('class="card-headline"') == 20


def test_tag_page_lists_public_stories_with_the_tag(client):
    """A tag page lists its public stories only, newest first."""
    older = make_article(
        "Older tagged", tags=["Trade"], published_at=timezone.now() - timedelta(days=3)
    )
    newer = make_article("Newer tagged", tags=["Trade"])
    make_article("Untagged story")
    draft, future = hidden_stories()
    draft.tags.add("Trade")
    future.tags.add("Trade")

    response = client.get(reverse("articles:tag", kwargs={"slug": "trade"}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Trade" in content
    assert content.index(newer.headline) < content.index(older.headline)
    assert "Untagged story" not in content
    assert "Secret draft story" not in content
    assert "Scheduled future story" not in content
    assert content.count('class="card-headline"') == 2


def test_tag_page_is_paginated(client):
    """Past twenty stories the tag page continues on page two."""
    now = timezone.now()
    for i in range(22):
        make_article(
            f"Tagged {i:02d}", tags=["Budget"], published_at=now - timedelta(hours=i)
        )
    url = reverse("articles:tag", kwargs={"slug": "budget"})

    second = client.get(url + "?page=2").content.decode()

    assert "Tagged 20" in second and "Tagged 21" in second
    assert "Tagged 00" not in second


def test_tag_pages_link_newer_and_older_without_counting(client):
    """Exactly twenty stories make one page: no "Older" link, no COUNT query."""
    now = timezone.now()
    for i in range(20):
        make_article(
            f"Full {i:02d}", tags=["Full"], published_at=now - timedelta(hours=i)
        )
    url = reverse("articles:tag", kwargs={"slug": "full"})

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).content.decode()
    make_article("Full 20", tags=["Full"], published_at=now - timedelta(hours=30))
    now_two = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert first.count('class="card-headline"') == 20
    assert 'rel="next"' not in first and "Older" not in first
    assert '<link rel="next" href="?page=2">' in now_two and "Older →" in now_two
    assert '<link rel="prev" href="?page=1">' in second and "Newer" in second
    assert 'rel="next"' not in second
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=last").status_code == 404


def test_tag_of_hidden_stories_only_is_404(client):
    """A tag carried only by drafts or scheduled stories has no public page."""
    hidden_stories()

    response = client.get(reverse("articles:tag", kwargs={"slug": "shared"}))

    assert response.status_code == 404


def test_tag_page_query_count_is_fixed(client, django_assert_num_queries):
    """The tag page costs the same with one story as with twenty heavy ones."""
    make_article("Alone", tags=["tag-0"])
    url = reverse("articles:tag", kwargs={"slug": "tag-0"})
    with django_assert_num_queries(3) as few:
        client.get(url)
    for _ in range(3):
        make_heavy_article()
    with django_assert_num_queries(len(few)):
        response = client.get(url)

    assert response.status_code == 200


def test_quote_page_links_speaker_and_story(client):
    """A quote's page shows the words, the speaker then, the date and the story."""
    speaker = make_person("Sok Eysan")
    article = make_article("The 2019 story")
    quote = Quote.objects.create(
        article=article,
        speaker=speaker,
        speaker_title="CPP spokesman",
        text="Cambodia is independent.",
        said_on=timezone.now().date(),
    )

    response = client.get(quote.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cambodia is independent." in content
    assert f'<a href="{speaker.get_absolute_url()}">Sok Eysan</a>' in content
    assert "CPP spokesman" in content
    assert article.get_absolute_url() in content
    assert f'<time datetime="{quote.said_on.isoformat()}"' in content


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_quote_from_hidden_story_is_404(client, kind):
    """A quote in a draft or scheduled story has no public page."""
    draft, future = hidden_stories()
    article = draft if kind == "draft" else future
    quote = Quote.objects.create(
        article=article, speaker=make_person(), text="Not yet public."
    )

    assert client.get(quote.get_absolute_url()).status_code == 404


def test_quote_page_query_count(client, django_assert_num_queries):
    """A quote's page is a single query."""
    quote = make_heavy_article().quotes.first()

    with django_assert_num_queries(1):
        response = client.get(quote.get_absolute_url())

    assert response.status_code == 200


def test_not_found_page_is_in_the_site_design(client, settings):
    """A missing page gets the designed 404 with a way back to the front page."""
    settings.SITE_NAME = "The Daily Test"

    response = client.get("/stories/no-such-story/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "The Daily Test" in content
    assert "couldn’t find that page" in content
    assert f'href="{reverse("articles:front")}"' in content
    assert "/static/css/site.css" in content


def test_server_error_page_needs_no_database(django_assert_num_queries, settings):
    """The 500 page renders in the site design without touching the database."""
    settings.SITE_NAME = "The Daily Test"
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    content = response.content.decode()
    assert response.status_code == 500
    assert "The Daily Test" in content
    assert "Something went wrong" in content


def test_pages_are_semantic(client):
    """Pages have the landmarks, skip link and meta blocks readers rely on."""
    article = make_article("Landmarks", lead_photo=make_photo())

    content = client.get(article.get_absolute_url()).content.decode()

    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<nav" in content and "<footer" in content
    assert '<article class="story">' in content
    assert "<figcaption>" in content
    assert '<html lang="en">' in content
