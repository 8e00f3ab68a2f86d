"""Words the suggestion rules know: speech verbs, titles, role nouns, non-names."""

import re

SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks",
    "stated", "states", "declared", "declares", "insisted", "insists",
    "explained", "explains", "warned", "warns", "noted", "notes", "argued",
    "argues", "replied", "replies", "responded", "continued", "continues",
    "wrote", "writes", "written", "reads", "read", "posted", "posts",
    "tweeted", "recalled", "claimed", "claims", "acknowledged", "admitted",
    "announced", "announces", "urged", "urges", "called", "described",
    "stressed", "stresses", "emphasized", "emphasised",
    "according", "quoted", "remarked", "concluded", "suggested", "vowed",
    "saying", "telling", "adding", "warning", "insisting", "accused",
    "accuses", "accusing", "promised", "promises", "pledged", "pledges",
    "conceded", "concedes", "denied", "denies", "confirmed", "confirms",
    "complained", "complains", "predicted", "predicts", "demanded", "demands",
}  # fmt: skip
WRITTEN_VERBS = {
    "wrote",
    "writes",
    "written",
    "reads",
    "read",
    "posted",
    "posts",
    "tweeted",
}
DOC_VERBS = {
    "wrote", "written", "writes", "sent", "send", "sends", "signed", "issued",
    "issues", "posted", "posts", "published", "released", "releases", "penned",
}  # fmt: skip
DOC_NOUNS = {
    "letter": "written", "letters": "written", "post": "written", "posts": "written",
    "tweet": "written", "message": "written", "note": "written", "email": "written",
    "op-ed": "written", "column": "written", "essay": "written",
    "statement": "statement", "communique": "statement", "communiqué": "statement",
    "declaration": "statement", "announcement": "statement",
}  # fmt: skip

# Words that head a description of a person ("deputy foreign affairs minister").
ROLE_NOUNS = {
    "president", "minister", "pm", "premier", "secretary", "ambassador",
    "senator", "spokesman", "spokeswoman", "spokesperson", "leader", "chairman",
    "chairwoman", "chair", "director", "governor", "mayor", "general", "official",
    "officer", "commander", "chief", "king", "queen", "prince", "princess",
    "judge", "justice", "lawyer", "attorney", "analyst", "researcher",
    "professor", "activist", "monk", "founder", "ceo", "head", "envoy",
    "diplomat", "representative", "lawmaker", "legislator", "mp", "candidate",
    "editor", "reporter", "correspondent", "adviser", "advisor", "coordinator",
    "manager", "chancellor", "deputy", "member", "speaker", "economist",
    "expert", "historian", "scientist", "author", "journalist", "photographer",
    "campaigner", "organizer", "organiser", "owner", "farmer", "resident",
    "worker", "volunteer", "student", "teacher", "doctor", "nurse", "villager",
    "defender", "operator", "blogger", "vendor", "driver", "guide", "trader",
    "businessman", "businesswoman", "entrepreneur", "artist", "musician", "writer",
    "poet", "singer", "actor", "actress", "athlete", "coach", "player", "survivor",
    "witness", "chairperson", "secretary-general", "cfo", "partner",
    "prosecutor", "counsel", "consul", "emperor", "pope", "bishop", "sheikh",
    "admiral", "colonel", "captain", "major", "lieutenant", "sergeant",
    "executive", "president-elect", "vice-president", "presidents", "ministers",
    "governor-general", "commissioner", "inspector", "investigator",
    "administrator", "auditor", "treasurer", "registrar",
    "negotiator", "delegate", "observer", "monitor", "strategist", "pollster",
}  # fmt: skip

# Capitalised titles written straight before a name ("Senator Sok Eysan").
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "pm", "ambassador", "senator",
    "sen.", "rep.", "representative", "governor", "gov.", "mayor", "general",
    "gen.", "lt.", "col.", "colonel", "major", "captain", "capt.", "admiral",
    "king", "queen", "prince", "princess", "pope", "judge", "justice",
    "chancellor", "premier", "secretary", "chairman", "chairwoman", "speaker",
    "commander", "chief", "director", "spokesman", "spokeswoman",
    "spokesperson", "leader", "deputy", "envoy", "bishop", "sheikh", "emperor",
    "samdech", "oknha", "excellency", "professor", "prof.", "father", "rev.",
    "foreign", "interior", "defense", "defence", "finance", "information",
    "health", "education", "state", "opposition",
}  # fmt: skip
# Relations that describe someone through a named person ("Vuthy's mother").
FAMILY_NOUNS = {
    "mother", "father", "wife", "husband", "son", "daughter", "brother",
    "sister", "widow", "widower", "uncle", "aunt", "cousin", "grandmother",
    "grandfather", "niece", "nephew", "partner", "fiancée", "fiance", "fiancé",
}  # fmt: skip
# Titles as agencies abbreviate them before a name ("Sen. Jane Doyle").
TITLE_ABBREVIATIONS = {
    "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "capt.", "adm.", "sgt.",
    "prof.", "amb.", "pres.", "supt.", "insp.", "cmdr.", "maj.", "lt.-gen.",
}  # fmt: skip
HONORIFICS = {
    "mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f",
    "miss": "f", "dr.": "", "dr": "", "sir": "m", "dame": "f", "lord": "m",
    "lady": "f", "madam": "f", "madame": "f",
}  # fmt: skip

