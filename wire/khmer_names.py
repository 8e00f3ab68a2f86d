"""
The people Khmer copy names: an honorific or a title before a name, the name's
two or three words (the segmenter finds where a given name runs into the next
word), a Latin name or a Latin spelling in brackets, how the story describes
each person, and later mentions and pronouns.
"""

import re
from bisect import bisect_left

from common.khmer import normalize, words

from .khmer_vocabulary import (
    CHROME,
    DESCRIPTION_STOPS,
    HONORIFICS,
    KHMER_LETTER,
    KHMER_RUN,
    LATIN_LETTER,
    LATIN_NAME,
    LIST_HEADINGS,
    NAMED,
    ONE_PERSON,
    PRONOUN_NEXT,
    PRONOUNS,
    ROLE_WORDS,
    SIGN_OFF,
    STOP_WORDS,
    TITLES,
    fold,
    name_key,
)
from .names import PersonSuggestion

# Far beyond a story (a long one is under 20,000 characters); the segmenter
# reads about 25,000 characters a second.
MAX_CHARACTERS = 60_000


class KhmerCopy:
    """A Khmer text being read: its paragraphs, word boundaries and people."""

    def __init__(self, paragraphs, people=(), story_date=None):
        kept = []
        length = 0
        for paragraph in paragraphs:
            if paragraph.strip() in LIST_HEADINGS or length > MAX_CHARACTERS:
                # A list of other programmes follows the story; past the
                # limit, segmenting would hold up the editor's screen.
                break
            if paragraph.strip().casefold() not in CHROME:
                kept.append(normalize(paragraph))
                length += len(paragraph)
        # Rules read the folded spelling; names and quotations are given as
        # written. Folding keeps every offset.
        self.written = kept
        self.paragraphs = [fold(p) for p in kept]
        self.story_date = story_date
        self.known = []
        for pk, name, aliases in people:
            keys = {name_key(name), *(name_key(a) for a in aliases)}
            self.known.append((pk, name, {k for k in keys if k}, set(aliases)))
        self.people = []
        self.refs = []  # (paragraph, start, end, person, kind) kind: name|pronoun
        self.tokens = [self.segment(p) for p in self.paragraphs]
        self.word_ends = [dict(spans) for spans in self.tokens]

    @staticmethod
    def segment(text):
        """(start, end) of every Khmer word in ``text``."""
        spans = []
        for run in KHMER_RUN.finditer(text):
            position = run.start()
            for word in words(run.group()):
                spans.append((position, position + len(word)))
                position += len(word)
        return spans

    def word_at(self, paragraph, position):
        end = self.word_ends[paragraph].get(position)
        return self.paragraphs[paragraph][position:end] if end else ""

    def boundary(self, paragraph, position):
        text = self.paragraphs[paragraph]
        if position <= 0 or position >= len(text):
            return True
        if not KHMER_LETTER.match(text[position - 1]) or not KHMER_LETTER.match(
            text[position]
        ):
            return True
        return position in self.word_ends[paragraph]

    def words_from(self, paragraph, position, stop):
        """Words from ``position`` to ``stop``, as (start, end, word), lazily:
        callers stop at the first word that ends a name."""
        text = self.paragraphs[paragraph]
        spans = self.tokens[paragraph]
        for index in range(bisect_left(spans, (position, 0)), len(spans)):
            s, e = spans[index]
            if e > stop:
                return
            yield s, e, text[s:e]

    # people

    def find(self, name):
        key = name_key(name)
        for person in self.people:
            if key in person.variants:
                return person
        return None

    def add(self, name, paragraph, offset, score, reason, latin=""):
        person = self.find(name) or (self.find(latin) if latin else None)
        if person is None:
            person = PersonSuggestion(
                key=f"p{len(self.people) + 1}",
                name=name,
                first_at=(paragraph, offset),
                score=score,
                reason=reason,
            )
            self.people.append(person)
            self.match(person, name, latin)
        for variant in (name, latin):
            key = name_key(variant) if variant else ""
            if key and key not in person.variants:
                person.variants.append(key)
                if person.person_id is None and variant != person.name:
                    person.new_alias = person.new_alias or variant
        person.score = max(person.score, score)
        return person

    def match(self, person, name, latin):
        """An existing person with this Khmer or Latin name (or alias)."""
        for variant, other in ((name, latin), (latin, name)):
            key = name_key(variant) if variant else ""
            script = "Latin" if LATIN_LETTER.match(variant or "") else "Khmer"
            for pk, existing, keys, aliases in self.known:
                if key and key in keys:
                    person.person_id = pk
                    person.name = existing
                    for candidate in (variant, other):
                        if (
                            candidate
                            and candidate not in aliases
                            and name_key(candidate) != name_key(existing)
                        ):
                            person.new_alias = candidate
                            break
                    person.reason += f"; matches an existing person by {script} name"
                    return


