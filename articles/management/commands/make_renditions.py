"""Make the renditions pages need for images that do not have them yet (e.g. after an import)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.images.renditions import make_page_renditions
from articles.models import Image


class Command(BaseCommand):
    help = "Make the JPEG and WebP renditions pages use, for every image that lacks them."

    def handle(self, *args, **options):
        made = 0
        images = Image.objects.prefetch_related("renditions").order_by("pk")
        for image in images.iterator(chunk_size=100):
            made += len(make_page_renditions(image))
        self.stdout.write(f"Made {made} renditions.")
