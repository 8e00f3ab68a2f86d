"""
The people a story names: full names, surnames, honorifics, titles, and how
the story describes each of them.
"""

import re
from dataclasses import dataclass, field

from .descriptions import describe
from .text import (
    core_name,
    fold,
    is_cap,
    sentence_spans,
    smart_quotes,
    words_in,
)
from .vocabulary import (
    ABBREVIATIONS,
    CLOSE_QUOTES,
    HONORIFICS,
    NOT_NAME,
    OBJECT_MARKERS,
    OPEN_QUOTES,
    ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    WORD,
)


@dataclass
class PersonSuggestion:
    key: str
    name: str
    described_as: str = ""
    person_id: int | None = None
    new_alias: str = ""
    variants: list = field(default_factory=list)
    mentions: int = 0
    role: str = "mention"  # or "photographer" for a caption credit
    gender: str = ""
    first_at: tuple = (0, 0)

    @property
    def is_new(self):
        return self.person_id is None

    @property
    def tokens(self):
        return core_name(self.name).split()


@dataclass
class Ref:
    """One place in the story that names (or points at) a person."""

    person: PersonSuggestion
    paragraph: int
    start: int
    end: int
    subject: bool = False
    in_quote: bool = False
    possessive: bool = False  # "Wenner’s comments": named, but not the speaker


class CopyText:
    """
    A parsed wire text being read: its people, their references, its documents.

    Not a story: a story is the published ``articles.Article``.
    """

    def __init__(self, paragraphs, people=(), story_date=None):
        self.paragraphs = [smart_quotes(p) for p in paragraphs]
        self.story_date = story_date
        self.known = []
        for pk, name, aliases in people:
            cores = {core_name(name), *(core_name(a) for a in aliases)}
            self.known.append((pk, name, {c for c in cores if c}, set(aliases)))
        self.people = []
        self.refs = []
        self.documents = []  # (paragraph, offset, noun, author, date)
        self.quote_spans = [quote_spans(p) for p in self.paragraphs]

    # people

    def find_person(self, variant):
        core = core_name(variant)
        for person in self.people:
            if core and (core == core_name(person.name) or core in person.variants):
                return person
        return None

    def add_person(self, variant, paragraph, offset):
        core = core_name(variant)
        person = self.find_person(variant)
        if person is None:
            person = PersonSuggestion(
                key=f"p{len(self.people) + 1}",
                name=variant,
                first_at=(paragraph, offset),
            )
            for pk, name, cores, aliases in self.known:
                if core in cores:
                    person.person_id = pk
                    person.name = name
                    if (
                        variant != name
                        and variant not in aliases
                        and fold(variant) != fold(name)
                    ):
                        person.new_alias = variant
                    break
            self.people.append(person)
        elif person.person_id is None and len(core.split()) > len(
            core_name(person.name).split()
        ):
            person.name = variant
        elif variant != person.name and fold(variant) != fold(person.name):
            if person.person_id is None and not person.new_alias:
                # The longer written form is the name; the other one an alias.
                if len(variant) < len(person.name):
                    person.new_alias = person.name
                    person.name = variant
                else:
                    person.new_alias = variant
            elif person.person_id is not None and not person.new_alias:
                aliases = next(
                    a for pk, _n, _c, a in self.known if pk == person.person_id
                )
                if variant not in aliases:
                    person.new_alias = variant
        if core not in person.variants:
            person.variants.append(core)
        return person

    def by_short_name(self, word):
        """The one person in the story whose surname (or family name) is ``word``."""
        word = fold(word)
        matches = [
            p for p in self.people if p.tokens and word in (p.tokens[-1], p.tokens[0])
        ]
        return matches[0] if len(matches) == 1 else None

    def in_quote(self, paragraph, position):
        return any(s <= position < e for s, e, _o in self.quote_spans[paragraph])


def quote_spans(text):
    """(start, end, open) of each quotation in a paragraph; ``open``: never closed."""
    spans = []
    start = None
    for index, ch in enumerate(text):
        if ch in OPEN_QUOTES:
            if start is None:
                start = index
            # A second opening mark inside a quote: the first was never closed.
            elif index - start > 1 and text[index - 1].isspace():
                spans.append((start, index, True))
                start = index
        elif ch in CLOSE_QUOTES and start is not None:
            spans.append((start, index + 1, False))
            start = None
    if start is not None:
        spans.append((start, len(text), True))
    return spans


def name_runs(words):
    """Runs of capitalised words (with initials) in one sentence's words."""
    run = []
    for word in words:
        text = word[0]
        if (
            is_cap(text)
            and not text.isupper()
            or re.fullmatch(r"[A-Z]\.", text)
            or (
                text.isupper()
                and len(text) <= 3
                and text.casefold() in {*HONORIFICS, "pm"}
            )
        ):
            if run and word[1] - run[-1][2] > 1:
                yield run
                run = []
            run.append(word)
            if text.endswith(("’s", "'s")) or (
                text.endswith(".")
                and len(text) > 2
                and text.rstrip(".").casefold() not in ABBREVIATIONS
                and text.casefold() not in TITLE_WORDS
            ):
                yield run
                run = []
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def clean(word):
    word = re.sub(r"[’']s$", "", word)
    if (
        len(word) > 2
        and word.endswith(".")
        and word[:-1].casefold() not in ABBREVIATIONS
    ):
        word = word.rstrip(".")
    return word


