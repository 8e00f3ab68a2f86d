import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Mention, Photo, Quote
from tests.articles.adminform import change_form_data
from tests.factories import make_article, make_person, make_photo

# Queries a changelist makes whatever the number of rows: session and user, the
# related-only tag filter, two counts (filtered and full), the page of rows, one
# per prefetched relation, and two for the date hierarchy.
# Raise these only for a reason that does not grow with the rows.
ARTICLE_CHANGELIST_QUERIES = 12
PHOTO_CHANGELIST_QUERIES = 9
QUOTE_CHANGELIST_QUERIES = 9


@pytest.mark.parametrize(
    "name",
    [
        "admin:index",
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_photo_changelist",
        "admin:articles_photo_add",
        "admin:articles_quote_changelist",
        "admin:articles_quote_add",
    ],
)
@pytest.mark.parametrize("content", ["empty", "sample"])
def test_admin_pages_render(admin_client, request, name, content):
    """The admin index, changelists and add pages open, empty or with content."""
    if content == "sample":
        request.getfixturevalue("sample_newsroom")
    assert admin_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("model", [Article, Photo, Quote])
def test_change_pages_of_sample_objects_render(admin_client, sample_newsroom, model):
    """Every sample story, photo and quote opens in the admin."""
    objects = list(model.objects.all())
    assert objects
    for obj in objects:
        url = reverse(f"admin:articles_{model._meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200, obj


def test_article_change_page_shows_inlines_photo_and_site_link(
    admin_client, sample_newsroom
):
    """An editor sees credits, quotes, the lead photo and a link to the story."""
    article = Article.objects.get(slug__startswith="us-renews-call")
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    html = response.content.decode()
    assert "View on site" in html
    assert article.lead_photo.image.url in html
    assert response.context["inline_admin_formsets"][0].formset.total_form_count() == 1
    quote_formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Quote
    )
    assert quote_formset.total_form_count() == article.quotes.count() == 9


def test_article_changelist_shows_bylines_tags_and_thumbnail(
    admin_client, sample_newsroom
):
    """The story list carries bylines, tags and the lead photo thumbnail."""
    html = admin_client.get(reverse("admin:articles_article_changelist")).content
    html = html.decode()
    assert "Aun Chhengpor" in html
    assert "Cambodia National Rescue Party, Democracy" in html
    assert "/media/sample/murphy-briefing-phnom-penh-2017-12-13.jpg" in html


def test_article_changelist_filters_by_tag(admin_client, sample_newsroom):
    """The tags filter offers the stories' tags and narrows the list."""
    url = reverse("admin:articles_article_changelist")
    response = admin_client.get(url)
    tag_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", None) == "tags"
    )
    names = {name for _, name in tag_filter.lookup_choices}
    assert {"Elections", "Diplomacy", "Cambodia"} <= names
    elections = next(
        pk for pk, name in tag_filter.lookup_choices if name == "Elections"
    )
    response = admin_client.get(url, {"tags__id__exact": elections})
    assert [a.headline for a in response.context["cl"].result_list] == [
        "US Renews Call for Cambodia to Reverse ‘Backtracking’ on Democracy"
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("Hun Sen", 2), ("Zeeberg", 1), ("Milosevic", 1), ("nothing-like-it", 0)],
)
def test_article_search_covers_body(admin_client, sample_newsroom, term, expected):
    """Search looks into headline, deck and body."""
    response = admin_client.get(
        reverse("admin:articles_article_changelist"), {"q": term}
    )
    assert response.context["cl"].result_count == expected


def test_article_added_through_the_admin_keeps_bylines_and_tags(admin_client, db):
    """Saving the add form stores the story, its ordered bylines and its tags."""
    writer, photographer = make_person("Writer"), make_person("Photographer")
    data = {
        "headline": "A new story",
        "slug": "a-new-story",
        "deck": "",
        "body": "<p>Text.</p>",
        "status": "published",
        "published_at_0": "2019-11-15",
        "published_at_1": "10:00:00",
        "dateline": "Phnom Penh",
        "source": "",
        "tags": "Cambodia, Diplomacy",
    }
    for prefix, rows in [
        ("bylines", [(writer, "author", 0), (photographer, "photographer", 1)]),
        ("mentions", []),
        ("quotes", []),
        ("notes", []),
    ]:
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, (person, role, position) in enumerate(rows):
            data |= {
                f"{prefix}-{i}-person": person.pk,
                f"{prefix}-{i}-role": role,
                f"{prefix}-{i}-position": position,
            }
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="a-new-story")
    assert [(b.person, b.role) for b in article.bylines.all()] == [
        (writer, "author"),
        (photographer, "photographer"),
    ]
    assert sorted(article.tags.names()) == ["Cambodia", "Diplomacy"]


