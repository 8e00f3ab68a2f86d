"""
People and quotations in Khmer wire copy, by rules.

Khmer has no capital letters and no spaces between words (a space ends a
phrase), so the English rules find nothing in it. Here a person is an
honorific (លោក, លោកស្រី, ឯកឧត្តម, សម្តេច…) before a name: a family name and a
given name, two or three words, or a run of Latin capitalised words; the
given name often runs into the next word ("លោកហេង រស្មីរាយការណ៍"), and the
khmer-nltk segmenter (``common.khmer.words``) finds where it stops. A
quotation is the text inside « », “ ”, ‹ › or 「」 after a speech verb ending in
ថា (បាននិយាយថា, មានប្រសាសន៍ថា, បានប្រាប់ VOA ថា…), or followed by one.
Reported speech (a verb and ថា with no quotation marks) is not a quotation
and is not suggested: the desk would have to rewrite it into the story's
words anyway, and the labels keep the two apart.

``suggest_khmer`` returns the same ``Suggestions`` as ``suggest.suggest``,
each row with a ``score`` (how sure the rule is) and its ``reason``.
"""

import re
from datetime import timedelta

from common.khmer import normalize, words

from .names import PersonSuggestion

KHMER_LETTER = re.compile("[\u1780-\u17ff]")
LATIN_LETTER = re.compile("[A-Za-z]")
KHMER_RUN = re.compile("[\u1780-\u17dd\u17e0-\u17e9\u19e0-\u19ff]+")

# Spellings that render alike or mean the same: coeng da for coeng ta
# (សម្ដេច, សម្តេច) and the three ways of writing ឲ្យ. Each pair has the same
# length, so offsets into the folded text are offsets into the text.
VARIANTS = (("\u17d2\u178a", "\u17d2\u178f"), ("ឱ្យ", "ឲ្យ"), ("អោយ", "ឲ្យ"))

