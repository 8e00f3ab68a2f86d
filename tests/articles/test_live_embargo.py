"""
A live story embargoed or killed: its live page, update endpoint and feed
follow the story, partners hear of posts added under embargo, and the desk's
live steps after a kill do no harm.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import events, publishing, rules
from articles.models import Article, Byline, LivePost
from syndication.models import Partner, PartnerKey
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECRET_POST = "<p>Under embargo: the count in Kandal is 61 percent.</p>"


@pytest.fixture
def live_story(editor, reporter):
    article = make_article("Election count, live")
    Byline.objects.create(article=article, person=reporter.person, position=0)
    publishing.start_live(article, editor)
    LivePost.objects.create(
        article=article, author=reporter.person, body="<p>Polls closed.</p>"
    )
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def recorder():
    heard = []

    def record(batch):
        heard.extend(batch)

    events.subscribe(record)
    yield heard
    events.unsubscribe(record)


def surfaces(article):
    slug = {"slug": article.slug}
    return {
        "page": article.get_absolute_url(),
        "updates": reverse("articles:live_updates", kwargs=slug),
        "feed": reverse("articles:live_feed_atom", kwargs=slug),
    }


def answers(client, article):
    cache.clear()
    return {name: client.get(url) for name, url in surfaces(article).items()}


def partner_key(name, **fields):
    partner = Partner.objects.create(name=name, **fields)
    row = PartnerKey(partner=partner, name="newsroom system")
    plain = row.set_key()
    row.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_an_embargoed_live_story_shows_readers_nothing(client, live_story, editor):
    publishing.embargo(live_story, editor, timezone.now() + timedelta(hours=1))
    LivePost.objects.create(article=live_story, author=editor.person, body=SECRET_POST)
    for name, response in answers(client, live_story).items():
        assert response.status_code == 404, name
        assert b"Kandal" not in response.content, name

    publishing.lift_embargo(Article.objects.get(pk=live_story.pk), editor)
    found = answers(client, live_story)
    assert {name: r.status_code for name, r in found.items()} == dict.fromkeys(
        found, 200
    )
    for name, response in found.items():
        assert "Kandal" in response.content.decode(), name
    assert found["updates"].json()["live"] is True


def test_a_killed_live_story_is_gone_from_every_live_surface(
    client, live_story, editor
):
    publishing.kill(live_story, editor, "Wrong figures.")
    for name, response in answers(client, live_story).items():
        assert response.status_code == 410, name
        assert b"Polls closed" not in response.content, name
        assert response["X-Robots-Tag"] == "noindex", name


def test_a_post_added_under_embargo_reaches_partners_not_readers(
    client, live_story, editor
):
    publishing.embargo(live_story, editor, timezone.now() + timedelta(hours=1))
    LivePost.objects.create(article=live_story, author=editor.person, body=SECRET_POST)
    detail = reverse("partner_api:story", kwargs={"pk": live_story.pk})
    early = client.get(detail, **partner_key("Early TV", receives_embargoed=True))
    assert early.status_code == 200
    assert "Kandal" in early.content.decode()
    assert "embargoed" in early.json()
    assert client.get(detail, **partner_key("Partner TV")).status_code == 404
    assert answers(client, live_story)["updates"].status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("commits_as_in_production")
def test_a_post_under_embargo_is_an_update_for_partners(editor, reporter, recorder):
    article = make_article("Election count, live")
    publishing.start_live(article, editor)
    publishing.embargo(article, editor, timezone.now() + timedelta(hours=1))
    recorder.clear()
    LivePost.objects.create(article=article, author=editor.person, body=SECRET_POST)
    assert recorder == [events.StoryEvent(article.pk, events.UPDATE)]


def test_live_steps_after_a_kill_do_no_harm(client, live_story, editor, reporter):
    publishing.kill(live_story, editor, "Wrong figures.")
    killed = Article.objects.get(pk=live_story.pk)
    # Ending the coverage is harmless: the desk stops showing “Live now”.
    publishing.end_live(killed, editor, "Withdrawn.")
    assert answers(client, killed)["updates"].status_code == 410
    # A killed story is not covered live again, and reporters post nothing.
    with pytest.raises(publishing.ValidationError):
        publishing.start_live(Article.objects.get(pk=live_story.pk), editor)
    killed = Article.objects.get(pk=live_story.pk)
    assert not rules.can_post_live(reporter, killed)
    # Nor editors: the desk offers no new post on a withdrawn story.
    assert not rules.can_post_live(editor, killed)
    desk = reverse("admin:articles_article_live", args=[killed.pk])
    client.force_login(editor)
    page = client.get(desk)
    assert page.status_code == 200
    assert b'class="live-post-form"' not in page.content
    forged = client.post(desk, {"body": "<p>After the kill.</p>", "_post": "Post"})
    assert forged.status_code == 403
    assert not LivePost.objects.filter(body__contains="After the kill").exists()