def test_published_story_without_date_is_published_now(admin_client, db):
    """Choosing Published with no date means now, not a refusal."""
    data = {
        "headline": "Undated",
        "slug": "undated",
        "status": "published",
        "tags": "",
    }
    for prefix in ("bylines", "mentions", "quotes", "notes"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    before = timezone.now()
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="undated")
    assert article.is_public
    assert before <= article.published_at <= timezone.now()


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("article", "lead_photo", "Murphy", "Placeholder standing in"),
        ("article", "related", "Zeeberg", "Trump Letter Urges Hun Sen"),
        ("byline", "person", "Chhengpor", "Aun Chhengpor"),
        ("mention", "person", "W. Patrick", "Patrick Murphy"),
        ("quote", "speaker", "Sochua", "Mu Sochua"),
        ("quote", "article", "Backtracking", "US Renews Call"),
        ("photo", "photographer", "Aun", "Aun Chhengpor"),
    ],
)
def test_autocomplete_endpoints_answer(
    admin_client, sample_newsroom, model_name, field_name, term, expected
):
    """The people, photo and story pickers find what an editor types."""
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert len(texts) == 1
    assert texts[0].startswith(expected)


def test_deleting_a_lead_photo_is_refused_in_the_admin(admin_client, sample_newsroom):
    """The delete page says the photo cannot go, and posting it deletes nothing."""
    photo = Photo.objects.get()
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cannot delete photo" in html
    assert "would require deleting the following protected related objects" in html
    assert "US Renews Call for Cambodia" in html
    response = admin_client.post(url, {"post": "yes"})
    assert "Cannot delete photo" in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_unused_photo_can_be_deleted_in_the_admin(admin_client, db):
    """A photo no story leads with is deleted normally."""
    photo = make_photo()
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()


def add_article_row():
    article = make_article(
        tags=["shared", f"own-{Article.objects.count()}"], lead_photo=make_photo()
    )
    person = make_person(is_staff=True)
    Byline.objects.create(article=article, person=person)
    Mention.objects.create(article=article, person=make_person())
    return article


def add_photo_row():
    photo = make_photo(photographer=make_person())
    photo.tags.add("shared", f"own-{photo.pk}")
    return photo


def add_quote_row():
    return Quote.objects.create(
        article=make_article(),
        speaker=make_person(),
        text="Words.",
        said_on="2019-11-15",
    )


@pytest.mark.parametrize(
    ("model_name", "add_row", "pinned"),
    [
        ("article", add_article_row, ARTICLE_CHANGELIST_QUERIES),
        ("photo", add_photo_row, PHOTO_CHANGELIST_QUERIES),
        ("quote", add_quote_row, QUOTE_CHANGELIST_QUERIES),
    ],
)
def test_changelist_query_count_does_not_grow(
    admin_client, django_assert_num_queries, model_name, add_row, pinned
):
    """A changelist makes the same number of queries for 2 rows as for 30."""
    url = reverse(f"admin:articles_{model_name}_changelist")
    for _ in range(2):
        add_row()
    admin_client.get(url)  # warm per-process caches (content types)
    with django_assert_num_queries(pinned):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 2
    for _ in range(28):
        add_row()
    with django_assert_num_queries(pinned):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 30


def test_story_change_page_rows_do_not_query_their_labels(
    admin_client, django_assert_max_num_queries
):
    """Inline rows name their person and story from one query each, not per row.

    Each autocomplete widget still looks up its selected option (one query per
    person field), so the bound is the row count plus a fixed overhead.
    """
    from tests.factories import make_heavy_article

    article = make_heavy_article()
    person_fields = article.bylines.count() + article.mentions.count()
    person_fields += article.quotes.count()
    url = reverse("admin:articles_article_change", args=[article.pk])
    with django_assert_max_num_queries(person_fields + 20):
        assert admin_client.get(url).status_code == 200


def test_tag_longer_than_the_tag_table_is_a_form_error(admin_client):
    """A 101-character tag is refused with a message, not a database error."""
    article = make_article(headline="Tagged story")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url), tags="x" * 101)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert not article.tags.exists()