# Honorific → the gender it implies ("" when it implies none), longest first.
HONORIFICS = {
    "សម្តេចអគ្គមហាសេនាបតីតេជោ": "m",
    "សម្តេចតេជោ": "m",
    "សម្តេចកិត្តិព្រឹទ្ធបណ្ឌិត": "f",
    "សម្តេច": "",
    "ព្រះករុណា": "m",
    "ព្រះតេជគុណ": "m",
    "ព្រះអង្គ": "",
    "ឯកឧត្តម": "m",
    "លោកជំទាវ": "f",
    "លោកស្រី": "f",
    "អ្នកស្រី": "f",
    "អ្នកនាង": "f",
    "លោក": "m",
    "កញ្ញា": "f",
    "នាង": "f",
    "អ្នកឧកញ៉ា": "m",
    "ឧកញ៉ា": "m",
}
# Titles that may stand between the honorific and the name.
TITLES = (
    "បណ្ឌិតសភាចារ្យ",
    "បណ្ឌិត",
    "សាស្ត្រាចារ្យ",
    "ឧត្តមសេនីយ៍ឯក",
    "ឧត្តមសេនីយ៍ទោ",
    "ឧត្តមសេនីយ៍ត្រី",
    "ឧត្តមសេនីយ៍",
    "វរសេនីយ៍ឯក",
    "វេជ្ជបណ្ឌិត",
    "មេធាវី",
    "ទេសរដ្ឋមន្ត្រី",
    "ឧបនាយករដ្ឋមន្ត្រី",
    "ឧបនាយករដ្ឋមន្រ្តី",
    "នាយករដ្ឋមន្ត្រី",
    "នាយករដ្ឋមន្រ្តី",
    "ប្រធានាធិបតី",
    "រដ្ឋមន្ត្រី",
    "រដ្ឋមន្រ្តី",
    "អភិបាល",
    "ឯកអគ្គរដ្ឋទូត",
    "អគ្គលេខាធិការ",
)
# Words a description of a person starts with.
ROLE_WORDS = (
    *TITLES,
    "អ្នកនាំពាក្យ",
    "អ្នកសារព័ត៌មាន",
    "អ្នកកាសែត",
    "អ្នកយកព័ត៌មាន",
    "អ្នករាយការណ៍",
    "អ្នកវិភាគ",
    "អ្នកស្រាវជ្រាវ",
    "អ្នកនិពន្ធ",
    "អ្នកតាមដាន",
    "អ្នកគ្រប់គ្រង",
    "អ្នកជំនាញ",
    "អ្នកសម្របសម្រួល",
    "អ្នកភូមិ",
    "អ្នកស្រុក",
    "សមាជិកសភា",
    "សមាជិកព្រឹទ្ធសភា",
    "សមាជិក",
    "តំណាងរាស្ត្រ",
    "ប្រធាន",
    "អនុប្រធាន",
    "នាយក",
    "នាយិកា",
    "អគ្គនាយក",
    "លេខាធិការ",
    "រដ្ឋលេខាធិការ",
    "អនុរដ្ឋលេខាធិការ",
    "មន្ត្រី",
    "មន្រ្តី",
    "សកម្មជន",
    "សហស្ថាបនិក",
    "ស្ថាបនិក",
    "អតីត",
    "ភរិយា",
    "ស្វាមី",
    "កសិករ",
    "កម្មករ",
    "គ្រូ",
    "និស្សិត",
    "សិស្ស",
    "ចៅសង្កាត់",
    "មេឃុំ",
    "ចៅហ្វាយ",
    "ព្រះសង្ឃ",
    "ពលរដ្ឋ",
)
# Words that end a name: verbs, conjunctions and prepositions a name runs into.
STOP_WORDS = {
    "បាន",
    "ទទួលបាន",
    "ទទួល",
    "និង",
    "ជា",
    "គឺ",
    "នៃ",
    "នៅ",
    "ពី",
    "មក",
    "មកពី",
    "ថា",
    "យល់",
    "មើលឃើញ",
    "ថ្លែង",
    "និយាយ",
    "ប្រាប់",
    "មាន",
    "កំពុង",
    "ដែល",
    "ក៏",
    "នឹង",
    "ត្រូវ",
    "ក្នុង",
    "រាយការណ៍",
    "ចូលរួម",
    "ផ្តល់",
    "អាយុ",
    "ទាំង",
    "ទាំងពីរ",
    "ដោយ",
    "សម្ភាស",
    "បញ្ជាក់",
    "លើកឡើង",
    "អះអាង",
    "សរសេរ",
    "ស្នើ",
    "ជំរុញ",
    "ហើយ",
    "តែ",
    "ប៉ុន្តែ",
    "ដឹកនាំ",
    "អញ្ជើញ",
    "ធ្វើ",
    "ចង់",
    "ឲ្យ",
    "ទៅ",
    "ជាមួយ",
    "របស់",
    "ផង",
    "ដែរ",
    "ទេ",
    "វិញ",
    "ម្នាក់",
    "រូប",
    "សហការី",
}
# A description stops at the first of these (a verb, a relative).
DESCRIPTION_STOPS = {
    "បាន",
    "ដែល",
    "យល់",
    "មើលឃើញ",
    "ថ្លែង",
    "និយាយ",
    "ថា",
    "ប្រាប់",
    "ចូលរួម",
    "ផ្តល់",
    "កំពុង",
    "រាយការណ៍",
    "មក",
    "មកពី",
    "ធ្វើ",
    "អញ្ជើញ",
    "ស្នើ",
    "ជំរុញ",
    "លើកឡើង",
    "បញ្ជាក់",
    "សម្ភាស",
}
# After an honorific, words that make it a pronoun ("លោកបានបន្តថា").
PRONOUN_NEXT = {
    "បាន",
    "ថា",
    "មាន",
    "ទាំងពីរ",
    "ទាំង",
    "ក៏",
    "នឹង",
    "មិន",
    "កំពុង",
    "យល់",
    "ត្រូវ",
    "និយាយ",
    "ប្រាប់",
    "បន្ត",
    "បន្ថែម",
    "ថ្លែង",
    "បញ្ជាក់",
    "ឲ្យ",
}
PRONOUNS = {"គាត់": "", "លោក": "m", "លោកស្រី": "f", "អ្នកស្រី": "f", "នាង": "f"}

