from django.core.management.base import BaseCommand

from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild every story's search entry, e.g. after bulk imports or updates "
        "that send no signals."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Stories per batch."
        )

    def handle(self, *args, batch_size, **options):
        def progress(done, total):
            if options["verbosity"] >= 1:
                self.stdout.write(f"Indexed {done}/{total} stories")

        total = rebuild_index(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} stories."))
