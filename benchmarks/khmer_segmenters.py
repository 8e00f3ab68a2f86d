"""
Which Khmer word segmenter search uses: ICU's dictionary break iterator
(through PyICU) or khmer-nltk's CRF model, on the VOA Khmer texts.

    .venv/bin/python benchmarks/khmer_segmenters.py

No gold segmentation of these texts exists, so quality is measured on what the
labels do give: every Khmer query and every Khmer name in ``../shared/khmer/``
is a word or a run of words a reader types, and a segmenter that puts a word
boundary at both ends of each place it occurs lets search find it as words.
The table gives that rate, the share of word boundaries the two agree on, and
the speed of each on all six texts; its last row is ``common.khmer.words``,
what search uses (khmer-nltk, with nouns made by ការ/សេចក្ដី split off).
PyICU is optional (it needs libicu-dev and pkg-config to build); without it
only khmer-nltk is measured.
"""

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KHMER = ROOT.parent / "shared" / "khmer"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from common.khmer import KHMER_RUN, normalize, words  # noqa: E402


def icu_segmenter():
    try:
        import icu
    except ImportError:
        return None
    iterator = icu.BreakIterator.createWordInstance(icu.Locale("km"))

    def segment(run):
        iterator.setText(run)
        start, out = iterator.first(), []
        for end in iterator:
            out.append(run[start:end])
            start = end
        return out

    return segment


def nltk_segmenter():
    from khmernltk import word_tokenize

    return lambda run: word_tokenize(run, return_tokens=True)


def boundaries(text, segment):
    """Offsets in ``text`` where a word starts or ends."""
    found = {0, len(text)}
    for match in KHMER_RUN.finditer(text):
        offset = match.start()
        found.add(offset)
        for word in segment(match.group(0)):
            offset += len(word)
            found.add(offset)
    return found


def labelled_words(label):
    """The Khmer strings a reader would search for, from one story's labels."""
    out = {q["q"] for q in label["queries"]}
    for person in label["people"]:
        out.add(person["name"])
        out.update(person.get("aliases") or [])
    return {normalize(w) for w in out if KHMER_RUN.search(w)}


def load():
    stories = []
    for path in sorted(KHMER.glob("*.json")):
        label = json.loads(path.read_text())
        text = normalize((KHMER / label["text_file"]).read_text())
        stories.append((text, labelled_words(label)))
    return stories


def whole_word_rate(stories, segment):
    hits = total = 0
    for text, targets in stories:
        cuts = boundaries(text, segment)
        for target in targets:
            for match in re.finditer(re.escape(target), text):
                total += 1
                hits += match.start() in cuts and match.end() in cuts
    return hits, total


def main():
    stories = load()
    # The last row is what search uses: khmer-nltk, nouns made with ការ split.
    segmenters = {"khmer-nltk": nltk_segmenter()}
    icu_segment = icu_segmenter()
    if icu_segment:
        segmenters["ICU (PyICU)"] = icu_segment
    else:
        print("PyICU is not installed: ICU not measured.")
    segmenters["common.khmer"] = words
    chars = sum(len(text) for text, _ in stories)
    rows, cuts = [], {}
    for name, segment in segmenters.items():
        segment("ក")  # loads the model or dictionary outside the timing
        started = time.perf_counter()
        for _ in range(5):
            cuts[name] = [boundaries(text, segment) for text, _ in stories]
        seconds = (time.perf_counter() - started) / 5
        count = sum(len(c) - 1 for c in cuts[name])
        hits, total = whole_word_rate(stories, segment)
        rows.append((name, hits, total, count, chars / seconds))
    print(f"{len(stories)} VOA Khmer texts, {chars} characters\n")
    header = f"{'segmenter':<16} {'labelled words whole':>22} {'words':>7}"
    print(f"{header} {'chars/s':>10}")
    for name, hits, total, count, speed in rows:
        print(
            f"{name:<16} {hits:>4}/{total:<4} ({hits / total:6.1%})"
            f"      {count:>7} {speed:>10,.0f}"
        )
    if icu_segment:
        a, b = cuts["khmer-nltk"], cuts["ICU (PyICU)"]
        shared = sum(len(x & y) for x, y in zip(a, b, strict=True))
        union = sum(len(x | y) for x, y in zip(a, b, strict=True))
        print(f"\nboundaries the two agree on: {shared}/{union} ({shared / union:.1%})")


if __name__ == "__main__":
    main()
