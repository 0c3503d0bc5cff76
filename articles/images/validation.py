"""Checks every uploaded photo passes before it is stored, and the one way to store it.

A photo is decoded with Pillow (never trusted by its name), refused when it is not a
JPEG, PNG, WebP or GIF, when it is damaged, too big in bytes or pixels, or carries
markup. What is stored is the photo without its location: EXIF (GPS), XMP and IPTC
blocks are dropped from the file, since originals live under MEDIA_URL, which is public.
The caption, credit and other metadata are read first and kept in the database.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import get_valid_filename
from PIL import ExifTags, ImageOps
from PIL import Image as PillowImage

from articles.images.metadata import PhotoMetadata, prefill, read_photo_metadata
from articles.models import Image

ACCEPTED_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}

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

# JPEG segments worth keeping in a stored original: JFIF (APP0), the colour profile
# (APP2 ICC_PROFILE), Adobe colour transform (APP14) and everything needed to decode.
JPEG_APP0, JPEG_APP2, JPEG_APP14 = 0xE0, 0xE2, 0xEE
WEBP_KEPT_CHUNKS = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04


class DuplicateImage(ValidationError):
    """The same file is already in the library; ``existing`` is that image."""

    def __init__(self, existing: Image):
        self.existing = existing
        super().__init__(
            format_html(
                'This photo is already in the library: <a href="{}">{}</a>. Use that one.',
                reverse("admin:articles_image_change", args=[existing.pk]),
                existing,
            ),
            code="duplicate",
        )


@dataclass(frozen=True)
class CheckedUpload:
    """A photo that passed every check: the bytes to store and what is known about it."""

    name: str
    content: bytes
    format: str
    width: int
    height: int
    content_hash: str
    metadata: PhotoMetadata

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)


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
        content = _without_location(raw, format, orientation)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    stem = PurePath(getattr(upload, "name", "") or "photo").stem
    name = f"{get_valid_filename(stem)[:80] or 'photo'}.{EXTENSIONS[format]}"
    return CheckedUpload(
        name=name,
        content=content,
        format=format,
        width=width,
        height=height,
        content_hash=hashlib.sha256(raw).hexdigest(),
        metadata=metadata,
    )


def find_duplicate(content_hash: str) -> Image | None:
    return Image.objects.filter(content_hash=content_hash).first()


def fill_image_from_upload(image: Image, checked: CheckedUpload) -> list[str]:
    """Give ``image`` the checked file and its facts; fill empty fields from the photo.

    Returns the names of the fields that were filled from the photo's metadata.
    """
    image.file = checked.as_file()
    image.width, image.height = checked.width, checked.height
    image.file_size = len(checked.content)
    image.format = checked.format
    image.content_hash = checked.content_hash
    values = {field: getattr(image, field) for field in PhotoMetadata.IMAGE_FIELDS}
    filled = prefill(values, checked.metadata)
    for field in filled:
        setattr(image, field, values[field])
    return filled


def create_image_from_upload(upload, *, uploaded_by, **fields) -> Image:
    """Check an upload and store it as a new library image, or store nothing at all.

    Fields given (caption, credit...) win over the photo's own metadata; keywords become
    tags unless ``tags`` is given. Raises ValidationError (DuplicateImage for a known file).
    """
    tags = fields.pop("tags", None)
    checked = check_upload(upload)
    existing = find_duplicate(checked.content_hash)
    if existing:
        raise DuplicateImage(existing)
    image = Image(uploaded_by=uploaded_by, **fields)
    fill_image_from_upload(image, checked)
    try:
        with transaction.atomic():
            image.save()
            image.tags.set(list(tags) if tags else list(checked.metadata.keywords))
    except Exception as error:
        if image.file.name and image.file.storage.exists(image.file.name):
            image.file.storage.delete(image.file.name)
        if isinstance(error, IntegrityError) and find_duplicate(checked.content_hash):
            raise DuplicateImage(find_duplicate(checked.content_hash)) from error
        raise
    return image


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
            format = ACCEPTED_FORMATS[picture.format]
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


def _jpeg_segments(raw: bytes):
    """Yield (marker, start, end) for each segment of the first image, up to EOI."""
    position = 2
    while position < len(raw):
        if raw[position] != 0xFF:
            raise _damaged()
        marker = raw[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == 0xD9:
            yield marker, position, position + 2
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            yield marker, position, position + 2
            position += 2
            continue
        (length,) = struct.unpack(">H", raw[position + 2 : position + 4])
        end = position + 2 + length
        if marker == 0xDA:
            end = _end_of_scan(raw, end)
        yield marker, position, end
        position = end
    raise _damaged()


def _end_of_scan(raw: bytes, position: int) -> int:
    while True:
        position = raw.find(b"\xff", position)
        if position < 0 or position + 1 >= len(raw):
            raise _damaged()
        following = raw[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _jpeg_end(raw: bytes) -> int:
    return max((end for _marker, _start, end in _jpeg_segments(raw)), default=2)


def _png_end(raw: bytes) -> int:
    position = 8
    while position + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[position : position + 8])
        position += 12 + length
        if kind == b"IEND":
            return position
    raise _damaged()


def _without_location(raw: bytes, format: str, orientation: int) -> bytes:
    """The file as stored: no EXIF, XMP or IPTC (so no GPS), upright, same pixels."""
    if format == "jpeg" and orientation == 1:
        return _jpeg_without_metadata(raw)
    if format == "webp" and orientation == 1:
        return _webp_without_metadata(raw)
    with PillowImage.open(io.BytesIO(raw), formats=list(ACCEPTED_FORMATS)) as picture:
        picture.seek(0)
        upright = ImageOps.exif_transpose(picture)
        kept = {
            key: picture.info[key] for key in ("icc_profile", "transparency") if key in picture.info
        }
        upright.info = kept
        buffer = io.BytesIO()
        if format == "jpeg":
            # A turned JPEG cannot be turned without decoding; re-encode at high quality.
            upright.save(
                buffer, "JPEG", quality=95, icc_profile=kept.get("icc_profile"), optimize=True
            )
        elif format == "webp":
            upright.save(buffer, "WEBP", quality=95, icc_profile=kept.get("icc_profile", ""))
        else:
            upright.save(buffer, format.upper(), **kept)
        return buffer.getvalue()


def _jpeg_without_metadata(raw: bytes) -> bytes:
    kept = [b"\xff\xd8"]
    for marker, start, end in _jpeg_segments(raw):
        segment = raw[start:end]
        if marker == JPEG_APP0 and segment[4:9] != b"JFIF\x00":
            continue
        if marker == JPEG_APP2 and segment[4:16] != b"ICC_PROFILE\x00":
            continue
        if 0xE1 <= marker <= 0xEF and marker not in (JPEG_APP2, JPEG_APP14):
            continue
        if marker == 0xFE:
            continue
        kept.append(segment)
    return b"".join(kept)


def _webp_without_metadata(raw: bytes) -> bytes:
    chunks = []
    position = 12
    end = min(len(raw), 8 + struct.unpack("<I", raw[4:8])[0])
    while position + 8 <= end:
        kind, length = struct.unpack("<4sI", raw[position : position + 8])
        chunk_end = position + 8 + length + (length & 1)
        chunk = raw[position:chunk_end]
        if kind == b"VP8X":
            flags = chunk[8] & ~WEBP_EXIF_AND_XMP_FLAGS
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind in WEBP_KEPT_CHUNKS:
            chunks.append(chunk)
        position = chunk_end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
