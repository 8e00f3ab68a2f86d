"""
Pick the pages to benchmark in the current database and count their queries.

Run by benchmarks/run.py in a child process (so each database gets its own
settings); prints JSON: {name: {"url", "status", "bytes", "queries"}}.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["NEWSROOM_PAGE_CACHE"] = "0"
    os.environ["NEWSROOM_FRAGMENT_CACHE"] = "0"
    django.setup()
    import random

    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Article
    from pagecache import fragments
    from people.models import Person

    setup_test_environment()
    search_template = sys.argv[1] if len(sys.argv) > 1 else "/search/?q={word}"
    wanted = sys.argv[2].split(",") if len(sys.argv) > 2 else None

    # The story: a recent one with a photo, the usual shape of a front-page story.
    story = (
        Article.objects.published().filter(lead_photo__isnull=False).first()
        or Article.objects.published().first()
    )
    # The person and tag with the most stories: the heaviest pages there are.
    person = Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    tag = (
        Tag.objects.annotate(n=Count("articles_taggedarticle_items"))
        .order_by("-n", "pk")
        .first()
    )
    word = story.headline.split()[0] if story else "government"
    pages = {
        "front": reverse("articles:front"),
        "story": story.get_absolute_url() if story else None,
        "person": person.get_absolute_url() if person else None,
        "tag": reverse("articles:tag", kwargs={"slug": tag.slug}) if tag else None,
        "search": search_template.format(word=word),
    }
    client = Client(raise_request_exception=False)
    result = {}
    for name, url in pages.items():
        if url is None or (wanted and name not in wanted):
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        result[name] = {
            "url": url,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries),
        }

    # Distinct story pages, as readers from search and social spread them.
    urls = [
        f"/stories/{slug}/"
        for slug in Article.objects.published().values_list("slug", flat=True)
    ]
    random.Random(14).shuffle(urls)
    result["long_tail"] = urls[:3000]
    result["hot"] = urls[:200]

    # Fragments: how often a first view of a page finds its parts rendered.
    settings.NEWSROOM_FRAGMENT_CACHE = True
    cache.clear()
    fragments.stats.clear()
    tags = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by(
        "-n", "pk"
    )[:10]
    first_pass = result["hot"] + [f"/?page={n}" for n in range(1, 11)]
    first_pass += [reverse("articles:tag", kwargs={"slug": t.slug}) for t in tags]
    for url in first_pass:
        client.get(url)
    result["fragments"] = {
        name: {
            "hits": fragments.stats[f"{name}:hit"],
            "misses": fragments.stats[f"{name}:miss"],
        }
        for name in sorted({label.rsplit(":", 1)[0] for label in fragments.stats})
    }
    result["fragments_overall"] = fragments.hit_rate()
    # Queries of each page once its fragments are current.
    for page in list(result.values()):
        if isinstance(page, dict) and "url" in page:
            client.get(page["url"])
            with CaptureQueriesContext(connection) as queries:
                client.get(page["url"])
            page["queries_warm"] = len(queries)
    cache.clear()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
