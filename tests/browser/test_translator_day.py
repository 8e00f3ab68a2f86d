"""
A translator's day in Chromium: open an English story, translate it into Khmer
beside the source, publish, then carry over a change the source made later.
"""

import pytest

from articles.models import Article, Byline
from tests.browser.test_desk_day import sign_in, staff
from tests.factories import make_article

pytestmark = pytest.mark.browser

KHMER_HEADLINE = "ទឹកជំនន់ឡើងខ្ពស់នៅភ្នំពេញ"
KHMER_BODY = "ទន្លេមេគង្គឡើងខ្ពស់ពេញមួយយប់។"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_translators_day(live_server, chromium):
    """English story → Translate into Khmer → type Khmer → publish → up to date."""
    base = live_server.url
    translator = staff("sophal", "Editor", "Sophal", "Translator")
    source = make_article(
        "Flood waters rise in Phnom Penh",
        deck="The river is at its highest in a decade.",
        body="<p>The Mekong rose overnight.</p>",
        language=Article.Language.ENGLISH,
        tags=["floods"],
    )

    page, errors = sign_in(chromium, base, "sophal")
    page.goto(f"{base}/admin/articles/article/{source.pk}/change/")
    page.click("input[value='Translate into Khmer']")
    page.wait_for_url(f"{base}/admin/articles/article/*/change/")
    translation = source.translations.get()
    assert page.url.endswith(f"/admin/articles/article/{translation.pk}/change/")
    assert "Khmer draft" in page.locator(".messagelist").inner_text()

    # The source sits beside the form, clear of it.
    panel = page.locator(".translation-source")
    assert "Flood waters rise in Phnom Penh" in panel.inner_text()
    assert "The Mekong rose overnight." in panel.inner_text()
    form_box = page.locator("#article_form").bounding_box()
    panel_box = panel.bounding_box()
    assert panel_box["x"] >= form_box["x"] + form_box["width"]

    # The translator writes over the source's text in Khmer and publishes.
    page.fill("#id_headline", KHMER_HEADLINE)
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(KHMER_BODY)
    page.click("input[name=_publish_now]")
    page.wait_for_url(f"{base}/admin/articles/article/{translation.pk}/change/")
    assert "is published" in page.locator(".messagelist").inner_text()
    translation.refresh_from_db()
    assert translation.is_public
    assert translation.headline == KHMER_HEADLINE
    assert KHMER_BODY in translation.body
    assert translation.bylines.get().person.user == translator
    assert translation.bylines.get().role == Byline.Role.TRANSLATOR
    reader = page.context.new_page()
    reader.goto(base + translation.get_absolute_url())
    assert KHMER_HEADLINE in reader.locator("h1").inner_text()
    reader.close()

    # The source changes; the desk and the translation's form say so.
    source.headline = "Flood waters rise across Cambodia"
    source.save()
    page.goto(f"{base}/admin/")
    assert KHMER_HEADLINE in page.locator("#desk-translations").inner_text()
    page.click(f"#desk-translations >> text={KHMER_HEADLINE}")
    changed = page.locator("#source-changed")
    assert "The source changed since you translated it" in changed.inner_text()
    assert changed.locator(".diff ins").first.inner_text() == "across Cambodia"
    page.click("input[value='Mark as up to date']")
    page.wait_for_url(f"{base}/admin/articles/article/{translation.pk}/change/")
    assert "up to date" in page.locator(".messagelist").inner_text()
    assert page.locator("#source-changed").count() == 0
    assert errors == []
