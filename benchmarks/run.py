"""
The benchmark: the site against the Django floor, on the sample and at scale.

    python benchmarks/run.py                  # sample + 100,000 synthetic stories
    python benchmarks/run.py --stories 5000 --seconds 5   # a quick run

Builds its own SQLite databases under var/bench/ (the synthetic one is reused
while its size matches; --rebuild starts over), starts gunicorn on 127.0.0.1,
and measures with wrk: the floor (a constant page of the story page's size,
through the site's middleware), then each page uncached and cached; search is
also measured with a single connection ("search@1"), the wait of one reader.
Query counts come from the test client. Times migrate, the sample loaddata and
gunicorn's start. Prints a table and writes results.md/json.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BASE_DIR,
    PYTHON,
    Gunicorn,
    base_env,
    fetch,
    manage,
    wrk,
)

PAGES = ["story", "front", "person", "tag", "search"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument(
        "--search-url",
        default="/search/?q={word}",
        help="search URL template; {word} is a word from a story headline",
    )
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--port", type=int, default=8300, help="first of 5 ports")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-sample", action="store_true")
    return parser.parse_args()


def db_env(args, path, **extra):
    defaults = {
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_MEDIA_ROOT": args.workdir / "media",
        "NEWSROOM_CACHE_DIR": args.workdir / "cache",
    }
    return base_env(**{**defaults, **extra})


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def time_migrate(args, notes):
    """migrate from an empty SQLite file, median of three."""
    runs = []
    for _ in range(3):
        path = args.workdir / "migrate.sqlite3"
        fresh(path)
        runs.append(manage("migrate", "--noinput", env=db_env(args, path)))
    fresh(args.workdir / "migrate.sqlite3")
    return statistics.median(runs)


def build_sample(args, notes, timings):
    path = args.workdir / "sample.sqlite3"
    fresh(path)
    env = db_env(args, path)
    manage("migrate", "--noinput", env=env)
    if (BASE_DIR / "fixtures" / "sample.json").exists():
        runs = []
        for _ in range(3):
            runs.append(manage("loaddata", "sample", env=env))
        # The first load inserts; the others find everything in place.
        timings["loaddata sample (first load)"] = runs[0]
        timings["loaddata sample (again, no changes)"] = statistics.median(runs[1:])
    else:
        notes.append(
            "fixtures/sample.json is absent on this branch: the 'sample' rows use "
            "a 2-story synthetic newsroom instead, and loaddata was not timed."
        )
        manage("generate_newsroom", "--stories", "2", env=env)
    return path


def build_synthetic(args, timings):
    path = args.workdir / f"synthetic-{args.stories}.sqlite3"
    if path.exists() and not args.rebuild:
        # A database kept from an earlier run gets any migration added since.
        manage("migrate", "--noinput", env=db_env(args, path))
        return path
    fresh(path)
    env = db_env(args, path)
    manage("migrate", "--noinput", env=env)
    timings[f"generate_newsroom --stories {args.stories}"] = manage(
        "generate_newsroom", "--stories", str(args.stories), env=env
    )
    return path


def probe(env, args):
    out = subprocess.run(
        [
            PYTHON,
            str(BASE_DIR / "benchmarks" / "probe.py"),
            args.search_url,
            args.pages,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def measure(server, url, args, connections=None, warm=True):
    status, _, _ = fetch(server.url + url)  # warm: first hit fills the cache
    if warm:
        fetch(server.url + url)
    result = wrk(
        server.url + url,
        connections=connections or args.connections,
        seconds=args.seconds,
    )
    result["status"] = status
    return result


def measure_paths(server, paths, args, name, seconds=None):
    """wrk over ``paths`` in turn (benchmarks/paths.lua), each once per round."""
    listing = args.workdir / f"paths-{name}.txt"
    listing.write_text("\n".join(paths) + "\n")
    os.environ["WRK_PATHS"] = str(listing)
    result = wrk(
        server.url + "/",
        connections=args.connections,
        seconds=seconds or args.seconds,
        script=BASE_DIR / "benchmarks" / "paths.lua",
    )
    result["status"] = 200
    return result


def fetch_all(server, paths, threads=4):
    """Request every path once (concurrently); seconds taken."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda path: fetch(server.url + path, timeout=30), paths))
    return time.perf_counter() - started


