"""
A live story under load: readers polling its update endpoint (and reading the
page) while an editor adds a post every ``--every`` seconds, against the
floor and the cached page in the same run.

    python benchmarks/live.py --stories 1000 --seconds 30

Uses (or builds) the synthetic database of benchmarks/run.py, takes one story
live with ``--posts`` posts, starts the floor and the site as deployed (page
cache and fragment cache on, ``--workers`` sync workers), and measures with
wrk and ``--connections`` readers:

- the floor and the cached story page with no posts arriving;
- the update endpoint, each reader sending the ETag it last saw
  (``If-None-Match``, as ``static/js/live.js`` does: 304 while nothing
  changed), while this process adds a post every ``--every`` seconds;
- the story page itself, under the same posting.

For every post it also times, from the commit, when a reader polling the
endpoint first receives it: within the polling interval is the requirement.
Prints a table (benchmarks/README.md has the figures).
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BASE_DIR,
    Gunicorn,
    become_node,
    fetch,
    wrk,
)
from benchmarks.run import build_synthetic, db_env, measure  # noqa: E402

# Each wrk connection keeps the ETag its thread last saw, as a reader's page
# does, so unchanged polls are 304s and the first poll after a post is a 200.
POLL_SCRIPT = """
local etag = nil
request = function()
  if etag then
    return wrk.format("GET", nil, {["If-None-Match"] = etag})
  end
  return wrk.format("GET")
