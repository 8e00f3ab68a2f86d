"""pagecache.invalidation: versions and generations move by key, on commit."""

import ast
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import transaction

from pagecache import keys
from pagecache.invalidation import GENERATION_KEY, content_changed, current_generation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGECACHE = Path(__file__).resolve().parents[2] / "pagecache"


@pytest.fixture
def cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pagecache-invalidation-tests",
        }
    }
    caches["default"].clear()
    return caches["default"]


def test_generation_changes_again_on_commit(cache):
    """A change bumps at once and once more when its transaction commits."""
    before = current_generation()
    with transaction.atomic():
        content_changed({"a1"})
        during = cache.get(GENERATION_KEY)
        assert during != before
    assert cache.get(GENERATION_KEY) != during


def test_a_change_moves_only_its_keys(cache):
    """Versions of the keys named move; others stay as they were."""
    stamped = keys.read_versions(["a1", "a2"], cache)
    content_changed({"a1"})
    assert not keys.still_current({"a1": stamped["a1"]}, cache)
    assert keys.still_current({"a2": stamped["a2"]}, cache)


def test_no_keys_makes_everything_stale(cache):
    """content_changed() with no keys moves ``all``, which every page shows."""
    stamped = keys.read_versions([keys.EVERYTHING], cache)
    content_changed()
    assert not keys.still_current(stamped, cache)


def test_pagecache_names_no_domain():
    """The cache app imports no app of the site's and no model library."""
    domain = {"articles", "people", "taggit", "newsroom", "wire"}
    for path in PAGECACHE.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in domain, f"{path.name} imports {name}"
        assert "get_model" not in path.read_text(), path.name
        assert "label_lower" not in path.read_text(), path.name
