"""
Quotations and who said them: split and multi-paragraph quotations, attribution
by name, pronoun, title or document (letters, posts, statements), kind and date.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _lazy

from .names import (
    PersonSuggestion,
    by_title,
    last_subject,
    paragraph_subject,
)
from .text import (
    fold,
    is_cap,
    mask_abbreviations,
    sentence_at,
    sentence_spans,
)
from .vocabulary import (
    ARTICLES,
    CHARACTERISED,
    DATED,
    DOC_NOUNS,
    DOC_VERBS,
    MODIFIERS,
    MONTHS,
    NAMED_AS,
    OPEN_QUOTES,
    ORG_LINKS,
    ORG_NOUNS,
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

# "said that …": what follows is the words' content, not their speaker.
REPORTED = re.compile(
    r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b.*?\bthat\b", re.I
)

UNCLOSED_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|(?:[A-Z][\w’'-]+\s){1,3})\s*(?:said|says|added|told)\b.*$",
    re.S,
)

ATTRIBUTION = re.compile(r"^[\s,]*(?P<clause>[^“”]*?)(?:[.!?](?:\s|$)|$|(?=“))")


def speaker_in(copy, clause, paragraph, offset):
    """
    (person, how, kind_hint, document_date, organisation) from an attribution
    clause; ``person`` is None when the clause names an organisation or nobody.
    """
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
    # A named person in the clause (not after "to"/"told"), and not one the
    # reported words are about ("said that the author, … Antonia Byatt, died").
    limit = offset + len(clause) + 2
    reported = REPORTED.search(clause)
    if reported:
        limit = offset + reported.end()
    refs = [
        r
        for r in copy.refs
        if r.paragraph == paragraph
        and offset <= r.start < limit
        and not r.in_quote
        and not r.possessive
    ]
    for ref in refs:
        return ref.person, "name", kind, None, ""
    # "Byatt’s publisher, Chatto & Windus, said … the author": the organisation
    # that says it, before any title the clause goes on to mention.
    organisation = organisation_in(copy, clause, paragraph, offset)
    if organisation:
        return None, "organisation", kind or "statement", None, organisation
    # Pronoun, document or title near the verb.
    window = folded[max(0, verb - 4) : verb + 4]
    for word in window:
        if word in PRONOUNS and word not in ("him", "her", "they"):
            person = last_subject(copy, paragraph, offset, PRONOUNS[word])
            if person:
                if PRONOUNS[word] and not person.gender:
                    person.gender = PRONOUNS[word]
                return person, "pronoun", kind, None, ""
    for i, word in enumerate(window):
        if word in DOC_NOUNS:
            found = document_named(copy, word, paragraph, offset)
            if found:
                return (
                    found.author,
                    "document",
                    kind or DOC_NOUNS[word],
                    found.when,
                    "",
                )
        if word in ROLE_NOUNS and i > 0 and window[i - 1] in ARTICLES | MODIFIERS:
            person = by_title(copy, word, paragraph, offset)
            if person:
                return person, "title", kind, None, ""
    if organisation == "" or UNNAMED.search(clause.casefold()):
        return None, "unnamed", kind, None, ""
    return None


CLAUSE_TOKEN = re.compile(r"[^\s,;:()—]+|[,;:()—]")
ORG_RUN = re.compile(
    r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|and|for|&|the|on|de)\s+)*[A-Z][\w’'.-]*)*"
)
ADVERBS = {"also", "later", "then", "again", "still", "earlier", "previously"}
# "told the Times": whoever follows these verbs heard the words.
OBJECT_VERBS = {"told", "tells", "tell", "asked", "asks", "urged", "urges"}
NOT_ORG = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def organisation_in(copy, clause, paragraph, offset):
    """
    The organisation an attribution clause gives as the speaker ("the zoo
    said", "a Ford statement said", "Chatto & Windus said"); "" when the
    speaker is a person left unnamed ("the deputy director general of … said",
    "a Foreign Office official said"); None when the clause says neither.
    """
    tokens = [t.group() for t in CLAUSE_TOKEN.finditer(clause)]
    verb = next((i for i, t in enumerate(tokens) if fold(t) in SPEECH_VERBS), None)
    if verb is None:
        return None
    phrase = []
    for token in reversed(tokens[:verb]):
        if token in ",;:()—":
            if phrase:
                break
            continue
        phrase.insert(0, token)
    while phrase and (fold(phrase[-1]).endswith("ly") or fold(phrase[-1]) in ADVERBS):
        phrase.pop()  # "the zoo later said", "the ministry also said"
    if not phrase:
        # "said the ministry": the speaker follows the verb.
        for token in tokens[verb + 1 :]:
            if token in ",;:()—":
                break
            phrase.append(token)
        if (
            not phrase
            or fold(phrase[0]) not in ARTICLES
            or fold(tokens[verb]) in OBJECT_VERBS
        ):
            return None
    folded = [fold(w) for w in phrase]
    if "statement" in folded:
        # "a Ford statement", "a statement from the zoo".
        at = folded.index("statement")
        after = phrase[at + 1 :]
        if after and fold(after[0]) in ("from", "by", "of"):
            phrase = after[1:]
        else:
            phrase = phrase[:at]
        folded = [fold(w) for w in phrase]
    while phrase and folded[0] in ARTICLES:
        phrase, folded = phrase[1:], folded[1:]
    if not phrase or folded[0] in NOT_ORG or any(w in PRONOUNS for w in folded):
        return None
    head = folded[folded.index("of") - 1] if "of" in folded[1:] else folded[-1]
    head = re.sub(r"[’']s$", "", head)
    if head in ROLE_NOUNS or head.rstrip("s") in ROLE_NOUNS:
        if head not in ORG_NOUNS:
            return ""
        return organisation_named(copy, head, paragraph, offset)
    if (
        len(phrase) <= 8
        and all(is_cap(w) or fold(w) in ORG_LINKS or w == "&" for w in phrase)
        and fold(phrase[-1]) not in ORG_LINKS
    ):
        name = re.sub(r"[’']s$", "", " ".join(phrase))
        if copy.by_short_name(name) or copy.find_person(name):
            return None
        return name
    if head in ORG_NOUNS:
        return organisation_named(copy, head, paragraph, offset)
    return None


def organisation_named(copy, noun, paragraph, offset):
    """ "the zoo": the first organisation the story names with it (Barcelona Zoo)."""
    word = noun.capitalize()
    for index in range(paragraph + 1):
        text = copy.paragraphs[index]
        for match in ORG_RUN.finditer(text):
            if index == paragraph and match.start() >= offset:
                break
            if copy.in_quote(index, match.start()):
                continue
            words = [re.sub(r"[’']s$", "", w) for w in match.group().split()]
            if word in words and len(words) > 1:
                while words and fold(words[0]) in ARTICLES:
                    words.pop(0)
                return " ".join(words)
    return f"the {noun}"


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


def is_title(words):
    """“Hello VOA”, “Pillar of Shame”, “Game of Thrones.”: a name, not words said."""
    bare = [w.strip(".,!?;:’'‘") for w in words]
    bare = [w for w in bare if w]
    if not bare or len(bare) > 8:
        return False
    if any(re.search(r"[.!?]", w) for w in words[:-1]):
        return False  # a sentence ends inside: someone's words
    capitals = [w for w in bare if is_cap(w) or fold(w) in ORG_LINKS | ARTICLES]
    return is_cap(bare[0]) and len(capitals) == len(bare) and len(bare) >= 2


def is_term(before, words, after=""):
    """
    Quotation marks inside a sentence around words nobody is said to say: no
    speech verb before them, nor in an attribution right after them (“…,” he
    said), a title, or a short phrase after an article (a “color revolution”).
    """
    prior = before.split()
    folded = [fold(w) for w in prior]
    said_before = any(w in SPEECH_VERBS for w in folded)
    said_after = bool(after) and any(fold(w) in SPEECH_VERBS for w in after.split()[:6])
    if is_title(words):
        return True
    if re.search(NAMED_AS, before, re.I):
        return True
    if re.search(CHARACTERISED, before):
        # "called the offer “insulting”", "called it a “major step”": the
        # speaker's own word for it.
        return False
    if len(words) < 2:
        return True
    return (
        not prior
        or (fold(prior[-1]) in ARTICLES and len(words) <= 4)
        or not (said_before or said_after)
    )


def same_sentence(quotes, index, s_start):
    """The last quotation already read in this sentence: its speaker is this one's."""
    for quote in reversed(quotes):
        if quote["paragraph"] != index or quote.get("s_start") != s_start:
            return None
        if quote.get("speaker") or quote.get("organisation"):
            return quote
    return None


# Words an attribution may carry and still be a bare one: “A,” the ministry
# said in a statement on Monday. “B.”
ASIDE = re.compile(
    r"\b(?:in|on) (?:a|an|the|his|her|its|their) (?:\w+ )?"
    r"(?:statement|letter|post|interview|email|message)\b"
    r"|\b(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
# “A,” he said. “B.” or “A,” he said, “b.”: the attribution between two pieces.
SPLIT_BETWEEN = re.compile(r"\s*[^“”.!?]{1,100}(?P<stop>[,.])\s*")


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
        paragraph_organisation = None
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
            after_text = copy.paragraphs[last[0]]
            # “…,” he said: an attribution straight after a partial quotation.
            following_words = ""
            if words.rstrip().endswith(","):
                following_words = after_text[last[2] : last[2] + 80]
            if partial and is_term(before, words.split(), following_words):
                continue
            if not partial and len(unit) == 1 and is_title(words.split()):
                continue
            quote = {
                "text": words,
                "paragraph": index,
                "paragraphs": [piece[0] for piece in unit],
                "partial": partial,
                "note": note,
                "sentence": text[s_start:s_end],
                "s_start": s_start,
                "closed": not last[3],
            }
            end_paragraph, after_end = last[0], last[2]
            found = unclosed_by
            # Split quotation: “A,” he said, “b.” and “A,” he said. “B.” are one.
            while len(unit) == 1 and k < len(group) and len(group[k]) == 1:
                following = group[k][0]
                between = text[after_end : following[1]]
                split = SPLIT_BETWEEN.fullmatch(between)
                if not (quote["text"].endswith(",") and split):
                    break
                # “A,” he said. “B.”: one quotation; but a longer aside (“A,” he
                # said in an apparent reference to X. “B.”) separates two.
                if split["stop"] == "." and len(ASIDE.sub("", between).split()) > 4:
                    break
                attributed = speaker_in(copy, between, index, after_end)
                if attributed is None:
                    break
                found = attributed
                joiner = " … " if split["stop"] == "." else " "
                quote["text"] = (
                    quote["text"].rstrip(",") + joiner + inner(copy, following)
                )
                quote["how_split"] = True
                after_end = following[2]
                k += 1
            quote["text"] = quote["text"].strip().rstrip(",").strip()
            if found is None and not last[3] and (not partial or following_words):
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
            if found is None and partial:
                # “…,” which they explained is “…”: the sentence's speaker.
                sibling = same_sentence(quotes, index, s_start)
                if sibling is not None:
                    found = (
                        sibling.get("speaker"),
                        "same sentence",
                        sibling.get("kind", ""),
                        sibling.get("when"),
                        sibling.get("organisation", ""),
                    )
            if found is None and not partial and paragraph_organisation:
                found = paragraph_organisation
            if found and found[0] is None:
                quote.update(how=found[1], kind=found[2])
                if found[4]:
                    paragraph_organisation = found
                    quote["organisation"] = found[4]
                    quote["note"] = (
                        "An organisation is quoted; a quote needs a person as speaker."
                    )
                else:
                    quote["note"] = "The story does not name the speaker."
            elif found:
                person, how, kind, when, _organisation = found
                quote.update(speaker=person, how=how, kind=kind, when=when)
                paragraph_speaker = person
                for waiting in pending:
                    waiting.update(speaker=person, how="same paragraph")
                pending = []
            elif partial and re.search(CHARACTERISED, before):
                # "opposition candidates called the election a “sham”": the
                # words of a source the story leaves unnamed, kept for the desk.
                quote.update(how="unnamed")
                quote["note"] = "The story does not name the speaker."
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


# How sure each way of finding the speaker is, from the evaluation set
# (benchmarks/wire_eval.py prints precision over these thresholds).
HOW_SCORES = {
    "name": 0.95,
    "pronoun": 0.85,
    "document": 0.85,
    "title": 0.8,
    "same sentence": 0.8,
    "same paragraph": 0.75,
    "previous paragraph": 0.7,
    "subject of previous paragraph": 0.45,
    "organisation": 0.8,
    "unnamed": 0.3,
    "": 0.3,
}


REASONS = {
    "name": _lazy("%(name)s is named in the attribution"),
    "pronoun": _lazy("a pronoun in the attribution points to %(name)s"),
    "document": _lazy("%(name)s wrote the document the story quotes"),
    "title": _lazy("the title in the attribution points to %(name)s"),
    "same sentence": _lazy("the sentence already quotes %(name)s"),
    "same paragraph": _lazy("the paragraph quotes %(name)s"),
    "previous paragraph": _lazy("the previous paragraph quotes %(name)s"),
    "subject of previous paragraph": _lazy(
        "no attribution: the previous paragraph is about %(name)s"
    ),
    "organisation": _lazy("an organisation is quoted: %(name)s"),
}


def confidence(copy, quote, person):
    """
    (score, reason): how sure the rules are that these words were said by this
    speaker, 0–1, and a short reason the desk can read.
    """
    from django.utils.translation import gettext as _

    how = quote.get("how", "")
    score = HOW_SCORES.get(how, 0.5)
    name = person.name if person else quote.get("organisation", "")
    reason = (
        str(REASONS[how]) % {"name": name}
        if how in REASONS and name
        else _("the story does not name the speaker")
    )
    words = quote["text"].split()
    if not quote.get("closed", True):
        score -= 0.25
        reason += "; " + _("the quotation mark was never closed")
    if quote["partial"]:
        score -= 0.05
        reason += "; " + _("partial quotation")
    if len(words) < 4 and how not in ("name", "pronoun"):
        score -= 0.1
        reason += "; " + _("only a few words")
    paragraph = " ".join(copy.paragraphs[i] for i in quote["paragraphs"])
    unattributed = (
        "same paragraph",
        "previous paragraph",
        "subject of previous paragraph",
    )
    if how in unattributed and not any(
        fold(w) in SPEECH_VERBS for w in paragraph.split()
    ):
        score -= 0.15
        reason += "; " + _("no speech verb in the paragraph")
    return round(max(0.0, min(1.0, score)), 2), reason