end
response = function(status, headers, body)
  if status == 200 and headers["ETag"] then
    etag = headers["ETag"]
  end
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=60, help="before the run")
    parser.add_argument("--seconds", type=int, default=30, help="per wrk run")
    parser.add_argument("--every", type=float, default=10, help="seconds between posts")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--poll", type=int, default=10, help="the page's interval")
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--port", type=int, default=8330)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def take_live(stories):
    """A public story with its coverage started and ``stories`` posts."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles import publishing
    from articles.models import Article, LivePost, live_coverage
    from people.models import Person

    story = Article.objects.published().order_by("-published_at").first()
    editor = get_user_model().objects.filter(username="live-bench").first()
    if editor is None:
        editor = get_user_model().objects.create_superuser(
            "live-bench", "live@example.org", "live-bench-password"
        )
    LivePost.objects.filter(article=story).delete()
    coverage = live_coverage(story)
    if coverage is None or not coverage.is_running:
        publishing.start_live(story, editor)
    authors = list(Person.objects.filter(is_staff=True)[:4]) or [
        Person.objects.create(name="Live Bench", is_staff=True)
    ]
    now = timezone.now()
    LivePost.objects.bulk_create(
        LivePost(
            article=story,
            author=authors[i % len(authors)],
            headline=f"Update {i}" if i % 6 == 0 else "",
            body=f"<p>Update number {i} from the count.</p>",
            pinned=i % 12 == 0,
            posted_at=now - timedelta(minutes=stories - i),
        )
        for i in range(stories)
    )
    # bulk_create sends no signals: say what changed, as a script must.
    from articles.cache_keys import changed_keys
    from pagecache import invalidation

    invalidation.content_changed(changed_keys([story.pk]))
    return story, authors


class Editor(threading.Thread):
    """Adds a post every ``every`` seconds; times when a poller first sees each."""

    def __init__(self, story, author, every, updates_url):
        super().__init__(daemon=True)
        self.story, self.author, self.every = story, author, every
        self.updates_url = updates_url
        self.delays = []
        self.stop = threading.Event()

    def run(self):
        from django.db import connections

        from articles.models import LivePost

        number = 0
        while not self.stop.wait(self.every):
            number += 1
            post = LivePost.objects.create(
                article=self.story,
                author=self.author,
                body=f"<p>Breaking update {number} at {time.time():.0f}.</p>",
            )
            committed = time.perf_counter()
            marker = f'"id": {post.pk},'.encode()
            while time.perf_counter() - committed < 60:
                _, body, _ = fetch(self.updates_url)
                if marker in (body or b""):
                    self.delays.append(time.perf_counter() - committed)
                    break
                time.sleep(0.02)
        connections.close_all()


def posting(story, author, args, updates_url, run):
    """``run()`` while an editor posts every ``args.every`` seconds."""
    editor = Editor(story, author, args.every, updates_url)
    editor.start()
    try:
        result = run()
    finally:
        editor.stop.set()
        editor.join(70)
    result["posts"] = len(editor.delays)
    result["delays"] = editor.delays
    return result


def main():
    args = parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = build_synthetic(args, {})
    logs = args.workdir / "logs"
    logs.mkdir(exist_ok=True)
    env = db_env(
        args,
        path,
        NEWSROOM_PAGE_CACHE=1,
        NEWSROOM_FRAGMENT_CACHE=1,
        NEWSROOM_CACHE_DIR=args.workdir / "cache-live",
        NEWSROOM_LIVE_POLL_SECONDS=args.poll,
    )
    become_node(env)
    story, authors = take_live(args.posts)
    page = story.get_absolute_url()
    from django.urls import reverse

    updates = reverse("articles:live_updates", kwargs={"slug": story.slug})
    script = args.workdir / "live-poll.lua"
    script.write_text(POLL_SCRIPT)
    rows = []

    site = Gunicorn(args.port + 1, env, args.workers, logs / "live.log")
    try:
        site.wait(page)
        _, body, _ = fetch(site.url + page)
        page_bytes = len(body or b"") or 8000
        floor_env = db_env(
            args,
            path,
            DJANGO_SETTINGS_MODULE="benchmarks.floor_settings",
            NEWSROOM_FLOOR_BYTES=page_bytes,
        )
        with Gunicorn(args.port, floor_env, args.workers, logs / "live-floor.log") as f:
            f.wait()
            floor = measure(f, "/floor/", args)
        rows.append(("floor (constant page, same size)", floor))
        cached = measure(site, page, args)
        rows.append(("live story page, cached, no posts arriving", cached))

        def poll_run():
            fetch(site.url + updates)
            return wrk(
                site.url + updates,
                connections=args.connections,
                seconds=args.seconds,
                script=script,
            )

        polled = posting(story, authors[0], args, site.url + updates, poll_run)
        rows.append((f"update endpoint, a post every {args.every:g} s", polled))

        def page_run():
            return wrk(
                site.url + page, connections=args.connections, seconds=args.seconds
            )

        read = posting(story, authors[0], args, site.url + updates, page_run)
        rows.append((f"story page, a post every {args.every:g} s", read))
        _, _, headers = fetch(site.url + updates)
        _, not_modified, _ = fetch(
            site.url + updates, headers={"If-None-Match": headers.get("ETag", "")}
        )
    finally:
        site.stop()

    print(
        f"\n{args.stories} stories, live story with {args.posts}+ posts, "
        f"{args.workers} workers, {args.connections} readers, {args.seconds} s each"
    )
    print("| run | rps | × floor | × cached page | p50 ms | p99 ms | non-2xx/3xx |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, result in rows:
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / floor['rps']:.2f} "
            f"| {result['rps'] / cached['rps']:.2f} | {result['p50']:.1f} "
            f"| {result['p99']:.1f} | {result['non_2xx']} |"
        )
    delays = polled["delays"] + read["delays"]
    if delays:
        worst = max(delays)
        median = statistics.median(delays)
        print(
            f"\npost to first reader: median {median * 1000:.0f} ms, "
            f"max {worst * 1000:.0f} ms over {len(delays)} posts; a reader polling "
            f"every {args.poll} s sees a post within {args.poll + worst:.1f} s "
            f"({'within' if worst < args.poll else 'NOT within'} the interval)"
        )
    else:
        print("\nno post was added: run longer than --every")
    print(f"304 answer body: {len(not_modified or b'')} bytes")


if __name__ == "__main__":
    main()