def honorific_at(copy, paragraph, position):
    text = copy.paragraphs[paragraph]
    for honorific in HONORIFICS:
        if text.startswith(honorific, position):
            end = position + len(honorific)
            if copy.boundary(paragraph, position) and (
                end >= len(text)
                or not KHMER_LETTER.match(text[end])
                or copy.boundary(paragraph, end)
                or any(text.startswith(t, end) for t in TITLES)
            ):
                return honorific
    return None


def title_at(copy, paragraph, position):
    """A title (ប្រធានាធិបតី, នាយករដ្ឋមន្ត្រី…) starting a word, then a space."""
    text = copy.paragraphs[paragraph]
    title = starts_with_any(text, position, TITLES)
    if (
        title
        and text[position + len(title) : position + len(title) + 1] == " "
        and copy.boundary(paragraph, position)
    ):
        return title
    return None


def by_short_name(copy, word):
    """The one person in the story whose first or last name is ``word``."""
    key = name_key(word)
    matches = [
        p
        for p in copy.people
        if any(key in (v.split()[0], v.split()[-1]) for v in p.variants if v)
    ]
    return matches[0] if len(matches) == 1 else None


def starts_with_any(text, position, options):
    return next((o for o in options if text.startswith(o, position)), None)


def name_words(copy, paragraph, start, stop):
    """The words of a name chunk up to the first word that is not a name."""
    kept = []
    for s, e, word in copy.words_from(paragraph, start, stop):
        if (
            word in STOP_WORDS
            or word in HONORIFICS
            or starts_with_any(word, 0, ROLE_WORDS)
        ):
            break
        kept.append((s, e))
    # A lone letter is an initial or a typo, not a name.
    if not kept or kept[-1][1] - kept[0][0] < 2:
        return None
    return kept[0][0], kept[-1][1]


def chunk_end(text, position):
    match = re.compile(r"[\s()«»“”,៖:។៕?!]").search(text, position)
    return match.start() if match else len(text)


def read_name(copy, paragraph, position):
    """(name, start, end, latin, title) of the name after an honorific, or None."""
    text = copy.paragraphs[paragraph]
    title = ""
    # Titles and roles between the honorific and the name ("លោកនាយករដ្ឋមន្ត្រី").
    for _ in range(2):
        if text[position : position + 1] == " ":
            position += 1
        found = starts_with_any(text, position, TITLES) or starts_with_any(
            text, position, ROLE_WORDS
        )
        if not found:
            break
        end = chunk_end(text, position)
        title = copy.written[paragraph][position:end]
        position = end
    if text[position : position + 1] == " ":
        position += 1
    latin = LATIN_NAME.match(text, position)
    if latin and latin.group().strip():
        name = latin.group().strip()
        return name, position, position + len(name), "", title
    first_end = chunk_end(text, position)
    if first_end - position > 12:
        # A family name is one short word; this is a phrase.
        return None
    first = name_words(copy, paragraph, position, first_end)
    if first is None or first[1] != first_end:
        return None
    if copy.word_at(paragraph, position) in PRONOUN_NEXT:
        return None
    end = first_end
    written = copy.written[paragraph]
    parts = [written[position:end]]
    while len(parts) < 3 and text[end : end + 1] == " ":
        following_end = chunk_end(text, end + 1)
        span = name_words(copy, paragraph, end + 1, following_end)
        if span is None or span[0] != end + 1:
            break
        if len(parts) == 2 and not third_word(text, span, following_end):
            break
        parts.append(written[span[0] : span[1]])
        end = span[1]
        if span[1] != following_end:
            # The given name ran into the next word.
            break
    name = " ".join(parts)
    alias = re.match(r"\s*\(([A-Z][^()]{2,60})\)", text[end:])
    return name, position, end, alias.group(1).strip() if alias else "", title


def third_word(text, span, chunk_stop):
    """A name's third word: whole, short, then a role, a stop or an end."""
    if span[1] != chunk_stop or chunk_stop - span[0] > 9:
        return False
    after = text[chunk_stop:].lstrip()
    if not after or after[0] in "(«“,៖:។៕" or starts_with_any(after, 0, ROLE_WORDS):
        return True
    run = KHMER_RUN.match(after)
    return bool(run) and words(run.group())[0] in STOP_WORDS


def description_after(copy, paragraph, end):
    """How the story describes someone right after the name."""
    text = copy.paragraphs[paragraph]
    position = end + (1 if text[end : end + 1] == " " else 0)
    alias = re.match(r"\([^()]*\)\s?", text[position:])
    if alias:
        position += alias.end()
    of = re.match(r"នៃ ?([A-Z][\w.]*(?: [A-Z][\w.]*)*)", text[position:])
    if of:
        return of.group()
    role = starts_with_any(text, position, ROLE_WORDS)
    if not role:
        return ""
    stop = chunk_end(text, position)
    kept_end = position + len(role)
    for _s, e, word in copy.words_from(paragraph, kept_end, stop):
        if word in DESCRIPTION_STOPS or word.startswith("បាន"):
            break
        kept_end = e
    return copy.written[paragraph][position:kept_end]