# Speech verbs before a quotation (or a reported clause): the verb, then
# anything up to ថា (បានប្រាប់ VOA ថា), then a colon or nothing.
SPEECH_VERB = re.compile(
    r"(?P<verb>(?:បាន)?(?:មាន)?(?:និយាយ|ប្រសាសន៍|ប្រាប់|ថ្លែង|ឲ្យដឹង|បញ្ជាក់|"
    r"សរសេរ|លើកឡើង|បន្ត|បន្ថែម|អះអាង|ប្រកាស|ពោល|ឆ្លើយ|សួរ|ត្អូញត្អែរ|"
    r"រៀបរាប់|សង្កត់ធ្ងន់|ព្រមាន|ស្រែក|បង្ហោះ|ទូរស័ព្ទ)[^។៕?!«»“”]{0,40}?)"
    r"ថា\s*[៖:]?\s*$"
)
COLON_INTRO = re.compile(r"[៖:]\s*$")
WRITTEN = ("សរសេរ", "បង្ហោះ", "លិខិត", "ហ្វេសប៊ុក", "Facebook", "តេឡេក្រាម", "Telegram")
STATEMENT = ("សេចក្តីថ្លែងការណ៍",)
AFTER_VERBS = (
    "និយាយ",
    "ប្រសាសន៍",
    "ប្រាប់",
    "ថ្លែង",
    "ឲ្យដឹង",
    "បញ្ជាក់",
    "សរសេរ",
    "លើកឡើង",
    "សម្តី",
    "បន្ថែម",
    "នេះបើតាម",
)
# Words before ថា that name a thing rather than report speech: a title
# (ចំណងជើងថា), a name (ឈ្មោះថា, ហៅថា), a view (ចាត់ទុកថា).
NOT_SPEECH = ("ចំណងជើង", "ឈ្មោះ", "ហៅ", "ពាក្យ", "ចាត់ទុក", "បរិយាយ", "កម្មវិធី")
QUOTE_PAIRS = {"«": "»", "“": "”", "‹": "›", "「": "」", '"': '"'}
SENTENCE_END = re.compile(r"[។៕?!]")
WEEKDAYS = ("ចន្ទ", "អង្គារ", "ពុធ", "ព្រហស្បតិ៍", "សុក្រ", "សៅរ៍", "អាទិត្យ")

CHROME = {
    "ភ្ជាប់ទៅគេហទំព័រទាក់ទង",
    "ព័ត៌មានថ្មី",
    "your browser doesn’t support html5",
    "your browser doesn't support html5",
    "ទាញយកពីតំណភ្ជាប់ដើម",
    "-",
}
LIST_HEADINGS = {"កម្មវិធីនីមួយៗ", "ព័ត៌មានទាក់ទង"}
LATIN_NAME = re.compile(r"(?:[A-Z][A-Za-z’'-]*\.?[ ]?){1,5}")
SIGN_OFF = re.compile(
    r"\((?P<name>[\u1780-\u17ff]+ [\u1780-\u17ff]+),[^()]*\)\s*[៕។]?$"
)


def fold(text):
    """``text`` normalised, one spelling for the variants, for comparing."""
    text = normalize(text)
    for typed, meant in VARIANTS:
        text = text.replace(typed, meant)
    return text


def name_key(name):
    """A name as compared: folded, Latin in lower case, spaces collapsed."""
    return " ".join(fold(name).casefold().split())


