"""
People and quotation suggestions for a story, by rules.

``suggest(paragraphs, people, story_date)`` reads the story's plain-text
paragraphs and returns the people it names (each matched by name or alias to
an existing person, or proposed as new, with how the story describes them)
and its direct quotations, each with a speaker resolved through full names,
surnames, titles ("the spokesman") and pronouns, the title the story gave the
speaker, the kind (spoken, written, statement) and the date.

No network and no model: a few passes of regular expressions over the text,
a few milliseconds for a long story. Odd input (no quotation marks, unbalanced
or straight ones, text in a script without capital letters) gives fewer
suggestions, never an error.
"""

from dataclasses import dataclass
from datetime import date

from .names import (
    CopyText,
    read_people,
)
from .quotes import (
    confidence,
    quote_kind,
    read_documents,
    read_quotes,
    said_on,
)
from .text import (
    fold,
    is_cap,
)
from .vocabulary import (
    NOT_NAME,
)


@dataclass
class QuoteSuggestion:
    key: str
    text: str
    speaker: str | None = None  # PersonSuggestion.key
    speaker_title: str = ""
    kind: str = "spoken"
    said_on: date | None = None
    paragraph: int = 0
    how: str = ""
    partial: bool = False
    note: str = ""
    # An organisation quoted as speaker ("the zoo said"): shown, never a person.
    organisation: str = ""
    # How sure the rules are of the words and the speaker together (0–1), and why;
    # rules that do not score their suggestions leave 1: ticked, as before.
    score: float = 1.0
    reason: str = ""


@dataclass
class Suggestions:
    people: list
    quotes: list

    def person(self, key):
        return next((p for p in self.people if p.key == key), None)


def suggest(paragraphs, people=(), story_date=None, credit=""):
    """
    People and quotations in the story.

    ``paragraphs``: the story's paragraphs as plain text; ``people``: existing
    people as ``(pk, name, aliases)`` triples to match against; ``story_date``:
    the day the story reports, for "on Tuesday"; ``credit``: a photo credit
    such as "Aun Chhengpor/VOA Khmer", whose photographer is suggested too.
    """
    copy = CopyText([p for p in paragraphs if p and p.strip()], people, story_date)
    read_people(copy)
    read_documents(copy)
    raw = read_quotes(copy)
    result_quotes = []
    for number, quote in enumerate(raw, start=1):
        kind, when = quote_kind(copy, quote)
        person = quote.get("speaker")
        result_quotes.append(
            QuoteSuggestion(
                key=f"q{number}",
                text=quote["text"],
                speaker=person.key if person else None,
                speaker_title=person.described_as if person else "",
                kind=kind,
                said_on=said_on(
                    copy, quote.get("sentence", ""), quote.get("when") or when
                ),
                paragraph=quote["paragraph"],
                how=quote.get("how", ""),
                partial=quote["partial"],
                note=quote.get("note", ""),
                organisation=quote.get("organisation", ""),
            )
        )
        result_quotes[-1].score, result_quotes[-1].reason = confidence(
            copy, quote, person
        )
    result_quotes = [q for q in result_quotes if q.text]
    people_found = list(copy.people)
    photographer = credit_person(credit)
    if photographer:
        existing = copy.find_person(photographer)
        if existing is None:
            person = copy.add_person(photographer, -1, 0)
            person.role = "photographer"
            person.described_as = ""
            people_found = list(copy.people)
    return Suggestions(people=people_found, quotes=result_quotes)


def credit_person(credit):
    """The photographer in a credit: "Aun Chhengpor/VOA Khmer" → "Aun Chhengpor"."""
    if not credit or "/" not in credit:
        return ""
    first, second = (part.strip() for part in credit.split("/", 1))
    for part in (first, second):
        words = part.split()
        if (
            2 <= len(words) <= 4
            and all(is_cap(w) for w in words)
            and not any(fold(w) in NOT_NAME for w in words)
            and "photo" not in part.casefold()
        ):
            return part
    return ""
