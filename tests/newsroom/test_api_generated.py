"""
Requests generated from the API's OpenAPI document by schemathesis, valid and
invalid, to every operation: whatever a client sends, the answer is JSON and
never a server error.
"""

from urllib.parse import urlencode

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings

from articles.models import Byline
from newsroom.api import ANON_THROTTLE, api
from tests.factories import make_article, make_person, make_photo

# HEAD runs the same views as GET, without the body to check.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema()).include(method="GET")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def newsroom(monkeypatch):
    """
    A story with a byline and a photo, and a throttle no example reaches (whose
    counts, kept in the cache, leave with the test).
    """
    monkeypatch.setattr(ANON_THROTTLE, "num_requests", 10**9)
    story = make_article("Envoy visits Phnom Penh", lead_photo=make_photo())
    Byline.objects.create(article=story, person=make_person("Aun Chhengpor"))
    yield
    cache.clear()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_json_never_a_server_error(case, client):
    """Any path value and query the document allows, or breaks: JSON below 500."""
    url = case.formatted_path
    if case.query:
        url += "?" + urlencode(case.query, doseq=True)
    response = client.generic(case.method, url)
    assert response.status_code < 500, url
    assert response["Content-Type"].startswith("application/json"), url
