"""
Render on change at scale: what readers get once the task queue has caught up,
against the floor in the same run.

    python benchmarks/render_ahead.py --stories 100000 --seconds 20

Uses (or builds, once: the file is kept in ``--workdir``) the synthetic
database of benchmarks/run.py, starts the floor, then the site as deployed
(page cache on, rendering ahead on, its default) with a ``db_worker`` beside
it, and measures with wrk:

- **changed**: ``--paths`` story pages read once (stored), then every one of
  those stories saved (each save queues the render of its pages); once the
  queue is empty, one pass reading each page once (``paths_once.lua``): pages
  nobody has asked for since their last change;
- **long tail**: ``--tail`` other story pages read once, then a second pass
  reading each once;
- **hot page**: one story page for ``--seconds``;
- the hot page and a long-tail pass again while an editor saves every second
  (the hot story itself, or a random story of the tail);
- the memory of each gunicorn worker at the end;
- the queue's catch-up: one save until the queue is empty (median of
  ``--saves``), and one transaction that edits the newest story (the front
  page) and renames the tag carrying the most stories, after ``--tag-pages``
  of that tag's story pages were read (stored and listed for rendering ahead).

Each wrk run is bounded by ``--seconds``. Prints a table.
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import threading
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
    wrk,
)
from benchmarks.run import build_synthetic, db_env, fetch_all, measure  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--tail", type=int, default=3000)
    parser.add_argument("--tag-pages", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=20, help="per wrk run")
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


def once(server, paths, args, name, slice_seconds=1):
    """
    Each of ``paths`` read once, in wrk runs of ``slice_seconds``, each going
    on where the last stopped (wrk counts a run's whole duration, so the rate
    comes from the runs that did not run out of pages). Bounded by
    ``--seconds``. Latencies are the runs' weighted by their requests.
    """
    import os

    listing = args.workdir / f"paths-{name}.txt"
    listing.write_text("\n".join(paths) + "\n")
    os.environ["WRK_PATHS"] = str(listing)
    offset, full, spent = 0, [], 0.0
    while offset < len(paths) and spent < args.seconds:
        os.environ["WRK_OFFSET"] = str(offset)
        result = wrk(
            server.url + "/",
            connections=args.connections,
            seconds=slice_seconds,
            script=BASE_DIR / "benchmarks" / "paths_once.lua",
        )
        offset += result["requests"]
        spent += slice_seconds
        if offset < len(paths) or not full:
            full.append(result)
    requests = sum(r["requests"] for r in full)
    return {
        "rps": requests / (slice_seconds * len(full)),
        "requests": requests,
        "p50": sum(r["p50"] * r["requests"] for r in full) / requests,
        "p99": sum(r["p99"] * r["requests"] for r in full) / requests,
        "pages": min(offset, len(paths)),
    }


def repeated(server, paths, args, name):
    import os

    listing = args.workdir / f"paths-{name}.txt"
    listing.write_text("\n".join(paths) + "\n")
    os.environ["WRK_PATHS"] = str(listing)
    return wrk(
        server.url + "/",
        connections=args.connections,
        seconds=args.seconds,
        script=BASE_DIR / "benchmarks" / "paths.lua",
    )


class Editor:
    """Saves one of ``stories`` every second until stopped."""

    def __init__(self, stories):
        self.stories, self.saves = stories, 0
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        from django.db import connection

        while not self.stop_event.wait(1.0):
            save(random.choice(self.stories))
            self.saves += 1
        connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join()


def worker_memory_mb(master_pid):
    """Resident memory of each of gunicorn's workers, in MB."""
    out = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [int(kb) / 1024 for kb in out.split()]


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
    from django.db import transaction
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult
    from taggit.models import Tag

    from articles.models import Article

    rng = random.Random(23)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    rng.shuffle(ids)
    wanted = ids[: args.paths + args.tail + 1]
    by_pk = Article.objects.in_bulk(wanted)
    stories = [by_pk[pk] for pk in wanted[: args.paths]]
    tail_stories = [by_pk[pk] for pk in wanted[args.paths : args.paths + args.tail]]
    hot_story = by_pk[wanted[-1]]
    paths = [story.get_absolute_url() for story in stories]
    tail = [story.get_absolute_url() for story in tail_stories]
    hot = hot_story.get_absolute_url()
    rows, notes = [], []

    site = Gunicorn(args.port + 1, env, args.workers, logs / "render-ahead.log")
    worker = TaskWorker(env, logs / "render-ahead-worker.log")
    try:
        site.wait(paths[0])
        _, body, _ = fetch(site.url + paths[0])
        story_bytes = len(body or b"") or 8000
        floor_env = db_env(
            args,
            path,
            DJANGO_SETTINGS_MODULE="benchmarks.floor_settings",
            NEWSROOM_FLOOR_BYTES=story_bytes,
        )
        with Gunicorn(args.port, floor_env, args.workers, logs / "ra-floor.log") as f:
            f.wait()
            floor = measure(f, "/floor/", args)
        rows.append(("floor (constant page, same middleware)", floor))

        read = fetch_all(site, paths + tail + [hot])
        notes.append(
            f"first reads of {len(paths) + len(tail) + 1} pages (rendered): "
            f"{read:.0f} s, {(len(paths) + len(tail) + 1) / read:.0f} pages/s"
        )
        wait_until(queue_empty, timeout=120, interval=0.1)
        started = time.perf_counter()
        for story in stories:
            save(story)
        saved = time.perf_counter() - started
        wait_until(queue_empty, timeout=900, interval=0.1)
        caught_up = time.perf_counter() - started
        notes.append(
            f"{len(stories)} saves in {saved:.1f} s; the queue caught up "
            f"{caught_up:.1f} s after the first"
        )
        changed = once(site, paths, args, "changed")
        rows.append(("changed since last request, queue caught up", changed))
        states = [fetch(site.url + page)[2].get("X-Page-Cache") for page in paths]
        notes.append(
            f"read again after the pass: {states.count('hit')} of {len(paths)} hits"
        )
        rows.append(("long tail, second pass", once(site, tail, args, "tail")))
        rows.append(("one hot page", measure(site, hot, args)))
        with Editor([hot_story]) as editor:
            busy_hot = measure(site, hot, args, warm=False)
        rows.append((f"one hot page, saved every second ({editor.saves})", busy_hot))
        wait_until(queue_empty, timeout=60, interval=0.1)
        with Editor(tail_stories) as editor:
            busy_tail = repeated(site, tail, args, "tail-busy")
        rows.append(
            (f"long tail while an editor saves ({editor.saves} saves)", busy_tail)
        )
        memory = worker_memory_mb(site.process.pid)
        wait_until(queue_empty, timeout=60, interval=0.1)

        catch_up = []
        for story in stories[: args.saves]:
            began = time.perf_counter()
            save(story)
            wait_until(queue_empty, timeout=60, interval=0.01)
            catch_up.append(time.perf_counter() - began)

        big = (
            Tag.objects.annotate(n=Count("articles_taggedarticle_items"))
            .order_by("-n")
            .first()
        )
        tagged = list(
            Article.objects.published()
            .filter(tags=big)
            .order_by("-published_at")[: args.tag_pages]
        )
        tag_paths = [story.get_absolute_url() for story in tagged]
        fetch_all(site, ["/", f"/tags/{big.slug}/", *tag_paths])
        wait_until(queue_empty, timeout=120, interval=0.1)
        newest = Article.objects.published().order_by("-published_at").first()
        last_task = DBTaskResult.objects.order_by("-enqueued_at").first()
        began = time.perf_counter()
        with transaction.atomic():
            save(newest)
            big.name = f"{big.name} ({time.time_ns() % 1000})"
            big.save()
        committed = time.perf_counter() - began
        wait_until(queue_empty, timeout=300, interval=0.01)
        big_catch_up = time.perf_counter() - began
        queued = DBTaskResult.objects.filter(
            task_path="pagecache.ahead.render_pages",
            enqueued_at__gt=last_task.enqueued_at,
        )
        rendered = sum(len(task.args_kwargs["args"][0]) for task in queued)
        after = [fetch(site.url + page)[2].get("X-Page-Cache") for page in tag_paths]
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
    print()
    for note in notes:
        print(note)
    print(f"worker memory: {', '.join(f'{mb:.0f} MB' for mb in memory)}")
    print(
        f"one save until the queue is empty: median "
        f"{statistics.median(catch_up) * 1000:.0f} ms, "
        f"max {max(catch_up) * 1000:.0f} ms ({len(catch_up)} saves)"
    )
    print(
        f"front page story + tag '{big.slug}' ({big.n} stories, {len(tag_paths)} of "
        f"their pages read): committed in {committed * 1000:.0f} ms, queue empty "
        f"after {big_catch_up:.1f} s, {rendered} pages rendered ahead; then "
        f"{after.count('hit')} of {len(tag_paths)} tag story pages were hits"
    )


if __name__ == "__main__":
    main()