def is_khmer(paragraphs, language=""):
    """Whether copy is Khmer: said so, or written mostly in Khmer letters."""
    if (language or "").lower().startswith("km"):
        return True
    text = "".join(paragraphs)
    khmer = len(KHMER_LETTER.findall(text))
    return khmer > 0 and khmer >= 2 * len(LATIN_LETTER.findall(text))


class KhmerCopy:
    """A Khmer text being read: its paragraphs, word boundaries and people."""

    def __init__(self, paragraphs, people=(), story_date=None):
        kept = []
        for paragraph in paragraphs:
            if paragraph.strip() in LIST_HEADINGS:
                # A list of other programmes follows the story.
                break
            if paragraph.strip().casefold() not in CHROME:
                kept.append(fold(paragraph))
        self.paragraphs = kept
        self.story_date = story_date
        self.known = []
        for pk, name, aliases in people:
            keys = {name_key(name), *(name_key(a) for a in aliases)}
            self.known.append((pk, name, {k for k in keys if k}, set(aliases)))
        self.people = []
        self.refs = []  # (paragraph, start, end, person, kind) kind: name|pronoun
        self.tokens = [self.segment(p) for p in self.paragraphs]

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
        for start, end in self.tokens[paragraph]:
            if start == position:
                return self.paragraphs[paragraph][start:end]
        return ""

    def boundary(self, paragraph, position):
        text = self.paragraphs[paragraph]
        if position <= 0 or position >= len(text):
            return True
        if not KHMER_LETTER.match(text[position - 1]) or not KHMER_LETTER.match(
            text[position]
        ):
            return True
        return any(s == position for s, _e in self.tokens[paragraph])

    def words_from(self, paragraph, position, stop):
        """Words from ``position`` to ``stop``, as (start, end, word)."""
        text = self.paragraphs[paragraph]
        return [
            (s, e, text[s:e])
            for s, e in self.tokens[paragraph]
            if position <= s and e <= stop
        ]

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
            or starts_with_any(word, 0, ROLE_WORDS)
            or (kept and word in HONORIFICS)
        ):
            break
        kept.append((s, e))
    return (kept[0][0], kept[-1][1]) if kept else None


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
        title = text[position:end]
        position = end
    if text[position : position + 1] == " ":
        position += 1
    latin = LATIN_NAME.match(text, position)
    if latin and latin.group().strip():
        name = latin.group().strip()
        if len(name.split()) >= 1:
            return name, position, position + len(name), "", title
    first_end = chunk_end(text, position)
    first = name_words(copy, paragraph, position, first_end)
    if first is None or first[1] != first_end or first_end - position > 12:
        return None
    if copy.word_at(paragraph, position) in PRONOUN_NEXT:
        return None
    end = first_end
    parts = [text[position:end]]
    while len(parts) < 3 and text[end : end + 1] == " ":
        following_end = chunk_end(text, end + 1)
        span = name_words(copy, paragraph, end + 1, following_end)
        if span is None or span[0] != end + 1:
            break
        if len(parts) == 2 and not third_word(text, span, following_end):
            break
        parts.append(text[span[0] : span[1]])
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
    return text[position:kept_end]


def description_before(copy, paragraph, position):
    """A role named just before the honorific: "នាយករដ្ឋមន្ត្រីកម្ពុជា លោក X",
    "សហស្ថាបនិក…គឺលោក X"."""
    text = copy.paragraphs[paragraph]
    before = text[:position]
    if before.endswith("គឺ"):
        before = before[:-2]
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
    return chunk if starts_with_any(chunk, 0, ROLE_WORDS) else ""