def description_before(copy, paragraph, position):
    """A role named just before the honorific: "នាយករដ្ឋមន្ត្រីកម្ពុជា លោក X",
    "សហស្ថាបនិក…គឺលោក X"."""
    text = copy.paragraphs[paragraph]
    before = text[:position]
    if before.endswith("គឺ"):
        before = before[:-2]
    elif before.endswith(ONE_PERSON):
        before = before[: -len(ONE_PERSON)]
    elif before.endswith(" "):
        before = before[:-1]
    else:
        return ""
    start = max(
        before.rfind(" ") + 1,
        *(m.end() for m in re.finditer(r"[។៕?!,៖:()]", before)),
        0,
    )
    chunk = before[start:].strip()
    if not starts_with_any(chunk, 0, ROLE_WORDS):
        return ""
    offset = before.index(chunk, start)
    return copy.written[paragraph][offset : offset + len(chunk)]


def read_people(copy):
    for index, text in enumerate(copy.paragraphs):
        position = 0
        while position < len(text):
            honorific = honorific_at(copy, index, position)
            if honorific is not None:
                starter, after = honorific, position + len(honorific)
            else:
                # "នាយករដ្ឋមន្ត្រី ហ៊ុន សែន": a title alone before the name;
                # "កសិករម្នាក់ឈ្មោះ លី ស្រីមុំ": a name after ឈ្មោះ (named).
                starter = title_at(copy, index, position)
                after = position
                if starter is None and text.startswith(NAMED, position):
                    starter, after = NAMED.strip(), position + len(NAMED)
                if starter is None:
                    position += 1
                    continue
            found = read_name(copy, index, after)
            if found is None:
                if honorific in PRONOUNS:
                    copy.refs.append((index, position, after, None, honorific))
                position = max(after, position + len(starter))
                continue
            name, start, end, latin, title = found
            if len(name.split()) < 2:
                # "លោកស្រី Harrelson", "ប្រធានាធិបតី ត្រាំ": someone already named.
                person = copy.find(name) or by_short_name(copy, name)
                if person is None:
                    position = max(end, position + 1)
                    continue
            else:
                script = "Latin" if LATIN_LETTER.match(name) else "Khmer"
                kind = "honorific" if honorific else "title"
                person = copy.add(
                    name,
                    index,
                    start,
                    (0.9 if script == "Khmer" else 0.85) - (0 if honorific else 0.1),
                    f"the {kind} {starter} before a {len(name.split())}-word "
                    f"{script} name",
                    latin,
                )
            gender = HONORIFICS.get(honorific, "")
            if gender and not person.gender:
                person.gender = gender
            person.mentions += 1
            described = description_before(copy, index, position) or description_after(
                copy, index, end
            )
            if described and (not person.described_as or person.described_as in TITLES):
                person.described_as = described
            elif title and not person.described_as:
                person.described_as = title
            copy.refs.append((index, start, end, person, "name"))
            position = end
            # "លោក ជុំ ហួរ និង ជុំ ហួត": a second name after និង shares the honorific.
            if text.startswith(" និង ", end):
                second = read_name(copy, index, end + len(" និង "))
                if second and not LATIN_LETTER.match(second[0]):
                    other = copy.add(
                        second[0],
                        index,
                        second[1],
                        0.7,
                        f"a two-word name after និង, sharing the honorific {honorific}",
                    )
                    other.mentions += 1
                    other.gender = other.gender or gender
                    copy.refs.append((index, second[1], second[2], other, "name"))
                    position = second[2]
        sign_off = SIGN_OFF.search(text)
        if sign_off and not copy.find(sign_off["name"]):
            written = copy.written[index][sign_off.start("name") : sign_off.end("name")]
            person = copy.add(written, index, sign_off.start("name"), 0.6, "a sign-off")
            person.mentions += 1
            copy.refs.append(
                (index, sign_off.start("name"), sign_off.end("name"), person, "name")
            )
    # Later mentions without an honorific ("ហ៊ុន សែន បានថ្លែង").
    for person in copy.people:
        for variant in person.variants:
            if len(variant) < 4:
                continue
            for index, text in enumerate(copy.paragraphs):
                for match in re.finditer(re.escape(variant), text.casefold()):
                    if not any(
                        r[0] == index and r[1] <= match.start() < r[2]
                        for r in copy.refs
                    ):
                        copy.refs.append(
                            (index, match.start(), match.end(), person, "name")
                        )
    for index, text in enumerate(copy.paragraphs):
        for match in re.finditer("គាត់|នាង", text):
            if copy.boundary(index, match.start()) and not any(
                r[0] == index and r[1] <= match.start() < r[2] for r in copy.refs
            ):
                copy.refs.append((index, match.start(), match.end(), None, match[0]))
    copy.refs.sort(key=lambda r: (r[0], r[1]))


def person_before(copy, paragraph, position, gender=""):
    """The person last named before this place (of the gender a pronoun asks)."""
    best = None
    for index, start, _end, person, _kind in copy.refs:
        if (index, start) >= (paragraph, position):
            break
        if person is not None and not (
            gender and person.gender and person.gender != gender
        ):
            best = person
    return best
