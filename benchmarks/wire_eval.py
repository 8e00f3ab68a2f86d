"""
How well the wire suggestions hold on VOA stories the rules were not written for.

    .venv/bin/python benchmarks/wire_eval.py                 # dev and blind tables
    .venv/bin/python benchmarks/wire_eval.py -v              # and the dev half's misses
    .venv/bin/python benchmarks/wire_eval.py --blind-misses  # the blind half's too

Reads ``tests/data/wire_eval/dev/`` and ``blind/`` (hand-labelled VOA English
stories; ``tests/data/wire_eval/README.md``), runs the suggestion engine with no
people in the database, and prints for each half precision and recall of
quotations and of (quotation, speaker) pairs, *strict* (a quotation split by its
attribution must come as one suggestion, its words as labelled) and *lenient*
(any suggestion whose words lie inside a labelled quotation counts, once per
label), the errors by kind, and precision and recall over the confidence
threshold the suggestions screen offers. A quotation an organisation is quoted
as saying pairs with the organisation, not a person.
``tests/wire/test_eval.py`` pins the scores reached.
"""

import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "wire_eval"
DATA = ROOT / "tests" / "data"
HALVES = ("dev", "blind")
THRESHOLDS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
ERROR_KINDS = (
    "split quotation",
    "words differ",
    "not a quotation",
    "quotation missed",
    "partial missed",
    "wrong speaker",
    "no speaker",
    "organisation as person",
    "person as organisation",
    "speaker for an unnamed source",
)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def load_half(half):
    cases = []
    for path in sorted((EVAL / half).glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        case["text"] = (DATA / case["text_file"]).read_text(encoding="utf-8")
        cases.append(case)
    return cases


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

    def cell(self):
        return f"{self.precision * 100:.0f}% / {self.recall * 100:.0f}%"

    def counts(self):
        return f"{self.hit}/{self.predicted} · {self.hit}/{self.labelled}"


@dataclass
class Predicted:
    text: str
    who: str | None  # a person's core name, "org:<name>", or None
    score: float
    partial: bool


@dataclass
class Labelled:
    text: str
    who: str | None
    partial: bool


@dataclass
class CaseScore:
    name: str
    quotes: Count = field(default_factory=Count)
    pairs: Count = field(default_factory=Count)
    lenient: Count = field(default_factory=Count)
    errors: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    predicted: list = field(default_factory=list)
    labelled: list = field(default_factory=list)
    ms: float = 0.0


def organisation_key(name):
    from wire.text import fold

    return "org:" + fold(name)


def run_case(case):
    from wire.parse import parse_text
    from wire.suggest import suggest
    from wire.text import core_name, fold

    draft = parse_text(case["text"])
    story_date = (
        date.fromisoformat(case["story_date"]) if case.get("story_date") else None
    )
    started = time.perf_counter()
    result = suggest(draft.paragraphs, (), story_date, credit=draft.credit)
    elapsed = (time.perf_counter() - started) * 1000

    canonical = {}
    for label in case["people"]:
        for name in [label["name"], *label.get("aliases", [])]:
            canonical[core_name(name)] = core_name(label["name"])

    def person_key(person):
        for variant in [core_name(person.name), *person.variants]:
            if variant in canonical:
                return canonical[variant]
        return core_name(person.name)

    people = {p.key: person_key(p) for p in result.people}
    predicted = []
    for quote in result.quotes:
        if quote.speaker:
            who = people[quote.speaker]
        elif getattr(quote, "organisation", ""):
            who = organisation_key(quote.organisation)
        else:
            who = None
        predicted.append(
            Predicted(
                fold(quote.text), who, getattr(quote, "score", 1.0), quote.partial
            )
        )
    labelled = []
    for label in case["quotes"]:
        if label.get("speaker"):
            who = core_name(label["speaker"])
        elif label.get("organisation"):
            who = organisation_key(label["organisation"])
        else:
            who = None
        labelled.append(Labelled(fold(label["text"]), who, label.get("partial", False)))
    return predicted, labelled, elapsed


def inside(piece, whole):
    return bool(piece) and f" {piece} " in f" {whole} "


def score(name, predicted, labelled, threshold=0.0):
    """Strict and lenient counts and errors by kind for one story."""
    kept = [p for p in predicted if p.score >= threshold]
    result = CaseScore(name, predicted=kept, labelled=labelled)
    result.quotes = Count(predicted=len(kept), labelled=len(labelled))
    result.pairs = Count(
        predicted=sum(1 for p in kept if p.who),
        labelled=sum(1 for label in labelled if label.who),
    )
    result.lenient = Count(labelled=result.pairs.labelled)

    strict_used = set()
    for p in kept:
        match = next(
            (
                i
                for i, label in enumerate(labelled)
                if i not in strict_used and label.text == p.text
            ),
            None,
        )
        if match is None:
            continue
        strict_used.add(match)
        result.quotes.hit += 1
        if p.who and p.who == labelled[match].who:
            result.pairs.hit += 1

    # Lenient: a suggestion counts when its words lie inside a labelled quotation
    # (or the label's inside it); the pieces of one split quotation count once.
    pieces = {}
    for p in kept:
        for i, label in enumerate(labelled):
            if inside(p.text, label.text) or inside(label.text, p.text):
                pieces.setdefault(i, []).append(p)
                break
        else:
            result.errors["not a quotation"] += 1
            result.misses.append(f"not a quotation: {p.text[:70]!r}")
            if p.who:
                result.lenient.predicted += 1
    for i, label in enumerate(labelled):
        found = pieces.get(i, [])
        with_speaker = [p for p in found if p.who]
        result.lenient.predicted += 1 if with_speaker else 0
        if label.who and any(p.who == label.who for p in found):
            result.lenient.hit += 1
        if not found:
            kind = "partial missed" if label.partial else "quotation missed"
            result.errors[kind] += 1
            result.misses.append(f"{kind}: {label.text[:70]!r} ({label.who})")
            continue
        if i not in strict_used:
            if len(found) > 1:
                result.errors["split quotation"] += 1
                result.misses.append(f"split quotation: {label.text[:70]!r}")
            else:
                result.errors["words differ"] += 1
                result.misses.append(
                    f"words differ: {found[0].text[:70]!r} for {label.text[:70]!r}"
                )
        whos = {p.who for p in found}
        if not label.who:
            if whos - {None}:
                result.errors["speaker for an unnamed source"] += 1
                result.misses.append(
                    f"speaker for an unnamed source: {label.text[:50]!r}, "
                    f"suggested {sorted(map(str, whos - {None}))}"
                )
            continue
        if label.who in whos:
            continue
        if whos == {None}:
            kind = "no speaker"
        elif label.who.startswith("org:") and any(
            w and not w.startswith("org:") for w in whos
        ):
            kind = "organisation as person"
        elif not label.who.startswith("org:") and any(
            w and w.startswith("org:") for w in whos
        ):
            kind = "person as organisation"
        else:
            kind = "wrong speaker"
        result.errors[kind] += 1
        result.misses.append(
            f"{kind}: {label.text[:50]!r} is {label.who}, "
            f"suggested {sorted(map(str, whos))}"
        )
    return result


def score_half(half, threshold=0.0):
    scores = []
    for case in load_half(half):
        predicted, labelled, ms = run_case(case)
        result = score(case["name"], predicted, labelled, threshold)
        result.ms = ms
        scores.append(result)
    return scores


def totals(scores):
    total = CaseScore("all stories")
    for s in scores:
        total.quotes.add(s.quotes)
        total.pairs.add(s.pairs)
        total.lenient.add(s.lenient)
        total.errors.update(s.errors)
        total.ms += s.ms
    return total


def table(half, scores):
    rows = [
        f"**{half}** ({len(scores)} stories)",
        "",
        "| story | quotes P/R | pairs P/R strict | pairs P/R lenient | ms |",
        "|---|---|---|---|---|",
    ]
    for s in [*scores, totals(scores)]:
        rows.append(
            f"| {s.name} | {s.quotes.cell()} | {s.pairs.cell()} | {s.lenient.cell()} "
            f"| {s.ms:.1f} |"
        )
    return "\n".join(rows)


def errors_table(by_half):
    rows = [
        "| error | " + " | ".join(by_half) + " |",
        "|---|" + "---|" * len(by_half),
    ]
    for kind in ERROR_KINDS:
        cells = [str(totals(scores).errors[kind]) for scores in by_half.values()]
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def curve_table(cases_by_half):
    rows = [
        "| threshold | " + " | ".join(f"{h} pairs P/R" for h in cases_by_half) + " |",
        "|---|" + "---|" * len(cases_by_half),
    ]
    for threshold in THRESHOLDS:
        cells = []
        for runs in cases_by_half.values():
            total = Count()
            for name, predicted, labelled in runs:
                total.add(score(name, predicted, labelled, threshold).pairs)
            cells.append(total.cell())
        rows.append(f"| {threshold:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from benchmarks.wire_accuracy import TARGET_MS, time_long_story

    by_half, runs = {}, {}
    for half in HALVES:
        runs[half] = []
        scores = []
        for case in load_half(half):
            predicted, labelled, ms = run_case(case)
            runs[half].append((case["name"], predicted, labelled))
            result = score(case["name"], predicted, labelled)
            result.ms = ms
            scores.append(result)
        by_half[half] = scores
        print(table(half, scores) + "\n")
    print("Errors by kind (each labelled quotation or suggestion counted once)\n")
    print(errors_table(by_half) + "\n")
    print(
        "Strict pairs over the confidence threshold "
        "(suggestions scored below it dropped)\n"
    )
    print(curve_table(runs) + "\n")
    words, cold, median, worst = time_long_story()
    met = "yes" if max(cold, worst) < TARGET_MS else "NO"
    print(
        f"{words}-word story: first run {cold:.1f} ms, then median {median:.1f} ms, "
        f"slowest {worst:.1f} ms (target < {TARGET_MS} ms: {met})"
    )
    show = ["dev"] if "-v" in sys.argv else []
    if "--blind-misses" in sys.argv:
        show.append("blind")
    for half in show:
        for s in by_half[half]:
            for miss in s.misses:
                print(f"{half}/{s.name}: {miss}")


if __name__ == "__main__":
    main()