def bench_dataset(label, path, args, rows, notes, timings, extras):
    pages = probe(db_env(args, path), args)
    long_tail, hot = pages.pop("long_tail"), pages.pop("hot")
    extras[label] = {
        "fragments": pages.pop("fragments"),
        "fragments_overall": pages.pop("fragments_overall"),
    }
    story_bytes = pages.get("story", {}).get("bytes", 8000)
    logs = args.workdir / "logs"
    logs.mkdir(exist_ok=True)

    def add(page, mode, result, bytes_=None, queries="-", connections=None):
        rows.append(
            {
                "data": label,
                "page": page,
                "mode": mode,
                "bytes": bytes_ if bytes_ is not None else story_bytes,
                "queries": queries,
                "connections": connections or args.connections,
                **result,
                "ratio": result["rps"] / floor["rps"],
            }
        )

    floor_env = db_env(
        args,
        path,
        DJANGO_SETTINGS_MODULE="benchmarks.floor_settings",
        NEWSROOM_FLOOR_BYTES=story_bytes,
    )
    with Gunicorn(args.port, floor_env, args.workers, logs / "floor.log") as server:
        server.wait()
        floor = measure(server, "/floor/", args)
    add("floor", "-", floor, queries=0)

    # uncached: every request renders everything. fragments: the page is
    # rendered but its parts are current (a page gone stale after a change to
    # something else it shows). cached: the page cache and fragments, as
    # deployed.
    for mode, port, page_cache, fragment_cache in (
        ("uncached", args.port + 1, 0, 0),
        ("fragments", args.port + 2, 0, 1),
        ("cached", args.port + 3, 1, 1),
    ):
        cache_dir = args.workdir / f"cache-{label}-{mode}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        env = db_env(
            args,
            path,
            NEWSROOM_PAGE_CACHE=page_cache,
            NEWSROOM_FRAGMENT_CACHE=fragment_cache,
            NEWSROOM_CACHE_DIR=cache_dir,
        )
        with Gunicorn(port, env, args.workers, logs / f"{label}-{mode}.log") as server:
            started = server.wait(pages.get("story", {}).get("url", "/"))
            if mode == "uncached":
                timings.setdefault(
                    f"gunicorn start to first response ({label})", started
                )
            if mode == "cached":
                # Readers arriving from search and social: each story once.
                first = measure_paths(server, long_tail, args, f"{label}-tail")
                repeats = first["requests"] > len(long_tail)
                add(
                    f"{len(long_tail):,} stories, 1st pass",
                    "fresh" + (" (with repeats)" if repeats else ""),
                    first,
                )
                fetch_all(server, long_tail)
                add(
                    f"{len(long_tail):,} stories, 2nd pass",
                    "cached",
                    measure_paths(server, long_tail, args, f"{label}-tail"),
                )
            for name, page in pages.items():
                if page["status"] == 404:
                    if mode == "uncached":
                        notes.append(
                            f"{label}: {name} ({page['url']}) answers 404, skipped."
                        )
                    continue
                if mode == "fragments" and name == "search":
                    continue
                runs = [(name, args.connections)]
                if name == "search" and mode == "uncached":
                    # How long one reader waits for an answer, without queueing
                    # behind fifteen others.
                    runs.append(("search@1", 1))
                for row_name, connections in runs:
                    result = measure(server, page["url"], args, connections)
                    add(
                        row_name,
                        mode,
                        result,
                        page["bytes"],
                        page["queries_warm" if mode != "uncached" else "queries"],
                        connections,
                    )
            if mode == "cached":
                fetch_all(server, hot)
                add(
                    f"{len(hot)} hot stories",
                    "cached",
                    measure_paths(server, hot, args, f"{label}-hot"),
                )
                listing = args.workdir / f"paths-{label}-hot.txt"
                editor = subprocess.Popen(
                    [
                        PYTHON,
                        str(BASE_DIR / "benchmarks" / "editor.py"),
                        str(args.seconds + 1),
                        str(listing),
                    ],
                    cwd=BASE_DIR,
                    env=env,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                time.sleep(1)  # Django set up, first save made
                result = measure_paths(server, hot, args, f"{label}-hot")
                saves = editor.communicate()[0].strip()
                add(f"{len(hot)} hot stories + a save/s", "cached", result)
                notes.append(
                    f"{label}: the editor saved {saves} stories during the "
                    f"{args.seconds} s of the '{len(hot)} hot stories + a save/s' row."
                )


def gunicorn_startup(args, path):
    """Start to first 200 on the story page, median of three cold starts."""
    pages = probe(db_env(args, path), args)
    url = pages.get("story", {}).get("url", "/")
    runs = []
    for _ in range(3):
        with Gunicorn(args.port + 4, db_env(args, path), args.workers) as server:
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline:
                status, _, _ = fetch(server.url + url, timeout=2)
                if status == 200:
                    break
                time.sleep(0.005)
            runs.append(time.perf_counter() - server.started)
    return statistics.median(runs)


def table(rows):
    head = (
        "| data | page | mode | req/s | p50 ms | p99 ms | x floor | queries | KB "
        "| non-2xx |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['page']} | {r['mode']} | {r['rps']:.0f} | "
            f"{r['p50']:.2f} | {r['p99']:.2f} | {r['ratio']:.2f} | {r['queries']} | "
            f"{r['bytes'] / 1024:.1f} | {r['non_2xx']} |"
        )
    return "\n".join(lines)


def verdicts(rows, timings, big):
    def row(data, page, mode):
        return next(
            (
                r
                for r in rows
                if (r["data"], r["page"], r["mode"]) == (data, page, mode)
            ),
            None,
        )

    checks = []
    for data in sorted({r["data"] for r in rows}):
        fresh_story = next(
            (r for r in rows if r["data"] == data and r["page"].endswith("1st pass")),
            None,
        )
        if fresh_story:
            checks.append(
                (
                    f"{data}: story rendered fresh (first view) ≥ 0.25x floor",
                    fresh_story["ratio"] >= 0.25,
                    f"{fresh_story['ratio']:.2f}x",
                )
            )
        if r := row(data, "story", "uncached"):
            checks.append(
                (
                    f"{data}: story with nothing cached at all ≥ 0.25x floor",
                    r["ratio"] >= 0.25,
                    f"{r['ratio']:.2f}x",
                )
            )
        for page in ("front", "tag", "person"):
            for mode in ("fragments", "uncached"):
                if r := row(data, page, mode):
                    checks.append(
                        (
                            f"{data}: {page} rendered fresh ({mode}) ≥ 0.2x floor",
                            r["ratio"] >= 0.2,
                            f"{r['ratio']:.2f}x",
                        )
                    )
        if fresh_story:
            checks.append(
                (
                    f"{data}: story p99 < 50 ms, page cold (first view)",
                    fresh_story["p99"] < 50,
                    f"{fresh_story['p99']:.1f} ms",
                )
            )
        for page in ("front", "tag", "person"):
            if r := row(data, page, "fragments"):
                checks.append(
                    (
                        f"{data}: {page} p99 < 50 ms, page cold (fragments current)",
                        r["p99"] < 50,
                        f"{r['p99']:.1f} ms",
                    )
                )
        tail = next(
            (r for r in rows if r["data"] == data and r["page"].endswith("2nd pass")),
            None,
        )
        if tail:
            checks.append(
                (
                    f"{data}: {tail['page']} ≥ 0.8x floor",
                    tail["ratio"] >= 0.8,
                    f"{tail['ratio']:.2f}x",
                )
            )
        if r := row(data, "story", "cached"):
            checks.append(
                (
                    f"{data}: one cached story ≥ 0.9x floor",
                    r["ratio"] >= 0.9,
                    f"{r['ratio']:.2f}x",
                )
            )
        hot = [r for r in rows if r["data"] == data and "hot stories" in r["page"]]
        if len(hot) == 2:
            change = hot[1]["rps"] / hot[0]["rps"] - 1
            checks.append(
                (
                    f"{data}: 200 hot pages with a save/s within 10% of without",
                    change >= -0.10,
                    f"{change:+.1%}",
                )
            )
    for page in ("search@1", "search"):
        if r := row(big, page, "uncached"):
            checks.append(
                (
                    f"{big}: search p50 < 50 ms ({r['connections']} connections)",
                    r["p50"] < 50,
                    f"{r['p50']:.1f} ms",
                )
            )
    limits = {
        "migrate": 5.0,
        "loaddata sample (first load)": 1.5,
        "gunicorn start": 0.8,
    }
    for name, seconds in timings.items():
        for prefix, limit in limits.items():
            if name.startswith(prefix):
                checks.append(
                    (f"{name} < {limit} s", seconds < limit, f"{seconds:.2f} s")
                )
    return checks


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main():
    args = parse_args()
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows, notes, timings, extras = [], [], {}, {}

    print("==> collectstatic, migrate timing", flush=True)
    manage(
        "collectstatic", "--noinput", env=db_env(args, args.workdir / "static.sqlite3")
    )
    timings["migrate from empty (SQLite)"] = time_migrate(args, notes)
    datasets = []
    if not args.skip_sample:
        print("==> sample database", flush=True)
        datasets.append(("sample", build_sample(args, notes, timings)))
        timings["gunicorn start to first 200"] = gunicorn_startup(args, datasets[0][1])
    print(f"==> synthetic database, {args.stories} stories", flush=True)
    big = f"{args.stories // 1000}k" if args.stories >= 1000 else str(args.stories)
    datasets.append((big, build_synthetic(args, timings)))

    for label, path in datasets:
        print(f"==> benchmarking {label}", flush=True)
        bench_dataset(label, path, args, rows, notes, timings, extras)

    for r in rows:
        if r["non_2xx"]:
            notes.append(
                f"{r['data']} {r['page']} {r['mode']}: {r['non_2xx']} answers were "
                "not 2xx/3xx, so that row does not measure the page."
            )
    checks = verdicts(rows, timings, big)
    cpu = cpu_model()
    machine = (
        f"{date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, SQLite, gunicorn {args.workers} sync "
        f"workers, wrk {args.connections} connections x {args.seconds} s per row"
    )
    report = [
        f"Measured {machine}.",
        "",
        table(rows),
        "",
        "| timing | seconds |",
        "|---|---|",
    ]
    report += [f"| {name} | {seconds:.2f} |" for name, seconds in timings.items()]
    report += ["", "| target | met | measured |", "|---|---|---|"]
    report += [
        f"| {name} | {'yes' if ok else 'NO'} | {value} |" for name, ok, value in checks
    ]
    report += [
        "",
        "| data | fragment | hits | misses | hit rate (first views) |",
        "|---|---|---|---|---|",
    ]
    for label, extra in extras.items():
        for name, counts in extra["fragments"].items():
            total = counts["hits"] + counts["misses"]
            rate = counts["hits"] / total if total else 0
            report.append(
                f"| {label} | {name} | {counts['hits']} | {counts['misses']} "
                f"| {rate:.0%} |"
            )
        overall = extra["fragments_overall"]
        if overall is not None:
            report.append(f"| {label} | all | | | {overall:.0%} |")
    if notes:
        report += [""] + [f"- {note}" for note in notes]
    text = "\n".join(report)
    print()
    print(text)
    (args.workdir / "results.md").write_text(text + "\n")
    (args.workdir / "results.json").write_text(
        json.dumps(
            {
                "machine": machine,
                "rows": rows,
                "timings": timings,
                "notes": notes,
                "fragments": extras,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
