"""Staff accounts for the story form's companions, and a POST helper."""

import json

import pytest

from tests.articles.conftest import (  # noqa: F401
    _staff_user,
    editor,
    fast_hasher,
    other_reporter,
    reporter,
)


@pytest.fixture
def other_editor(django_user_model):
    return _staff_user(django_user_model, "deputy", "Editor")


def post(http, name, **payload):
    """POST ``payload`` to an editing endpoint as the story form's scripts do."""
    from django.urls import reverse

    return http.post(reverse(f"editing:{name}"), {"payload": json.dumps(payload)})
