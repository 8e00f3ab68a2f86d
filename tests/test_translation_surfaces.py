"""A published translation never shows its unpublished partner, nor the other way."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import publishing, translations
from articles.models import Article, Mention
from tests.factories import make_article, make_person
from tests.test_public_surfaces import OWN_PAGES, surfaces

SECRETS = ["Secret draft", "secret-draft", "Secret body words", "Secret deck"]


def hidden_text():
    return {
        "headline": "Secret draft headline",
        "slug": "secret-draft",
        "deck": "Secret deck",
        "body": "<p>Secret body words.</p>",
    }


def public_text():
    return {
        "headline": "Open story",
        "slug": "open-story",
        "deck": "Open deck",
        "body": "<p>Open body words.</p>",
    }


def make_pair(published, editor):
    """An English story and its Khmer translation; only ``published`` is public."""
    source = make_article(
        language=Article.Language.ENGLISH,
        published=False,
        tags=["shared-tag"],
        **(public_text() if published == "source" else hidden_text()),
    )
    Mention.objects.create(article=source, person=make_person("Shared Person"))
    translation = translations.translate(source, editor, Article.Language.KHMER)
    for field, value in (
        public_text() if published == "translation" else hidden_text()
    ).items():
        setattr(translation, field, value)
    translation.save()
    public = source if published == "source" else translation
    hidden = translation if published == "source" else source
    publishing.publish_now(public, editor)
    public.related.add(hidden)
    return public, hidden


@pytest.fixture
def editor(django_user_model, db):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    make_person("Editor Person", is_staff=True, user=user)
    return user


@pytest.mark.parametrize("published", ["source", "translation"])
def test_publish_one_and_the_other_stays_invisible(
    client, editor, django_capture_on_commit_callbacks, published
):
    """Every public surface shows the published version and nothing of the other."""
    with django_capture_on_commit_callbacks(execute=True):
        public, hidden = make_pair(published, editor)
    person = public.mentions.get().person
    table = [
        *surfaces("draft", public),
        ("carried person page", person.get_absolute_url()),
        ("carried tag page", reverse("articles:tag", kwargs={"slug": "shared-tag"})),
        ("API story list", reverse("api:stories")),
        ("API public story", reverse("api:story", kwargs={"pk": public.pk})),
        ("API hidden story", reverse("api:story", kwargs={"pk": hidden.pk})),
        ("search for the public one", reverse("articles:search") + "?q=Open"),
    ]
    for name, url in table:
        response = client.get(url)
        if name in OWN_PAGES or name == "API hidden story":
            assert response.status_code == 404, name
            continue
        assert response.status_code == 200, name
        content = response.content.decode()
        if name in {"front page", "latest RSS", "carried tag page", "API story list"}:
            assert "Open story" in content, name
        leaked = [secret for secret in SECRETS if secret in content]
        assert not leaked, f"{name} shows {leaked}"
