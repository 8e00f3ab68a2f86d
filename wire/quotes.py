"""
Quotations and who said them: split and multi-paragraph quotations, attribution
by name, pronoun, title or document (letters, posts, statements), kind and date.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .names import (
    PersonSuggestion,
    by_title,
    last_subject,
    paragraph_subject,
)
from .text import (
    fold,
    mask_abbreviations,
    sentence_at,
    sentence_spans,
)
from .vocabulary import (
    ARTICLES,
    DATED,
    DOC_NOUNS,
    DOC_VERBS,
    MODIFIERS,
    MONTHS,
    OPEN_QUOTES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    WEEKDAYS,
    WRITTEN_VERBS,
)


@dataclass
class Document:
    noun: str
    paragraph: int
    offset: int
    author: PersonSuggestion | None = None
    when: date | None = None


def read_documents(copy):
    """Letters, posts and statements the story names, with their authors and dates."""
    for index, text in enumerate(copy.paragraphs):
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
                        for r in copy.refs
                        if r.paragraph == index
                        and s_start <= r.start < s_end
                        and not r.in_quote
                    ]
                    subjects = [r for r in refs if r.subject] or refs[:1]
                    pronoun = re.search(r"\b(?:he|she)\b", folded)
                    if pronoun and (
                        not refs or s_start + pronoun.start() < refs[0].start
                    ):
                        author = last_subject(copy, index, s_start)
                    elif subjects:
                        author = subjects[0].person
                dated = DATED.search(sentence)
                when = parse_date(dated) if dated else None
                definite = re.search(
                    rf"\b(?:the|this|that|same) (?:[\w-]+ )?{re.escape(noun)}\b", folded
                )
                earlier = [d for d in copy.documents if d.noun == noun]
                if author is None and definite and earlier:
                    # "the same letter, dated November 1": one already named.
                    same = next((d for d in reversed(earlier) if d.author), earlier[-1])
                    same.when = same.when or when
                    continue
                copy.documents.append(
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


def document_by(copy, person, paragraph):
    """The latest document the person wrote, named up to this paragraph."""
    return [
        d for d in copy.documents if d.paragraph <= paragraph and d.author is person
    ]


def document_named(copy, noun, paragraph, offset):
    """The latest document of this kind, with an author, named before this place."""
    candidates = [
        d for d in copy.documents if singular(d.noun) == singular(noun) and d.author
    ]
    before = [d for d in candidates if (d.paragraph, d.offset) < (paragraph, offset)]
    return (before or candidates or [None])[-1]


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


def speaker_in(copy, clause, paragraph, offset):
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
        for r in copy.refs
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
            person = last_subject(copy, paragraph, offset, PRONOUNS[word])
            if person:
                if PRONOUNS[word] and not person.gender:
                    person.gender = PRONOUNS[word]
                return person, "pronoun", kind, None
    for i, word in enumerate(window):
        if word in DOC_NOUNS:
            found = document_named(copy, word, paragraph, offset)
            if found:
                return found.author, "document", kind or DOC_NOUNS[word], found.when
        if word in ROLE_NOUNS and i > 0 and window[i - 1] in ARTICLES | MODIFIERS:
            person = by_title(copy, word, paragraph, offset)
            if person:
                return person, "title", kind, None
    if UNNAMED.search(clause.casefold()):
        return None, "unnamed", kind, None
    return None


def said_on(copy, text, when=None):
    """When the words were said: a document's date, a weekday named, or the story's."""
    if when:
        return when
    if copy.story_date is None:
        return None
    for number, day in enumerate(WEEKDAYS):
        if re.search(rf"\b(?:on|last) {day}\b", text, re.I):
            back = (copy.story_date.weekday() - number) % 7
            return copy.story_date - timedelta(days=back)
    if re.search(r"\byesterday\b", text, re.I):
        return copy.story_date - timedelta(days=1)
    return copy.story_date


def quote_units(copy):
    """Quotations as lists of pieces; a quotation runs on while the next paragraph
    opens with a quotation mark and this one left it open."""

    def continues(index):
        following = (
            copy.paragraphs[index + 1] if index + 1 < len(copy.paragraphs) else ""
        )
        return following[:1] in OPEN_QUOTES

    units = []
    carry = None
    for index, spans in enumerate(copy.quote_spans):
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


def inner(copy, piece):
    index, start, end, unclosed = piece
    return copy.paragraphs[index][start + 1 : end - (0 if unclosed else 1)].strip()


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


def read_quotes(copy):
    units = quote_units(copy)
    groups = {}
    for unit in units:
        groups.setdefault(unit[0][0], []).append(unit)
    quotes = []
    last_speaker = None  # (paragraph, person)
    for index in sorted(groups):
        text = copy.paragraphs[index]
        group = groups[index]
        paragraph_speaker = None
        pending = []
        k = 0
        while k < len(group):
            unit = group[k]
            k += 1
            first, last = unit[0], unit[-1]
            words = " ".join(inner(copy, piece) for piece in unit)
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
                    unclosed_by = speaker_in(copy, cut.group(), index, offset)
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
            after_text = copy.paragraphs[end_paragraph]
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
                attributed = speaker_in(copy, between, index, after_end)
                if attributed is None:
                    break
                found = attributed
                quote["text"] = quote["text"].rstrip(",") + " " + inner(copy, following)
                quote["how_split"] = True
                after_end = following[2]
                k += 1
            quote["text"] = quote["text"].strip().rstrip(",").strip()
            if found is None and not partial and not last[3]:
                match = ATTRIBUTION.match(mask_abbreviations(after_text[after_end:]))
                if match and match.group("clause").strip():
                    found = speaker_in(
                        copy,
                        after_text[after_end : after_end + match.end()],
                        end_paragraph,
                        after_end,
                    )
            if found is None and before.strip():
                found = speaker_in(copy, before, index, s_start)
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
                subject = paragraph_subject(copy, index - 1)
                if subject:
                    quote.update(speaker=subject, how="subject of previous paragraph")
        spoken = [q for q in quotes if q.get("speaker") and q["paragraphs"][0] == index]
        if spoken:
            last_speaker = (spoken[-1]["paragraphs"][-1], spoken[-1]["speaker"])
    return quotes


def quote_kind(copy, quote):
    """Spoken, or written when the speaker wrote the letter the story is about."""
    if quote.get("kind"):
        return quote["kind"], quote.get("when")
    person = quote.get("speaker")
    if person is None:
        return "spoken", None
    first = quote["paragraph"]
    nearby = " ".join(copy.paragraphs[max(0, first - 1) : first + 1]).casefold()
    for document in reversed(document_by(copy, person, first)):
        noun = singular(document.noun)
        if re.search(rf"\b{re.escape(noun)}s?\b", nearby):
            return DOC_NOUNS[document.noun], document.when
    return "spoken", None
