import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Photo
from people.models import Person
from tests.articles.adminform import change_form_data
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def byline_data(*people, total_initial=0):
    data = {
        "bylines-TOTAL_FORMS": str(len(people)),
        "bylines-INITIAL_FORMS": str(total_initial),
    }
    for i, person in enumerate(people):
        data |= {
            f"bylines-{i}-person": str(person.pk),
            f"bylines-{i}-role": "author",
            f"bylines-{i}-position": str(i),
        }
    return data


@pytest.fixture
def story(editor_client):
    """A story created in the admin with two tags and one byline."""
    writer = make_person("First Writer", is_staff=True)
    page = editor_client.get(reverse("admin:articles_article_add"))
    data = change_form_data(
        page,
        headline="Original headline",
        slug="history-story",
        body="<p>Original body.</p>",
        tags="Cambodia, Diplomacy",
        **byline_data(writer),
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"]
    return Article.objects.get(slug="history-story")


def edit_story(client, article):
    """Change headline, tags and byline in one save through the admin."""
    replacement = make_person("Second Writer", is_staff=True)
    page = client.get(change_url(article))
    data = change_form_data(
        page,
        headline="Rewritten headline",
        tags="Elections",
        **{"bylines-0-person": str(replacement.pk)},
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["errors"]


def test_every_admin_save_is_a_revision(editor_client, story, editor):
    """Adding and changing a story each record a revision by the editor."""
    edit_story(editor_client, story)
    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}


def test_restore_round_trip_brings_back_tags_and_bylines(editor_client, story):
    """Reverting to the first version restores headline, body, tags and bylines."""
    first_version = Version.objects.get_for_object(story).last()
    edit_story(editor_client, story)
    story.refresh_from_db()
    assert story.headline == "Rewritten headline"
    assert sorted(story.tags.names()) == ["Elections"]

    url = reverse("admin:articles_article_revision", args=[story.pk, first_version.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "Original headline" in page.content.decode()
    response = editor_client.post(url, change_form_data(page))
    assert response.status_code == 302

    story.refresh_from_db()
    assert story.headline == "Original headline"
    assert story.body == "<p>Original body.</p>"
    assert sorted(story.tags.names()) == ["Cambodia", "Diplomacy"]
    assert [b.person.name for b in story.bylines.all()] == ["First Writer"]


def test_history_page_lists_versions(editor_client, story):
    """The story's history page shows its revisions."""
    edit_story(editor_client, story)
    response = editor_client.get(
        reverse("admin:articles_article_history", args=[story.pk])
    )
    assert response.status_code == 200
    versions = Version.objects.get_for_object(story)
    for version in versions:
        assert (
            reverse("admin:articles_article_revision", args=[story.pk, version.pk])
            in response.content.decode()
        )


def test_deleted_story_is_recovered(editor_client, story):
    """A deleted story comes back, with its tags and bylines, from the recover list."""
    pk = story.pk
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Article)
    assert [v.object_id for v in deleted] == [str(pk)]
    recover_list = editor_client.get(reverse("admin:articles_article_recoverlist"))
    assert "Original headline" in recover_list.content.decode()

    url = reverse("admin:articles_article_recover", args=[deleted[0].pk])
    page = editor_client.get(url)
    response = editor_client.post(url, change_form_data(page))
    assert response.status_code == 302
    restored = Article.objects.get(pk=pk)
    assert sorted(restored.tags.names()) == ["Cambodia", "Diplomacy"]
    assert [b.person.name for b in restored.bylines.all()] == ["First Writer"]


def test_person_and_photo_saves_are_revisions(admin_client):
    """People and photos edited in the admin keep their history too."""
    person = make_person("Hun Sen")
    page = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))
    response = admin_client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        change_form_data(page, title="Prime Minister"),
    )
    assert response.status_code == 302
    assert Version.objects.get_for_object(person).count() == 1

    photo = make_photo()
    page = admin_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    response = admin_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        change_form_data(page, caption="A new caption"),
    )
    assert response.status_code == 302
    assert Version.objects.get_for_object(photo).count() == 1


def test_createinitialrevisions_gives_loaded_content_a_history():
    """The step ./dev serve runs after loaddata leaves no object without history."""
    article = make_article(tags=["Sample"])
    person = make_person()
    photo = make_photo()
    call_command(
        "createinitialrevisions",
        "articles.Article",
        "articles.Photo",
        "people.Person",
        verbosity=0,
    )
    for obj in (article, person, photo):
        assert Version.objects.get_for_object(obj).count() == 1
    # Run again (./dev serve on every start): nothing is added.
    call_command(
        "createinitialrevisions",
        "articles.Article",
        "articles.Photo",
        "people.Person",
        verbosity=0,
    )
    assert Version.objects.get_for_model(Article).count() == 1
    assert Version.objects.get_for_model(Person).count() == 1
    assert Version.objects.get_for_model(Photo).count() == 1
