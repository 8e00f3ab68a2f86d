"""Pages the other browser tests do not open run under the policy too."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_photo

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_docs_history_and_changelists_raise_no_policy_violation(
    live_server, chromium
):
    """Swagger UI, the story list, history and a photo-led story load cleanly."""
    get_user_model().objects.create_superuser("boss", "b@example.org", "pw-123456")
    story = make_article("Under the policy", lead_photo=make_photo())
    errors = []
    page = chromium.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .info")
    page.goto(live_server.url + story.get_absolute_url())
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw-123456")
    page.click("input[type=submit]")
    for path in [
        "/admin/articles/article/",
        f"/admin/articles/article/{story.pk}/change/",
        f"/admin/articles/article/{story.pk}/history/",
        "/admin/articles/photo/add/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert errors == []
