"""Pushes to partners' endpoints: scope, signature, retries, idempotency, SSRF."""

import json
import re
import socket
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import publishing
from articles.models import Article, Note
from articles.tasks import release_embargo
from syndication import addresses, push, signing
from syndication.models import Delivery, Endpoint
from tests.factories import make_article

from .conftest import make_endpoint, make_partner
from .test_api import assert_ninjs

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).parent.parent.parent / "docs" / "syndication.md"


def partner_verifier():
    """The verification code partners are given in docs/syndication.md, run as is."""
    block = re.search(r"```python\n(.*?)```", DOCS.read_text("utf-8"), re.S)
    namespace = {}
    exec(compile(block.group(1), str(DOCS), "exec"), namespace)  # noqa: S102
    return namespace["verify_newsroom_push"]


def committed(captured, action):
    """Run ``action`` and what its commit would run (events, then tasks)."""
    with captured(execute=True):
        return action()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("desk", "desk@example.org", "pw")


def test_signature_verifies_and_refuses_tampering_and_replays():
    """The signature covers timestamp and body; an old request is refused."""
    body = "ព័ត៌មាន".encode()
    header = signing.signature("whsec_test", 1_700_000_000, body)
    assert header.startswith("v1=")
    assert signing.verify("whsec_test", body, "1700000000", header, now=1_700_000_010)
    assert not signing.verify(
        "whsec_other", body, "1700000000", header, now=1_700_000_010
    )
    assert not signing.verify(
        "whsec_test", body + b" ", "1700000000", header, now=1_700_000_010
    )
    assert not signing.verify(
        "whsec_test", body, "1700000001", header, now=1_700_000_010
    )
    assert not signing.verify(
        "whsec_test", body, "1700000000", header, now=1_700_009_999
    )
    assert not signing.verify("whsec_test", body, "soon", header)


def test_a_publish_is_pushed_signed_as_ninjs(
    partner_server, django_capture_on_commit_callbacks
):
    """A published story reaches the endpoint; the partner's own code verifies it."""
    server = partner_server()
    partner, _key = make_partner(key=False)
    endpoint, secret = make_endpoint(partner, server.url)
    story = committed(
        django_capture_on_commit_callbacks, lambda: make_article("Envoy visits")
    )
    assert len(server.requests) == 1
    request = server.requests[0]
    headers = request["headers"]
    assert request["path"] == "/hooks/newsroom"
    assert headers["Newsroom-Event"] == "publish"
    assert headers["Content-Type"].startswith("application/json")
    verify = partner_verifier()
    assert verify(secret, headers, request["body"])
    assert not verify("whsec_wrong", headers, request["body"])
    document = json.loads(request["body"])
    assert_ninjs(document)
    assert document["headlines"][0]["value"] == "Envoy visits"
    delivery = Delivery.objects.get()
    assert (delivery.article, delivery.endpoint, delivery.event) == (
        story,
        endpoint,
        "publish",
    )
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 1 and delivery.response_code == 200
    assert headers["Newsroom-Delivery"] == str(delivery.delivery_id)


def test_a_khmer_story_is_pushed_in_khmer(
    partner_server, django_capture_on_commit_callbacks
):
    """A Khmer story's text arrives intact in UTF-8, to a Khmer-only partner."""
    from .conftest import khmer_story

    headline, body = khmer_story()
    server = partner_server()
    khmer_partner, _ = make_partner("ដៃគូ", key=False, languages=["km"])
    make_endpoint(khmer_partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("English only"))
    assert server.requests == []
    committed(
        django_capture_on_commit_callbacks,
        lambda: make_article(headline, body=body, language="km"),
    )
    (request,) = server.requests
    document = json.loads(request["body"].decode("utf-8"))
    assert document["headlines"][0]["value"] == headline
    assert document["language"] == "km"


