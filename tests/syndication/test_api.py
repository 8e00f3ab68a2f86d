"""The partner API: keys, scope, sync, validators, throttling, privacy."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from taggit.models import Tag

from articles.models import Article
from newsroom.api import PARTNER_THROTTLE
from syndication import keys
from syndication.models import PartnerKey
from tests.factories import make_article

from .conftest import bearer, make_partner

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "ninjs-schema_2.2.json").read_text()
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
STORIES = "/api/partner/stories/"


def assert_ninjs(document):
    """The document validates against the official ninjs 2.2 schema."""
    errors = sorted(VALIDATOR.iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def get_page(client, key, url=STORIES, **params):
    response = client.get(url, params, **bearer(key))
    assert response.status_code == 200, response.content
    page = response.json()
    for item in page["items"]:
        assert_ninjs(item)
    return response, page


def headlines(page):
    return {item["headlines"][0]["value"] for item in page["items"]}


def test_the_partner_api_lives_at_its_own_address():
    """Partners' stories are at /api/partner/stories/, apart from the public API."""
    assert reverse("partner_api:stories") == STORIES
    assert reverse("partner_api:story", kwargs={"pk": 7}) == f"{STORIES}7/"


def test_a_key_is_stored_only_as_a_hash(stories):
    """No column of the key's row holds the key; its HMAC under the pepper does."""
    partner, key = make_partner()
    row = PartnerKey.objects.get(partner=partner)
    values = [
        str(v) for v in PartnerKey.objects.filter(pk=row.pk).values().get().values()
    ]
    assert key not in values
    assert all(key not in v for v in values)
    assert key.startswith(row.prefix) and len(row.prefix) == keys.PREFIX_LENGTH
    assert row.key_hash == keys.key_hash(key) != key
    assert len(key) > 40