def read_people(copy):
    for index, text in enumerate(copy.paragraphs):
        position = 0
        while position < len(text):
            honorific = honorific_at(copy, index, position)
            if honorific is not None:
                starter, after = honorific, position + len(honorific)
            else:
                # "នាយករដ្ឋមន្ត្រី ហ៊ុន សែន": a title alone before the name.
                starter = title_at(copy, index, position)
                if starter is None:
                    position += 1
                    continue
                after = position
            found = read_name(copy, index, after)
            if found is None:
                if honorific in PRONOUNS:
                    copy.refs.append((index, position, after, None, honorific))
                position = after + (0 if honorific else len(starter))
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
            person = copy.add(
                sign_off["name"], index, sign_off.start("name"), 0.6, "a sign-off"
            )
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


def speaker_in(copy, paragraph, start, stop):
    """(person, how) from the first name or pronoun between two places."""
    for index, s, _e, person, kind in copy.refs:
        if index != paragraph or not start <= s < stop:
            continue
        if person is not None:
            return person, "name"
        resolved = person_before(copy, paragraph, s, PRONOUNS.get(kind, ""))
        if resolved is not None:
            return resolved, "pronoun"
    return None, ""


def quote_spans(text):
    """(start, end, inner start, inner end, closed) of each quotation."""
    spans = []
    position = 0
    while position < len(text):
        opening = text[position]
        closing = QUOTE_PAIRS.get(opening)
        if closing is None:
            position += 1
            continue
        end = text.find(closing, position + 1)
        if end == -1:
            spans.append((position, len(text), position + 1, len(text), False))
            break
        spans.append((position, end + 1, position + 1, end, True))
        position = end + 1
    return spans


def sentence_bounds(text, start, end):
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


def kind_of(sentence):
    if any(w in sentence for w in STATEMENT):
        return "statement"
    if any(w in sentence for w in WRITTEN):
        return "written"
    return "spoken"


def said_on(copy, sentence):
    if copy.story_date is None:
        return None
    for number, day in enumerate(WEEKDAYS):
        if f"ថ្ងៃ{day}" in sentence:
            back = (copy.story_date.weekday() - number) % 7
            return copy.story_date - timedelta(days=back)
    return copy.story_date


def read_quotes(copy):
    quotes = []
    last_speaker = None
    for index, text in enumerate(copy.paragraphs):
        for start, end, inner_start, inner_end, closed in quote_spans(text):
            words_inside = text[inner_start:inner_end].strip()
            if not words_inside:
                continue
            s_start, s_end = sentence_bounds(text, start, end)
            before = text[s_start:start]
            verb = SPEECH_VERB.search(before)
            colon = COLON_INTRO.search(before)
            if verb and any(
                before[: s_start + verb.start() - s_start].endswith(w)
                for w in NOT_SPEECH
            ):
                verb = None
            person, how, score = None, "", 0.0
            partial = False
            reason = ""
            if verb or colon:
                clause_end = s_start + (verb.start() if verb else colon.start())
                person, how = speaker_in(copy, index, s_start, clause_end)
                score = {"name": 0.9, "pronoun": 0.75}.get(how, 0.3)
                reason = (
                    f"after the speech verb {verb['verb'].strip()}ថា"
                    if verb
                    else "after a colon"
                )
            elif not before.strip():
                after_text = text[end:s_end]
                if after_text.strip(" ។") == "" and s_end < len(text):
                    next_end = sentence_bounds(text, s_end, s_end)[1]
                    after_text = text[s_end:next_end]
                    after_start = s_end
                else:
                    after_start = end
                if any(v in after_text for v in AFTER_VERBS):
                    person, how = speaker_in(
                        copy, index, after_start, after_start + len(after_text)
                    )
                    score, reason = 0.7, "a speech verb after the quotation"
                if person is None and last_speaker is not None:
                    person, how = last_speaker, "previous speaker"
                    score, reason = 0.5, "the last person quoted or reported"
                if person is None and start == 0 and index > 0:
                    person = person_before(copy, index, 0)
                    if person is not None:
                        how = "previous paragraph"
                        score = 0.4
                        reason = "a quotation opening a paragraph, no attribution"
            else:
                # Inside a sentence: a partial quotation after a speech verb,
                # else a term, title or name in quotation marks.
                reported = re.search(
                    r"(?:និយាយ|ប្រសាសន៍|ប្រាប់|ថ្លែង|ឲ្យដឹង|បញ្ជាក់|លើកឡើង|សរសេរ)"
                    r"[^។៕]{0,40}?ថា",
                    before,
                )
                if not reported or len(words_inside) < 12:
                    continue
                person, how = speaker_in(
                    copy, index, s_start, s_start + reported.start()
                )
                partial = True
                score, reason = 0.6, "a partial quotation inside reported speech"
            if person is None and not (verb or colon):
                continue
            note = "" if closed else "The quotation mark was never closed."
            if not closed:
                score -= 0.2
            if person is None:
                note = (note + " The story does not name the speaker.").strip()
            else:
                last_speaker = person
            sentence = text[s_start:s_end]
            quotes.append(
                {
                    "text": words_inside,
                    "paragraph": index,
                    "speaker": person,
                    "how": how,
                    "partial": partial,
                    "note": note,
                    "kind": kind_of(sentence),
                    "said_on": said_on(copy, sentence),
                    "score": round(max(score, 0.1), 2),
                    "reason": reason,
                }
            )
        # Reported speech names its speaker for a quotation that follows.
        for match in re.finditer(
            r"(?:និយាយ|ប្រសាសន៍|ប្រាប់|ថ្លែង|ឲ្យដឹង|បញ្ជាក់|លើកឡើង)[^។៕«»]{0,40}?ថា",
            text,
        ):
            s_start, _s_end = sentence_bounds(text, match.start(), match.start())
            person, _how = speaker_in(copy, index, s_start, match.start())
            if person is not None:
                last_speaker = person
    return quotes


