"""
Who-is-editing heartbeats on the embedded default cache (the disk cache every
gunicorn worker of a node shares), as several workers would send them.

    .venv/bin/python benchmarks/presence.py [--workers 8] [--seconds 5]

Each worker process plays one person with the same story open and sends
heartbeats back to back (``editing.presence.beat``, the cache work of one
heartbeat request) for the given time. The table gives heartbeats a second,
the mean and 99th percentile time of one, next to the floor, bare cache reads
of one key by the same workers just before; and whether, at the end, every
person saw every other (the per-person keys and self-mending index under
contention). A desk form sends one heartbeat every 10 s, so a node's load is
people / 10 a second.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STORY = 1


def setup(cache_dir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["NEWSROOM_CACHE_DIR"] = cache_dir
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def person(number):
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=number, username=f"person-{number}")


def timed(seconds, work):
    """Run ``work`` back to back for ``seconds``; the time of each run."""
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def worker(number, cache_dir, seconds, barrier, results):
    setup(cache_dir)
    from django.core.cache import cache

    from editing import presence

    me = person(number)
    barrier.wait()
    floor = timed(seconds, lambda: cache.get("benchmark:floor"))
    barrier.wait()
    beats = timed(seconds, lambda: presence.beat(STORY, me))
    # Everyone has stopped writing: one last look at who is here.
    time.sleep(0.5)
    others, _takeover = presence.beat(STORY, me)
    results.put((number, floor, beats, sorted(e["user"] for e in others)))


def p99(values):
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache_dir:
        results = multiprocessing.Queue()
        barrier = multiprocessing.Barrier(args.workers)
        processes = [
            multiprocessing.Process(
                target=worker, args=(n, cache_dir, args.seconds, barrier, results)
            )
            for n in range(1, args.workers + 1)
        ]
        for process in processes:
            process.start()
        rows = [results.get() for _ in processes]
        for process in processes:
            process.join()
    floor = [t for row in rows for t in row[1]]
    beats = [t for row in rows for t in row[2]]
    everyone = set(range(1, args.workers + 1))
    saw_all = all(set(seen) == everyone - {n} for n, _f, _b, seen in rows)
    print(f"{args.workers} workers on one story, disk cache, {args.seconds:g} s each\n")
    print("| what | per second (all workers) | mean ms | p99 ms |")
    print("|---|---|---|---|")
    for label, values in (("floor: one cache read", floor), ("heartbeat", beats)):
        print(
            f"| {label} | {len(values) / args.seconds:,.0f} | "
            f"{statistics.mean(values) * 1000:.2f} | {p99(values) * 1000:.2f} |"
        )
    ratio = statistics.mean(beats) / statistics.mean(floor)
    print(f"\nheartbeat / floor (mean time): {ratio:.1f}x")
    print(f"every person saw every other at the end: {'yes' if saw_all else 'NO'}")
    return 0 if saw_all else 1


if __name__ == "__main__":
    sys.exit(main())
