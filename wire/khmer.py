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

from .khmer_names import KhmerCopy, read_people
from .khmer_quotes import read_quotes
from .khmer_vocabulary import KHMER_LETTER, LATIN_LETTER, fold


def is_khmer(paragraphs, language=""):
    """
    Whether copy is Khmer: written mostly in Khmer letters or, when the story
    says it is Khmer, at least a third in them (English names and programme
    titles are common in Khmer copy). The script decides over the language:
    a story left at the site's default language may hold Khmer copy.
    """
    text = "".join(paragraphs)
    khmer = len(KHMER_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    if not khmer:
        return False
    if (language or "").lower().startswith("km"):
        return 2 * khmer >= latin
    return khmer >= 2 * latin


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
    # suggest.py dispatches here, so its classes are imported when called.
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
