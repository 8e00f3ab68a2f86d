"""
An editor saving a story every second, for benchmarks/run.py.

    python benchmarks/editor.py SECONDS PATHS_FILE

Runs with the site's settings from the environment (same database and cache
as the server being measured); each second changes the deck of one of the
stories whose paths are listed and saves it through the ORM, so the change
pipeline invalidates what shows it. Prints the number of saves.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402


def main():
    seconds, paths_file = float(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from articles.models import Article

    lines = Path(paths_file).read_text().split()
    slugs = [line.split("/")[2] for line in lines]
    saves = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        story = Article.objects.get(slug=slugs[saves % len(slugs)])
        story.deck = f"Updated {saves}: {story.deck.split(': ', 1)[-1]}"
        story.save()
        saves += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    print(saves)


if __name__ == "__main__":
    main()
