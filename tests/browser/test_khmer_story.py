"""A Khmer story reads right in Chromium at phone and desktop widths (issue 10)."""

import os
from pathlib import Path

import pytest

from articles.models import Article
from tests.browser.conftest import wait_until
from tests.factories import make_article, make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "កម្ពុជា និង សហរដ្ឋអាមេរិក ពិភាក្សាអំពីលទ្ធិប្រជាធិបតេយ្យ"
DECK = "រដ្ឋាភិបាលកម្ពុជាបានឆ្លើយតបទៅនឹងការរិះគន់របស់សហរដ្ឋអាមេរិក។"
BODY = "<p>" + "ក្រសួងការបរទេសបានចេញសេចក្តីថ្លែងការណ៍មួយ នៅថ្ងៃព្រហស្បតិ៍។ " * 12 + "</p>"
WIDTHS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}

# Width of every distinct Khmer consonant drawn in the site's Khmer face, and
# of a private-use character, which no font has: its .notdef box ("tofu").
MEASURE = """(family) => {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  context.font = `32px "${family}"`;
  const letters = Array.from("កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ");
  return {
    letters: letters.map((c) => context.measureText(c).width),
    tofu: context.measureText("\\ue000").width,
  };
}"""


def screenshot_dir(tmp_path):
    folder = os.environ.get("NEWSROOM_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("size", WIDTHS, ids=list(WIDTHS))
def test_khmer_story_renders_its_glyphs_at_phone_and_desktop_width(
    live_server, chromium, tmp_path, size
):
    """The Khmer webfont loads and draws real glyphs; the page fits the screen."""
    article = make_article(
        HEADLINE, deck=DECK, body=BODY, language="km", tags=["កម្ពុជា"]
    )
    make_person("ហ៊ុន សែន")
    page = chromium.new_page(viewport=WIDTHS[size])
    response = page.goto(live_server.url + article.get_absolute_url())
    assert response.status == 200
    page.evaluate("document.fonts.ready")
    wait_until(
        page,
        """() => [...document.fonts].some(
            (f) => f.family.includes("Newsroom Khmer") && f.status === "loaded")""",
    )

    assert page.get_attribute("html", "lang") == "km"
    loaded = page.evaluate(
        """() => [...document.fonts]
            .filter((f) => f.status === "loaded")
            .map((f) => f.family.replaceAll('"', ""))"""
    )
    assert "Newsroom Khmer Serif" in loaded
    headline_font = page.eval_on_selector(
        ".story-headline", "e => getComputedStyle(e).fontFamily"
    )
    assert "Newsroom Khmer Serif" in headline_font
    assert page.evaluate(
        """() => document.fonts.check('32px "Newsroom Khmer Serif"', 'កម្ពុជា')"""
    )

    widths = page.evaluate(MEASURE, "Newsroom Khmer Serif")
    # Real glyphs differ in width from one another and from the .notdef box.
    assert len({round(w, 1) for w in widths["letters"]}) > 5, widths
    tofu_like = [w for w in widths["letters"] if abs(w - widths["tofu"]) < 0.5]
    assert len(tofu_like) < len(widths["letters"]) // 2, widths

    # The text itself is laid out: the headline has height and fits the screen.
    box = page.locator(".story-headline").bounding_box()
    assert box["height"] > 20 and box["width"] <= WIDTHS[size]["width"]
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )

    shot = screenshot_dir(tmp_path) / f"khmer-story-{size}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


# The layout shifts of the page load so far, as Chromium reports them
# (Cumulative Layout Shift without input-driven shifts).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


PHONE = {"width": 412, "height": 823}


@pytest.mark.parametrize(
    "viewport", [PHONE, WIDTHS["desktop"]], ids=["phone", "desktop"]
)
def test_khmer_story_does_not_move_when_its_webfonts_arrive(
    live_server, chromium, sample_newsroom, viewport
):
    """
    The Khmer faces are preloaded, so the text is not laid out in a fallback and
    then again in the webfont: on the sample Khmer story at a phone's width the
    navigation wrapped once the Khmer sans arrived and moved the whole story
    down (0.26 of layout shift, as Lighthouse measured).
    """
    article = Article.objects.published().get(language="km")
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url(), wait_until="load")
    page.evaluate("document.fonts.ready")
    shift = page.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shift < 0.05, shift
