from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.wire import importing
from articles.wire.parse import WireError, decode_upload, parse


class Command(BaseCommand):
    help = (
        "Import wire copy (.txt or IPTC ninjs .json files) as draft stories. Copy "
        "imported before is left alone, or updates its story with --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--source", default="", help="e.g. “VOA Khmer”.")
        parser.add_argument(
            "--user",
            help="Import as this user (a reporter's stories are bylined to her).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update the story of copy imported before with the new version.",
        )
        parser.add_argument(
            "--accept-suggestions",
            action="store_true",
            help="Also add every suggested person and quote (with a speaker).",
        )

    def handle(self, *args, files, source, user, update, accept_suggestions, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user called {user!r}.")
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        failures = []
        added = []
        bar = tqdm(files, unit="file", disable=options["verbosity"] < 1)
        for name in bar:
            path = Path(name)
            bar.set_postfix_str(path.name[:30])
            try:
                draft = parse(decode_upload(path.read_bytes(), path.name), path.name)
                earlier = importing.earlier_copy(draft)
                target = None
                if earlier is not None:
                    if earlier.article.wire_copies.filter(checksum=draft.checksum):
                        counts["unchanged"] += 1
                        continue
                    if not update:
                        counts["skipped"] += 1
                        failures.append(
                            (
                                name,
                                f"a version is already “{earlier.article}” "
                                "(use --update to update it)",
                            )
                        )
                        continue
                    target = earlier.article
                article, created = importing.import_draft(
                    draft,
                    user=account,
                    filename=path.name,
                    source=source,
                    update=target,
                )
                counts["imported" if created else "updated"] += 1
                if accept_suggestions:
                    suggestions = importing.suggestions_for(article)
                    added.append(
                        importing.accept_all(article, suggestions, user=account)
                    )
            except (OSError, WireError, importing.ImportRefused) as error:
                failures.append((name, str(error)))
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        if accept_suggestions:
            people = sum(a.people_created for a in added)
            quotes = sum(a.quotes_created for a in added)
            summary += f"; {people} new people, {quotes} quotes"
        style = self.style.WARNING if failures else self.style.SUCCESS
        self.stdout.write(style(f"Wire copy: {summary}; {len(failures)} not imported."))
        for name, reason in failures:
            self.stdout.write(f"  {name}: {reason}")
