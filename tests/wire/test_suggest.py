"""Suggestions: accuracy on the labelled cases, odd input, speed."""

import time
from datetime import date

import pytest

from benchmarks.wire_accuracy import load_cases, long_story, score_case
from wire.suggest import suggest
from wire.text import core_name, fold

CASES = {case["name"]: case for case in load_cases()}

# What the rules reach on each labelled case (benchmarks/wire_accuracy.py prints
# the table); a change that lowers any of these fails here. Per case:
# quotations (precision, recall), quotation+speaker pairs (precision, recall),
# people (precision, recall), titles (precision, recall).
PERFECT = (1, 1, 1, 1, 1, 1, 1, 1)
REACHED = {
    "seed-2017-us-renews-call": PERFECT,
    "seed-2019-trump-letter": PERFECT,
    "composed-split-and-title": PERFECT,
    "composed-multi-paragraph-pronoun": PERFECT,
    "composed-letter-and-statement": PERFECT,
    "composed-straight-quotes": PERFECT,
    "composed-no-quotes": PERFECT,
    "composed-unbalanced": PERFECT,
    "composed-inverted-and-colon": PERFECT,
    "composed-post-and-honorific": PERFECT,
    # Written after the rules; its first scores (quote+speaker precision 83%,
    # people precision 75%, titles recall 33%) led to fixes for unnamed
    # speakers, landmarks and unknown role nouns.
    "composed-blind-mixed": PERFECT,
    # Written after the rules; first scored 100%/83% on quotations and 100%/50%
    # on titles ("Sen." was not a title), then fixed; its split quotation
    # (“A,” she said. “B.”) is one quotation since the VOA evaluation set.
    "composed-blind-hearing": PERFECT,
    # Written after the rules; first scored 40%/40% on quote+speaker pairs and
    # 75%/75% on people ("Presiding Judge Meas Sokun", "the judge said", a
    # possessive before a name), then fixed.
    "composed-blind-court": PERFECT,
    # Written last and not used to tune anything: "Mekong Rice Co." gives a
    # person "Rice Co.", and a title given before the name ("the company's chief
    # executive says" … "Linda Park") is not carried over.
    "composed-blind-business": (1, 1, 1, 1, 3 / 4, 1, 1, 2 / 3),
    # Khmer: no capital letters and no English speech verbs, so nothing is found.
    "composed-khmer": (1, 0, 1, 0, 1, 0, 1, 0),
}


def test_every_labelled_case_has_a_pinned_score():
    """A new labelled case gets its thresholds here too."""
    assert set(REACHED) == set(CASES)


@pytest.mark.parametrize("name", sorted(REACHED))
def test_labelled_case_scores(name):
    """Each case scores at least what the rules reached when it was labelled."""
    score = score_case(CASES[name])
    reached = [
        value
        for count in (score.quotes, score.pairs, score.people, score.titles)
        for value in (count.precision, count.recall)
    ]
    for got, pinned in zip(reached, REACHED[name], strict=True):
        assert got >= pinned - 1e-9, (reached, score.misses)


def test_seeds_murphy_is_one_person_with_his_titles():
    """“W. Patrick Murphy” is matched to the existing Patrick Murphy, alias offered."""
    text = CASES["seed-2019-trump-letter"]["text"]
    result = suggest(text.splitlines(), [(2, "Patrick Murphy", [])])
    murphy = [p for p in result.people if "Murphy" in p.name]
    assert len(murphy) == 1
    assert murphy[0].person_id == 2
    assert murphy[0].name == "Patrick Murphy"
    assert murphy[0].new_alias == "W. Patrick Murphy"
    assert murphy[0].described_as == "Ambassador"


def test_sok_is_not_kem_sokha():
    """Name matching is by whole words: “Sok Eysan” never matches Kem Sokha."""
    result = suggest(
        ["Ruling party Senator Sok Eysan said it was fine."],
        [(3, "Kem Sokha", []), (4, "Sok Eysan", [])],
    )
    assert [(p.name, p.person_id) for p in result.people] == [("Sok Eysan", 4)]


def test_letter_quotes_are_written_and_dated_by_the_letter():
    """Quotations from a dated letter are “written” on the letter's date."""
    text = CASES["seed-2019-trump-letter"]["text"]
    result = suggest(text.splitlines(), (), date(2019, 11, 15))
    trump = [q for q in result.quotes if q.speaker_title == "President"]
    assert len(trump) == 3
    assert {q.kind for q in trump} == {"written"}
    assert {q.said_on for q in trump} == {date(2019, 11, 1)}


def test_weekday_dates_a_quotation_before_the_story():
    """“In a speech on Tuesday” in a Wednesday story is the day before."""
    result = suggest(
        [
            "In a speech on Tuesday, Prime Minister Hun Sen said his regime had "
            "“broken the backbone” of the plot."
        ],
        (),
        date(2017, 12, 13),
    )
    assert [(q.text, q.said_on) for q in result.quotes] == [
        ("broken the backbone", date(2017, 12, 12))
    ]


def test_scare_quotes_are_not_quotations():
    """Words in quotation marks after “a”/“the” or with nobody saying them are terms."""
    result = suggest(
        [
            "Cambodia accused the United States of plotting a “color revolution”.",
            "The so-called “emergency plan” was published.",
        ]
    )
    assert result.quotes == []


@pytest.mark.parametrize(
    "paragraphs",
    [
        [],
        [""],
        ["No quotation marks here, and nobody named."],
        ["“An opening mark that never closes"],
        ["A closing mark with no opening” at all."],
        ["“", "”", '"', "“”"],
        ['"Straight "quotes" everywhere," he said "and more'],
        ["លោក សុខ ដារ៉ា បាននិយាយថា «យើងនឹងបើកផ្លូវថ្មី»។"],
        ["\x00\x01\x02 binary \ufffd garbage “”“”"],
        ["A." * 500],
        ["Mr. Smith said, “Yes.”", "She said: “No.”"],
    ],
)
def test_odd_input_gives_fewer_suggestions_never_an_error(paragraphs):
    """Nothing a wire can send makes the rules raise."""
    result = suggest(paragraphs, (), date(2024, 1, 1))
    assert isinstance(result.people, list)
    assert isinstance(result.quotes, list)


def test_1500_word_story_in_under_200_ms():
    """Suggestions for a 1,500-word story take well under 200 ms."""
    paragraphs, words = long_story()
    assert words >= 1500
    fold.cache_clear()
    core_name.cache_clear()
    started = time.perf_counter()
    suggest(paragraphs, (), date(2024, 1, 1))
    assert time.perf_counter() - started < 0.2
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        suggest(paragraphs, (), date(2024, 1, 1))
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.2
