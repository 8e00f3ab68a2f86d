from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wire import importing
from wire.draft import WireError
from wire.parse import MAX_COPY_BYTES, decode_upload, parse


class Command(BaseCommand):
    help = (
        "Import wire copy (.txt or IPTC ninjs .json files) as draft stories. Copy "
        "imported before is left alone, or updates its story with --update. Every "
        "file is reported; a file that cannot be imported does not stop the rest."
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
                outcome, article = self.import_file(path, account, source, update)
                if accept_suggestions and outcome in ("imported", "updated"):
                    suggestions = importing.suggestions_for(article)
                    added.append(
                        importing.accept_all(article, suggestions, user=account)
                    )
            except (OSError, WireError, importing.ImportRefused) as error:
                failures.append((name, str(error)))
                continue
            except Exception as error:  # noqa: BLE001
                # One unreadable file must not cost the batch its other files
                # or its summary; the reason is reported with the file.
                failures.append((name, f"could not be imported ({error!r:.200})"))
                continue
            counts[outcome] += 1
            if outcome == "skipped":
                failures.append(
                    (
                        name,
                        f"a version is already “{article}” (use --update to update it)",
                    )
                )
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        if accept_suggestions:
            people = sum(a.people_created for a in added)
            quotes = sum(a.quotes_created for a in added)
            summary += f"; {people} new people, {quotes} quotes"
        style = self.style.WARNING if failures else self.style.SUCCESS
        self.stdout.write(style(f"Wire copy: {summary}; {len(failures)} not imported."))
        for name, reason in failures:
            self.stdout.write(f"  {name}: {reason}")

    def import_file(self, path, account, source, update):
        """``(outcome, article)`` for one file; raises with the reason it failed."""
        if path.stat().st_size > MAX_COPY_BYTES:
            raise WireError(
                f"{path.name} is larger than {MAX_COPY_BYTES // 1024 // 1024} MB; "
                "wire copy is text, so this is not a story."
            )
        draft = parse(decode_upload(path.read_bytes(), path.name), path.name)
        earlier = importing.earlier_copy(draft)
        target = None
        if earlier is not None:
            if earlier.article.wire_copies.filter(checksum=draft.checksum):
                return "unchanged", earlier.article
            if not update:
                return "skipped", earlier.article
            target = earlier.article
        article, created = importing.import_draft(
            draft, user=account, filename=path.name, source=source, update=target
        )
        return ("imported" if created else "updated"), article
