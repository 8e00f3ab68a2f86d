"""The rich-text editor in a real browser: it loads, and what is typed is saved."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not shutil.which(CHROMIUM) and not os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


@pytest.mark.django_db(transaction=True)
def test_body_typed_in_prose_editor_is_saved(live_server, settings):
    """An editor types the body in django-prose-editor and it is stored as HTML."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_superuser("boss", "b@example.org", "pw-123456")
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "boss")
        page.fill("#id_password", "pw-123456")
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/articles/article/add/")
        page.fill("#id_headline", "Typed in a browser")
        editor = page.locator(".ProseMirror[contenteditable=true]")
        editor.click()
        page.keyboard.type("Written in the editor.")
        page.click("input[name=_save]")
        page.wait_for_url(f"{live_server.url}/admin/articles/article/")
        browser.close()
    assert errors == []
    article = Article.objects.get(slug="typed-in-a-browser")
    assert article.body == "<p>Written in the editor.</p>"
