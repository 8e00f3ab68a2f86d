"""
How well the wire suggestions match hand-made labels, and how fast they come.

    .venv/bin/python benchmarks/wire_accuracy.py

Reads every labelled case in ``tests/data/wire_cases/`` (the two seed stories,
labelled from the sample newsroom, and passages composed to exercise each
attribution pattern), parses its text as the import does, runs the suggestion
engine with no people in the database, and prints precision and recall of
quotations found, of quotation-and-speaker pairs, of people and of the titles
the story gave them; then times the engine on a story of about 1,500 words.
``tests/articles/test_wire_accuracy.py`` pins the scores reached.
"""

import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "wire_cases"
TARGET_MS = 200

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Count:
    hit: int = 0
    predicted: int = 0
    labelled: int = 0

    @property
    def precision(self):
        return self.hit / self.predicted if self.predicted else 1.0

    @property
    def recall(self):
        return self.hit / self.labelled if self.labelled else 1.0

    def add(self, other):
        self.hit += other.hit
        self.predicted += other.predicted
        self.labelled += other.labelled


@dataclass
class Score:
    name: str
    pattern: str = ""
    quotes: Count = field(default_factory=Count)
    pairs: Count = field(default_factory=Count)
    people: Count = field(default_factory=Count)
    titles: Count = field(default_factory=Count)
    kinds: Count = field(default_factory=Count)
    ms: float = 0.0
    misses: list = field(default_factory=list)


def load_cases():
    cases = []
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if "text_file" in case:
            case["text"] = (CASES.parent / case["text_file"]).read_text(
                encoding="utf-8"
            )
        cases.append(case)
    return cases


def compare(found, labelled, what, misses):
    """Count matches between two lists of hashable keys (each used once)."""
    count = Count(predicted=len(found), labelled=len(labelled))
    remaining = list(labelled)
    for key in found:
        if key in remaining:
            remaining.remove(key)
            count.hit += 1
        else:
            misses.append(f"{what} not in the labels: {key}")
    misses.extend(f"{what} missed: {key}" for key in remaining)
    return count


def score_case(case):
    from wire.parse import parse_text
    from wire.suggest import suggest
    from wire.text import core_name, fold

    draft = parse_text(case["text"])
    paragraphs = draft.paragraphs
    if draft.headline_made_up:
        paragraphs = paragraphs  # the made-up headline repeats the first paragraph
    story_date = (
        date.fromisoformat(case["story_date"]) if case.get("story_date") else None
    )
    started = time.perf_counter()
    result = suggest(paragraphs, (), story_date, credit=draft.credit)
    elapsed = (time.perf_counter() - started) * 1000

    def names_of(label):
        return {
            core_name(label["name"]),
            *(core_name(a) for a in label.get("aliases", [])),
        }

    canonical = {}
    for label in case["people"]:
        for name in names_of(label):
            canonical[name] = core_name(label["name"])

    def person_key(suggestion):
        for variant in [core_name(suggestion.name), *suggestion.variants]:
            if variant in canonical:
                return canonical[variant]
        return core_name(suggestion.name)

    speakers = {p.key: person_key(p) for p in result.people}
    score = Score(case["name"], case.get("pattern", ""), ms=elapsed)
    misses = score.misses
    score.people = compare(
        [person_key(p) for p in result.people],
        [core_name(p["name"]) for p in case["people"]],
        "person",
        misses,
    )
    score.titles = compare(
        [
            (person_key(p), fold(p.described_as))
            for p in result.people
            if p.described_as
        ],
        [
            (core_name(p["name"]), fold(p["described_as"]))
            for p in case["people"]
            if p["described_as"]
        ],
        "title",
        misses,
    )
    score.quotes = compare(
        [fold(q.text) for q in result.quotes],
        [fold(q["text"]) for q in case["quotes"]],
        "quotation",
        misses,
    )
    score.pairs = compare(
        [(fold(q.text)[:40], speakers[q.speaker]) for q in result.quotes if q.speaker],
        [
            (fold(q["text"])[:40], core_name(q["speaker"]))
            for q in case["quotes"]
            if q["speaker"]
        ],
        "quotation+speaker",
        misses,
    )
    score.kinds = compare(
        [(fold(q.text)[:40], q.kind) for q in result.quotes if q.speaker],
        [(fold(q["text"])[:40], q["kind"]) for q in case["quotes"] if q["speaker"]],
        "quotation kind",
        misses,
    )
    return score


def long_story():
    """About 1,500 words of wire copy: the seed texts and the composed passages."""
    from wire.parse import parse_text

    paragraphs = []
    for case in load_cases():
        paragraphs += parse_text(case["text"]).paragraphs
    words = sum(len(p.split()) for p in paragraphs)
    story = list(paragraphs)
    while words < 1500:
        story += paragraphs
        words += sum(len(p.split()) for p in paragraphs)
    # Trim to about 1,500 words.
    trimmed, total = [], 0
    for paragraph in story:
        if total >= 1500:
            break
        trimmed.append(paragraph)
        total += len(paragraph.split())
    return trimmed, total


def time_long_story(runs=15):
    """(words, first run ms, median ms, slowest ms); the first run has empty caches."""
    from wire.suggest import suggest
    from wire.text import core_name, fold

    paragraphs, words = long_story()
    fold.cache_clear()
    core_name.cache_clear()
    started = time.perf_counter()
    suggest(paragraphs, (), date(2024, 1, 1))
    cold = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        suggest(paragraphs, (), date(2024, 1, 1))
        timings.append((time.perf_counter() - started) * 1000)
    return words, cold, statistics.median(timings), max(timings)


def percent(value):
    return f"{value * 100:.0f}%"


def table(scores):
    header = (
        "| case | quotes P/R | quote+speaker P/R | people P/R | titles P/R "
        "| kind P/R | ms |\n"
        "|---|---|---|---|---|---|---|"
    )
    rows = [header]
    total = Score("all cases")
    for score in [*scores, total]:
        if score is not total:
            for name in ("quotes", "pairs", "people", "titles", "kinds"):
                getattr(total, name).add(getattr(score, name))
            total.ms += score.ms
        cells = [
            f"{percent(c.precision)} / {percent(c.recall)}"
            for c in (
                score.quotes,
                score.pairs,
                score.people,
                score.titles,
                score.kinds,
            )
        ]
        rows.append(f"| {score.name} | {' | '.join(cells)} | {score.ms:.1f} |")
    return "\n".join(rows), total


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    scores = [score_case(case) for case in load_cases()]
    text, _total = table(scores)
    print(text)
    words, cold, median, worst = time_long_story()
    met = "yes" if max(cold, worst) < TARGET_MS else "NO"
    print(
        f"\n{words}-word story: first run {cold:.1f} ms, then median {median:.1f} ms, "
        f"slowest {worst:.1f} ms (target < {TARGET_MS} ms: {met})"
    )
    if "-v" in sys.argv:
        for score in scores:
            for miss in score.misses:
                print(f"{score.name}: {miss}")


if __name__ == "__main__":
    main()