def credit_photographer(credit):
    """The photographer in a Khmer credit: "ស៊ុន ណារិន/VOA" → "ស៊ុន ណារិន"."""
    if not credit or "/" not in credit:
        return ""
    first = fold(credit.split("/", 1)[0].strip())
    parts = first.split()
    if 2 <= len(parts) <= 3 and all(KHMER_LETTER.match(p) for p in parts):
        return first
    return ""


def candidate_names(paragraphs):
    """Names the Khmer rules would propose, to look existing people up by:
    each in both spellings of coeng ta and coeng da, and any Latin form."""
    copy = KhmerCopy(paragraphs)
    read_people(copy)
    names = set()
    for person in copy.people:
        for name in (person.name, person.new_alias):
            if name:
                names.add(name)
                names.add(name.replace("\u17d2\u178f", "\u17d2\u178a"))
    return sorted(names)


def suggest_khmer(paragraphs, people=(), story_date=None, credit=""):
    """People and quotations in Khmer copy, as ``suggest.suggest`` returns them."""
    from .suggest import QuoteSuggestion, Suggestions, credit_person

    copy = KhmerCopy([p for p in paragraphs if p and p.strip()], people, story_date)
    read_people(copy)
    quotes = []
    for number, quote in enumerate(read_quotes(copy), start=1):
        person = quote["speaker"]
        quotes.append(
            QuoteSuggestion(
                key=f"q{number}",
                text=quote["text"],
                speaker=person.key if person else None,
                speaker_title=person.described_as if person else "",
                kind=quote["kind"],
                said_on=quote["said_on"],
                paragraph=quote["paragraph"],
                how=quote["how"],
                partial=quote["partial"],
                note=quote["note"],
                score=quote["score"],
                reason=quote["reason"],
            )
        )
    photographer = credit_photographer(credit) or credit_person(credit)
    if photographer and copy.find(photographer) is None:
        person = copy.add(photographer, -1, 0, 0.8, "the photo credit")
        person.role = "photographer"
    return Suggestions(people=list(copy.people), quotes=quotes)