# Lower-case words that may stand inside a description ("ruling party senator").
MODIFIERS = {
    "opposition", "ruling", "party", "deputy", "assistant", "vice", "former",
    "senior", "chief", "acting", "foreign", "affairs", "interior", "state",
    "government", "embassy", "military", "police", "army", "defense", "defence",
    "finance", "justice", "health", "education", "information", "prime",
    "general", "executive", "national", "provincial", "district", "commune",
    "local", "top", "agency", "ministry", "council", "court", "union", "labor",
    "labour", "rights", "human", "election", "electoral", "independent",
    "political", "press", "media", "public", "security", "trade", "economic",
    "environment", "environmental", "land", "policy", "legal", "commerce",
    "tourism", "culture", "cabinet", "interim", "longtime",
    "long-time", "veteran", "exiled", "jailed", "detained", "co-founder",
    "spokesman", "spokeswoman", "spokesperson", "country", "group", "advocacy",
    "department", "office", "senate", "assembly", "parliament",
    "parliamentary", "communications", "association", "network", "news",
    "then", "then-", "regional", "world", "international", "us", "u.s.",
}  # fmt: skip

# Capitalised words that are places, organisations, days, months or sentence
# openers, never part of a person's name.
NOT_NAME = {
    # openers and function words
    "a", "an", "the", "in", "on", "at", "for", "but", "and", "or", "however",
    "since", "according", "earlier", "later", "most", "some", "this", "that",
    "these", "those", "it", "he", "she", "they", "we", "i", "his", "her",
    "their", "our", "its", "after", "before", "while", "when", "where", "why",
    "what", "who", "as", "if", "although", "meanwhile", "last", "next",
    "yesterday", "today", "tomorrow", "there", "here", "many", "several",
    "both", "all", "one", "two", "three", "few", "other", "others", "another",
    "such", "then", "now", "also", "still", "yet", "so", "not", "no", "with",
    "by", "from", "to", "of", "over", "under", "about", "into", "during",
    "despite", "amid", "among", "between", "through", "without", "until",
    "unless", "because", "though", "whether", "each", "every", "any", "more",
    "less", "much", "my", "your", "you", "me", "him", "them", "us", "mr", "ms",
    "mrs", "dr", "said", "says", "asked", "reporting", "additional",
    "editing", "writing", "photo", "photos", "video", "file", "read", "watch",
    "listen", "share", "print", "related", "live", "breaking", "news",
    "update", "updated", "published", "posted", "like", "even", "just",
    "only", "well", "very", "once", "again", "ever", "never",
    # days and months
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # organisations and institutions
    "party", "court", "union", "council", "ministers", "ministry", "embassy",
    "agency", "department", "government", "committee", "association",
    "organization", "organisation", "university", "office", "assembly",
    "senate", "congress", "house", "times", "post", "bank", "company", "group",
    "inc", "ltd", "corp", "corporation", "foundation", "institute", "center",
    "centre", "commission", "network", "alliance", "movement", "front",
    "coalition", "federation", "league", "club", "school", "college",
    "hospital", "police", "army", "navy", "force", "forces", "guard", "radio",
    "television", "tv", "press", "daily", "herald", "journal", "review",
    "facebook", "twitter", "youtube", "telegram", "tiktok", "instagram",
    "google", "voa", "rfa", "ap", "afp", "reuters", "xinhua", "bbc", "cnn",
    "cnrp", "cpp", "nec", "un", "asean", "eu", "nato", "ngo", "ngos", "khmer",
    "rouge", "rights", "amnesty", "international", "human",
    "national", "rescue", "people’s", "people's", "peoples", "supreme",
    "european", "kingdom", "republic", "democratic", "democracy", "state",
    "states", "united", "nations", "federal", "royal", "white", "pentagon",
    "kremlin", "parliament", "cabinet", "administration", "province",
    "district", "city", "street", "road", "river", "lake", "island", "mount",
    "wat", "angkor", "prison", "airport", "port", "temple", "pagoda", "palace",
    "square",
    "bridge", "market", "stadium", "party’s", "party's", "ministries",
    "department’s", "embassy’s", "court’s", "world", "global", "capital",
    "unit", "units", "division", "bureau", "service", "services", "fund",
    "program", "programme", "project", "initiative", "society", "tribunal",
    "chamber", "authority", "zoo", "museum", "hall", "board", "foundation’s",
    # places
    "cambodia", "cambodian", "cambodians", "phnom", "penh", "siem", "reap",
    "battambang", "kampot", "kandal", "takeo", "kratie", "sihanoukville",
    "preah", "sihanouk", "koh", "mondulkiri", "ratanakiri", "asia",
    "asian", "southeast", "northeast", "east", "west", "north", "south",
    "eastern", "western", "northern", "southern", "central", "middle",
    "america", "american", "americans", "u.s.", "usa", "u.s", "america’s",
    "washington", "new", "york", "china", "chinese", "beijing", "japan",
    "japanese", "tokyo", "korea", "korean", "vietnam", "vietnamese", "hanoi",
    "thailand", "thai", "bangkok", "laos", "lao", "vientiane", "myanmar",
    "burma", "yangon", "malaysia", "singapore", "indonesia", "philippines",
    "manila", "india", "indian", "russia", "russian", "moscow", "ukraine",
    "france", "french", "paris", "germany", "german", "berlin", "britain",
    "british", "london", "england", "australia", "australian", "canada",
    "serbia", "serbian", "serbians", "yugoslavia", "europe", "africa",
    "african", "latin", "pacific", "atlantic", "mekong", "tonle", "sap",
    "brussels", "geneva", "canberra", "taiwan", "hong", "macau",
}  # fmt: skip

