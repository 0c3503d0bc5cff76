"""The checks every uploaded photo passes before it is stored.

A photo is decoded with Pillow (never trusted by its name), refused when it is not a
JPEG, PNG, WebP or GIF, when it is damaged, too big in bytes or pixels, or carries
markup. What passes is described by a ``CheckedUpload``: its bytes, format, upright size,
hash and the caption, credit and rights it carries. Storing it is
``articles.images.uploads``'s job, after ``articles.images.stripping`` has taken the
metadata out of the file.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.images.metadata import PhotoMetadata, read_photo_metadata
from articles.images.stripping import TURNED_ORIENTATIONS, DamagedPicture, jpeg_segments
from articles.sanitize import remove_control_characters

ACCEPTED_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}
ORIGINAL_NAME_LENGTH = 255

# Markup that has no business in a photo: SVG, HTML and script smuggled into a file that
# a browser might be tricked into rendering as a page.
MARKUP_SIGNATURES = (
    b"<svg",
    b"<script",
    b"<html",
    b"<body",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<!doctype",
    b"<?php",
    b"javascript:",
)
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


@dataclass(frozen=True)
class CheckedUpload:
    """A photo that passed every check and what is known about it; nothing is stored yet.

    ``raw`` is the file as uploaded, metadata and all; ``width`` and ``height`` are the
    upright size, after the EXIF ``orientation`` is applied.
    """

    original_name: str
    raw: bytes
    format: str
    width: int
    height: int
    orientation: int
    content_hash: str
    metadata: PhotoMetadata

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def check_upload(upload) -> CheckedUpload:
    """Decode and check an uploaded photo; raise ValidationError with a clear reason."""
    raw = _read_limited(upload)
    _refuse_markup(raw)
    with warnings.catch_warnings():
        # Our own pixel limit is checked right after the header is read, before decoding.
        warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
        format, width, height = _verify(raw)
        with PillowImage.open(io.BytesIO(raw), formats=list(ACCEPTED_FORMATS)) as picture:
            _decode_fully(picture, format)
            metadata = read_photo_metadata(picture)
            orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
    if orientation in TURNED_ORIENTATIONS:
        width, height = height, width
    return CheckedUpload(
        original_name=original_file_name(upload),
        raw=raw,
        format=format,
        width=width,
        height=height,
        orientation=orientation,
        content_hash=hashlib.sha256(raw).hexdigest(),
        metadata=metadata,
    )


def original_file_name(upload) -> str:
    """The name the file had on the uploader's computer (or at the source), for the desk."""
    name = str(getattr(upload, "name", "") or "")
    # Browsers on Windows once sent whole paths; only the last part names the file.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return remove_control_characters(name).strip()[:ORIGINAL_NAME_LENGTH]


def _read_limited(upload) -> bytes:
    limit = settings.IMAGE_MAX_BYTES
    too_big = ValidationError(
        "The file is bigger than the %(limit)s allowed.",
        code="too_big",
        params={"limit": filesizeformat(limit)},
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise too_big
    if not raw:
        raise ValidationError("The file is empty.", code="empty")
    return raw


def _refuse_markup(raw: bytes) -> None:
    lowered = raw.lower()
    if any(signature in lowered for signature in MARKUP_SIGNATURES) or b"%pdf-" in lowered[:1024]:
        raise ValidationError(
            "The file contains markup or script (SVG, HTML or another document hidden in "
            "it). Only plain JPEG, PNG, WebP or GIF photos are accepted.",
            code="markup",
        )


def _verify(raw: bytes) -> tuple[str, int, int]:
    try:
        with PillowImage.open(io.BytesIO(raw), formats=list(ACCEPTED_FORMATS)) as picture:
            format = ACCEPTED_FORMATS[picture.format or ""]
            width, height = picture.size
            _refuse_too_many_pixels(width, height)
            picture.verify()
    except PillowImage.DecompressionBombError:
        raise _too_many_pixels("a decompression bomb") from None
    except PillowImage.UnidentifiedImageError:
        raise ValidationError(
            "This is not a photo we can use: upload a JPEG, PNG, WebP or GIF image.",
            code="not_an_image",
        ) from None
    except DECODING_ERRORS:
        raise _damaged() from None
    _refuse_trailing_data(raw, format)
    return format, width, height


def _refuse_too_many_pixels(width: int, height: int) -> None:
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(f"{width:,} × {height:,} pixels")


def _too_many_pixels(size: str) -> ValidationError:
    return ValidationError(
        "The picture is too large (%(size)s); the limit is %(limit)s pixels in all.",
        code="too_many_pixels",
        params={"size": size, "limit": f"{settings.IMAGE_MAX_PIXELS:,}"},
    )


def _damaged() -> ValidationError:
    return ValidationError(
        "The file is damaged or incomplete (truncated); export or download it again.",
        code="damaged",
    )


def _decode_fully(picture: PillowImage.Image, format: str) -> None:
    """Decode every byte of the picture; JPEG at 1/8 scale, which reads all the data."""
    try:
        if format == "jpeg":
            picture.draft(picture.mode, (max(1, picture.width // 8), max(1, picture.height // 8)))
        picture.seek(0)
        picture.load()
    except DECODING_ERRORS:
        raise _damaged() from None


def _refuse_trailing_data(raw: bytes, format: str) -> None:
    """A file that goes on after its image ends is hiding something (a polyglot)."""
    if format == "jpeg":
        end = _jpeg_end(raw)
    elif format == "png":
        end = _png_end(raw)
    elif format == "webp":
        end = 8 + struct.unpack("<I", raw[4:8])[0]
    else:
        return
    trailing = raw[end:]
    # Cameras append further JPEGs (MPF previews); padding is harmless.
    if trailing.strip(b"\x00\r\n\t ") and not trailing.startswith(b"\xff\xd8"):
        raise ValidationError(
            "The file carries extra data after the end of the picture; it may hide "
            "another document. Export the photo again.",
            code="trailing_data",
        )


def _jpeg_end(raw: bytes) -> int:
    try:
        return max((end for _marker, _start, end in jpeg_segments(raw)), default=2)
    except DamagedPicture:
        raise _damaged() from None


def _png_end(raw: bytes) -> int:
    position = 8
    while position + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[position : position + 8])
        position += 12 + length
        if kind == b"IEND":
            return position
    raise _damaged()
