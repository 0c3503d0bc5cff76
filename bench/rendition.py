"""Time and peak memory of making one web rendition of a 24-megapixel photo.

Each measurement runs in a process of its own, so ``ru_maxrss`` (the peak resident memory
of the process) counts the rendition and Django, nothing left over from other work.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from django.conf import settings
from PIL import Image as PillowImage

from articles.images.renditions import image_versions
from articles.models import Image

SOURCE_SIZE = (6000, 4000)
SOURCE_NAME = "bench-rendition/photo-24mp.jpg"
RENDITION_WIDTH = 1280


def write_large_photo(path: Path, size: tuple[int, int] = SOURCE_SIZE) -> int:
    """A 24-megapixel JPEG with noise over gradients, so it compresses like a photograph."""
    gradient = PillowImage.linear_gradient("L").resize(size)
    noise = PillowImage.effect_noise(size, 48)
    photo = PillowImage.merge(
        "RGB", (gradient, noise, gradient.transpose(PillowImage.Transpose.ROTATE_180))
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    photo.save(path, "JPEG", quality=90)
    return path.stat().st_size


def create_source_image() -> int:
    """Write the photo under MEDIA_ROOT (once) and add an Image row for it; return its id."""
    path = Path(settings.MEDIA_ROOT) / SOURCE_NAME
    if not path.exists():
        write_large_photo(path)
    image = Image.objects.create(
        file=SOURCE_NAME,
        width=SOURCE_SIZE[0],
        height=SOURCE_SIZE[1],
        file_size=path.stat().st_size,
        format="JPEG",
        caption="A 24-megapixel photograph for the rendition benchmark.",
    )
    return image.pk


def peak_memory_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_rendition(image_id: int, format: str) -> dict:
    """Render ``image_id`` to one 1280-wide version in ``format``; report time and memory."""
    image = Image.objects.get(pk=image_id)
    # The upload already made its page renditions; time making this one afresh.
    for rendition in image.renditions.filter(width=RENDITION_WIDTH, format=format, ratio=""):
        rendition.delete()
    memory_before = peak_memory_mb()
    started = time.perf_counter()
    versions = image_versions(image, [RENDITION_WIDTH], format=format)
    seconds = time.perf_counter() - started
    widths = [version.width for version in versions]
    return {
        "format": format,
        "seconds": round(seconds, 3),
        "peak_mb": round(peak_memory_mb(), 1),
        "baseline_mb": round(memory_before, 1),
        "widths": widths,
        "mime_types": [version.mime_type for version in versions],
        "rendered": RENDITION_WIDTH in widths,
    }
