"""
Load with faults: readers pile in while an editor saves, then the database goes.

    python benchmarks/load_faults.py                     # SQLite and PostgreSQL, 60 s
    python benchmarks/load_faults.py --seconds 15 --database sqlite

For each database: gunicorn on 127.0.0.1 serves story pages to wrk (64
connections) while an editor process saves a story every second (a new note and
a changed deck, in one transaction). Then it checks: no 5xx during the load, no
lost save (every save's note and the last deck are in the database), and no
failed save. Then the database is taken away (PostgreSQL: pg_ctl stop on a
private cluster; SQLite: the file is moved away) and readers must get a clean
error page (500/503, no traceback); once it is back, the same gunicorn must
recover by itself. Exits non-zero on any failure.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BASE_DIR,
    PYTHON,
    Gunicorn,
    base_env,
    create_pg_database,
    fetch,
    manage,
    wrk,
)

PRIVATE_PG_PORT = 8390  # a cluster of its own: stopping it harms nobody

EDITOR = r"""
import json, os, sys, time
import django
django.setup()
from django.db import transaction
from articles.models import Article, Note

ids = list(Article.objects.published().values_list("pk", flat=True)[:20])
deadline = time.monotonic() + float(sys.argv[1])
n = 0
while time.monotonic() < deadline:
    n += 1
    marker = f"load-save-{n}"
    started = time.monotonic()
    try:
        with transaction.atomic():
            article = Article.objects.get(pk=ids[n % len(ids)])
            article.deck = marker
            article.save()
            Note.objects.create(article=article, text=marker)
        print(json.dumps({"ok": marker, "pk": article.pk,
                          "ms": (time.monotonic() - started) * 1000}), flush=True)
    except Exception as error:
        print(json.dumps({"error": marker, "reason": repr(error)}), flush=True)
    time.sleep(max(0, 1 - (time.monotonic() - started)))
