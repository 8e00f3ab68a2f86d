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

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from .vocabulary import (
    ABBREVIATIONS,
    ARTICLES,
    CLOSE_QUOTES,
    DATED,
    DOC_NOUNS,
    DOC_VERBS,
    HONORIFICS,
    LINKING,
    MODIFIERS,
    MONTHS,
    NOT_NAME,
    OBJECT_MARKERS,
    OPEN_QUOTES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
    WEEKDAYS,
    WORD,
    WRITTEN_VERBS,
)

# --- Results -----------------------------------------------------------------


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


@dataclass
class Suggestions:
    people: list
    quotes: list

    def person(self, key):
        return next((p for p in self.people if p.key == key), None)


# --- Text helpers ------------------------------------------------------------


def fold(text):
    """Lower case without accents or punctuation, for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]s\b", "", text.casefold())
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def core_name(name):
    """A name without initials or honorifics: "W. Patrick Murphy" → "patrick murphy"."""
    words = [
        w
        for w in name.split()
        if not re.fullmatch(r"[^\W\d_]\.?", w) and w.casefold() not in HONORIFICS
    ]
    return fold(" ".join(words))


def smart_quotes(text):
    """Straight double quotes turned curly, opening or closing by position."""
    if '"' not in text:
        return text
    out = []
    for index, ch in enumerate(text):
        if ch == '"':
            before = text[index - 1] if index else " "
            out.append("“" if before.isspace() or before in "([{—–-/" else "”")
        else:
            out.append(ch)
    return "".join(out)


def sentence_spans(text):
    """(start, end) of each sentence; abbreviations and initials do not end one."""
    spans = []
    start = 0
    for match in re.finditer(r"[.!?]+[”’\")\]]*\s+(?=[“\"(\[]?[^\W\d_\s])", text):
        stop = match.start()
        word = re.search(r"([\w.]+)$", text[start : stop + 1])
        token = word.group(1).rstrip(".").casefold() if word else ""
        if text[stop] == "." and (
            token in ABBREVIATIONS
            or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", token)
            and len(token.replace(".", "")) <= 3
            and (len(token) == 1 or "." in token)
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def words_in(text, offset=0):
    return [
        (m.group(), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)
    ]


def is_cap(word):
    return word[:1].isupper()


# --- Mentions of people ------------------------------------------------------


@dataclass
class Ref:
    """One place in the story that names (or points at) a person."""

    person: PersonSuggestion
    paragraph: int
    start: int
    end: int
    subject: bool = False
    in_quote: bool = False


class Story:
    """The story being read: its people, their references, and its documents."""

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


def read_people(story):
    """Find every full name, then every surname, honorific and title reference."""
    for index, text in enumerate(story.paragraphs):
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
                in_quote = story.in_quote(index, start)
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
                    inside = inside or (
                        len(preceding) >= 2
                        and preceding[-1] == "of"
                        and is_cap(preceding[-2])
                    )
                    # A name inside an institution's name ("Hun Sen Foundation").
                    if inside and not (
                        story.find_person(variant) or known_core(story, variant)
                    ):
                        continue
                    if in_quote and not story.find_person(variant) and not titled:
                        continue
                    person = story.add_person(variant, index, start)
                elif len(real) == 1:
                    person = story.find_person(variant) or story.by_short_name(real[0])
                    if (
                        person is None
                        and titled
                        and not in_quote
                        or person is None
                        and known_core(story, variant)
                    ):
                        person = story.add_person(variant, index, start)
                if person is None:
                    continue
                if gender and not person.gender:
                    person.gender = gender
                person.mentions += 1
                prev = sentence[: start - s_start].split()
                subject = (
                    not first_ref_seen
                    and not in_quote
                    and not (prev and fold(prev[-1]) in OBJECT_MARKERS)
                    and not (prev and prev[-1].endswith(("’s", "'s")))
                )
                first_ref_seen = first_ref_seen or not in_quote
                story.refs.append(Ref(person, index, start, end, subject, in_quote))
                if not in_quote:
                    describe(person, text, start, end, run[:lead], s_start)
    story.refs.sort(key=lambda r: (r.paragraph, r.start))


def known_core(story, variant):
    core = core_name(variant)
    return any(core in cores for _pk, _n, cores, _a in story.known)


def describe(person, text, start, end, title_words, s_start):
    """How the story describes the person at this mention, if it does."""
    if person.described_as:
        return
    after = mask_abbreviations(text[end:])
    if re.match(r"[’']s\b", after):
        after = ""
    # "Patrick Murphy, U.S. deputy assistant secretary of state ..., said"
    match = re.match(r",\s+([^,.;:“”()]{2,120}?)(?=,|\.(?:\s|$)|;|$)", after)
    if match:
        candidate = match.group(1).strip()
        words = candidate.split()
        candidate = text[end + match.start(1) : end + match.end(1)].strip()
        # "a Swedish travel blogger who has lived in Siem Reap": the clause goes.
        candidate = re.split(r"\s+(?:who|which|that|whose|where)\b", candidate)[0]
        words = candidate.split()
        if (
            words
            and len(words) <= 15
            and any(fold(w) in ROLE_NOUNS for w in words)
            and fold(words[0])
            not in SPEECH_VERBS
            | {"who", "which", "whose", "where", "when", "and", "but"}
        ):
            person.described_as = strip_article(candidate)
            return
    before = text[s_start:start]
    # "A ruling Cambodian People’s Party spokesman, Sok Eysan, said"
    match = re.search(r"([^,;:“”()]{2,120}),\s*$", before)
    if match and re.match(r",", after or ","):
        candidate = left_description(match.group(1))
        if candidate:
            person.described_as = candidate
            return
    # "Ruling party Senator Sok Eysan", "Council of Ministers spokesperson Phay Siphan"
    candidate = left_description(before)
    if candidate:
        person.described_as = candidate


def mask_abbreviations(text):
    """Periods of initials and abbreviations hidden, so they end no phrase."""
    text = re.sub(
        r"\b(?:[A-Z]\.){2,}|\b[A-Z]\.(?=\s[A-Z])",
        lambda m: m.group().replace(".", "\u2219"),
        text,
    )
    return re.sub(
        r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.",
        lambda m: m.group(1) + "\u2219",
        text,
        flags=re.I,
    )


def strip_article(text):
    words = text.split()
    while words and fold(words[0]) in ARTICLES:
        words.pop(0)
    return " ".join(words)


def left_description(text):
    """The description that ends ``text``, read leftwards from its role noun."""
    words = text.split()
    if not words:
        return ""
    last = fold(words[-1])
    if last not in ROLE_NOUNS and last not in {"minister", "pm"}:
        return ""
    if words[-1].casefold() in HONORIFICS:
        return ""
    taken = [words[-1]]
    index = len(words) - 2
    while index >= 0:
        word = words[index]
        folded = fold(word)
        if folded in LINKING:
            # "Council of Ministers spokesperson": only between capitalised words.
            if index > 0 and is_cap(words[index - 1]) and is_cap(taken[0]):
                taken.insert(0, word)
                index -= 1
                continue
            break
        if folded in ARTICLES or folded in OBJECT_MARKERS - {"for", "state"}:
            break
        if folded in SPEECH_VERBS or word.endswith((",", ";", ":")):
            break
        if is_cap(word) or folded in MODIFIERS or folded in ROLE_NOUNS:
            taken.insert(0, word)
            index -= 1
            continue
        # One unknown word right before the role noun, after a comma, an
        # article or the start: ", tour operator Chan Rithy".
        if (
            len(taken) == 1
            and folded.isalpha()
            and (
                index == 0
                or words[index - 1].endswith(",")
                or fold(words[index - 1]) in ARTICLES
            )
        ):
            taken.insert(0, word)
        break
    while taken and fold(taken[0]) in LINKING:
        taken.pop(0)
    description = " ".join(taken)
    if description.casefold() in HONORIFICS:
        return ""
    return description


# --- Documents (letters, statements) -----------------------------------------


@dataclass
class Document:
    noun: str
    paragraph: int
    offset: int
    author: PersonSuggestion | None = None
    when: date | None = None


def read_documents(story):
    """Letters, posts and statements the story names, with their authors and dates."""
    for index, text in enumerate(story.paragraphs):
        for s_start, s_end in sentence_spans(text):
            sentence = text[s_start:s_end]
            folded = sentence.casefold()
            for noun in DOC_NOUNS:
                position = re.search(rf"\b{re.escape(noun)}\b", folded)
                if not position:
                    continue
                author = None
                verbs = [v for v in DOC_VERBS if re.search(rf"\b{v}\b", folded)]
                in_a = re.search(
                    rf"\bin (?:a|an|the|his|her|their) (?:[\w-]+ )?{re.escape(noun)}\b",
                    folded,
                )
                if verbs or in_a:
                    refs = [
                        r
                        for r in story.refs
                        if r.paragraph == index
                        and s_start <= r.start < s_end
                        and not r.in_quote
                    ]
                    subjects = [r for r in refs if r.subject] or refs[:1]
                    pronoun = re.search(r"\b(?:he|she)\b", folded)
                    if pronoun and (
                        not refs or s_start + pronoun.start() < refs[0].start
                    ):
                        author = last_subject(story, index, s_start)
                    elif subjects:
                        author = subjects[0].person
                dated = DATED.search(sentence)
                when = parse_date(dated) if dated else None
                definite = re.search(
                    rf"\b(?:the|this|that|same) (?:[\w-]+ )?{re.escape(noun)}\b", folded
                )
                earlier = [d for d in story.documents if d.noun == noun]
                if author is None and definite and earlier:
                    # "the same letter, dated November 1": one already named.
                    same = next((d for d in reversed(earlier) if d.author), earlier[-1])
                    same.when = same.when or when
                    continue
                story.documents.append(
                    Document(noun, index, s_start + position.start(), author, when)
                )


def parse_date(match):
    month = MONTHS.get((match["m1"] or match["m2"] or "").casefold().rstrip("."))
    day = int(match["d1"] or match["d2"])
    try:
        return date(int(match["y"]), month, day) if month else None
    except ValueError:
        return None


def singular(noun):
    return noun[:-1] if noun.endswith("s") else noun


def document_by(story, person, paragraph):
    """The latest document the person wrote, named up to this paragraph."""
    return [
        d for d in story.documents if d.paragraph <= paragraph and d.author is person
    ]


def document_named(story, noun, paragraph, offset):
    """The latest document of this kind, with an author, named before this place."""
    candidates = [
        d for d in story.documents if singular(d.noun) == singular(noun) and d.author
    ]
    before = [d for d in candidates if (d.paragraph, d.offset) < (paragraph, offset)]
    return (before or candidates or [None])[-1]


# --- Quotations --------------------------------------------------------------


def last_subject(story, paragraph, offset, gender=""):
    """The person most recently the subject of a sentence before this place."""
    best = None
    for ref in story.refs:
        if (ref.paragraph, ref.start) >= (paragraph, offset):
            break
        if ref.subject and not (
            gender and ref.person.gender and ref.person.gender != gender
        ):
            best = ref.person
    return best


def by_title(story, noun, paragraph, offset):
    """The person last described with this role noun ("the spokesman")."""
    best = None
    for ref in story.refs:
        if (ref.paragraph, ref.start) >= (paragraph, offset):
            break
        if noun in fold(ref.person.described_as).split():
            best = ref.person
    return best


# "the manager said", "said a spokesman", "officials said": a speaker not named.
UNNAMED = re.compile(
    r"\b(?:the|a|an|one|another)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+\s+"
    r"(?:said|says|told|added|explained|insisted)\b"
    r"|\b(?:said|says|added)\s+(?:the|a|an|one|another)\b"
    r"|\b(?:officials|police|authorities|residents|witnesses|villagers|sources)"
    r"\s+(?:said|say|told)\b"
)
UNCLOSED_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|(?:[A-Z][\w’'-]+\s){1,3})\s*(?:said|says|added|told)\b.*$",
    re.S,
)
ATTRIBUTION = re.compile(r"^[\s,]*(?P<clause>[^“”]*?)(?:[.!?](?:\s|$)|$|(?=“))")


def speaker_in(story, clause, paragraph, offset):
    """(person, how, kind_hint, document_date) from an attribution clause."""
    words = clause.split()
    folded = [fold(w) for w in words]
    verbs = [i for i, w in enumerate(folded) if w in SPEECH_VERBS]
    if not verbs:
        return None
    verb = verbs[0]
    kind = "written" if folded[verb] in WRITTEN_VERBS else ""
    if re.search(
        r"\bin (?:a|an|the|his|her|their) (?:[\w-]+ )?statement\b", clause.casefold()
    ):
        kind = "statement"
    elif re.search(
        r"\b(?:in|on) (?:a|an|the|his|her|their) (?:[\w-]+ )?"
        r"(?:letter|post|tweet|message|email)\b"
        r"|\bon (?:facebook|twitter|x|telegram)\b",
        clause.casefold(),
    ):
        kind = "written"
    # A named person in the clause (not after "to"/"told").
    refs = [
        r
        for r in story.refs
        if r.paragraph == paragraph
        and offset <= r.start < offset + len(clause) + 2
        and not r.in_quote
    ]
    for ref in refs:
        return ref.person, "name", kind, None
    # Pronoun, document or title near the verb.
    window = folded[max(0, verb - 4) : verb + 4]
    for word in window:
        if word in PRONOUNS and word not in ("him", "her", "they"):
            person = last_subject(story, paragraph, offset, PRONOUNS[word])
            if person:
                if PRONOUNS[word] and not person.gender:
                    person.gender = PRONOUNS[word]
                return person, "pronoun", kind, None
    for i, word in enumerate(window):
        if word in DOC_NOUNS:
            found = document_named(story, word, paragraph, offset)
            if found:
                return found.author, "document", kind or DOC_NOUNS[word], found.when
        if word in ROLE_NOUNS and i > 0 and window[i - 1] in ARTICLES | MODIFIERS:
            person = by_title(story, word, paragraph, offset)
            if person:
                return person, "title", kind, None
    if UNNAMED.search(clause.casefold()):
        return None, "unnamed", kind, None
    return None


def said_on(story, text, when=None):
    """When the words were said: a document's date, a weekday named, or the story's."""
    if when:
        return when
    if story.story_date is None:
        return None
    for number, day in enumerate(WEEKDAYS):
        if re.search(rf"\b(?:on|last) {day}\b", text, re.I):
            back = (story.story_date.weekday() - number) % 7
            return story.story_date - timedelta(days=back)
    if re.search(r"\byesterday\b", text, re.I):
        return story.story_date - timedelta(days=1)
    return story.story_date


def sentence_at(text, position):
    for start, end in sentence_spans(text):
        if start <= position < end:
            return start, end
    return 0, len(text)


def quote_units(story):
    """Quotations as lists of pieces; a quotation runs on while the next paragraph
    opens with a quotation mark and this one left it open."""

    def continues(index):
        following = (
            story.paragraphs[index + 1] if index + 1 < len(story.paragraphs) else ""
        )
        return following[:1] in OPEN_QUOTES

    units = []
    carry = None
    for index, spans in enumerate(story.quote_spans):
        if carry is not None and (not spans or spans[0][0] != 0):
            units.append(carry)
            carry = None
        for number, (start, end, unclosed) in enumerate(spans):
            piece = (index, start, end, unclosed)
            if carry is not None:
                carry.append(piece)
                if unclosed and number == len(spans) - 1 and continues(index):
                    continue
                units.append(carry)
                carry = None
                continue
            if unclosed and number == len(spans) - 1 and continues(index):
                carry = [piece]
                continue
            units.append([piece])
    if carry is not None:
        units.append(carry)
    return units


def inner(story, piece):
    index, start, end, unclosed = piece
    return story.paragraphs[index][start + 1 : end - (0 if unclosed else 1)].strip()


def is_term(before, words):
    """Quotation marks inside a sentence around words nobody is said to say."""
    prior = before.split()
    folded = [fold(w) for w in prior]
    return (
        not prior
        or fold(prior[-1]) in ARTICLES
        or len(words) < 2
        or not any(w in SPEECH_VERBS for w in folded)
    )


def read_quotes(story):
    units = quote_units(story)
    groups = {}
    for unit in units:
        groups.setdefault(unit[0][0], []).append(unit)
    quotes = []
    last_speaker = None  # (paragraph, person)
    for index in sorted(groups):
        text = story.paragraphs[index]
        group = groups[index]
        paragraph_speaker = None
        pending = []
        k = 0
        while k < len(group):
            unit = group[k]
            k += 1
            first, last = unit[0], unit[-1]
            words = " ".join(inner(story, piece) for piece in unit)
            note = ""
            unclosed_by = None
            if last[3]:
                if len(words.split()) < 3:
                    continue
                note = "The quotation mark was never closed."
                # “We teach under the trees, she said. — the attribution ran in.
                cut = UNCLOSED_ATTRIBUTION.search(words)
                if cut and len(unit) == 1:
                    offset = first[1] + 1 + cut.start()
                    unclosed_by = speaker_in(story, cut.group(), index, offset)
                    words = words[: cut.start()]
            s_start, s_end = sentence_at(text, first[1])
            before = text[s_start : first[1]]
            partial = bool(before.strip()) and not before.rstrip().endswith(":")
            if partial and is_term(before, words.split()):
                continue
            quote = {
                "text": words,
                "paragraph": index,
                "paragraphs": [piece[0] for piece in unit],
                "partial": partial,
                "note": note,
                "sentence": text[s_start:s_end],
            }
            end_paragraph, after_end = last[0], last[2]
            after_text = story.paragraphs[end_paragraph]
            found = unclosed_by
            # Split quotation: “A,” he said, “B.” is one quotation.
            while (
                len(unit) == 1 and k < len(group) and len(group[k]) == 1 and not partial
            ):
                following = group[k][0]
                between = text[after_end : following[1]]
                if not (
                    quote["text"].endswith(",")
                    and re.fullmatch(r"\s*[^“”.!?]{1,100},\s*", between)
                ):
                    break
                attributed = speaker_in(story, between, index, after_end)
                if attributed is None:
                    break
                found = attributed
                quote["text"] = (
                    quote["text"].rstrip(",") + " " + inner(story, following)
                )
                quote["how_split"] = True
                after_end = following[2]
                k += 1
            quote["text"] = quote["text"].strip().rstrip(",").strip()
            if found is None and not partial and not last[3]:
                match = ATTRIBUTION.match(mask_abbreviations(after_text[after_end:]))
                if match and match.group("clause").strip():
                    found = speaker_in(
                        story,
                        after_text[after_end : after_end + match.end()],
                        end_paragraph,
                        after_end,
                    )
            if found is None and before.strip():
                found = speaker_in(story, before, index, s_start)
            if found and found[0] is None:
                if partial:
                    continue
                quote.update(how="", kind=found[2])
                quote["note"] = "The story does not name the speaker."
            elif found:
                person, how, kind, when = found
                quote.update(speaker=person, how=how, kind=kind, when=when)
                paragraph_speaker = person
                for waiting in pending:
                    waiting.update(speaker=person, how="same paragraph")
                pending = []
            elif partial:
                continue
            elif paragraph_speaker is not None:
                quote.update(speaker=paragraph_speaker, how="same paragraph")
            else:
                pending.append(quote)
            quotes.append(quote)
        # Quotations with no attribution in their paragraph: the previous
        # paragraph's speaker, else whoever the previous paragraph was about.
        for quote in pending:
            if last_speaker and last_speaker[0] == index - 1:
                quote.update(speaker=last_speaker[1], how="previous paragraph")
            else:
                subject = paragraph_subject(story, index - 1)
                if subject:
                    quote.update(speaker=subject, how="subject of previous paragraph")
        spoken = [q for q in quotes if q.get("speaker") and q["paragraphs"][0] == index]
        if spoken:
            last_speaker = (spoken[-1]["paragraphs"][-1], spoken[-1]["speaker"])
    return quotes


def paragraph_subject(story, paragraph):
    if paragraph < 0:
        return None
    for ref in story.refs:
        if ref.paragraph == paragraph and ref.subject:
            return ref.person
    return None


def quote_kind(story, quote):
    """Spoken, or written when the speaker wrote the letter the story is about."""
    if quote.get("kind"):
        return quote["kind"], quote.get("when")
    person = quote.get("speaker")
    if person is None:
        return "spoken", None
    first = quote["paragraph"]
    nearby = " ".join(story.paragraphs[max(0, first - 1) : first + 1]).casefold()
    for document in reversed(document_by(story, person, first)):
        noun = singular(document.noun)
        if re.search(rf"\b{re.escape(noun)}s?\b", nearby):
            return DOC_NOUNS[document.noun], document.when
    return "spoken", None


# --- Entry point -------------------------------------------------------------


def suggest(paragraphs, people=(), story_date=None, credit=""):
    """
    People and quotations in the story.

    ``paragraphs``: the story's paragraphs as plain text; ``people``: existing
    people as ``(pk, name, aliases)`` triples to match against; ``story_date``:
    the day the story reports, for "on Tuesday"; ``credit``: a photo credit
    such as "Aun Chhengpor/VOA Khmer", whose photographer is suggested too.
    """
    story = Story([p for p in paragraphs if p and p.strip()], people, story_date)
    read_people(story)
    read_documents(story)
    raw = read_quotes(story)
    result_quotes = []
    for number, quote in enumerate(raw, start=1):
        kind, when = quote_kind(story, quote)
        person = quote.get("speaker")
        result_quotes.append(
            QuoteSuggestion(
                key=f"q{number}",
                text=quote["text"],
                speaker=person.key if person else None,
                speaker_title=person.described_as if person else "",
                kind=kind,
                said_on=said_on(
                    story, quote.get("sentence", ""), quote.get("when") or when
                ),
                paragraph=quote["paragraph"],
                how=quote.get("how", ""),
                partial=quote["partial"],
                note=quote.get("note", ""),
            )
        )
    result_quotes = [q for q in result_quotes if q.text]
    people_found = list(story.people)
    photographer = credit_person(credit)
    if photographer:
        existing = story.find_person(photographer)
        if existing is None:
            person = story.add_person(photographer, -1, 0)
            person.role = "photographer"
            person.described_as = ""
            people_found = list(story.people)
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
