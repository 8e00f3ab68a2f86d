"""
``manage.py warm_pages``: render the archive into the page cache ahead of
readers, after a deploy, a cache flush or a restore.

The pages are the site's sitemaps (every ``django.contrib.sitemaps`` view in
the root urlconf, in their order) or the addresses given. Each is asked for
as an anonymous reader would (``pagecache.ahead.request_page``), so the page
cache middleware stores it; a page already fresh in the cache is skipped.
The last page it did is kept in a file (``--state``), so the next run goes on from
there; a run that reaches the end starts the next one from the top.
"""

import json
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import URLPattern, URLResolver, get_resolver
from tqdm import tqdm

from pagecache.ahead import is_fresh, request_page


def sitemap_paths(urlconf=None):
    """The paths every sitemap of the urlconf lists, each once, in order."""
    seen_sitemaps = []
    paths = []
    seen = set()
    for sitemaps in _sitemaps_in(get_resolver(urlconf).url_patterns):
        for sitemap in sitemaps.values():
            if sitemap in seen_sitemaps:
                continue
            seen_sitemaps.append(sitemap)
            instance = sitemap() if isinstance(sitemap, type) else sitemap
            for item in instance.items():
                path = instance._location(item)
                if path not in seen:
                    seen.add(path)
                    paths.append(path)
    return paths


def _sitemaps_in(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _sitemaps_in(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            sitemaps = pattern.default_args.get("sitemaps")
            if sitemaps:
                yield sitemaps


class Command(BaseCommand):
    help = (
        "Render the sitemaps' pages (or the addresses given) into the page "
        "cache, skipping those already fresh; resumes where the last run stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "urls", nargs="*", help="Paths or addresses instead of the sitemaps."
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "NEWSROOM_SITE_URL", "") or "http://localhost",
            help="Scheme and host the pages are asked for at (the site's address).",
        )
        parser.add_argument("--seconds", type=float, help="Stop after this long.")
        parser.add_argument("--count", type=int, help="Stop after rendering this many.")
        parser.add_argument(
            "--state",
            default=str(Path(getattr(settings, "VAR_DIR", "var")) / "warm_pages.json"),
            help="Where the position is kept between runs.",
        )
        parser.add_argument(
            "--restart", action="store_true", help="Start from the first page."
        )

    def handle(self, *args, urls, base_url, seconds, count, state, restart, **options):
        base = urlsplit(base_url)
        if not base.scheme or not base.netloc:
            raise CommandError(
                f"--base-url must be a scheme and host, not {base_url!r}"
            )
        paths = [self.path_of(url) for url in urls] if urls else sitemap_paths()
        state_path = Path(state)
        position = 0 if restart else self.read_position(state_path, paths)
        deadline = time.monotonic() + seconds if seconds is not None else None
        rendered = skipped = failed = 0
        bar = tqdm(
            total=len(paths),
            initial=position,
            unit="page",
            file=self.stderr._out,
            disable=not paths,
        )
        try:
            while position < len(paths):
                if count is not None and rendered >= count:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    break
                path, _, query = paths[position].partition("?")
                # Sitemaps give IRIs percent-encoded; a server hands the view
                # the decoded path (a Khmer slug).
                address = (base.scheme, base.netloc, "", unquote(path), query)
                if is_fresh(*address):
                    skipped += 1
                else:
                    status = request_page(*address)
                    if status == 200:
                        rendered += 1
                    else:
                        failed += 1
                        self.stderr.write(f"{paths[position]}: {status}")
                position += 1
                bar.update(1)
        finally:
            bar.close()
            done = position >= len(paths)
            self.write_position(state_path, paths, 0 if done else position)
        where = "the end" if done else f"{position} of {len(paths)}"
        self.stdout.write(
            f"Rendered {rendered}, skipped {skipped} fresh, {failed} failed; "
            f"stopped at {where}."
        )

    def path_of(self, url):
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def read_position(self, state_path, paths):
        try:
            after = json.loads(state_path.read_text()).get("after")
        except (OSError, ValueError, AttributeError):
            return 0
        # By the last page done, not a number: stories published since then
        # move every position.
        try:
            return paths.index(after) + 1
        except ValueError:
            return 0

    def write_position(self, state_path, paths, position):
        state_path.parent.mkdir(parents=True, exist_ok=True)
        after = paths[position - 1] if position else None
        state_path.write_text(json.dumps({"after": after}))