def read_people(copy):
    """Find every full name, then every surname, honorific and title reference."""
    for index, text in enumerate(copy.paragraphs):
        for s_start, s_end in sentence_spans(text):
            sentence = text[s_start:s_end]
            words = words_in(sentence, s_start)
            first_ref_seen = False
            for run in name_runs(words):
                tokens = [clean(w[0]) for w in run]
                # Titles and openers before the name itself.
                lead = 0
                gender = ""
                while lead < len(tokens) and (
                    tokens[lead].casefold() in TITLE_WORDS
                    or tokens[lead].casefold() in ROLE_NOUNS
                    or tokens[lead].casefold() in HONORIFICS
                    or tokens[lead].casefold() in NOT_NAME
                ):
                    gender = HONORIFICS.get(tokens[lead].casefold(), gender)
                    lead += 1
                # "Presiding Judge Meas Sokun": a title inside the run ends it.
                for position in range(len(tokens) - 3, lead - 1, -1):
                    word = tokens[position].casefold()
                    if word in TITLE_WORDS or word in TITLE_ABBREVIATIONS:
                        lead = position + 1
                        break
                # Stop at the first word that is a place or an institution.
                stop = lead
                while stop < len(tokens) and tokens[stop].casefold() not in NOT_NAME:
                    stop += 1
                name_tokens = tokens[lead:stop]
                if not name_tokens:
                    continue
                start = run[lead][1]
                end = run[stop - 1][2]
                if stop < len(tokens) and len(name_tokens) < 2:
                    continue
                variant = " ".join(name_tokens)
                titled = lead > 0 and tokens[lead - 1].casefold() in TITLE_WORDS | set(
                    HONORIFICS
                )
                real = [t for t in name_tokens if not re.fullmatch(r"[A-Z]\.", t)]
                person = None
                in_quote = copy.in_quote(index, start)
                if 2 <= len(real) <= 4:
                    inside = stop < len(tokens) and tokens[stop].casefold() != "the"
                    # "Red Cross volunteer Peter Novak", "Ministry of Water
                    # Resources": words that name an organisation, not a person.
                    following = (
                        WORD.match(text, end + 1)
                        if text[end : end + 1] == " "
                        else None
                    )
                    inside = inside or bool(
                        following
                        and not is_cap(following.group())
                        and fold(following.group()) in ROLE_NOUNS
                        and lead == 0
                    )
                    preceding = sentence[: run[0][1] - s_start].split()
                    # "Secretary of State Mike Pompeo": a title, not an institution,
                    # sits between "of" and the name.
                    inside = inside or (
                        lead == 0
                        and len(preceding) >= 2
                        and preceding[-1] == "of"
                        and is_cap(preceding[-2])
                    )
                    # A name inside an institution's name ("Hun Sen Foundation").
                    if inside and not (
                        copy.find_person(variant) or known_core(copy, variant)
                    ):
                        continue
                    if in_quote and not copy.find_person(variant) and not titled:
                        continue
                    person = copy.add_person(variant, index, start)
                elif len(real) == 1:
                    person = copy.find_person(variant) or copy.by_short_name(real[0])
                    if (
                        person is None
                        and titled
                        and not in_quote
                        or person is None
                        and known_core(copy, variant)
                    ):
                        person = copy.add_person(variant, index, start)
                if person is None:
                    continue
                if gender and not person.gender:
                    person.gender = gender
                person.mentions += 1
                prev = sentence[: start - s_start].split()
                possessive = run[stop - 1][0].endswith(("’s", "'s"))
                subject = (
                    not first_ref_seen
                    and not in_quote
                    and not possessive
                    and not (prev and fold(prev[-1]) in OBJECT_MARKERS)
                    and not (prev and prev[-1].endswith(("’s", "'s")))
                )
                first_ref_seen = first_ref_seen or not (in_quote or possessive)
                copy.refs.append(
                    Ref(person, index, start, end, subject, in_quote, possessive)
                )
                if not in_quote:
                    describe(person, text, start, end, run[:lead], s_start)
            if not first_ref_seen:
                title_subject(copy, index, s_start, sentence)
    copy.refs.sort(key=lambda r: (r.paragraph, r.start))


TITLE_SUBJECT = re.compile(
    r"^\W*the\s+(?:[\w’'-]+\s+){0,2}?([\w-]+)\s+(?:[a-z]+ly\s+)?"
    r"(?:said|says|told|added|declined|refused|wrote|insisted|explained)\b",
    re.I,
)


def title_subject(copy, paragraph, offset, sentence):
    """A sentence about "the judge" is about the person last called judge."""
    match = TITLE_SUBJECT.match(sentence)
    if not match or fold(match.group(1)) not in ROLE_NOUNS:
        return
    person = by_title(copy, fold(match.group(1)), paragraph, offset)
    if person is not None:
        start = offset + match.start(1)
        copy.refs.append(
            Ref(person, paragraph, start, offset + match.end(1), subject=True)
        )


def known_core(copy, variant):
    core = core_name(variant)
    return any(core in cores for _pk, _n, cores, _a in copy.known)


def last_subject(copy, paragraph, offset, gender=""):
    """The person most recently the subject of a sentence before this place."""
    best = None
    for ref in copy.refs:
        if (ref.paragraph, ref.start) >= (paragraph, offset):
            break
        if ref.subject and not (
            gender and ref.person.gender and ref.person.gender != gender
        ):
            best = ref.person
    return best


def by_title(copy, noun, paragraph, offset):
    """The person last described with this role noun ("the spokesman")."""
    best = None
    for ref in copy.refs:
        if (ref.paragraph, ref.start) >= (paragraph, offset):
            break
        if noun in fold(ref.person.described_as).split():
            best = ref.person
    return best


def paragraph_subject(copy, paragraph):
    if paragraph < 0:
        return None
    for ref in copy.refs:
        if ref.paragraph == paragraph and ref.subject:
            return ref.person
    return None
