"""
Render on change: story pages changed since their last request, once the
task queue has caught up, against the floor in the same run.

    python benchmarks/render_ahead.py --stories 5000 --seconds 5

Uses (or builds) the synthetic database of benchmarks/run.py, starts the floor,
then the site as deployed (page cache on, rendering ahead on) with a
``db_worker`` beside it. Requests ``--paths`` story pages once (stored), saves
every one of those stories (each save queues the render of its pages), waits
until the queue is empty and measures a pass over them with wrk: no reader
renders any of them. Then times one save until its page is rendered again
(median of ``--saves``). Prints a table.
"""

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BASE_DIR,
    Gunicorn,
    TaskWorker,
    become_node,
    fetch,
    wait_until,
)
from benchmarks.run import build_synthetic, db_env, measure, measure_paths  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def queue_empty():
    from django_tasks_db.models import DBTaskResult

    return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


def save(story):
    story.deck = f"Changed {time.time_ns()}: {story.deck.split(': ', 1)[-1]}"
    story.save()


def main():
    args = parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = build_synthetic(args, {})
    logs = args.workdir / "logs"
    logs.mkdir(exist_ok=True)
    cache_dir = args.workdir / "cache-render-ahead"
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = db_env(
        args,
        path,
        NEWSROOM_PAGE_CACHE=1,
        NEWSROOM_FRAGMENT_CACHE=1,
        NEWSROOM_RENDER_AHEAD=1,
        NEWSROOM_CACHE_DIR=cache_dir,
    )
    become_node(env)
    from articles.models import Article

    stories = list(Article.objects.published().order_by("?")[: args.paths])
    paths = [story.get_absolute_url() for story in stories]
    rows = []

    site = Gunicorn(args.port + 1, env, args.workers, logs / "render-ahead.log")
    worker = TaskWorker(env, logs / "render-ahead-worker.log")
    try:
        site.wait(paths[0])
        _, body, _ = fetch(site.url + paths[0])
        story_bytes = len(body or b"") or 8000

        for page in paths:
            fetch(site.url + page, timeout=30)
        started = time.perf_counter()
        for story in stories:
            save(story)
        saved = time.perf_counter() - started
        wait_until(queue_empty, timeout=600, interval=0.1)
        caught_up = time.perf_counter() - started
        # The floor beside the row it is compared with (no saves meanwhile).
        floor_env = db_env(
            args,
            path,
            DJANGO_SETTINGS_MODULE="benchmarks.floor_settings",
            NEWSROOM_FLOOR_BYTES=story_bytes,
        )
        with Gunicorn(args.port, floor_env, args.workers, logs / "ra-floor.log") as f:
            f.wait()
            floor = measure(f, "/floor/", args)
        rows.append(("floor", floor))
        # Read once each before the pass: served from what the worker stored.
        states = [fetch(site.url + page)[2].get("X-Page-Cache") for page in paths]
        hits = states.count("hit")
        changed = measure_paths(site, paths, args, "render-ahead")
        rows.append(("stories changed since last request, queue caught up", changed))

        catch_up = []
        for story in stories[: args.saves]:
            began = time.perf_counter()
            save(story)
            wait_until(queue_empty, timeout=60, interval=0.01)
            catch_up.append(time.perf_counter() - began)
    finally:
        worker.stop()
        site.stop()

    print(f"\n{args.stories} stories, {args.workers} workers, {args.connections} conn")
    print("| page | rps | ratio | p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- |")
    for name, result in rows:
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / floor['rps']:.2f}× "
            f"| {result['p50']:.1f} | {result['p99']:.1f} |"
        )
    print(f"\nfirst read after the queue caught up: {hits} of {len(paths)} hits")
    print(
        f"{len(stories)} saves in {saved:.1f} s; the queue caught up "
        f"{caught_up:.1f} s after the first"
    )
    print(
        f"one save to its page rendered again: median "
        f"{statistics.median(catch_up) * 1000:.0f} ms, "
        f"max {max(catch_up) * 1000:.0f} ms ({len(catch_up)} saves)"
    )


if __name__ == "__main__":
    main()
