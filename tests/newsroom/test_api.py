import json
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles.models import Article, Byline, Mention, Quote
from newsroom.api import ANON_THROTTLE
from tests.factories import image_file, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "ninjs-schema_2.2.json").read_text()
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def assert_ninjs(document):
    """The document validates against the official ninjs 2.2 schema."""
    errors = sorted(VALIDATOR.iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom():
    """Stories of every byline combination, a Khmer one, a draft, a scheduled."""
    writer = make_person("Aun Chhengpor", is_staff=True)
    snapper = make_person("Tum Malis", is_staff=True)
    speaker = make_person("Sok Eysan", aliases="Sok Ey San")
    photo = make_photo(
        caption="Officials meet", credit="VOA Khmer", photographer=snapper
    )
    now = timezone.now()
    bylined = make_article(
        "Envoy visits Phnom Penh",
        lead_photo=photo,
        tags=["diplomacy"],
        published_at=now - timedelta(hours=1),
    )
    Byline.objects.create(article=bylined, person=writer)
    Mention.objects.create(article=bylined, person=speaker)
    Quote.objects.create(
        article=bylined, speaker=speaker, speaker_title="Spokesman", text="We decide."
    )
    agency = make_article(
        "Wire story", source="VOA Khmer", published_at=now - timedelta(hours=2)
    )
    photographer_only = make_article(
        "Photo essay", published_at=now - timedelta(hours=3)
    )
    Byline.objects.create(
        article=photographer_only, person=snapper, role=Byline.Role.PHOTOGRAPHER
    )
    khmer = make_article(
        "កម្ពុជា​ថ្ងៃនេះ", language="km", published_at=now - timedelta(hours=4)
    )
    draft = make_article("Secret draft", published=False, tags=["diplomacy"])
    Byline.objects.create(article=draft, person=make_person("Draft Only Writer"))
    scheduled = make_article("Tomorrow's story", published_at=now + timedelta(days=1))
    return {
        "bylined": bylined,
        "agency": agency,
        "photographer_only": photographer_only,
        "khmer": khmer,
        "draft": draft,
        "scheduled": scheduled,
        "writer": writer,
        "snapper": snapper,
        "speaker": speaker,
        "photo": photo,
    }


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response, response.json()


def headlines(page):
    return [item["headlines"][0]["value"] for item in page["items"]]


def test_story_list_is_public_ninjs_newest_first(client, newsroom):
    """Stories come newest first, every one valid ninjs, no draft or scheduled."""
    _, page = get_json(client, reverse("api:stories"))
    assert headlines(page) == [
        "Envoy visits Phnom Penh",
        "Wire story",
        "Photo essay",
        "កម្ពុជា​ថ្ងៃនេះ",
    ]
    assert page["count"] == 4
    for item in page["items"]:
        assert_ninjs(item)
        assert item["type"] == "text"
        assert item["standard"]["version"] == "2.2"


def test_drafts_and_scheduled_stories_never_appear(client, newsroom):
    """A draft or scheduled story is absent from lists and a 404 on its own."""
    for key in ("draft", "scheduled"):
        story = newsroom[key]
        response = client.get(reverse("api:story", kwargs={"pk": story.pk}))
        assert response.status_code == 404
        _, page = get_json(client, reverse("api:stories"), tag="diplomacy")
        assert story.headline not in headlines(page)
    _, people = get_json(client, reverse("api:people"))
    assert "Draft Only Writer" not in [p["title"] for p in people["items"]]


def test_story_document_names_who_wrote_who_said_what_and_the_photo(client, newsroom):
    """People ride along with their roles, quotes and the photo as associations."""
    story = newsroom["bylined"]
    _, doc = get_json(client, reverse("api:story", kwargs={"pk": story.pk}))
    assert_ninjs(doc)
    assert doc["uri"].startswith("tag:testserver,")
    assert doc["by"] == "Aun Chhengpor"
    rels = {(p["name"], p["rel"]) for p in doc["people"]}
    assert rels == {
        ("Aun Chhengpor", "author"),
        ("Sok Eysan", "mentioned"),
        ("Sok Eysan", "quoted"),
    }
    picture, quote = doc["associations"]
    assert picture["name"] == "featureimage"
    assert picture["type"] == "picture"
    assert picture["by"] == "VOA Khmer"
    assert picture["people"] == [
        {
            "name": "Tum Malis",
            "rel": "photographer",
            "uri": "http://testserver" + newsroom["snapper"].get_absolute_url(),
            "literal": newsroom["snapper"].slug,
        }
    ]
    assert picture["renditions"][0]["width"] == 64
    assert quote["bodies"][0]["value"] == "We decide."
    assert quote["people"][0]["name"] == "Sok Eysan"
    assert quote["people"][0]["rel"] == "speaker"
    assert doc["subjects"] == [
        {"name": "diplomacy", "rel": "about", "literal": "diplomacy"}
    ]


def test_unbylined_and_photographer_only_stories_credit_the_agency_or_newsroom(
    client, newsroom
):
    """No author byline: ``by`` is the source agency, else the newsroom."""
    for key, by in (("agency", "VOA Khmer"), ("photographer_only", "Newsroom")):
        story = newsroom[key]
        _, doc = get_json(client, reverse("api:story", kwargs={"pk": story.pk}))
        assert_ninjs(doc)
        assert doc["by"] == by
    _, doc = get_json(
        client, reverse("api:story", kwargs={"pk": newsroom["agency"].pk})
    )
    assert doc["infosources"] == [{"name": "VOA Khmer", "role": "source"}]


def test_story_filters_by_tag_person_and_language(client, newsroom):
    """?tag=, ?person= and ?language= narrow the list."""
    url = reverse("api:stories")
    _, page = get_json(client, url, tag="diplomacy")
    assert headlines(page) == ["Envoy visits Phnom Penh"]
    _, page = get_json(client, url, person=newsroom["speaker"].slug)
    assert headlines(page) == ["Envoy visits Phnom Penh"]
    _, page = get_json(client, url, language="km")
    assert headlines(page) == ["កម្ពុជា​ថ្ងៃនេះ"]
    assert page["items"][0]["language"] == "km"
    _, page = get_json(client, url, language="en")
    assert "កម្ពុជា​ថ្ងៃនេះ" not in headlines(page)
    assert client.get(url, {"person": "nobody"}).status_code == 404


def test_since_returns_only_what_changed_and_pages_link_on(client, newsroom):
    """?since= syncs changes; next/previous links walk the pages."""
    url = reverse("api:stories")
    mark = timezone.now()
    Article.objects.filter(pk=newsroom["agency"].pk).update(
        modified_at=mark + timedelta(seconds=1)
    )
    _, page = get_json(client, url, since=mark.isoformat())
    assert headlines(page) == ["Wire story"]
    # Without an offset, a time is UTC.
    naive = mark.astimezone(UTC).replace(tzinfo=None).isoformat()
    _, page = get_json(client, url, since=naive)
    assert headlines(page) == ["Wire story"]
    assert client.get(url, {"since": "yesterday"}).status_code == 422
    _, first = get_json(client, url, page_size=3)
    assert len(first["items"]) == 3 and first["previous"] is None
    assert first["next"].startswith("http://testserver/api/stories/?")
    _, second = get_json(client, first["next"].removeprefix("http://testserver"))
    assert headlines(second) == ["កម្ពុជា​ថ្ងៃនេះ"]
    assert second["next"] is None
    assert client.get(url, {"page": 99}).status_code == 404
    assert client.get(url, {"page": "9223372036854775807"}).status_code in (404, 422)


def test_people_and_photos_are_ninjs(client, newsroom):
    """People and photos lists and documents validate; only public ones."""
    newsroom["speaker"].portrait = image_file("portrait.jpg")
    newsroom["speaker"].save()
    _, people = get_json(client, reverse("api:people"))
    assert {p["title"] for p in people["items"]} == {
        "Aun Chhengpor",
        "Tum Malis",
        "Sok Eysan",
    }
    hidden = make_person("Known only from a draft")
    Mention.objects.create(article=newsroom["draft"], person=hidden)
    response = client.get(reverse("api:person", kwargs={"pk": hidden.pk}))
    assert response.status_code == 404
    for item in people["items"]:
        assert_ninjs(item)
    speaker = newsroom["speaker"]
    _, doc = get_json(client, reverse("api:person", kwargs={"pk": speaker.pk}))
    assert_ninjs(doc)
    assert {"role": "alias", "value": "Sok Ey San"} in doc["altids"]
    assert doc["associations"][0]["type"] == "picture"
    _, photos = get_json(client, reverse("api:photos"))
    assert [p["uri"] for p in photos["items"]] == [
        f"tag:testserver,{timezone.now().date().isoformat()}:photo:"
        f"{newsroom['photo'].pk}"
    ]
    for item in photos["items"]:
        assert_ninjs(item)
    unused = make_photo()
    response = client.get(reverse("api:photo", kwargs={"pk": unused.pk}))
    assert response.status_code == 404


def test_api_answers_etag_304_cors_and_last_modified(client, newsroom):
    """Conditional GETs get 304; any origin may read; Last-Modified is content's."""
    story = newsroom["bylined"]
    url = reverse("api:story", kwargs={"pk": story.pk})
    response = client.get(url, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    story.refresh_from_db()
    assert response["Last-Modified"] == (
        story.modified_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    )
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    head = client.head(url)
    assert head.status_code == 200
    assert head["Last-Modified"] == response["Last-Modified"]
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_anonymous_clients_are_throttled(client, newsroom, monkeypatch):
    """Past the anonymous rate, across all endpoints, the API answers 429."""
    monkeypatch.setattr(ANON_THROTTLE, "num_requests", 3)
    urls = [reverse("api:stories"), reverse("api:people"), reverse("api:photos")]
    codes = [client.get(url).status_code for url in urls * 2]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_openapi_description_is_served(client):
    """The OpenAPI description lists every endpoint; the docs page renders."""
    _, schema = get_json(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/stories/", "/api/people/", "/api/photos/"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200


def test_api_query_counts_are_bounded(client, newsroom, django_assert_max_num_queries):
    """A list page's queries do not grow with its stories, people and quotes."""
    for n in range(10):
        story = make_article(f"Busy story {n}", tags=[f"tag-{n}", "busy"])
        for i in range(3):
            person = make_person(f"Busy person {n}-{i}")
            Byline.objects.create(article=story, person=person, position=i)
            Mention.objects.create(article=story, person=person)
            Quote.objects.create(article=story, speaker=person, text=f"Said {i}.")
    with django_assert_max_num_queries(8):
        get_json(client, reverse("api:stories"), page_size=100)
    with django_assert_max_num_queries(4):
        get_json(client, reverse("api:photos"))
    with django_assert_max_num_queries(3):
        get_json(client, reverse("api:people"))
