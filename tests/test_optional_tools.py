"""A missing optional tool skips its tests, except under CI where it fails them."""

import pytest

from tests.optional import import_tool, tool_missing


def test_missing_tool_skips_with_its_reason(monkeypatch):
    """Without NEWSROOM_REQUIRE_BROWSER a missing tool is a skip naming it."""
    monkeypatch.delenv("NEWSROOM_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no_such_tool is not installed"):
        import_tool("no_such_tool", "the dev extra")


def test_missing_tool_fails_when_ci_requires_it(monkeypatch):
    """NEWSROOM_REQUIRE_BROWSER=1 turns the skip into a failure."""
    monkeypatch.setenv("NEWSROOM_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="requires it"):
        tool_missing("Chromium not found")


def test_installed_tool_is_imported():
    """A tool that is there is returned as its module."""
    assert import_tool("json", "the standard library").dumps([]) == "[]"
