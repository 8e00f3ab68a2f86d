"""Partners, keys, stories in and out of scope, and a partner's HTTP endpoint."""

import http.server
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from syndication.models import Endpoint, Partner, PartnerKey
from tests.factories import make_article

KHMER_DATA = Path(__file__).parent.parent / "data" / "khmer"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def loopback_endpoints(settings):
    """The partner's test endpoint listens on 127.0.0.1; retries wait for nothing."""
    settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = True
    settings.NEWSROOM_SYNDICATION_RETRY_DELAYS = [0, 0, 0]
    settings.NEWSROOM_SYNDICATION_TIMEOUT = 2


def khmer_story():
    """A Khmer story's headline and text, from the test data."""
    meta = json.loads((KHMER_DATA / "01_vietnam_hotline.json").read_text("utf-8"))
    text = (KHMER_DATA / meta["text_file"]).read_text("utf-8")
    paragraphs = [line for line in text.splitlines() if len(line) > 40][:3]
    return meta["headline"], "".join(f"<p>{p}</p>" for p in paragraphs)


def make_partner(name="Partner TV", *, key=True, tags=(), **fields):
    """A partner and, unless told, one key: ``(partner, key)``."""
    partner = Partner.objects.create(name=name, **fields)
    if tags:
        partner.tags.set(tags)
    plain = None
    if key:
        row = PartnerKey(partner=partner, name="newsroom system")
        plain = row.set_key()
        row.save()
    return partner, plain


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def stories():
    """An English, a Khmer, a tagged, an embargoed, a killed, a draft, a scheduled."""
    now = timezone.now()
    khmer_headline, khmer_body = khmer_story()
    english = make_article("Envoy visits Phnom Penh", published_at=now - timedelta(3))
    khmer = make_article(
        khmer_headline,
        body=khmer_body,
        language="km",
        published_at=now - timedelta(hours=2),
    )
    tagged = make_article(
        "Mekong fish return", tags=["environment"], published_at=now - timedelta(1)
    )
    embargoed = make_article(
        "Budget figures under embargo",
        published_at=now - timedelta(minutes=5),
        embargo_until=now + timedelta(hours=6),
    )
    killed = make_article(
        "Withdrawn report",
        status=Article.Status.KILLED,
        published_at=now - timedelta(days=2),
        killed_at=now - timedelta(hours=1),
        kill_note="Legal reasons.",
    )
    draft = make_article("Secret draft", published=False)
    scheduled = make_article("Tomorrow's story", published_at=now + timedelta(days=1))
    return {
        "english": english,
        "khmer": khmer,
        "tagged": tagged,
        "embargoed": embargoed,
        "killed": killed,
        "draft": draft,
        "scheduled": scheduled,
    }


class PartnerServer:
    """
    A partner's endpoint on 127.0.0.1 in a thread: it records each request and
    answers with the next of ``statuses`` (the last one from then on).
    """

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = (
                    server.statuses.pop(0)
                    if len(server.statuses) > 1
                    else server.statuses[0]
                )
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_port}/hooks/newsroom"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def partner_server():
    servers = []

    def start(statuses=(200,)):
        server = PartnerServer(statuses)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def make_endpoint(partner, url, events=None):
    endpoint = Endpoint(partner=partner, url=url)
    if events is not None:
        endpoint.events = list(events)
    secret = endpoint.set_secret()
    endpoint.save()
    return endpoint, secret