def test_the_hash_depends_on_the_pepper(settings):
    """A database copy alone cannot check keys: the pepper is not in it."""
    key = keys.new_key()
    before = keys.key_hash(key)
    settings.NEWSROOM_SYNDICATION_PEPPER = "another pepper"
    assert keys.key_hash(key) != before
    assert keys.matches(key, keys.key_hash(key))
    assert not keys.matches(key, before)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer ",
        "Bearer nrp_not-a-key",
        "Basic dXNlcjpwYXNz",
        "Bearer nrp_",
    ],
)
def test_a_missing_or_wrong_key_is_a_401(client, stories, header):
    """No key, a wrong one or another scheme: 401, with how to authenticate."""
    make_partner()
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(STORIES, **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "no-store" in response["Cache-Control"]


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(client, stories):
    """The prefix finds the row; only the whole key's hash lets it in."""
    _partner, key = make_partner()
    forged = key[: keys.PREFIX_LENGTH] + "x" * (len(key) - keys.PREFIX_LENGTH)
    assert client.get(STORIES, **bearer(forged)).status_code == 401


def test_a_revoked_key_and_an_inactive_partner_are_refused(client, stories):
    """Revoking a key ends it at once; a partner switched off loses every key."""
    partner, key = make_partner()
    assert client.get(STORIES, **bearer(key)).status_code == 200
    row = partner.keys.get()
    assert row.last_used_at is not None
    row.revoke()
    assert client.get(STORIES, **bearer(key)).status_code == 401
    other, other_key = make_partner("Radio partner")
    other.is_active = False
    other.save()
    assert client.get(STORIES, **bearer(other_key)).status_code == 401


def test_scope_every_language_and_no_embargo_by_default(client, stories):
    """A partner without limits gets every story readers or partners may, but
    embargoed ones; killed ones come as canceled; drafts and scheduled never."""
    _partner, key = make_partner()
    _response, page = get_page(client, key)
    by_headline = {item["headlines"][0]["value"]: item for item in page["items"]}
    assert set(by_headline) == {
        stories["english"].headline,
        stories["khmer"].headline,
        stories["tagged"].headline,
        stories["killed"].headline,
    }
    assert by_headline[stories["killed"].headline]["pubstatus"] == "canceled"
    assert by_headline[stories["english"].headline]["pubstatus"] == "usable"
    detail = reverse("partner_api:story", kwargs={"pk": stories["embargoed"].pk})
    assert client.get(detail, **bearer(key)).status_code == 404


def test_scope_embargoed_stories_for_embargo_partners_marked(client, stories):
    """A partner that receives embargoed stories gets them marked ``embargoed``."""
    _partner, key = make_partner(receives_embargoed=True)
    _response, page = get_page(client, key)
    item = next(
        i
        for i in page["items"]
        if i["headlines"][0]["value"] == stories["embargoed"].headline
    )
    embargo = stories["embargoed"].embargo_until
    assert item["embargoed"].startswith(embargo.isoformat()[:19])
    for other in page["items"]:
        if other is not item:
            assert "embargoed" not in other
    assert stories["draft"].headline not in headlines(page)
    assert stories["scheduled"].headline not in headlines(page)


def test_scope_by_language_in_khmer(client, stories):
    """A Khmer broadcaster gets the Khmer story alone, its text intact."""
    _partner, key = make_partner("ទូរទស្សន៍ដៃគូ", languages=["km"])
    _response, page = get_page(client, key)
    assert headlines(page) == {stories["khmer"].headline}
    item = page["items"][0]
    assert item["language"] == "km"
    assert stories["khmer"].headline in json.dumps(item, ensure_ascii=False)


def test_scope_by_tags(client, stories):
    """A partner limited to tags gets only stories with one of them."""
    environment = Tag.objects.get(name="environment")
    _partner, key = make_partner(tags=[environment])
    _response, page = get_page(client, key)
    assert headlines(page) == {stories["tagged"].headline}
    detail = reverse("partner_api:story", kwargs={"pk": stories["english"].pk})
    assert client.get(detail, **bearer(key)).status_code == 404


def test_a_story_killed_under_embargo_reaches_only_embargo_partners(client):
    """Partners that never had an embargoed story do not hear of its kill."""
    now = timezone.now()
    story = make_article(
        "Killed before release",
        status=Article.Status.KILLED,
        published_at=now - timedelta(hours=2),
        embargo_until=now + timedelta(hours=2),
        killed_at=now - timedelta(hours=1),
        kill_note="Wrong figures.",
    )
    _p, plain = make_partner()
    _q, early = make_partner("Early partner", receives_embargoed=True)
    detail = reverse("partner_api:story", kwargs={"pk": story.pk})
    assert client.get(detail, **bearer(plain)).status_code == 404
    response = client.get(detail, **bearer(early))
    assert response.status_code == 200
    assert response.json()["pubstatus"] == "canceled"
    assert_ninjs(response.json())


def test_since_lists_changes_kills_included(client, stories):
    """``?since=`` gives what changed after a time: edits and kills alike."""
    _partner, key = make_partner()
    mark = timezone.now()
    Article.objects.filter(pk=stories["english"].pk).update(
        modified_at=mark + timedelta(seconds=1)
    )
    Article.objects.filter(pk=stories["killed"].pk).update(
        killed_at=mark + timedelta(seconds=2), modified_at=mark - timedelta(days=1)
    )
    _response, page = get_page(client, key, since=mark.isoformat())
    assert headlines(page) == {stories["english"].headline, stories["killed"].headline}
    killed = next(i for i in page["items"] if i["pubstatus"] == "canceled")
    assert killed["headlines"][0]["value"] == stories["killed"].headline


def test_since_lists_a_story_released_from_its_embargo(client, stories):
    """A story whose embargo ended after ``since`` is new to a partner without one."""
    _partner, key = make_partner()
    mark = timezone.now()
    story = stories["embargoed"]
    Article.objects.filter(pk=story.pk).update(
        embargo_until=mark + timedelta(seconds=1), modified_at=mark - timedelta(1)
    )
    with time_machine.travel(mark + timedelta(seconds=2)):
        _response, page = get_page(client, key, since=mark.isoformat())
    assert headlines(page) == {story.headline}


def test_since_lists_a_story_after_the_release_task(client, stories):
    """Once the release task has run, the story still counts as changed since."""
    from articles.tasks import release_embargo

    _partner, key = make_partner()
    story = stories["embargoed"]
    mark = timezone.now()
    with time_machine.travel(story.embargo_until + timedelta(seconds=1)):
        assert release_embargo.call(story.pk, story.embargo_until.isoformat())
        _response, page = get_page(client, key, since=mark.isoformat())
    assert headlines(page) == {story.headline}


def test_etag_and_last_modified_answer_304(client, stories):
    """A partner's conditional GET gets 304 until the content changes."""
    _partner, key = make_partner()
    response, _page = get_page(client, key)
    etag = response["ETag"]
    assert response["Last-Modified"]
    again = client.get(STORIES, HTTP_IF_NONE_MATCH=etag, **bearer(key))
    assert again.status_code == 304
    detail = reverse("partner_api:story", kwargs={"pk": stories["english"].pk})
    first = client.get(detail, **bearer(key))
    assert (
        client.get(detail, HTTP_IF_NONE_MATCH=first["ETag"], **bearer(key)).status_code
        == 304
    )
    story = stories["english"]
    story.headline = "Envoy leaves Phnom Penh"
    story.save()
    changed = client.get(STORIES, HTTP_IF_NONE_MATCH=etag, **bearer(key))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_head_answers_validators_without_a_body(client, stories):
    """HEAD gives a partner ETag and Last-Modified, and needs the key too."""
    _partner, key = make_partner()
    head = client.head(STORIES, **bearer(key))
    assert head.status_code == 200
    assert head["ETag"] and head["Last-Modified"]
    assert head.content == b""
    assert client.head(STORIES).status_code == 401


def test_answers_are_private_and_never_cors(client, stories):
    """No shared cache may keep an answer, and no browser page may read one."""
    _partner, key = make_partner()
    response = client.get(
        STORIES, HTTP_ORIGIN="https://elsewhere.example", **bearer(key)
    )
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "Authorization" in response["Vary"]
    assert "Access-Control-Allow-Origin" not in response


def test_the_page_cache_never_keeps_a_partner_answer(client, stories, settings):
    """With the page cache on, a revoked key gets 401, not a stored copy."""
    settings.NEWSROOM_PAGE_CACHE = True
    partner, key = make_partner(receives_embargoed=True)
    first = client.get(STORIES, **bearer(key))
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    partner.keys.get().revoke()
    assert client.get(STORIES, **bearer(key)).status_code == 401
    # And an anonymous reader at the same address is not handed it either.
    assert client.get(STORIES).status_code == 401


def test_each_key_is_throttled_on_its_own(client, stories, monkeypatch):
    """Past its rate a key gets 429 with Retry-After; another key is untouched."""
    monkeypatch.setattr(PARTNER_THROTTLE, "num_requests", 2)
    _partner, key = make_partner()
    _other, other_key = make_partner("Other partner")
    codes = [client.get(STORIES, **bearer(key)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    throttled = client.get(STORIES, **bearer(key))
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1
    assert "no-store" in throttled["Cache-Control"]
    assert client.get(STORIES, **bearer(other_key)).status_code == 200


def test_lists_page_like_the_public_api(client, stories):
    """``page_size`` and absolute links to the next page, as on /api/."""
    _partner, key = make_partner()
    _response, page = get_page(client, key, page_size=2)
    assert page["count"] == 4
    assert len(page["items"]) == 2
    assert page["next"].startswith("http")
    assert "page=2" in page["next"]


def test_filters_by_language_and_tag(client, stories):
    """Within its scope a partner may ask for a language or a tag."""
    _partner, key = make_partner()
    _response, page = get_page(client, key, language="km")
    assert headlines(page) == {stories["khmer"].headline}
    _response, page = get_page(client, key, tag="environment")
    assert headlines(page) == {stories["tagged"].headline}


def test_the_public_api_is_unchanged(client, stories):
    """The public API's description names no partner endpoint; it needs no key."""
    schema = client.get("/api/openapi.json").json()
    assert not any(path.startswith("/api/partner/") for path in schema["paths"])
    assert client.get("/api/stories/").status_code == 200
    partner_schema = client.get("/api/partner/openapi.json").json()
    validate_openapi(partner_schema)
    assert set(partner_schema["paths"]) == {STORIES, f"{STORIES}{{pk}}/"}
    assert client.get("/api/partner/docs").status_code == 200


def test_query_counts_are_bounded(client, django_assert_max_num_queries):
    """A page of heavy stories costs a fixed number of queries, however many."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_heavy_article

    _partner, key = make_partner(receives_embargoed=True)
    counts = []
    for _ in range(2):
        make_heavy_article(quotes=5, related=2)
        # Past the minute between ``last_used_at`` writes, so each run writes it.
        PartnerKey.objects.update(last_used_at=None)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(STORIES, **bearer(key))
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.json()["items"]) == Article.objects.for_partners().count() > 3
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        client.get(STORIES, **bearer(key))
    print(f"partner story list: {counts[1]} queries")
