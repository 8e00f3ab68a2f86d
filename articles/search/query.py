"""What a reader typed, as terms and as patterns the databases understand."""

PUNCTUATION = "\"'“”‘’.,;:!?()[]{}«»…។៕"


def query_terms(query):
    """The words of a query, as typed; Khmer words stay whole."""
    terms = []
    for word in query.split():
        word = word.strip(PUNCTUATION)
        if word and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms


def like_pattern(term):
    """A LIKE/ILIKE pattern matching ``term`` anywhere, wildcards escaped."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
