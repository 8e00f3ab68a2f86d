"""A browser finds the site's icon: no 404 and no console error on a page."""

import pytest

from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_page_loads_its_icon_without_an_error(live_server, chromium):
    story = make_article("A story with an icon", tags=["icons"])
    page = chromium.new_page()
    errors, failed = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("requestfailed", lambda r: failed.append(r.url))

    def seen(response):
        if response.status >= 400:
            failed.append(response.url)

    page.on("response", seen)
    page.goto(live_server.url + story.get_absolute_url())
    page.wait_for_load_state("networkidle")
    # The browser fetches the icon itself, as it does on every page.
    icon = page.evaluate(
        "fetch(document.querySelector('link[rel=icon]').href)"
        ".then(r => [r.status, r.headers.get('content-type')])"
    )
    assert icon == [200, "image/x-icon"]
    assert page.evaluate("fetch('/favicon.ico').then(r => r.status)") == 200
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["icons"]
    assert errors == []
    assert failed == []
