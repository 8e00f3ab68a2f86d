"""Autosave and presence of a live post being written, beside the story form's."""

import pytest
from django.urls import reverse

from articles import publishing
from articles.models import Article, Byline, LivePost
from editing.models import Autosave
from tests.factories import make_article

from .conftest import post
from .test_autosave import client_for, khmer_paragraph

pytestmark = pytest.mark.django_db

DESK = "live-post"


@pytest.fixture
def live_story(editor, reporter):
    article = make_article("Election count, live")
    Byline.objects.create(article=article, person=reporter.person, position=0)
    publishing.start_live(article, editor)
    return Article.objects.get(pk=article.pk)


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def test_a_post_being_written_is_kept_apart_from_the_story_form(live_story, reporter):
    http = client_for(reporter)
    words = khmer_paragraph()
    fields = [["headline", "ការរាប់សន្លឹកឆ្នោត"], ["body", f"<p>{words}</p>"]]
    answer = post(http, "autosave", article=live_story.pk, form=DESK, fields=fields)
    assert answer.status_code == 200
    draft = Autosave.objects.get(user=reporter)
    assert (draft.article_id, draft.form, draft.data) == (live_story.pk, DESK, fields)

    offered = post(
        http, "autosave-offer", article=live_story.pk, form=DESK, current=[]
    ).json()["autosave"]
    assert offered["fields"] == fields
    assert offered["newer_save"] is None
    # A reporter writes posts on a published story they may no longer change.
    story_offer = post(http, "autosave-offer", article=live_story.pk, current=[])
    assert story_offer.status_code == 403


def test_the_story_form_is_not_offered_a_post(live_story, editor):
    http = client_for(editor)
    post(http, "autosave", article=live_story.pk, form=DESK, fields=[["body", "y"]])
    story_offer = post(http, "autosave-offer", article=live_story.pk, current=[])
    assert story_offer.json()["autosave"] is None


def test_the_live_desk_carries_autosave_and_presence(live_story, reporter):
    page = client_for(reporter).get(desk_url(live_story)).content.decode()
    assert 'data-form="live-post"' in page
    assert f'data-story="{live_story.pk}"' in page
    assert "admin/newsroom/autosave.js" in page
    assert "admin/newsroom/presence.js" in page


def test_a_post_change_form_carries_its_own_key(live_story, reporter):
    live_post = LivePost.objects.create(
        article=live_story, author=reporter.person, body="<p>Polls close.</p>"
    )
    url = reverse("admin:articles_livepost_change", args=[live_post.pk])
    page = client_for(reporter).get(url).content.decode()
    assert f'data-form="live-post:{live_post.pk}"' in page
    assert f'data-story="{live_story.pk}"' in page


def test_posting_deletes_the_draft_and_other_desk_buttons_do_not(
    live_story, reporter, editor
):
    http = client_for(reporter)
    fields = [["body", "<p>Turnout is high.</p>"]]
    post(http, "autosave", article=live_story.pk, form=DESK, fields=fields)
    answer = http.post(
        desk_url(live_story),
        {"headline": "", "body": "<p>Turnout is high.</p>", "_post": "Post"},
    )
    assert answer.status_code == 302
    assert not Autosave.objects.filter(user=reporter).exists()

    editor_http = client_for(editor)
    post(editor_http, "autosave", article=live_story.pk, form=DESK, fields=fields)
    editor_http.post(desk_url(live_story), {"_start_live": "Start"})
    assert Autosave.objects.filter(user=editor, form=DESK).exists()


def test_saving_a_post_deletes_its_draft_only(live_story, reporter):
    live_post = LivePost.objects.create(
        article=live_story, author=reporter.person, body="<p>Polls close.</p>"
    )
    http = client_for(reporter)
    key = f"live-post:{live_post.pk}"
    post(http, "autosave", article=live_story.pk, form=key, fields=[["body", "x"]])
    post(http, "autosave", article=live_story.pk, form=DESK, fields=[["body", "y"]])
    url = reverse("admin:articles_livepost_change", args=[live_post.pk])
    answer = http.post(
        url,
        {"headline": "", "body": "<p>Polls closed.</p>", "quote": "", "embed_url": ""},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert list(
        Autosave.objects.filter(user=reporter).values_list("form", flat=True)
    ) == [DESK]


def test_roles_decide_who_keeps_a_post_draft(
    live_story, reporter, other_reporter, editor
):
    fields = [["body", "<p>x</p>"]]
    # Not on the byline: may not post live, so may not keep a post's draft.
    outsider = client_for(other_reporter)
    answer = post(outsider, "autosave", article=live_story.pk, form=DESK, fields=fields)
    assert answer.status_code == 403
    # A reporter's post is theirs: a colleague cannot keep a draft of it.
    theirs = LivePost.objects.create(
        article=live_story, author=editor.person, body="<p>By the editor.</p>"
    )
    key = f"live-post:{theirs.pk}"
    answer = post(
        client_for(reporter), "autosave", article=live_story.pk, form=key, fields=fields
    )
    assert answer.status_code == 403
    # A post of another story named under this one is refused.
    other = make_article("Another story")
    answer = post(
        client_for(editor), "autosave", article=other.pk, form=key, fields=fields
    )
    assert answer.status_code == 403
    answer = post(
        client_for(editor),
        "autosave",
        article=live_story.pk,
        form="story",
        fields=fields,
    )
    assert answer.status_code == 403
    # Ended coverage takes no new posts, so no drafts of one either.
    publishing.end_live(live_story, editor, "Counted.")
    answer = post(
        client_for(reporter),
        "autosave",
        article=live_story.pk,
        form=DESK,
        fields=fields,
    )
    assert answer.status_code == 403


def test_presence_on_the_live_desk_is_its_own(live_story, reporter, editor):
    post(client_for(editor), "heartbeat", article=live_story.pk)
    desk = post(
        client_for(reporter), "heartbeat", article=live_story.pk, form=DESK
    ).json()
    assert desk["others"] == []
    post(client_for(editor), "heartbeat", article=live_story.pk, form=DESK)
    desk = post(
        client_for(reporter), "heartbeat", article=live_story.pk, form=DESK
    ).json()
    assert [other["name"] for other in desk["others"]] == [
        editor.get_full_name() or editor.username
    ]
    post(client_for(editor), "leave", article=live_story.pk, form=DESK)
    desk = post(
        client_for(reporter), "heartbeat", article=live_story.pk, form=DESK
    ).json()
    assert desk["others"] == []
