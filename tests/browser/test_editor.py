"""The rich-text editor in a real browser: it loads, and what is typed is saved."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_body_typed_in_prose_editor_is_saved(live_server, chromium):
    """An editor types the body in django-prose-editor and it is stored as HTML."""
    get_user_model().objects.create_superuser("boss", "b@example.org", "pw-123456")
    errors = []
    page = chromium.new_page()
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
    assert errors == []
    article = Article.objects.get(slug="typed-in-a-browser")
    assert article.body == "<p>Written in the editor.</p>"