def test_a_failing_endpoint_is_retried_until_it_answers(
    partner_server, django_capture_on_commit_callbacks
):
    """500, then 503, then 200: three tries, one delivery id, the same body."""
    server = partner_server([500, 503, 200])
    partner, _ = make_partner(key=False)
    _endpoint, secret = make_endpoint(partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("Flood warning"))
    assert len(server.requests) == 3
    ids = {r["headers"]["Newsroom-Delivery"] for r in server.requests}
    assert len(ids) == 1
    assert len({r["body"] for r in server.requests}) == 1
    verify = partner_verifier()
    assert all(verify(secret, r["headers"], r["body"]) for r in server.requests)
    delivery = Delivery.objects.get()
    assert str(delivery.delivery_id) in ids
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 3
    assert delivery.response_code == 200
    assert delivery.error == ""


def test_a_dead_endpoint_is_given_up_and_logged(
    django_capture_on_commit_callbacks, caplog
):
    """Nothing listening: every try fails, the last is an error on the log."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    partner, _ = make_partner(key=False)
    make_endpoint(partner, f"http://127.0.0.1:{port}/gone")
    committed(django_capture_on_commit_callbacks, lambda: make_article("Nobody home"))
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 4
    assert delivery.response_code is None
    assert delivery.error
    assert "Gave up pushing" in caplog.text


@pytest.mark.parametrize("status", [400, 301])
def test_a_refusal_is_not_retried(
    partner_server, django_capture_on_commit_callbacks, status
):
    """A 400 or a redirect will not change on a retry: one try, failed, kept."""
    server = partner_server([status])
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("Bad request"))
    delivery = Delivery.objects.get()
    assert len(server.requests) == 1
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        Delivery.Status.FAILED,
        1,
        status,
    )
    assert delivery.error == "ok"


def test_send_again_sends_the_same_delivery(
    partner_server, django_capture_on_commit_callbacks
):
    """ "Send again" repeats the delivery: same id, same body, one more try."""
    server = partner_server([200])
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("Once more"))
    delivery = Delivery.objects.get()
    push.send_again(delivery)
    assert len(server.requests) == 2
    first, second = server.requests
    assert (
        first["headers"]["Newsroom-Delivery"] == second["headers"]["Newsroom-Delivery"]
    )
    assert first["body"] == second["body"]
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.status == Delivery.Status.DELIVERED


def test_endpoints_take_only_their_events(
    partner_server, django_capture_on_commit_callbacks, editor
):
    """An endpoint that takes kills alone hears nothing of a publish."""
    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url, events=["kill"])
    story = committed(
        django_capture_on_commit_callbacks, lambda: make_article("Soon killed")
    )
    assert server.requests == []
    committed(
        django_capture_on_commit_callbacks,
        lambda: publishing.kill(story, editor, "Legal reasons."),
    )
    (request,) = server.requests
    assert request["headers"]["Newsroom-Event"] == "kill"


def test_a_kill_reaches_partners_as_canceled(
    partner_server, django_capture_on_commit_callbacks, editor
):
    """A killed story is pushed once more, ``pubstatus: canceled``."""
    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    story = committed(
        django_capture_on_commit_callbacks, lambda: make_article("Doubtful")
    )
    committed(
        django_capture_on_commit_callbacks,
        lambda: publishing.kill(Article.objects.get(pk=story.pk), editor, "Untrue."),
    )
    events = [r["headers"]["Newsroom-Event"] for r in server.requests]
    assert events == ["publish", "kill"]
    killed = json.loads(server.requests[-1]["body"])
    assert killed["pubstatus"] == "canceled"
    assert_ninjs(killed)
    assert Delivery.objects.filter(event="kill", status="delivered").count() == 1


def test_a_correction_is_pushed(partner_server, django_capture_on_commit_callbacks):
    """A correction note on a story partners have is pushed as a correction."""
    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    story = committed(
        django_capture_on_commit_callbacks, lambda: make_article("Figures")
    )
    committed(
        django_capture_on_commit_callbacks,
        lambda: Note.objects.create(
            article=story, kind=Note.Kind.CORRECTION, text="The figure was 12."
        ),
    )
    events = [r["headers"]["Newsroom-Event"] for r in server.requests]
    assert events == ["publish", "correction"]


def test_embargoed_story_is_pushed_embargoed_then_released(
    partner_server, django_capture_on_commit_callbacks
):
    """Embargo partners get it at once, marked; at the embargo everyone gets RELEASE."""
    early_server, plain_server = partner_server(), partner_server()
    early, _ = make_partner("Early", key=False, receives_embargoed=True)
    plain, _ = make_partner("Plain", key=False)
    make_endpoint(early, early_server.url)
    make_endpoint(plain, plain_server.url)
    until = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    story = committed(
        django_capture_on_commit_callbacks,
        lambda: make_article("Budget", embargo_until=until),
    )
    (first,) = early_server.requests
    assert plain_server.requests == []
    assert first["headers"]["Newsroom-Event"] == "publish"
    document = json.loads(first["body"])
    assert document["embargoed"].startswith(until.isoformat()[:19])
    assert_ninjs(document)
    with time_machine.travel(until + timedelta(seconds=1)):
        committed(
            django_capture_on_commit_callbacks,
            lambda: release_embargo.call(story.pk, until.isoformat()),
        )
    assert [r["headers"]["Newsroom-Event"] for r in early_server.requests] == [
        "publish",
        "release",
    ]
    (released,) = plain_server.requests
    assert released["headers"]["Newsroom-Event"] == "release"
    assert "embargoed" not in json.loads(released["body"])


def test_drafts_never_reach_partners(
    partner_server, django_capture_on_commit_callbacks
):
    """A draft or a scheduled story makes no delivery."""
    server = partner_server()
    partner, _ = make_partner(key=False, receives_embargoed=True)
    make_endpoint(partner, server.url)
    committed(
        django_capture_on_commit_callbacks,
        lambda: make_article("Secret draft", published=False),
    )
    committed(
        django_capture_on_commit_callbacks,
        lambda: make_article(
            "Tomorrow", published_at=timezone.now() + timedelta(days=1)
        ),
    )
    assert server.requests == []
    assert not Delivery.objects.exists()


def test_the_desk_only_queues(
    partner_server, django_capture_on_commit_callbacks, settings
):
    """The editor's commit queues one task and sends nothing itself."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("Queued"))
    assert server.requests == []
    assert not Delivery.objects.exists()
    queued = default_task_backend.results
    assert [r.task.func for r in queued] == [push.fan_out.func]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "0.0.0.0",
        "100.64.0.1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_and_loopback_addresses_are_refused(address, settings):
    """SSRF: no endpoint may reach the newsroom's own network."""
    settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = False
    assert addresses.is_refused(address)


