"""Tests that need a tool the dev extra or the system may lack."""

import importlib
import os

import pytest


def tool_missing(reason):
    """Skip with ``reason``; with NEWSROOM_REQUIRE_BROWSER=1 (CI), fail instead."""
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; NEWSROOM_REQUIRE_BROWSER=1 requires it")
    pytest.skip(reason)


def import_tool(module, hint):
    """Import ``module``, or skip (fail under CI) naming how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        tool_missing(f"{module} is not installed ({hint})")
