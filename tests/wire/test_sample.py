"""Importing the two seeds and accepting all gives the sample's people and quotes."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.models import Byline, Mention, Quote
from people.models import Person
from wire.importing import accept_all, import_draft, suggestions_for
from wire.parse import parse_text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "tests" / "data" / "seeds"
SAMPLE = json.loads((ROOT / "fixtures" / "sample.json").read_text(encoding="utf-8"))


def sample(model):
    return {o["pk"]: o["fields"] for o in SAMPLE if o["model"] == model}


def import_and_accept(seed, published_at):
    article, _created = import_draft(parse_text((SEEDS / seed).read_text()))
    # The seeds carry no date; the sample publishes them on these days.
    article.published_at = published_at
    article.save()
    accept_all(article, suggestions_for(article))
    return article


@pytest.fixture
def imported():
    first = import_and_accept(
        "2017-12-13-us-renews-call.txt", datetime(2017, 12, 13, 12, tzinfo=UTC)
    )
    second = import_and_accept(
        "2019-11-trump-letter.txt", datetime(2019, 11, 15, 10, tzinfo=UTC)
    )
    return {1: first, 2: second}


def test_people_are_the_samples(imported):
    """Twelve people, one row each; Patrick Murphy once, with his alias."""
    people = sample("people.person")
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(
        p["name"] for p in people.values()
    )
    murphy = Person.objects.get(name="Patrick Murphy")
    assert murphy.alias_list == ["W. Patrick Murphy"]


def test_mentions_and_how_each_story_described_people(imported):
    """Each story's people with the description the sample gives them."""
    people = sample("people.person")
    for pk, article in imported.items():
        expected = {
            (people[m["person"]]["name"], m["described_as"])
            for m in sample("articles.mention").values()
            if m["article"] == pk
        }
        assert (
            set(
                Mention.objects.filter(article=article).values_list(
                    "person__name", "described_as"
                )
            )
            == expected
        )


def test_quotes_are_the_samples(imported):
    """Every quotation, speaker, title, kind and date as the sample has them."""
    people = sample("people.person")
    for pk, article in imported.items():
        expected = [
            (
                q["text"],
                people[q["speaker"]]["name"],
                q["speaker_title"],
                q["kind"],
                q["said_on"],
                q["position"],
            )
            for q in sorted(
                (q for q in sample("articles.quote").values() if q["article"] == pk),
                key=lambda q: q["position"],
            )
        ]
        found = [
            (
                q.text,
                q.speaker.name,
                q.speaker_title,
                q.kind,
                q.said_on.isoformat(),
                q.position,
            )
            for q in Quote.objects.filter(article=article).select_related("speaker")
        ]
        assert found == expected


def test_photographer_is_credited_from_the_caption(imported):
    """Aun Chhengpor, from the photo credit, is the 2017 story's photographer."""
    byline = Byline.objects.get(article=imported[1])
    assert (byline.person.name, byline.role) == ("Aun Chhengpor", "photographer")