"""


def lua_script(path, urls):
    listed = ", ".join(f'"{u}"' for u in urls)
    path.write_text(
        f"paths = {{{listed}}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, paths[counter % #paths + 1])\nend\n"
    )
    return path


def story_urls(env):
    code = (
        "import django; django.setup();"
        "from articles.models import Article;"
        "print('\\n'.join(a.get_absolute_url() for a in "
        "Article.objects.published()[:50]))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def verify_saves(env, saves):
    """Markers missing from the database, and stories whose last deck is wrong."""
    import json

    expected_deck = {}
    for save in saves:
        expected_deck[save["pk"]] = save["ok"]
    code = (
        "import django, json, sys; django.setup();"
        "from articles.models import Article, Note;"
        "data = json.load(sys.stdin);"
        "found = set(Note.objects.filter(text__in=data['markers'])"
        ".values_list('text', flat=True));"
        "decks = dict(Article.objects.filter(pk__in=data['decks'])"
        ".values_list('pk', 'deck'));"
        "print(json.dumps({'missing': sorted(set(data['markers']) - found),"
        "'wrong': [pk for pk, deck in data['decks'].items() "
        "if decks.get(int(pk)) != deck]}))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        input=json.dumps({"markers": [s["ok"] for s in saves], "decks": expected_deck}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def clean_error_page(status, body):
    return status in (500, 503) and b"Traceback" not in body and b"<" in body


def run(database, args, workdir, check):
    import json

    print(f"==> {database}: building", flush=True)
    extra = {}
    if database == "sqlite":
        db_file = workdir / "faults.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
        # A persistent SQLite connection keeps reading a moved file through
        # its open descriptor, so the fault could not be seen with it.
        extra["DJANGO_CONN_MAX_AGE"] = 0
    else:
        pg = subprocess.run(
            [
                "bash",
                "-c",
                f"CI_PG_PORT={PRIVATE_PG_PORT} . .ci/postgres.sh >/dev/null;"
                ' printf "%s\\n%s\\n%s" "$CI_DATABASE_URL" "$CI_PG_BIN" "$CI_PG_DATA"',
            ],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
        pg_url, pg_bin, pg_data = pg[0], pg[1], pg[2] if len(pg) > 2 else ""
        if not pg_data:
            sys.exit(
                f"port {PRIVATE_PG_PORT} is taken by a server this script did not start"
            )
        url = create_pg_database(pg_url, "newsroom_faults")
    env = base_env(
        DATABASE_URL=url,
        DJANGO_MEDIA_ROOT=workdir / "media",
        NEWSROOM_CACHE_DIR=workdir / f"cache-{database}",
        NEWSROOM_PAGE_CACHE=int(args.cache),
        **extra,
    )
    try:
        manage("migrate", "--noinput", env=env)
        manage("generate_newsroom", "--stories", "300", env=env)
        urls = story_urls(env)
        script = lua_script(workdir / "stories.lua", urls)
        port = args.port + (0 if database == "sqlite" else 1)
        with Gunicorn(port, env, args.workers, workdir / f"{database}.log") as server:
            server.wait()
            print(
                f"==> {database}: {args.connections} readers for {args.seconds} s "
                "while an editor saves every second",
                flush=True,
            )
            editor = subprocess.Popen(
                [PYTHON, "-c", EDITOR, str(args.seconds)],
                cwd=BASE_DIR,
                env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
                stdout=subprocess.PIPE,
                text=True,
            )
            load = {}
            reader = threading.Thread(
                target=lambda: load.update(
                    wrk(
                        server.url + "/",
                        connections=args.connections,
                        seconds=args.seconds,
                        threads=2,
                        script=script,
                    )
                )
            )
            reader.start()
            lines = editor.communicate()[0].splitlines()
            reader.join()
            results = [json.loads(line) for line in lines if line.startswith("{")]
            saves = [r for r in results if "ok" in r]
            failed = [r for r in results if "error" in r]
            verdict = verify_saves(env, saves)
            slowest = max((s["ms"] for s in saves), default=0)
            print(
                f"    {load['requests']} reads, {load['rps']:.0f} req/s, "
                f"p50 {load['p50']:.1f} ms, p99 {load['p99']:.1f} ms, "
                f"non-2xx {load['non_2xx']}, socket errors: "
                f"{load['socket_errors'] or 'none'}"
            )
            print(
                f"    {len(saves)} saves (slowest {slowest:.0f} ms), "
                f"{len(failed)} failed, {len(verdict['missing'])} lost"
            )
            check(f"{database}: no 5xx under load", load["non_2xx"] == 0)
            check(f"{database}: every save succeeded", not failed and len(saves) > 0)
            check(
                f"{database}: no lost save",
                not verdict["missing"] and not verdict["wrong"],
            )
            for r in failed[:3]:
                print(f"      {r['reason']}")

            print(f"==> {database}: taking the database away", flush=True)
            story = server.url + urls[0]
            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    if Path(f"{db_file}{suffix}").exists():
                        os.rename(f"{db_file}{suffix}", f"{db_file}{suffix}.away")
            else:
                subprocess.run(
                    [
                        "su",
                        "postgres",
                        "-c",
                        f"{pg_bin}/pg_ctl -D {pg_data} -m fast -w stop",
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            answers = [
                fetch(story, headers={"Cache-Control": "no-cache"}) for _ in range(6)
            ]
            statuses = sorted({status for status, _, _ in answers})
            print(f"    readers got {statuses}")
            check(
                f"{database}: readers get a clean error page while it is away",
                all(clean_error_page(s, b) for s, b, _ in answers),
            )

            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    for leftover in (Path(f"{db_file}{suffix}"),):
                        leftover.unlink(missing_ok=True)
                    if Path(f"{db_file}{suffix}.away").exists():
                        os.rename(f"{db_file}{suffix}.away", f"{db_file}{suffix}")
            else:
                subprocess.run(
                    [
                        "su",
                        "postgres",
                        "-c",
                        f"{pg_bin}/pg_ctl -D {pg_data} -l {pg_data}/log -w start -o "
                        f"'-c listen_addresses=127.0.0.1 -p {PRIVATE_PG_PORT} -k /tmp'",
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            back = time.perf_counter()
            recovered = None
            while time.perf_counter() - back < 30:
                if fetch(story)[0] == 200:
                    recovered = time.perf_counter() - back
                    break
                time.sleep(0.1)
            print(
                f"    recovered after {recovered:.2f} s"
                if recovered is not None
                else "    did not recover in 30 s"
            )
            check(
                f"{database}: same gunicorn recovers by itself", recovered is not None
            )
            oks = sum(fetch(story)[0] == 200 for _ in range(20))
            check(f"{database}: every worker serves again ({oks}/20)", oks == 20)
    finally:
        if database == "postgres" and pg_data:
            subprocess.run(
                ["su", "postgres", "-c", f"{pg_bin}/pg_ctl -D {pg_data} -m fast stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument("--cache", action="store_true", help="page cache on")
    parser.add_argument("--port", type=int, default=8340)
    args = parser.parse_args()
    workdir = BASE_DIR / "var" / "load-faults"
    workdir.mkdir(parents=True, exist_ok=True)
    failures = []

    def check(what, ok):
        print(f"{'PASS' if ok else 'FAIL'}  {what}", flush=True)
        if not ok:
            failures.append(what)

    for database in (
        ["sqlite", "postgres"] if args.database == "both" else [args.database]
    ):
        run(database, args, workdir, check)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("Load and fault checks passed.")


if __name__ == "__main__":
    main()
