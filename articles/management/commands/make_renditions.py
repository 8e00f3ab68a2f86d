from django.core.management.base import BaseCommand

from articles.models import Photo
from images.renditions import prepare_renditions


class Command(BaseCommand):
    help = (
        "Make the responsive renditions of every photo that lacks them (after an "
        "import, a restore or a change of rendition widths)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--photo", type=int, action="append", help="Only this photo id."
        )

    def handle(self, *args, photo=None, **options):
        photos = Photo.objects.order_by("pk")
        if photo:
            photos = photos.filter(pk__in=photo)
        made = 0
        for item in photos.iterator(chunk_size=200):
            made += prepare_renditions(item)
        self.stdout.write(f"{made} renditions made.")
