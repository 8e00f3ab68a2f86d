"""
How well the wire suggestions read Khmer copy: a first measured score.

    .venv/bin/python benchmarks/wire_khmer.py [-v]

Scores the Khmer rules (``wire/khmer.py``) against hand-made labels, in
``benchmarks/wire_accuracy.py``'s terms: precision and recall of quotations,
of (quotation, speaker) pairs, of people and of the descriptions the story
gave them. The labelled texts are

- dev: the six VOA Khmer texts in ``../shared/khmer/`` (read from there),
  the composed Khmer passages (``tests/data/wire_cases/composed-khmer.json``
  and ``tests/data/wire_eval_km/composed-*.json``, fictional people) and the
  VOA Khmer openings in ``tests/data/wire_eval_km/`` marked ``"split": "dev"``;
- blind: the openings marked ``"split": "blind"``, scored once per change and
  never read to tune the rules.

Each text is parsed as the import does, and suggestions are made with no
people in the database. ``-v`` lists every miss. Reported speech (a verb and
ថា without quotation marks) is labelled apart and not suggested; its count is
printed so the two are not confused.
"""

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "khmer"
EVAL = ROOT / "tests" / "data" / "wire_eval_km"
COMPOSED = ROOT / "tests" / "data" / "wire_cases" / "composed-khmer.json"

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

    def __str__(self):
        return (
            f"{self.precision:.0%} / {self.recall:.0%} "
            f"({self.hit}/{self.predicted}/{self.labelled})"
        )


@dataclass
class Score:
    name: str
    split: str
    quotes: Count = field(default_factory=Count)
    pairs: Count = field(default_factory=Count)
    people: Count = field(default_factory=Count)
    titles: Count = field(default_factory=Count)
    kinds: Count = field(default_factory=Count)
    reported: int = 0
    ms: float = 0.0
    misses: list = field(default_factory=list)


def load_cases():
    """Every labelled Khmer text, as dicts with ``text`` and ``split``."""
    cases = []
    if SHARED.is_dir():
        for path in sorted(SHARED.glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            case["name"] = path.stem
            case["text"] = (SHARED / case["text_file"]).read_text(encoding="utf-8")
            case["split"] = "dev"
            case["shared"] = True
            cases.append(case)
    composed = json.loads(COMPOSED.read_text(encoding="utf-8"))
    composed["split"] = "dev"
    cases.append(composed)
    for path in sorted(EVAL.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if "text_file" in case:
            case["text"] = (EVAL / case["text_file"]).read_text(encoding="utf-8")
        cases.append(case)
    return cases


def compare(found, labelled, what, misses):
    """Count matches between two lists of keys (each used once)."""
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


def strip_honorific(text):
    from wire.khmer_vocabulary import HONORIFICS, fold

    text = fold(text or "").strip()
    for honorific in HONORIFICS:
        if text.startswith(honorific):
            return text[len(honorific) :].strip()
    return text


def score_case(case):
    from wire.khmer_vocabulary import fold, name_key
    from wire.parse import parse_text
    from wire.suggest import suggest

    draft = parse_text(case["text"])
    started = time.perf_counter()
    result = suggest(draft.paragraphs, (), None, credit=draft.credit)
    elapsed = (time.perf_counter() - started) * 1000

    canonical = {}
    for label in case["people"]:
        for name in [label["name"], label.get("latin"), *label.get("aliases", [])]:
            if name:
                canonical.setdefault(name_key(name), name_key(label["name"]))

    def person_key(suggestion):
        for variant in [name_key(suggestion.name), *suggestion.variants]:
            if variant in canonical:
                return canonical[variant]
        return name_key(suggestion.name)

    def quote_key(text):
        return fold(text).strip()[:40]

    speakers = {p.key: person_key(p) for p in result.people}
    score = Score(case["name"], case["split"], ms=elapsed)
    misses = score.misses
    score.people = compare(
        [person_key(p) for p in result.people],
        [name_key(p["name"]) for p in case["people"]],
        "person",
        misses,
    )
    score.titles = compare(
        [
            (person_key(p), strip_honorific(p.described_as))
            for p in result.people
            if p.described_as
        ],
        [
            (name_key(p["name"]), strip_honorific(p["described_as"]))
            for p in case["people"]
            if p.get("described_as")
        ],
        "description",
        misses,
    )
    score.quotes = compare(
        [quote_key(q.text) for q in result.quotes],
        [quote_key(q["text"]) for q in case["quotes"]],
        "quotation",
        misses,
    )
    score.pairs = compare(
        [(quote_key(q.text), speakers[q.speaker]) for q in result.quotes if q.speaker],
        [
            (quote_key(q["text"]), name_key(q["speaker"]))
            for q in case["quotes"]
            if q.get("speaker")
        ],
        "quotation+speaker",
        misses,
    )
    score.kinds = compare(
        [(quote_key(q.text), q.kind, q.partial) for q in result.quotes if q.speaker],
        [
            (quote_key(q["text"]), q["kind"], q.get("partial", False))
            for q in case["quotes"]
            if q.get("speaker")
        ],
        "quotation kind/partial",
        misses,
    )
    score.reported = len(case.get("reported", []))
    return score


def table(scores, title):
    print(f"\n{title}\n")
    print(
        "| text | quotes P/R | quote+speaker P/R | people P/R | descriptions P/R | ms |"
    )
    print("|---|---|---|---|---|---|")
    total = Score("all", "")
    for score in scores:
        print(
            f"| {score.name} | {score.quotes} | {score.pairs} | {score.people} "
            f"| {score.titles} | {score.kinds} | {score.ms:.1f} |"
        )
        for part in ("quotes", "pairs", "people", "titles", "kinds"):
            getattr(total, part).add(getattr(score, part))
        total.reported += score.reported
        total.ms += score.ms
    print(
        f"| **{len(scores)} texts** | {total.quotes} | {total.pairs} | "
        f"{total.people} | {total.titles} | {total.kinds} | {total.ms:.1f} |"
    )
    print(
        f"\n(hit/suggested/labelled in brackets; {total.reported} reported-speech "
        "items are labelled and, by design, not suggested as quotations)"
    )
    return total


def time_long_story(runs=9):
    """(characters, first ms, median ms, slowest ms) for every labelled text
    read as one story; the first run has the segmenter's caches empty."""
    import statistics

    from wire.parse import parse_text
    from wire.suggest import suggest

    paragraphs = []
    for case in load_cases():
        paragraphs += parse_text(case["text"]).paragraphs
    characters = sum(len(p) for p in paragraphs)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        suggest(paragraphs, (), None)
        timings.append((time.perf_counter() - started) * 1000)
    return characters, timings[0], statistics.median(timings[1:]), max(timings)


def main(argv):
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from common.khmer import words

    started = time.perf_counter()
    words("ការធ្វើតេស្ត")  # loads the segmenter's model once, outside the timings
    load_ms = (time.perf_counter() - started) * 1000
    verbose = "-v" in argv
    scores = [score_case(case) for case in load_cases()]
    for split in ("dev", "blind"):
        chosen = [s for s in scores if s.split == split]
        table(chosen, f"Khmer copy, {split} ({len(chosen)} texts)")
        if verbose:
            for score in chosen:
                for miss in score.misses:
                    print(f"  {score.name}: {miss}")
    print(f"\nSegmenter model load (once per process): {load_ms:.0f} ms")
    characters, first, median, slowest = time_long_story()
    print(
        f"All {len(scores)} texts as one story ({characters:,} characters): "
        f"first run {first:.0f} ms, median {median:.0f} ms, slowest {slowest:.0f} ms"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
