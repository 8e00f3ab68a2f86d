"""Nothing a reader may not see leaks through any public surface."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, LiveCoverage, LivePost, Mention, Quote
from tests.factories import make_article, make_person

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(days=3),
    },
    # Published for partners, held from readers until its embargo.
    "embargoed": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
        "embargo_until": timezone.now() + timedelta(days=3),
    },
    # Withdrawn by an editor: its address answers 410 Gone.
    "killed": {
        "status": Article.Status.KILLED,
        "published_at": timezone.now() - timedelta(days=1),
        "killed_at": timezone.now() - timedelta(hours=1),
        "kill_note": "Withdrawn for legal reasons.",
    },
}
# What a hidden story's own address answers.
OWN_STATUS = {"killed": 410}


@pytest.fixture
def newsroom(db, django_capture_on_commit_callbacks):
    """A public story, and for each hidden kind a story with its own person and tag."""
    # Committed as an editor's saves would be: search indexes them on commit.
    with django_capture_on_commit_callbacks(execute=True):
        return make_newsroom()


def make_newsroom():
    public = make_article("Open story", tags=["open-tag"])
    Byline.objects.create(article=public, person=make_person("Open Reporter"))
    hidden = {}
    for kind, fields in HIDDEN.items():
        story = make_article(
            f"Secret {kind} headline",
            slug=f"secret-{kind}",
            published=False,
            tags=[f"{kind}-only-tag"],
            **fields,
        )
        person = make_person(f"Hidden {kind} person", slug=f"hidden-{kind}")
        Byline.objects.create(article=story, person=person)
        Mention.objects.create(article=story, person=person)
        Quote.objects.create(article=story, speaker=person, text=f"Secret {kind} words")
        LiveCoverage.objects.create(article=story)
        LivePost.objects.create(
            article=story, author=person, body=f"<p>Secret {kind} live post</p>"
        )
        # Related coverage of the public story names the hidden one.
        public.related.add(story)
        hidden[kind] = story
    return public, hidden


# (name, url, is a page only the hidden thing has: expect 404)
def surfaces(kind, public, story=None):
    person, tag = {"slug": f"hidden-{kind}"}, {"slug": f"{kind}-only-tag"}
    api = []
    if story is not None:
        quote = story.quotes.first()
        api = [
            ("API story", f"/api/stories/{story.pk}/"),
            ("quote page", reverse("articles:quote", kwargs={"pk": quote.pk})),
        ]
    return [
        *api,
        ("API stories", "/api/stories/"),
        ("API photos", "/api/photos/"),
        ("story page", reverse("articles:detail", kwargs={"slug": f"secret-{kind}"})),
        (
            "live updates",
            reverse("articles:live_updates", kwargs={"slug": f"secret-{kind}"}),
        ),
        (
            "live feed",
            reverse("articles:live_feed_atom", kwargs={"slug": f"secret-{kind}"}),
        ),
        ("person page", reverse("people:detail", kwargs=person)),
        ("person RSS", reverse("people:feed_rss", kwargs=person)),
        ("person Atom", reverse("people:feed_atom", kwargs=person)),
        ("tag page", reverse("articles:tag", kwargs=tag)),
        ("tag RSS", reverse("articles:tag_feed_rss", kwargs=tag)),
        ("tag Atom", reverse("articles:tag_feed_atom", kwargs=tag)),
        ("front page", reverse("articles:front")),
        ("latest RSS", reverse("articles:feed_rss")),
        ("latest Atom", reverse("articles:feed_atom")),
        ("sitemap index", reverse("sitemap")),
        *[
            (f"{section} sitemap", f"/sitemap-{section}.xml")
            for section in ("stories", "people", "tags")
        ],
        ("news sitemap", reverse("news-sitemap")),
        ("search", reverse("articles:search") + "?q=Secret"),
        ("quote search", reverse("articles:quote_search") + "?words=Secret"),
        (
            "quote search by speaker",
            reverse("articles:quote_search") + "?speaker=Hidden",
        ),
        ("public story, its JSON-LD and related coverage", public.get_absolute_url()),
    ]


OWN_PAGES = {"story page", "person page", "person RSS", "person Atom", "tag page"}
OWN_PAGES |= {
    "tag RSS",
    "tag Atom",
    "API story",
    "quote page",
    "live updates",
    "live feed",
}


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_hidden_stories_people_and_tags_leak_nowhere(client, newsroom, kind):
    """A draft or scheduled story, and who and what only it names, are nowhere."""
    public, hidden = newsroom
    secrets = [
        f"Secret {kind}",
        f"secret-{kind}",
        f"Hidden {kind} person",
        f"hidden-{kind}",
        f"{kind}-only-tag",
    ]
    for name, url in surfaces(kind, public, hidden[kind]):
        response = client.get(url)
        if name in OWN_PAGES:
            # The live part of a story answers as its page does.
            follows_story = name in ("story page", "live updates", "live feed")
            expected = OWN_STATUS.get(kind, 404) if follows_story else 404
            assert response.status_code == expected, name
            if kind == "killed" and follows_story:
                content = response.content.decode()
                assert "Withdrawn for legal reasons." in content
                assert "Secret killed headline" not in content
            continue
        assert response.status_code == 200, name
        content = response.content.decode()
        if name == "sitemap index":
            # The index lists sections only; the sections are checked above.
            assert "sitemap-people.xml" in content
        if name == "public story, its JSON-LD and related coverage":
            assert "application/ld+json" in content
        leaked = [secret for secret in secrets if secret in content]
        assert not leaked, f"{name} shows {leaked}"


@pytest.mark.usefixtures("commits_as_in_production")
def test_the_same_surfaces_show_public_things(client, newsroom):
    """The leak test looks where public things do show."""
    public, _hidden = newsroom
    reporter = public.bylines.get().person
    assert client.get(reporter.get_absolute_url()).status_code == 200
    for feed in ("people:feed_rss", "people:feed_atom"):
        response = client.get(reverse(feed, kwargs={"slug": reporter.slug}))
        assert response.status_code == 200 and b"Open story" in response.content
    tag = client.get(reverse("articles:tag_feed_rss", kwargs={"slug": "open-tag"}))
    assert tag.status_code == 200 and b"Open story" in tag.content
    people = client.get("/sitemap-people.xml").content.decode()
    assert reporter.slug in people
    assert "open-tag" in client.get("/sitemap-tags.xml").content.decode()
    found = client.get(reverse("articles:search") + "?q=Open").content.decode()
    assert public.get_absolute_url() in found
