"""The desk's threshold on the suggestions screen, in a real browser."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser

STORY = (
    Path(__file__).parents[1]
    / "data"
    / "wire_eval"
    / "dev"
    / "mothers-baby-talk-timbre.txt"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threshold_changes_what_comes_ticked(live_server, chromium):
    """Each quote shows how sure it is; the threshold decides which are ticked."""
    get_user_model().objects.create_superuser("desk", "d@example.org", "pw-123456")
    errors = []
    page = chromium.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "pw-123456")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/wire/wirecopy/import/")
    page.fill("#id_text", STORY.read_text())
    page.click("input[value='Import as a draft']")
    page.wait_for_url("**/suggestions/")
    rows = page.locator("#wire-quotes tbody tr")
    assert rows.count() == page.locator("#wire-quotes .sure").count() > 0
    ticked = page.locator("#wire-quotes input[name$='-accept']:checked")
    by_default = ticked.count()
    assert 0 < by_default < rows.count()
    page.fill("#id_sure", "0")
    page.click("#wire-sure input[type=submit]")
    page.wait_for_url("**/suggestions/?sure=0")
    assert ticked.count() > by_default
    page.fill("#id_sure", "100")
    page.click("#wire-sure input[type=submit]")
    page.wait_for_url("**/suggestions/?sure=100")
    assert ticked.count() == 0
    page.goto(page.url.split("?")[0])
    assert page.input_value("#id_sure") == "100"
    assert errors == []
