import pytest
from django.core.cache import caches
from django.urls import reverse, reverse_lazy

from articles.models import Byline, Mention, Note
from pagecache.fragments import stats
from pagecache.invalidation import content_changed
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FRONT = reverse_lazy("articles:front")


@pytest.fixture
def fragment_cache(settings):
    """Fragments cached (the whole-page cache off), in an empty cache."""
    settings.NEWSROOM_FRAGMENT_CACHE = True
    settings.NEWSROOM_PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragment-tests",
        }
    }
    caches["default"].clear()
    stats.clear()
    return caches["default"]


def rendered(name):
    return stats[f"{name}:miss"]


def test_story_page_fragments_are_reused_with_one_query(
    client, fragment_cache, django_assert_num_queries
):
    """A story page whose fragments are current reads only the story itself."""
    story = make_article("Reused story", tags=["asean"])
    Byline.objects.create(article=story, person=make_person("Reporter One"))
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(1):
        second = client.get(story.get_absolute_url())
    assert second.content == first.content
    assert stats["story:hit"] == 1 and rendered("story") == 1


def test_card_is_rendered_once_for_front_and_tag_pages(client, fragment_cache):
    """A story's card on the front page is reused on the next front page view."""
    stories = [make_article(tags=["politics"]) for _ in range(3)]
    client.get(FRONT)
    client.get(FRONT)
    assert rendered("card") == 3
    assert stats["card:hit"] == 3
    client.get(reverse("articles:tag", kwargs={"slug": "politics"}))
    client.get(reverse("articles:tag", kwargs={"slug": "politics"}))
    # The tag page shows cards in another variant (h2 headings, no feature).
    assert rendered("card") == 3 + len(stories)


@pytest.mark.usefixtures("commits_as_in_production")
def test_correction_rerenders_only_what_shows_the_story(client, fragment_cache):
    """A note on one story re-renders its fragments and no other story's."""
    corrected, untouched = make_article("Corrected"), make_article("Untouched")
    for story in (corrected, untouched):
        client.get(story.get_absolute_url())
    client.get(FRONT)
    before = dict(stats)
    Note.objects.create(article=corrected, text="An earlier version misspelt a name.")
    response = client.get(corrected.get_absolute_url())
    assert b"misspelt a name" in response.content
    client.get(untouched.get_absolute_url())
    client.get(FRONT)
    assert stats["story:miss"] == before["story:miss"] + 1
    # On the front page only the corrected story's card is rendered again.
    assert stats["card:miss"] == before["card:miss"] + 1


@pytest.mark.usefixtures("commits_as_in_production")
def test_renamed_reporter_rerenders_the_cards_that_name_them(client, fragment_cache):
    """Bylines are part of a card: a renamed person shows on it at once."""
    reporter = make_person("Old Name")
    story = make_article()
    Byline.objects.create(article=story, person=reporter)
    assert b"Old Name" in client.get(FRONT).content
    reporter.name = "New Name"
    reporter.save()
    assert b"New Name" in client.get(FRONT).content


def test_content_changed_without_ids_makes_every_fragment_stale(client, fragment_cache):
    """Bulk updates that call content_changed() re-render everything."""
    story = make_article()
    client.get(story.get_absolute_url())
    content_changed()
    client.get(story.get_absolute_url())
    assert rendered("story") == 2


def test_draft_fragments_never_leak(client, fragment_cache):
    """An unpublished story's cached card is not shown: it is not on the list."""
    story = make_article("Soon pulled")
    assert b"Soon pulled" in client.get(FRONT).content
    story.status = story.Status.DRAFT
    story.save()
    assert b"Soon pulled" not in client.get(FRONT).content
    assert client.get(story.get_absolute_url()).status_code == 404


def test_signed_in_pages_neither_read_nor_store_fragments(
    client, fragment_cache, django_user_model
):
    """Staff pages (and previews, in the admin) are rendered whole, never shared."""
    story = make_article("Staff view")
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    client.get(story.get_absolute_url())
    assert not stats
    assert not [key for key in fragment_cache._cache if "fragment" in key]


def test_text_shown_beside_a_person_is_not_a_purge_key(client):
    """A story's description of a person never leaks into Surrogate-Key."""
    article = make_article("Described")
    person = make_person("Someone")
    Mention.objects.create(article=article, person=person, described_as="0\nĀ x")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    keys = response["Surrogate-Key"].split()
    assert f"p{person.pk}" in keys
    assert all(key.isascii() and key != "x" for key in keys)
