"""
How a story describes a person at a mention: the role or title written after
the name between commas, or in front of it, read leftwards from its role noun.
"""

import re

from .text import fold, is_cap, mask_abbreviations, strip_article
from .vocabulary import (
    ARTICLES,
    FAMILY_NOUNS,
    HONORIFICS,
    LINKING,
    MODIFIERS,
    OBJECT_MARKERS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
)


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


def left_description(text):
    """The description that ends ``text``, read leftwards from its role noun."""
    words = text.split()
    if not words:
        return ""
    last = fold(words[-1])
    if (
        last in FAMILY_NOUNS
        and len(words) >= 2
        and is_cap(words[-2])
        and words[-2].endswith(("’s", "'s"))
    ):
        return f"{words[-2]} {words[-1]}"  # "Vuthy's mother"
    abbreviated = words[-1].casefold() in TITLE_ABBREVIATIONS
    if last not in ROLE_NOUNS and not abbreviated:
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
