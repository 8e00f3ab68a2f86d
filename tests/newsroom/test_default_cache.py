import subprocess
import sys

from diskcache import DjangoCache


def disk_cache(path, size_limit):
    return DjangoCache(
        str(path),
        {
            "TIMEOUT": None,
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 0.05,
            "OPTIONS": {
                "size_limit": size_limit,
                "eviction_policy": "least-recently-stored",
            },
        },
    )


def test_default_cache_stays_within_its_byte_budget(tmp_path):
    """Writing five times the budget keeps the cache near it, newest entries kept."""
    cache = disk_cache(tmp_path, 1024 * 1024)
    page = b"x" * 10_000
    for n in range(500):
        cache.set(f"page-{n}", page)
    # Eviction runs a few entries at a time on writes, per shard.
    assert cache._cache.volume() < 1.5 * 1024 * 1024
    assert cache.get("page-499") == page
    assert cache.get("page-0") is None


def test_default_cache_is_shared_between_processes(tmp_path):
    """A value one worker process stores is read by another."""
    disk_cache(tmp_path, 10**8).set("generation", "abc")
    code = (
        "from diskcache import DjangoCache; "
        f"print(DjangoCache({str(tmp_path)!r}, {{'SHARDS': 4}}).get('generation'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "abc"
