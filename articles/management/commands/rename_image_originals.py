"""Give originals stored under their upload names (before random names) a random name."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.images.uploads import give_original_a_random_name
from articles.models import Image


class Command(BaseCommand):
    help = (
        "Move every image original still stored under its upload name (an address that "
        "can be guessed) to a random name; the upload name is kept as the original file name."
    )

    def handle(self, *args, **options):
        moved = failed = 0
        images = (
            Image.objects.exclude(file="")
            .only("pk", "file", "original_name", "width", "height")
            .order_by("pk")
        )
        for image in images.iterator(chunk_size=100):
            try:
                moved += give_original_a_random_name(image=image)
            except (OSError, Image.DoesNotExist) as error:
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}) was not moved: {error}")
        self.stdout.write(f"Moved {moved} originals to random names; {failed} could not be moved.")
