"""The page-cache keys of a person (``pagecache.keys``)."""


def person_key(pk):
    """The person themselves: their name, title and portrait wherever shown."""
    return f"p{pk}"


def person_list_key(pk):
    """The list of stories involving the person (their page and feed)."""
    return f"pl{pk}"