def test_public_addresses_are_allowed_and_loopback_only_when_told(settings):
    """A public address passes; loopback only with the setting (tests, dev)."""
    assert not addresses.is_refused("93.184.216.34")
    assert not addresses.is_refused("2606:2800:220:1:248:1893:25c8:1946")
    settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = True
    assert not addresses.is_refused("127.0.0.1")
    assert addresses.is_refused("10.0.0.1")


def test_an_endpoint_on_a_private_address_is_refused_at_save_and_send(
    partner_server, django_capture_on_commit_callbacks, settings
):
    """The form refuses it; one saved earlier is refused at every try, unsent."""
    server = partner_server()
    partner, _ = make_partner(key=False)
    settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = False
    endpoint = Endpoint(partner=partner, url=server.url)
    with pytest.raises(ValidationError):
        endpoint.full_clean(exclude=["secret"])
    with pytest.raises(ValidationError):
        addresses.check_url("http://localhost:8000/")
    with pytest.raises(ValidationError):
        addresses.check_url("file:///etc/passwd")
    with pytest.raises(ValidationError, match="https"):
        addresses.check_url("http://93.184.216.34/hooks")
    make_endpoint(partner, server.url)
    committed(django_capture_on_commit_callbacks, lambda: make_article("Internal"))
    assert server.requests == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "private or local" in delivery.error


def test_a_story_out_of_scope_by_the_try_is_not_sent(
    partner_server, django_capture_on_commit_callbacks, settings
):
    """Made a draft (or embargoed) after its event: the try sends nothing."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    story = make_article("Pulled back")
    endpoint = partner.endpoints.get()
    delivery = Delivery.objects.create(endpoint=endpoint, article=story, event="update")
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    push.deliver.call(delivery.pk)
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED,
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    push.deliver.call(delivery.pk)
    assert server.requests == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.body == ""
    assert "scope" in delivery.error
