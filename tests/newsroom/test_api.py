import json
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from PIL import Image

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
    # Any offset Python reads, even beyond what PostgreSQL stores; no overflow.
    far_west = (mark - timedelta(hours=23)).astimezone(
        timezone.get_fixed_timezone(-(22 * 60 + 24))
    )
    _, page = get_json(client, url, since=far_west.isoformat())
    assert "Wire story" in headlines(page)
    assert client.get(url, {"since": "0001-01-01T00:00:00+05:00"}).status_code == 422
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


def test_browsers_may_send_conditional_requests_and_read_validators(client, newsroom):
    """CORS lets a script revalidate with its ETag and read ETag and Retry-After."""
    url = reverse("api:story", kwargs={"pk": newsroom["bylined"].pk})
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    allowed = preflight["Access-Control-Allow-Headers"].split(", ")
    assert {"if-none-match", "if-modified-since"} <= set(allowed)
    response = client.get(url, HTTP_ORIGIN="https://partner.example")
    exposed = response["Access-Control-Expose-Headers"].split(", ")
    assert {"ETag", "Last-Modified", "Retry-After"} <= set(exposed)
    again = client.get(
        url, HTTP_ORIGIN="https://partner.example", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_anonymous_clients_are_throttled(client, newsroom, monkeypatch):
    """Past the anonymous rate, across all endpoints, the API answers 429."""
    monkeypatch.setattr(ANON_THROTTLE, "num_requests", 3)
    urls = [reverse("api:stories"), reverse("api:people"), reverse("api:photos")]
    responses = [client.get(url) for url in urls * 2]
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429, 429]
    throttled = responses[-1]
    assert throttled.json() == {"detail": "Too many requests."}
    assert int(throttled["Retry-After"]) >= 1


def test_openapi_description_is_served(client):
    """The OpenAPI description lists every endpoint; the docs page renders."""
    _, schema = get_json(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/stories/", "/api/people/", "/api/photos/"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200


def test_openapi_document_is_valid_for_client_generators(client):
    """The OpenAPI document validates, each method with an operationId of its own."""
    _, schema = get_json(client, "/api/openapi.json")
    validate_openapi(schema)
    operations = {
        (path, method): operation["operationId"]
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert len(set(operations.values())) == len(operations)
    assert operations[("/api/stories/", "get")] == "story_list"
    assert operations[("/api/stories/", "head")] == "story_list_head"
    (language,) = (
        p
        for p in schema["paths"]["/api/stories/"]["get"]["parameters"]
        if p["name"] == "language"
    )
    ref = language["schema"]["anyOf"][0]["$ref"].removeprefix("#/components/schemas/")
    assert schema["components"]["schemas"][ref]["enum"] == Article.Language.values


def test_unknown_language_is_an_error_naming_the_known_codes(client, newsroom):
    """?language=xx is a 422 in JSON that says which codes exist."""
    response = client.get(reverse("api:stories"), {"language": "xx"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "language"]
    for code in Article.Language.values:
        assert f"'{code}'" in error["msg"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/abc/",
        "/api/stories/-1/",
        "/api/stories/99999999999999999999999/",
        "/api/people/abc/",
        "/api/nothing/",
        "/api/stories/1/extra/",
    ],
)
def test_api_addresses_that_match_nothing_answer_json_404(client, newsroom, path):
    """An API address no route matches is a JSON 404, like a missing story."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


def test_site_404_stays_the_html_page(client, newsroom):
    """Outside /api/ a missing page is still the site's HTML 404."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"<html" in response.content
    missing = client.get(reverse("api:story", kwargs={"pk": newsroom["draft"].pk}))
    assert missing.json() == {"detail": "Not Found"}


def test_a_method_the_api_does_not_answer_is_a_json_405(client, newsroom):
    """POST to a read-only endpoint is a 405 in JSON that says what is allowed."""
    response = client.post(reverse("api:stories"))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_photos_list_every_rendition_the_site_serves(client, newsroom):
    """ninjs renditions: the original and each resized copy, with its real size."""
    photo = make_photo(image=image_file("wide.jpg", size=(1000, 751)))
    story = make_article("Wide photo", lead_photo=photo)
    _, doc = get_json(client, reverse("api:photo", kwargs={"pk": photo.pk}))
    assert_ninjs(doc)
    renditions = doc["renditions"]
    assert [r["name"] for r in renditions] == ["original", "w960", "w640", "w320"]
    assert renditions[0]["width"] == 1000 and renditions[0]["height"] == 751
    for rendition in renditions:
        assert rendition["href"].startswith("http://testserver/media/")
        assert rendition["contenttype"] == "image/jpeg"
        name = rendition["href"].removeprefix("http://testserver/media/")
        with default_storage.open(name) as file, Image.open(file) as image:
            assert image.size == (rendition["width"], rendition["height"])
    _, story_doc = get_json(client, reverse("api:story", kwargs={"pk": story.pk}))
    assert_ninjs(story_doc)
    assert story_doc["associations"][0]["renditions"] == renditions


def bad_values(parameter):
    """Values a careless or hostile client sends for an OpenAPI parameter."""
    values = ["abc", "", "-1", "0", "9" * 30, "1.5", "2024-13-45", "%", "ក្រុង"]
    if parameter["in"] == "path":
        return [v for v in values if v and "%" not in v and "/" not in v]
    return values


def test_every_operation_answers_bad_input_in_json(client, newsroom, monkeypatch):
    """Each operation in the OpenAPI document: junk in, JSON 4xx out, never a 500."""
    monkeypatch.setattr(ANON_THROTTLE, "num_requests", 10**6)
    _, schema = get_json(client, "/api/openapi.json")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = operation.get("parameters", [])
            good_path = path.replace("{pk}", str(newsroom["bylined"].pk))
            requests = []
            for parameter in parameters:
                for value in bad_values(parameter):
                    if parameter["in"] == "path":
                        url = path.replace("{" + parameter["name"] + "}", value)
                        requests.append((url, {}))
                    else:
                        requests.append((good_path, {parameter["name"]: value}))
            for url, params in requests:
                response = getattr(client, method)(url, params)
                label = (method, url, params, response.status_code)
                assert response.status_code < 500 and response.status_code != 429, label
                assert response["Content-Type"].startswith("application/json"), label
                if response.status_code >= 400 and method == "get":
                    assert "detail" in response.json(), label


def test_api_query_counts_are_bounded(client, newsroom, django_assert_max_num_queries):
    """A list page's queries do not grow with its stories, people and quotes."""
    for n in range(10):
        # Renditions come from the image files, never from the database.
        photo = make_photo(image=image_file(size=(700, 400))) if n < 3 else None
        story = make_article(
            f"Busy story {n}", tags=[f"tag-{n}", "busy"], lead_photo=photo
        )
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
