"""What a reader typed, as terms and as patterns the databases understand."""

from common.khmer import has_khmer, separate_words

PUNCTUATION = "\"'“”‘’.,;:!?()[]{}«»…។៕"


def query_terms(query):
    """
    The words of a query in the index's form (``common.khmer.separate_words``):
    English as typed, Khmer normalised with each word between zero-width
    spaces, so a term matches whole Khmer words only.
    """
    terms = []
    for word in query.split():
        word = separate_words(word.strip(PUNCTUATION))
        if word and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms


def fulltext_query(query, terms):
    """
    The query for a database's word index (PostgreSQL's ``tsvector``): as typed
    when it has no Khmer, else its other words, as Khmer words are matched as
    substrings of the index's form.
    """
    if not has_khmer(query):
        return query
    return " ".join(term for term in terms if not has_khmer(term))


def like_pattern(term):
    """A LIKE/ILIKE pattern matching ``term`` anywhere, wildcards escaped."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
