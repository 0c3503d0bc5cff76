"""Sized versions of an image, as pages (srcset), feeds and the API ask for them.

Interface used across the project: ``image_versions(image, widths, ratio=..., format=...)``
returns what may be linked publicly, narrowest first; ``largest_version`` the one version
for a feed enclosure or an API association. Versions are renditions: made the first time
they are asked for, stored with a ``Rendition`` row, and reused after. They are upright,
cropped around the focal point when a ratio is asked for, never wider than the photo, and
carry no EXIF, XMP or IPTC, so no location.
"""

from __future__ import annotations

import io
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import ExifTags, ImageOps, features
from PIL import Image as PillowImage

from articles.models import Image, Rendition

logger = logging.getLogger(__name__)

DEFAULT_WIDTHS = (320, 640, 960, 1280, 1920)
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "avif": "image/avif",
}
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
ENCODER_OPTIONS = {
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "webp": {"quality": 80, "method": 2},
    "avif": {"quality": 60, "speed": 8},
}

# What the responsive_image tag offers: a modern format first, JPEG for every browser.
PAGE_FORMATS = ("webp", "jpeg")
# Crops that search engines and link previews ask for (JSON-LD, Open Graph), as JPEG.
CROP_RATIOS = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200

Ratio = tuple[int, int]
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class ImageVersion:
    url: str
    width: int
    height: int
    mime_type: str


def image_versions(
    image: Image,
    widths: Iterable[int] = DEFAULT_WIDTHS,
    *,
    ratio: Ratio | None = None,
    format: str = "jpeg",
    generate: bool = True,
) -> list[ImageVersion]:
    """The versions of ``image`` at the asked widths (never wider than the original).

    Uses the ``renditions`` prefetch when the caller made one (no query); otherwise one
    query per image. Missing renditions are made now unless ``generate`` is false.
    """
    if not image.file or not image.width or not image.height:
        return []
    format = rendition_format(format)
    label = ratio_label(ratio)
    sizes = planned_sizes(image.width, image.height, widths, ratio)
    known = _known_renditions(image)
    missing = [size for size in sizes if (size[0], label, format) not in known]
    if missing and generate:
        make_renditions(image, missing, ratio=ratio, format=format)
    return [
        ImageVersion(
            url=rendition.file.url,
            width=rendition.width,
            height=rendition.height,
            mime_type=MIME_TYPES[format],
        )
        for width, _height in sizes
        if (rendition := known.get((width, label, format)))
    ]


def fetch_with_renditions(loaded: Iterable[Image], image_ids: Iterable[int]) -> dict[int, Image]:
    """Images by id, each knowing its renditions, in one query.

    ``loaded`` are images the page already has (a story's lead photo); ``image_ids`` names
    others to load, which come with their renditions (a body's photos). An image to load
    that has no rendition yet costs one query more; later ``image_versions`` calls make none.
    """
    instances: dict[int, list[Image]] = defaultdict(list)
    for image in loaded:
        instances[image.pk].append(image)
    to_load = set(image_ids) - set(instances)
    if not instances and not to_load:
        return {}
    renditions = Rendition.objects.filter(image_id__in=[*instances, *to_load])
    if to_load:
        renditions = renditions.select_related("image")
    by_image: dict[int, dict[tuple[int, str, str], Rendition]] = defaultdict(dict)
    for rendition in renditions:
        if rendition.image_id not in instances:
            instances[rendition.image_id].append(rendition.image)
        by_image[rendition.image_id][(rendition.width, rendition.ratio, rendition.format)] = (
            rendition
        )
    unrendered = to_load - set(instances)
    if unrendered:
        for image in Image.objects.filter(pk__in=unrendered):
            instances[image.pk].append(image)
    for image_id, images in instances.items():
        for image in images:
            image.__dict__["_renditions_by_spec"] = dict(by_image[image_id])
    return {image_id: images[0] for image_id, images in instances.items()}


def largest_version(image: Image, max_width: int = 1200, **kwargs) -> ImageVersion | None:
    """One version at ``max_width`` (or the photo's own width when it is narrower)."""
    kwargs.setdefault("widths", (max_width,))
    versions = [v for v in image_versions(image, **kwargs) if v.width <= max_width]
    return versions[-1] if versions else None


