"""How sure each suggested quote is, and the threshold for what comes ticked."""

from pathlib import Path

import pytest
from django.utils import translation

from articles.models import Article, Quote
from tests.wire.test_admin import form_data, import_text, suggestions_url

pytestmark = pytest.mark.django_db

EVAL = Path(__file__).parent.parent / "data" / "wire_eval" / "dev"
# Named quotations by a researcher, and recorded examples of baby talk that the
# story attributes to nobody.
BABY_TALK = (EVAL / "mothers-baby-talk-timbre.txt").read_text()
# A zoo quoted in a statement: an organisation, not a person.
ZOO = (EVAL / "barcelona-zoo-lions.txt").read_text()


def quotes_on(client, **params):
    import_text(client, BABY_TALK)
    article = Article.objects.get()
    return article, client.get(suggestions_url(article), params)


def ticked(page):
    return [
        (quote.text, quote.score)
        for form, quote in page.context["quote_rows"]
        if form["accept"].value()
    ]


def test_each_quote_shows_how_sure_and_why(editor_client):
    """Every quote row shows a score (0–100%) and a reason a person can read."""
    _article, page = quotes_on(editor_client)
    rows = page.context["quote_rows"]
    assert rows
    content = page.content.decode()
    for _form, quote in rows:
        assert 0 <= quote.score <= 1
        assert quote.reason
        assert f'data-score="{quote.score_percent}"' in content
    named = [q for _f, q in rows if q.reason.startswith("Elise Piazza is named")]
    assert named and all(q.score >= 0.9 for q in named)
    assert "Elise Piazza is named in the attribution" in content


def test_threshold_decides_which_quotes_come_ticked(editor_client):
    """Quotes under the threshold are shown unticked; 0 ticks all, 100 none."""
    _article, page = quotes_on(editor_client)
    rows = [q for _f, q in page.context["quote_rows"]]
    default = ticked(page)
    assert default == [(q.text, q.score) for q in rows if q.speaker and q.score >= 0.6]
    unsure = [q for q in rows if q.speaker and q.score < 0.6]
    assert {"A bunny and a mouse."} <= {q.text for q in unsure}
    everything = ticked(editor_client.get(page.request["PATH_INFO"], {"sure": 0}))
    assert len(everything) == len([q for q in rows if q.speaker]) > len(default)
    assert ticked(editor_client.get(page.request["PATH_INFO"], {"sure": 100})) == []


def test_threshold_is_remembered_for_the_next_story(editor_client):
    """The desk's threshold stays in the session until it is changed."""
    article, page = quotes_on(editor_client, sure=95)
    assert int(page.context["sure_form"]["sure"].value()) == 95
    again = editor_client.get(suggestions_url(article))
    assert again.context["sure_form"]["sure"].value() == 95
    assert all(score >= 0.95 for _text, score in ticked(again))
    assert 'name="sure"' in again.content.decode()


@pytest.mark.parametrize("value", ["abc", "150", "-5", ""])
def test_a_bad_threshold_is_ignored(editor_client, value):
    _article, page = quotes_on(editor_client, sure=value)
    assert page.status_code == 200
    assert page.context["sure_form"]["sure"].value() == 60


def test_an_organisation_quoted_is_shown_and_never_added(editor_client):
    """The zoo's words are suggested as the zoo's; a quote needs a person."""
    import_text(editor_client, ZOO)
    article = Article.objects.get()
    page = editor_client.get(suggestions_url(article), {"sure": 0})
    rows = [q for _f, q in page.context["quote_rows"]]
    assert rows and all(q.organisation == "Barcelona Zoo" for q in rows)
    assert all(not q.speaker for q in rows)
    assert ticked(page) == []
    assert "an organisation is quoted: Barcelona Zoo" in page.content.decode()
    editor_client.post(suggestions_url(article), form_data(page, accept_all="1"))
    assert not Quote.objects.exists()


def test_the_threshold_and_reasons_in_khmer():
    """The control and the reasons are translated for a Khmer desk."""
    from wire.forms import ThresholdForm
    from wire.parse import parse_text
    from wire.suggest import suggest

    draft = parse_text(BABY_TALK)
    with translation.override("km"):
        label = str(ThresholdForm().fields["sure"].label)
        reasons = [q.reason for q in suggest(draft.paragraphs).quotes]
    assert label.startswith("គូសធីកសម្រង់សម្ដីជាមុន")
    assert "Elise Piazza ត្រូវបានដាក់ឈ្មោះក្នុងការបញ្ជាក់ប្រភពសម្ដី" in reasons
