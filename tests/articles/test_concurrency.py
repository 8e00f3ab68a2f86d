import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from tests.articles.adminform import change_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article("Contested story", body="<p>First text.</p>")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_stale_save_is_refused_and_keeps_the_text(article, editor, admin_user):
    """The second, stale save is refused, names who saved and when, keeps the text."""
    mine, theirs = client_for(admin_user), client_for(editor)
    my_page = mine.get(change_url(article))
    their_page = theirs.get(change_url(article))

    response = theirs.post(
        change_url(article),
        change_form_data(their_page, body="<p>Their text.</p>"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    saved_at = date_format(timezone.localtime(article.modified_at), "DATETIME_FORMAT")

    response = mine.post(
        change_url(article),
        change_form_data(my_page, body="<p>My careful rewrite.</p>"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Editor Tester saved this story at" in page
    assert saved_at in page
    assert "Your changes have not been saved" in page
    assert "My careful rewrite." in page
    article.refresh_from_db()
    assert article.body == "<p>Their text.</p>"


def test_saving_again_after_the_warning_overwrites(article, editor, admin_user):
    """Having been told, the editor can save their version on purpose."""
    mine, theirs = client_for(admin_user), client_for(editor)
    my_page = mine.get(change_url(article))
    their_page = theirs.get(change_url(article))
    theirs.post(change_url(article), change_form_data(their_page, headline="Theirs"))

    refused = mine.post(change_url(article), change_form_data(my_page, headline="Mine"))
    assert refused.status_code == 200
    response = mine.post(change_url(article), change_form_data(refused))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Mine"


def test_fresh_saves_in_turn_both_succeed(article, editor, admin_user):
    """Editors who each reload before saving never see the warning."""
    for user, headline in [(editor, "One"), (admin_user, "Two"), (editor, "Three")]:
        client = client_for(user)
        page = client.get(change_url(article))
        response = client.post(
            change_url(article), change_form_data(page, headline=headline)
        )
        assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Three"


def test_change_made_outside_the_admin_also_counts(article, admin_user):
    """A save by a script between load and save is caught too."""
    client = client_for(admin_user)
    page = client.get(change_url(article))
    Article.objects.get(pk=article.pk).save()
    response = client.post(change_url(article), change_form_data(page, headline="X"))
    assert response.status_code == 200
    assert "saved this story at" in response.content.decode()


@pytest.mark.usefixtures("commits_as_in_production")
@pytest.mark.parametrize("screen", ["quote", "tags"])
def test_story_save_predating_a_change_on_another_screen_is_refused(
    article, editor, admin_user, screen, django_capture_on_commit_callbacks
):
    """A quote changed in the Quote admin (or a tag added) makes older forms stale."""
    from articles.models import Quote
    from tests.factories import make_person

    # Each step commits, as separate requests would: a transaction moves a
    # story's version once, however many of its parts it changes.
    with django_capture_on_commit_callbacks(execute=True):
        quote = Quote.objects.create(
            article=article, speaker=make_person("Speaker"), text="Words as said."
        )
    mine, theirs = client_for(admin_user), client_for(editor)
    my_page = mine.get(change_url(article))
    with django_capture_on_commit_callbacks(execute=True):
        if screen == "quote":
            url = reverse("admin:articles_quote_change", args=[quote.pk])
            page = theirs.get(url)
            response = theirs.post(url, change_form_data(page, text="Words corrected."))
            assert response.status_code == 302
        else:
            article.tags.add("corrected")

    response = mine.post(
        change_url(article),
        change_form_data(my_page, deck="My new deck, from an old form."),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your changes have not been saved" in page
    assert "My new deck, from an old form." in page
    quote.refresh_from_db()
    article.refresh_from_db()
    assert article.deck != "My new deck, from an old form."
    if screen == "quote":
        assert quote.text == "Words corrected."
