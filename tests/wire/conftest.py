"""The wire screens are used by the same reporters and editors as the story admin."""

from tests.articles.conftest import (  # noqa: F401
    editor,
    editor_client,
    fast_hasher,
    other_reporter,
    reporter,
    reporter_client,
)
