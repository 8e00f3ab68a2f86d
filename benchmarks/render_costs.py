"""
What one page costs in one process, cache by cache, without queueing.

    python benchmarks/render_costs.py var/bench/synthetic-100000.sqlite3

Uses Django's test client on a copy-free SQLite database (read only, apart
from the cache directory it is given), so the figures are CPU and database
time per request with no HTTP server and no other readers: the part of the
wrk rows that does not depend on how busy the machine is. Prints a table of
milliseconds per request (median of --repeat runs of --requests requests).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cache_dir = Path(tempfile.mkdtemp(prefix="render-costs-"))
    # The photos generate_newsroom made beside the database (benchmarks/run.py).
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(args.database.parent / "media"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{args.database.resolve()}",
        NEWSROOM_CACHE_DIR=str(cache_dir),
        NEWSROOM_PAGE_CACHE="1",
        NEWSROOM_FRAGMENT_CACHE="1",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from taggit.models import Tag

    from articles.models import Article
    from people.models import Person

    client = Client(HTTP_HOST="127.0.0.1")
    stories = [
        a.get_absolute_url()
        for a in Article.objects.published()[: args.requests * (2 * args.repeat + 2)]
    ]
    person = Person.objects.annotate(n=Count("mentions")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n")
    pages = {
        "story": stories[0],
        "front": "/",
        "tag": f"/tags/{tag.first().slug}/",
        "person": person.get_absolute_url(),
    }

    def per_request(urls):
        started, cpu = time.perf_counter(), time.process_time()
        for url in urls:
            assert client.get(url).status_code == 200, url
        return (
            (time.perf_counter() - started) / len(urls) * 1000,
            (time.process_time() - cpu) / len(urls) * 1000,
        )

    def median(make_urls, setup):
        runs = []
        for n in range(args.repeat):
            setup()
            runs.append(per_request(make_urls(n)))
        return (
            statistics.median(wall for wall, _ in runs),
            statistics.median(cpu for _, cpu in runs),
        )

    def modes(page_cache, fragment_cache):
        def setup():
            settings.NEWSROOM_PAGE_CACHE = page_cache
            settings.NEWSROOM_FRAGMENT_CACHE = fragment_cache

        return setup

    rows = []
    for name, url in pages.items():

        def same(n, url=url):
            return [url] * args.requests

        rows.append((name, "nothing cached", median(same, modes(False, False))))
        client.get(url)
        settings.NEWSROOM_FRAGMENT_CACHE = True
        client.get(url)
        rows.append((name, "fragments current", median(same, modes(False, True))))
        settings.NEWSROOM_PAGE_CACHE = True
        client.get(url)
        rows.append((name, "page cached", median(same, modes(True, True))))
    # Each story once: the first view of an archive story, share images cached.
    cache.clear()

    def fresh(n):
        return stories[(n + 1) * args.requests : (n + 2) * args.requests]

    rows.append(("story", "first view", median(fresh, modes(True, True))))

    # The same with no caches at all: what storing the page and fragments adds.
    def unseen(n):
        start = (args.repeat + n + 1) * args.requests
        return stories[start : start + args.requests]

    rows.append(("story", "first view, no caches", median(unseen, modes(False, False))))
    shutil.rmtree(cache_dir, ignore_errors=True)
    print("| page | state | ms per request | CPU ms per request |")
    print("|---|---|---|---|")
    for name, state, (wall, cpu) in rows:
        print(f"| {name} | {state} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