def rendition_format(format: str) -> str:
    """The format a rendition is made in: AVIF falls back to WebP where Pillow lacks it."""
    format = format.lower().replace("jpg", "jpeg").replace("image/", "")
    if format == "avif" and not features.check("avif"):
        return "webp"
    if format not in Rendition.Format.values:
        raise ValueError(f"Renditions are made as JPEG, WebP or AVIF, not {format!r}.")
    return format


def ratio_label(ratio: Ratio | None) -> str:
    if ratio is None:
        return ""
    if len(ratio) != 2 or min(ratio) <= 0:
        raise ValueError(f"A crop ratio is two positive whole numbers, not {ratio!r}.")
    return f"{ratio[0]}:{ratio[1]}"


def crop_box(width: int, height: int, ratio: Ratio | None, focal_x: float, focal_y: float) -> Box:
    """The largest box of ``ratio`` inside the picture, centred on the focal point if it can be.

    Near an edge the box slides inwards, so the focal point stays inside it, off centre.
    """
    if ratio is None:
        return (0, 0, width, height)
    if width * ratio[1] > height * ratio[0]:
        box_width, box_height = height * ratio[0] / ratio[1], float(height)
    else:
        box_width, box_height = float(width), width * ratio[1] / ratio[0]
    left = min(max(focal_x * width - box_width / 2, 0), width - box_width)
    top = min(max(focal_y * height - box_height / 2, 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def planned_sizes(
    width: int, height: int, widths: Iterable[int], ratio: Ratio | None
) -> list[tuple[int, int]]:
    """The (width, height) of each version, narrowest first; no upscaling, no duplicates."""
    left, top, right, bottom = crop_box(width, height, ratio, 0.5, 0.5)
    box_width, box_height = right - left, bottom - top
    sizes = {}
    for asked in sorted({int(w) for w in widths if int(w) > 0}):
        version_width = min(asked, math.floor(box_width))
        version_height = max(1, round(version_width * box_height / box_width))
        sizes[version_width] = version_height
    return sorted(sizes.items())


def make_renditions(
    image: Image,
    sizes: list[tuple[int, int]],
    *,
    ratio: Ratio | None,
    format: str | Iterable[str],
) -> list[Rendition]:
    """Encode and store renditions of ``image`` at ``sizes``, in each format, from one decode."""
    formats = [format] if isinstance(format, str) else list(format)
    try:
        encoded = _encode(image, sizes, ratio, formats)
    except (OSError, ValueError, SyntaxError, PillowImage.DecompressionBombError):
        logger.warning("Could not make renditions of image %s", image.pk, exc_info=True)
        return []
    label = ratio_label(ratio)
    file_field = Rendition._meta.get_field("file")
    renditions = []
    for (each_format, (width, height)), content in encoded.items():
        rendition = Rendition(
            image=image, width=width, height=height, ratio=label, format=each_format
        )
        file_name = _file_name(image, width, height, ratio, each_format)
        name = file_field.generate_filename(rendition, file_name)
        rendition.file.name = file_field.storage.save(name, io.BytesIO(content))
        renditions.append(rendition)
    # Two first views at once may both make a rendition; the first row stays.
    Rendition.objects.bulk_create(renditions, ignore_conflicts=True)
    known = _known_renditions(image)
    for rendition in renditions:
        known[(rendition.width, rendition.ratio, rendition.format)] = rendition
    return renditions


def make_page_renditions(image: Image) -> list[Rendition]:
    """Make every version public output links, right after upload.

    That is the uncropped JPEG and WebP srcsets (pages; feeds, sitemaps and the API pick
    from the JPEG ones) and the JPEG crops at ``CROP_WIDTH`` (JSON-LD, Open Graph), so
    no reader, feed reader or partner waits for a rendition to be made.
    """
    if not image.width or not image.height:
        return []
    known = _known_renditions(image)
    made = []
    sizes = planned_sizes(image.width, image.height, DEFAULT_WIDTHS, None)
    formats = [f for f in PAGE_FORMATS if any((w, "", f) not in known for w, _h in sizes)]
    if formats:
        made += make_renditions(image, sizes, ratio=None, format=formats)
    for ratio in CROP_RATIOS:
        sizes = planned_sizes(image.width, image.height, (CROP_WIDTH,), ratio)
        if any((w, ratio_label(ratio), "jpeg") not in known for w, _h in sizes):
            made += make_renditions(image, sizes, ratio=ratio, format="jpeg")
    return made


def discard_renditions(image: Image, *, cropped_only: bool = False) -> None:
    """Forget renditions (after the photo or its focal point changed); files go on commit.

    The files are deleted by the post_delete receiver in ``articles.images.receivers``.
    """
    renditions = Rendition.objects.filter(image=image)
    if cropped_only:
        renditions = renditions.exclude(ratio="")
    renditions.delete()
    image.__dict__.pop("_renditions_by_spec", None)
    getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)


def _known_renditions(image: Image) -> dict[tuple[int, str, str], Rendition]:
    if "_renditions_by_spec" not in image.__dict__:
        image.__dict__["_renditions_by_spec"] = {
            (rendition.width, rendition.ratio, rendition.format): rendition
            for rendition in image.renditions.all()
        }
    return image.__dict__["_renditions_by_spec"]


def _file_name(image: Image, width: int, height: int, ratio: Ratio | None, format: str) -> str:
    # The focal point is in the name so a moved one never serves a stale cached crop.
    crop = f"-{ratio[0]}x{ratio[1]}-{image.focal_x:.3f}-{image.focal_y:.3f}" if ratio else ""
    stem = (image.content_hash or str(image.pk))[:16]
    return f"{stem}-{width}x{height}{crop}.{EXTENSIONS[format]}"


def _encode(
    image: Image, sizes: list[tuple[int, int]], ratio: Ratio | None, formats: list[str]
) -> dict[tuple[str, tuple[int, int]], bytes]:
    with image.file.open("rb") as stored, PillowImage.open(stored) as picture:
        orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
        turned = orientation in (5, 6, 7, 8)
        upright_width, upright_height = picture.size[::-1] if turned else picture.size
        box = crop_box(upright_width, upright_height, ratio, image.focal_x, image.focal_y)
        scale = max(width for width, _ in sizes) / (box[2] - box[0])
        needed = (math.ceil(upright_width * scale), math.ceil(upright_height * scale))
        # JPEG decodes at 1/2, 1/4 or 1/8 scale when that is still big enough: a
        # 24-megapixel photo never sits in memory at full size.
        picture.draft(None, needed[::-1] if turned else needed)
        picture.seek(0)
        picture.load()
        icc_profile = picture.info.get("icc_profile") if picture.mode in ("RGB", "RGBA") else None
        ImageOps.exif_transpose(picture, in_place=True)
        source: PillowImage.Image = picture
        if source.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
            # Palette and other modes would be resized pixel by pixel, without smoothing.
            source = source.convert("RGBA" if _has_alpha(source) else "RGB")
        factor = source.width / upright_width
        left, top, right, bottom = (edge * factor for edge in box)
        scaled_box = (left, top, right, bottom)
        encoded = {}
        for width, height in sorted(sizes, reverse=True):
            resized = source.resize(
                (width, height), PillowImage.Resampling.LANCZOS, box=scaled_box, reducing_gap=3.0
            )
            for format in formats:
                version = _in_output_mode(resized, format)
                buffer = io.BytesIO()
                options = dict(ENCODER_OPTIONS[format])
                if icc_profile:
                    options["icc_profile"] = icc_profile
                version.save(buffer, format.upper(), **options)
                encoded[(format, (width, height))] = buffer.getvalue()
    return encoded


def _in_output_mode(picture: PillowImage.Image, format: str) -> PillowImage.Image:
    """RGB (RGBA where the format keeps transparency); JPEG gets a white background."""
    if not _has_alpha(picture):
        converted = picture if picture.mode == "RGB" else picture.convert("RGB")
    elif format == "jpeg":
        rgba = picture.convert("RGBA")
        converted = PillowImage.new("RGB", rgba.size, (255, 255, 255))
        converted.paste(rgba, mask=rgba.getchannel("A"))
    else:
        converted = picture.convert("RGBA")
    converted.info = {}
    return converted


def _has_alpha(picture: PillowImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA", "RGBa") or (
        picture.mode == "P" and "transparency" in picture.info
    )
