from django.core.management.base import BaseCommand

from editing import autosave, conf


class Command(BaseCommand):
    help = "Delete autosaves of story forms untouched for NEWSROOM_AUTOSAVE_DAYS."

    def handle(self, *args, **options):
        deleted = autosave.expire()
        self.stdout.write(
            f"{deleted} autosave(s) older than {conf.autosave_days()} days deleted."
        )
