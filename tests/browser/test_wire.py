"""Wire copy in a real browser: paste, see suggestions, accept all, preview."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

pytestmark = pytest.mark.browser

SEED = Path(__file__).parents[1] / "data" / "seeds" / "2017-12-13-us-renews-call.txt"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_paste_suggest_accept_all_preview(live_server, chromium):
    """An editor pastes wire copy, accepts every suggestion and previews the story."""
    get_user_model().objects.create_superuser("desk", "d@example.org", "pw-123456")
    errors = []
    page = chromium.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "pw-123456")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.click("text=Import wire copy")
    page.fill("#id_text", SEED.read_text())
    page.click("input[value='Import as a draft']")
    page.wait_for_url("**/suggestions/")
    assert page.locator("#wire-people tbody tr").count() == 8
    assert page.locator("#wire-quotes tbody tr").count() == 9
    assert page.locator("#wire-people").get_by_text("Sok Eysan").count() or (
        page.locator("#wire-people input[value='Sok Eysan']").count() == 1
    )
    page.click("input[name=accept_all]")
    page.wait_for_url("**/change/")
    assert "9 quotes" in page.locator(".messagelist").inner_text()
    article = Article.objects.get()
    assert article.quotes.count() == 9
    with page.expect_popup() as popup:
        page.click("text=Preview as readers see it")
    preview = popup.value
    preview.wait_for_load_state()
    text = preview.locator("body").inner_text()
    assert "US Renews Call for Cambodia" in text
    assert "Patrick Murphy" in text
    assert errors == []
