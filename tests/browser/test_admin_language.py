"""An editor switches the admin to Khmer from the user tools, in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password"


def khmer(text):
    with translation.override("km"):
        return translation.gettext(text)


def test_editor_switches_the_admin_to_khmer(live_server, chromium):
    """Choose ខ្មែរ, press Change: the desk and the story form speak Khmer."""
    user = get_user_model().objects.create_superuser(
        "sophea", password=PASSWORD, email=""
    )
    make_person("Sophea", is_staff=True, user=user)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "sophea")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    assert page.locator("html").get_attribute("lang") == "en-us"

    page.get_by_label("Admin language").select_option("km")
    page.locator("#language-form button").click()
    page.wait_for_url(f"{base}/admin/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.get_by_role("link", name=khmer("Write a story")).is_visible()
    assert Person.objects.get(user=user).admin_language == "km"

    page.get_by_role("link", name=khmer("Write a story")).click()
    page.wait_for_url(f"{base}/admin/articles/article/add/")
    assert page.get_by_label(khmer("headline"), exact=False).first.is_visible()
    assert (
        page.locator("label[for=id_headline]")
        .inner_text()
        .startswith(khmer("headline"))
    )
    # The story form's script rewrites the length in Khmer as the body grows.
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("one two three")
    length = page.locator("#story-length")
    for _attempt in range(100):
        if length.inner_text().startswith("3 "):
            break
        page.wait_for_timeout(100)
    assert length.inner_text().startswith("3 ")
    assert "min read" not in length.inner_text()
    assert errors == []
    context.close()
