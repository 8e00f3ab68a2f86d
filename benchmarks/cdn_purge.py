"""
CDN purge check: real Varnish (with vmod-xkey) in front of two gunicorn nodes.

    python benchmarks/cdn_purge.py

Two nodes share one PostgreSQL and one Redis (as in scale_out.py) and send
``Surrogate-Key`` headers; Varnish indexes its objects under those keys
(benchmarks/varnish.vcl) and the site purges them (``NEWSROOM_PURGE_URLS``)
when a change commits: the commit queues a task on RQ (the same Redis,
``NEWSROOM_TASKS_REDIS_URL``) and an RQ worker beside the nodes renders the
pages again and then sends the purge, so the check waits for the worker to
finish it, and Varnish's next fetch is a hit in the nodes' page cache. A correction to a
story (headline and a correction note, in one transaction) must be visible
through Varnish on the very next request on the story, its tag and person
pages and the front page, while pages that do not show it stay in Varnish: no
request reaches a node for them (counted in the nodes' access logs). Then the
story is unpublished while readers are on it: no request begun after the
commit may get it. Then a second story is killed under readers (issue 22): no
request begun after the commit gets it, its address answers 410 with the kill
note through Varnish and on the nodes. Last, an embargoed story: 404 through
Varnish until its second, then on the front page and at its address with no
editor acting (the release task's purge, and pages' s-maxage capped at the
second). Exits non-zero on any failure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    Checks,
    Gunicorn,
    TaskWorker,
    base_env,
    become_node,
    create_pg_database,
    fetch,
    manage,
    postgres,
    wait_until,
)
from benchmarks.scale_out import REDIS_PORT, start_redis  # noqa: E402

VCL = Path(__file__).resolve().parent / "varnish.vcl"


def start_varnish(workdir, port, node_ports):
    if not shutil.which("varnishd"):
        sys.exit("varnishd is not installed (apt-get install varnish varnish-modules)")
    vcl = workdir / "check.vcl"
    text = VCL.read_text()
    for name, value in zip(("NODE1_PORT", "NODE2_PORT"), node_ports, strict=True):
        text = text.replace(name, str(value))
    vcl.write_text(text)
    process = subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,64m",
            # Varnish's own default_ttl would apply to responses without
            # s-maxage; the site always sends one.
            "-p",
            "default_grace=0",
        ],
        stdout=open(workdir / "varnish.log", "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(200):
        if process.poll() is not None:
            sys.exit(f"varnishd exited; see {workdir / 'varnish.log'}")
        if fetch(f"http://127.0.0.1:{port}/robots.txt", timeout=1)[0]:
            return process
        time.sleep(0.05)
    sys.exit("Varnish did not start")


def backend_hits(logs, path=None):
    """
    Requests the nodes have answered so far (lines in their access logs), for
    ``path`` only if given. Gunicorn writes a line once the response is sent,
    so give the last one a moment.
    """
    time.sleep(0.3)
    wanted = f'"GET {path} '.encode() if path else b""
    total = 0
    for log in logs:
        if log.exists():
            with open(log, "rb") as lines:
                total += sum(1 for line in lines if wanted in line)
    return total


READERS = 8


def read_while_changing(bases, paths, marker, change, seconds_after=3.0):
    """
    ``READERS`` threads per base URL request ``paths`` in turn while
    ``change()`` runs; returns ``[(began, path, status, shows marker)]`` and
    when it committed.
    """
    stop, results = threading.Event(), []

    def reader(base, offset):
        order = paths[offset:] + paths[:offset]
        while not stop.is_set():
            for path in order:
                began = time.monotonic()
                status, body, _ = fetch(base + path)
                results.append((began, path, status, marker in body))

    threads = [
        threading.Thread(target=reader, args=(base, i % len(paths)))
        for base in bases
        for i in range(READERS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    change()
    committed = time.monotonic()
    time.sleep(seconds_after)
    stop.set()
    for thread in threads:
        thread.join()
    return results, committed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8330)
    parser.add_argument("--varnish-port", type=int, default=8339)
    parser.add_argument("--workers", type=int, default=2)
    # Runs side by side need databases of their own.
    parser.add_argument("--database", default="newsroom_cdn_purge")
    parser.add_argument("--redis-port", type=int, default=REDIS_PORT)
    args = parser.parse_args()
    workdir = Path(__file__).resolve().parent.parent / "var" / "cdn-purge"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)

    pg_url, _, _ = postgres()
    database_url = create_pg_database(pg_url, args.database)
    redis = start_redis(workdir, args.redis_port)
    varnish_url = f"http://127.0.0.1:{args.varnish_port}"
    env = base_env(
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0",
        NEWSROOM_TASKS_REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/2",
        NEWSROOM_CACHE_PREFIX=f"cdn-purge-{os.getpid()}",
        NEWSROOM_PAGE_CACHE=1,
        NEWSROOM_FRAGMENT_CACHE=1,
        DJANGO_MEDIA_ROOT=workdir / "media",
    )
    manage("migrate", "--noinput", env=env)
    manage("generate_newsroom", "--stories", "60", env=env)

    # This process is the editors' node: same settings, database and cache.
    become_node(env)
    import django_rq
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Byline, Note
    from people.models import Person

    check = Checks()
    failures = check.failures

    # The story to correct, with a tag and a reporter of its own, so that the
    # pages of every other story, tag and person do not show it.
    story = Article.objects.create(
        headline="Varnish check story",
        slug="varnish-check-story",
        body="<p>First version.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(seconds=5),
    )
    story.tags.add("varnish-check")
    reporter = Person.objects.create(name="Varnish Reporter", slug="varnish-reporter")
    Byline.objects.create(article=story, person=reporter)
    tag = Tag.objects.get(name="varnish-check")
    other_story = Article.objects.published().exclude(pk=story.pk)[30]
    other_tag = other_story.tags.first()
    other_person = other_story.people.first() or other_story.bylines.first().person

    showing = {
        "story": story.get_absolute_url(),
        "tag page": f"/tags/{tag.slug}/",
        "person page": reporter.get_absolute_url(),
        "front page": "/",
    }
    not_showing = {
        "another story": other_story.get_absolute_url(),
        "another tag page": f"/tags/{other_tag.slug}/",
        "another person page": other_person.get_absolute_url(),
    }

    # The nodes only read; the editors' node (this process) purges.
    settings.NEWSROOM_PURGE_URLS = [f"{varnish_url}/"]
    logs = [workdir / "node1-access.log", workdir / "node2-access.log"]
    node1 = Gunicorn(
        args.port, env, args.workers, workdir / "node1.log", access_log=logs[0]
    )
    node2 = Gunicorn(
        args.port + 1, env, args.workers, workdir / "node2.log", access_log=logs[1]
    )
    worker = TaskWorker(env, workdir / "worker.log")
    queue = django_rq.get_queue("default")
    queue.empty()

    def tasks_done():
        return queue.finished_job_registry.count + queue.failed_job_registry.count

    varnish = None
    try:
        node1.wait()
        node2.wait()
        varnish = start_varnish(workdir, args.varnish_port, (node1.port, node2.port))
        time.sleep(0.3)  # past the clock-skew margin of the story's creation
        for name, path in {**showing, **not_showing}.items():
            status, _, _ = fetch(varnish_url + path)
            check(f"{name} answers 200 through Varnish ({path})", status == 200)
            _, _, headers = fetch(varnish_url + path)
            check(f"{name} is then a Varnish hit", headers.get("X-CDN-Cache") == "HIT")

        done_before = tasks_done()
        started = time.perf_counter()
        with transaction.atomic():
            story.headline = "Varnish check story, corrected"
            story.save()
            Note.objects.create(
                article=story, text="An earlier version gave the wrong headline."
            )
        saved_in = time.perf_counter() - started
        check(
            f"the correction queued its purge without waiting ({saved_in:.3f} s)",
            saved_in < 1,
        )
        purged_in = wait_until(lambda: tasks_done() > done_before)
        check(
            "the RQ worker rendered the pages again, then purged them"
            + (f" ({purged_in:.2f} s after the commit)" if purged_in else ""),
            purged_in is not None and queue.failed_job_registry.count == 0,
        )
        for name, path in showing.items():
            before = backend_hits(logs, path)
            status, body, headers = fetch(varnish_url + path)
            after = backend_hits(logs, path)
            check(
                f"{name} shows the correction on the next request",
                status == 200 and b"Varnish check story, corrected" in body,
            )
            check(f"{name} went to a node once", after - before == 1)
            # Rendered ahead by the worker before it purged: the node's answer
            # to Varnish came from its page cache, not from a render.
            check(
                f"{name} came from the node's page cache "
                f"({headers.get('X-Page-Cache')})",
                headers.get("X-Page-Cache") == "hit",
            )
        check(
            "the story shows the correction note",
            b"wrong headline" in fetch(varnish_url + showing["story"])[1],
        )
        before = backend_hits(logs)
        for name, path in not_showing.items():
            _, _, headers = fetch(varnish_url + path)
            check(f"{name} stayed in Varnish", headers.get("X-CDN-Cache") == "HIT")
        check(
            "pages that do not show the story reached no node",
            backend_hits(logs) == before,
        )

        # The story leaves the site while readers are on it, through Varnish
        # and on the nodes themselves (Varnish coalesces a URL's requests into
        # one fetch, the nodes' page cache sees them all): no request begun
        # after the commit gets it (issue 25).
        marker = b"Varnish check story, corrected"
        watched = [showing["story"], showing["front page"], showing["tag page"]]
        for path in watched:
            fetch(varnish_url + path)

        def take_it_down():
            with transaction.atomic():
                story.status = Article.Status.DRAFT
                story.save()

        bases = [varnish_url, node1.url, node2.url]
        results, committed = read_while_changing(bases, watched, marker, take_it_down)
        after = [r for r in results if r[0] > committed]
        stale = [r for r in after if r[3]]
        print(
            f"unpublished under {READERS * len(bases)} readers: {len(stale)} of "
            f"{len(after)} "
            "requests begun after the commit got the story"
        )
        check("readers kept reading after the commit", len(after) > READERS)
        check("no request begun after the commit got the story", not stale)
        check(
            "the story answers 404 after the commit, through Varnish and on the nodes",
            {status for _, path, status, _ in after if path == watched[0]} == {404},
        )

        # A kill under readers: gone from every page at once, 410 with the note.
        from django.contrib.auth import get_user_model

        from articles import publishing

        editor = get_user_model().objects.create_superuser("cdn-editor")
        doomed = Article.objects.create(
            headline="Varnish kill story",
            slug="varnish-kill-story",
            body="<p>To be withdrawn.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(seconds=5),
        )
        time.sleep(0.3)
        killed_paths = [doomed.get_absolute_url(), "/"]
        for path in killed_paths:
            fetch(varnish_url + path)
        check(
            "the story to kill shows on the front page through Varnish",
            b"varnish-kill-story" in fetch(varnish_url + "/")[1],
        )

        def kill_it():
            publishing.kill(doomed, editor, "Withdrawn: a court order.")

        results, committed = read_while_changing(
            bases, killed_paths, b"varnish-kill-story", kill_it
        )
        after = [r for r in results if r[0] > committed]
        stale = [r for r in after if r[3] and r[1] == "/"]
        print(
            f"killed under {READERS * len(bases)} readers: {len(stale)} of "
            f"{len([r for r in after if r[1] == '/'])} front-page requests begun "
            "after the commit still listed it"
        )
        check("no front page begun after the kill lists the story", not stale)
        check(
            "the killed story answers 410 after the commit, everywhere",
            {status for _, path, status, _ in after if path == killed_paths[0]}
            == {410},
        )
        status, body, _ = fetch(varnish_url + killed_paths[0])
        check(
            "the 410 through Varnish gives the kill note",
            status == 410 and b"a court order" in body,
        )

        # An embargo released at its second, with no editor acting.
        release = (timezone.now() + timezone.timedelta(seconds=6)).replace(
            microsecond=0
        )
        held = Article.objects.create(
            headline="Varnish embargo story",
            slug="varnish-embargo-story",
            body="<p>Held until its second.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(seconds=5),
            embargo_until=release,
        )
        held_path = held.get_absolute_url()
        status, _, _ = fetch(varnish_url + held_path)
        check("the embargoed story is a 404 through Varnish", status == 404)
        check(
            "the front page through Varnish does not list it before its second",
            b"varnish-embargo-story" not in fetch(varnish_url + "/")[1],
        )
        release_ts = release.timestamp()
        body = b""
        while time.time() < release_ts - 0.5:
            status, body, _ = fetch(varnish_url + "/")
            if b"varnish-embargo-story" in body:
                break
            time.sleep(0.1)
        check(
            "nothing showed the embargoed story before its second",
            b"varnish-embargo-story" not in body and time.time() < release_ts,
        )

        def released():
            return fetch(varnish_url + held_path)[0] == 200 and (
                b"varnish-embargo-story" in fetch(varnish_url + "/")[1]
            )

        late = wait_until(released, timeout=15)
        seen_at = time.time()
        check(
            "the embargoed story is on the front page and at its address through "
            "Varnish after its second"
            + (f" ({seen_at - release_ts:.2f} s after)" if late is not None else ""),
            late is not None and seen_at >= release_ts,
        )

        def release_ran():
            return not Article.objects.filter(
                pk=held.pk, embargo_until__isnull=False
            ).exists()

        ran = wait_until(release_ran, timeout=15)
        check(
            "RQ's scheduler ran release_embargo at the second (run_after)"
            + (f", {time.time() - release_ts:.2f} s after" if ran is not None else ""),
            ran is not None and queue.failed_job_registry.count == 0,
        )
    finally:
        worker.stop()
        if varnish is not None:
            os.killpg(varnish.pid, 15)
            varnish.wait()
        node1.stop()
        node2.stop()
        if redis:
            redis.terminate()
            redis.wait()
    if failures:
        sys.exit(f"{len(failures)} CDN purge check(s) failed")
    print("CDN purge check passed.")


if __name__ == "__main__":
    main()
