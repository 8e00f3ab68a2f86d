"""
The rules on copy they were not written for: the VOA evaluation set's scores,
pinned (benchmarks/wire_eval.py prints them), and the patterns it taught.

The passages below are composed for the repository, with fictional people.
"""

import pytest

from benchmarks.wire_eval import Count, load_half, run_case, score, totals
from wire.suggest import suggest

# Strict (quotation, speaker) precision and recall reached, every suggestion
# counted (threshold 0) and at the screen's default threshold (0.6).
# The blind pins fell when eight stories were added (docs/wire.md): the first
# twelve still score 17/18, 17/19; the new four, never tuned to, 9/12.
PINNED = {
    ("dev", 0.0): (0.92, 0.96),
    ("dev", 0.6): (1.00, 0.92),
    ("blind", 0.0): (0.87, 0.84),
    ("blind", 0.6): (0.87, 0.84),
}
# Errors the blind half still shows (the development half shows none of them).
BLIND_ERRORS = {"split quotation": 0, "wrong speaker": 1, "organisation as person": 2}


@pytest.fixture(scope="module")
def runs():
    return {
        half: [(case["name"], *run_case(case)[:2]) for case in load_half(half)]
        for half in ("dev", "blind")
    }


@pytest.mark.parametrize(("half", "threshold"), list(PINNED))
def test_evaluation_scores_hold(runs, half, threshold):
    total = Count()
    for name, predicted, labelled in runs[half]:
        total.add(score(name, predicted, labelled, threshold).pairs)
    precision, recall = PINNED[half, threshold]
    assert round(total.precision, 2) >= precision
    assert round(total.recall, 2) >= recall


def test_the_halves_are_whole(runs):
    """Thirty-three stories, every label with words, split 17 / 16."""
    assert len(runs["dev"]) == 17
    assert len(runs["blind"]) == 16
    for half in runs.values():
        for _name, _predicted, labelled in half:
            assert all(label.text for label in labelled)


def test_no_suggestion_is_split_or_given_to_the_wrong_person(runs):
    errors = totals([score(*run) for run in runs["dev"]]).errors
    assert all(errors[kind] == 0 for kind in BLIND_ERRORS)
    errors = totals([score(*run) for run in runs["blind"]]).errors
    assert all(errors[kind] <= most for kind, most in BLIND_ERRORS.items())


def quotes(*paragraphs):
    result = suggest(list(paragraphs))
    people = {p.key: p.name for p in result.people}
    return [
        (q.text, people.get(q.speaker) or q.organisation or None, q.partial)
        for q in result.quotes
    ]


def test_a_quotation_split_across_sentences_is_one():
    """“A,” she said. “B.” is one quotation, A … B."""
    assert quotes(
        "Farmer Mey Chanthy said the dam had changed the river.",
        "“The fish are gone,” she said. “We eat rice and salt now.”",
    ) == [("The fish are gone … We eat rice and salt now.", "Mey Chanthy", False)]


def test_a_long_aside_separates_two_quotations():
    found = quotes(
        "Governor Lim Sovann spoke at the opening.",
        "“The road is finished,” he said in a speech to the villagers who came. "
        "“The bridge is next.”",
    )
    assert [text for text, _who, _p in found] == [
        "The road is finished",
        "The bridge is next.",
    ]


def test_an_organisation_is_quoted_as_itself():
    """“…,” the ministry said: the ministry's words, named as it is first named."""
    found = quotes(
        "The Ministry of Rural Development opened the road on Monday.",
        "“The road will carry 2,000 trucks a day,” the ministry said in a statement. "
        "“It was built on time.”",
    )
    assert found == [
        (
            "The road will carry 2,000 trucks a day … It was built on time.",
            "Ministry of Rural Development",
            False,
        )
    ]


def test_a_publisher_named_beside_the_author_speaks_not_the_author():
    found = quotes(
        "The poet Keo Malis has died.",
        "Keo Malis’s publisher, Dara Books, said that the poet died "
        "“quietly, with her family around her.”",
    )
    assert found == [("quietly, with her family around her.", "Dara Books", True)]


def test_programme_names_and_titles_are_not_quotations():
    assert (
        quotes(
            "Radio host Sam Vicheka said the programme “Hello Kampot” would return.",
            "Her new book, “The River Remembers,” sold out in a week.",
        )
        == []
    )


def test_partial_quotations_inside_reported_speech():
    """People are “still in fear,” she said: partial, hers."""
    found = quotes(
        "Teacher Chea Sothy said the village had not recovered.",
        "People are “still in fear,” she said.",
        "She called the offer “insulting.”",
    )
    assert found == [
        ("still in fear", "Chea Sothy", True),
        ("insulting.", "Chea Sothy", True),
    ]


def test_an_unnamed_official_is_nobody_not_the_office():
    found = quotes(
        "A Foreign Ministry official said the talks were “going well.”",
    )
    assert found == [("going well.", None, True)]


def test_two_apostrophes_close_a_quotation():
    """Agency copy closes quotations with ''."""
    assert quotes(
        "\"The harvest is late this year,'' farmer Ouk Rath said.",
    ) == [("The harvest is late this year", "Ouk Rath", False)]


def test_every_suggestion_says_how_sure_and_why():
    result = suggest(
        [
            "Mayor Heng Dara said the market would reopen.",
            "“We are ready,” he said.",
            "“Everyone will have a stall.”",
        ]
    )
    scores = [(q.score, q.reason) for q in result.quotes]
    assert all(0 <= s <= 1 and reason for s, reason in scores)
    assert scores[0][0] > scores[1][0]  # a pronoun, then no attribution at all


def test_a_word_the_speaker_chose_is_a_partial_quotation():
    """“called the deal a historic step”, “saying …”: the speaker's words."""
    found = quotes(
        "Trade Minister Pan Sorasak called the deal a “historic step” for farmers.",
        "Opposition leader Kem Rith rejected it, saying “the count was wrong.”",
        "The so-called “rice plan” starts in May.",
    )
    assert found == [
        ("historic step", "Pan Sorasak", True),
        ("the count was wrong.", "Kem Rith", True),
    ]


def test_a_name_others_give_is_not_a_quotation():
    """“often called a political “godfather””: a nickname, nobody's words."""
    assert (
        quotes(
            "Governor Sar Vannak, who is often called the “father of the port,” "
            "opened the quay.",
            "The market was once known as the “night bazaar.”",
        )
        == []
    )


def test_a_word_from_an_unnamed_source_is_kept_without_a_speaker():
    """Opposition parties called the vote a “sham”: partial, nobody named."""
    found = quotes(
        "Election official Long Dina announced the results on Monday.",
        "Opposition parties called the vote a “sham” and asked for a recount.",
        "Monitors condemned what they call “serious irregularities” in two provinces.",
    )
    assert found == [
        ("sham", None, True),
        ("serious irregularities", None, True),
    ]