ARTICLES = {
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its",
    "their", "our", "my", "your", "so-called", "some", "any",
}  # fmt: skip
LINKING = {"of", "and", "for", "in", "on", "to", "&"}
OBJECT_MARKERS = {
    "to", "with", "from", "by", "of", "told", "reach", "reached", "against",
    "for", "on", "about", "met", "meet", "meets", "asked", "called", "urged",
    "visit", "visited", "and", "like", "than", "as", "overthrow", "release",
    "arrest", "arrested", "accused", "criticized", "criticised", "praised",
}  # fmt: skip
# Head nouns of a speaker that is an organisation ("the zoo said", "a Ford
# statement said"): its words are suggested as the organisation's, not a person's.
ORG_NOUNS = {
    "zoo", "hall", "ministry", "department", "agency", "company", "firm",
    "government", "court", "embassy", "mission", "committee", "party", "group",
    "organization", "organisation", "foundation", "association", "union",
    "council", "commission", "publisher", "university", "bank", "board",
    "office", "institute", "network", "club", "federation", "league",
    "hospital", "school", "museum", "authority", "administration", "campaign",
    "team", "alliance", "coalition", "movement", "centre", "center", "charity",
    "newspaper", "broadcaster", "channel", "studio", "airline", "manufacturer",
    "maker", "retailer", "operator", "regulator", "watchdog", "tribunal",
    "secretariat", "bureau", "service", "corporation", "military", "army",
}  # fmt: skip
# Words an organisation's name is made of besides capitalised ones.
ORG_LINKS = {"of", "and", "for", "&", "the", "on", "de"}
# "called the evidence “ambiguous”": one quoted word that is someone's word.
CHARACTERISED = (
    r"(?<![\w-])(?:(?:they|we|you) call|called|calling|calls|described|describing"
    r"|describes|termed|labell?ed)"
    r"\b(?!\s+(?:for|on|off|up|in|to)\b)(?:\s+\S+){0,5}\s*$"
)

# "often called a political “godfather”", "known as the “Iron Lady”": a name
# others give, not words anyone is quoted as saying.
NAMED_AS = (
    r"(?<![\w-])(?:(?:is|are|was|were|be|been|being|often|sometimes|widely|"
    r"commonly|also|now|once)\s+(?:called|termed|labell?ed)|dubbed|nicknamed|"
    r"known\s+as)(?:\s+\S+){0,5}\s*$"
)

PRONOUNS = {"he": "m", "she": "f", "they": "", "him": "m", "her": "f"}

WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov",
    "lt", "col", "capt", "prof", "rev", "no", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd",
    "co", "corp", "mt", "ft", "approx", "etc", "e.g", "i.e",
}  # fmt: skip

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»‟"
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_](?:[\w’'\-]*\w)?\.?")
DATED = re.compile(
    r"dated\s+(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]+)|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{1,2})),?\s+(?P<y>\d{4})"
)
