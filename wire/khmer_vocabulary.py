"""
The word lists and spellings the Khmer wire rules read by (``wire/khmer.py``).

Each list is a plain tuple, set or dict to extend as copy shows a gap; every
entry is in its folded spelling (``fold``: coeng ta for coeng da, ឲ្យ for ឱ្យ
and អោយ).
"""

import re

from common.khmer import normalize

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
# A reported clause: a verb of saying, then ថា (without quotation marks).
REPORTED = re.compile(
    r"(?:និយាយ|ប្រសាសន៍|ប្រាប់|ថ្លែង|ឲ្យដឹង|បញ្ជាក់|លើកឡើង|សរសេរ)[^។៕«»“”]{0,40}?ថា"
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
NAMED = "ឈ្មោះ "
ONE_PERSON = "ម្នាក់"
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
