"""
Scale-out check: two gunicorn nodes, one PostgreSQL, one Redis.

    python benchmarks/scale_out.py

Starts (or reuses) PostgreSQL on 127.0.0.1:54329 and Redis on 127.0.0.1:6390,
runs node 1 and node 2 with the page cache on, publishes a story through node
1's code (the ORM, with node 1's settings: signals bump the shared generation)
and checks that node 2 serves it on the very next request, though an RQ worker
beside the nodes renders the pages ahead (``NEWSROOM_TASKS_REDIS_URL``, the
same Redis); its purge must reach a recording CDN endpoint at the commit. Then
unpublishes one and checks it is gone from both. Exits non-zero on any
failure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    Checks,
    Gunicorn,
    PurgeRecorder,
    TaskWorker,
    base_env,
    become_node,
    create_pg_database,
    fetch,
    manage,
    postgres,
    wait_until,
)

REDIS_PORT = 6390


def start_redis(workdir, port=REDIS_PORT):
    """Reuse a Redis answering on ``port``, or start one; the process or None."""
    if fetch_redis_ping(port):
        return None
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if fetch_redis_ping(port):
            return process
        time.sleep(0.05)
    sys.exit("Redis did not start")


def fetch_redis_ping(port=REDIS_PORT):
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8320)
    parser.add_argument("--workers", type=int, default=2)
    # Runs side by side need a database and a Redis of their own.
    parser.add_argument("--database", default="newsroom_scale_out")
    parser.add_argument("--redis-port", type=int, default=REDIS_PORT)
    args = parser.parse_args()
    workdir = Path(__file__).resolve().parent.parent / "var" / "scale-out"
    workdir.mkdir(parents=True, exist_ok=True)

    pg_url, _, _ = postgres()
    database_url = create_pg_database(pg_url, args.database)
    redis = start_redis(workdir, args.redis_port)
    cdn = PurgeRecorder()
    env = base_env(
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0",
        NEWSROOM_TASKS_REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/1",
        NEWSROOM_PURGE_URLS=cdn.url,
        NEWSROOM_CACHE_PREFIX=f"scale-out-{os.getpid()}",
        NEWSROOM_PAGE_CACHE=1,
        DJANGO_MEDIA_ROOT=workdir / "media",
    )
    manage("migrate", "--noinput", env=env)
    manage("generate_newsroom", "--stories", "30", env=env)

    # This process is node 1's editor: same settings, same database and cache.
    become_node(env)
    from django.utils import timezone

    from articles.models import Article

    check = Checks()
    failures = check.failures

    node1 = Gunicorn(args.port, env, args.workers, workdir / "node1.log")
    node2 = Gunicorn(args.port + 1, env, args.workers, workdir / "node2.log")
    worker = TaskWorker(env, workdir / "worker.log")
    try:
        node1.wait()
        node2.wait()
        kept = Article.objects.published().first()
        draft = Article.objects.create(
            headline="Scale-out scoop", slug="scale-out-scoop", status="draft"
        )
        for node in (node1, node2):
            for _ in range(2):  # the second request is served from the cache
                front = fetch(node.url + "/")
                story = fetch(node.url + kept.get_absolute_url())
                missing = fetch(node.url + draft.get_absolute_url())
            check(
                f"{node.url}: front page cached", front[2].get("X-Page-Cache") == "hit"
            )
            check(f"{node.url}: story cached", story[2].get("X-Page-Cache") == "hit")
            check(f"{node.url}: draft is 404", missing[0] == 404)

        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now() - timedelta(seconds=1)
        started = time.perf_counter()
        draft.save()
        saved_in = time.perf_counter() - started
        status, body, _ = fetch(node2.url + draft.get_absolute_url())
        check("node 2 serves the story published through node 1 at once", status == 200)
        check(
            "node 2's front page lists it on the next request",
            b"Scale-out scoop" in fetch(node2.url + "/")[1],
        )
        check(
            "node 1's front page lists it too",
            b"Scale-out scoop" in fetch(node1.url + "/")[1],
        )

        purged = wait_until(lambda: any(f"a{draft.pk}" in k for k in cdn.received))
        check(
            f"the published story was purged at the CDN at the commit "
            f"(waited {purged if purged is None else f'{purged:.2f} s'})",
            purged is not None,
        )
        check(f"the save did not wait for the purge ({saved_in:.3f} s)", saved_in < 1)

        headline = kept.headline
        kept.status = Article.Status.DRAFT
        kept.save()
        for node in (node2, node1):
            check(
                f"{node.url}: unpublished story is 404 at once",
                fetch(node.url + kept.get_absolute_url())[0] == 404,
            )
            check(
                f"{node.url}: unpublished story left the front page",
                headline.encode() not in fetch(node.url + "/")[1],
            )
    finally:
        worker.stop()
        cdn.stop()
        node1.stop()
        node2.stop()
        if redis:
            redis.terminate()
            redis.wait()
    if failures:
        sys.exit(f"{len(failures)} scale-out check(s) failed")
    print("Scale-out check passed.")


if __name__ == "__main__":
    main()
