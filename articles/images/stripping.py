"""A photo without what it says about itself: the bytes that are stored as the original.

Originals live under MEDIA_URL, which is public, so the stored file carries no EXIF (and so
no GPS location), XMP, IPTC or comments. JPEG segments and WebP chunks are dropped without
re-encoding (the colour profile is kept); PNG and GIF are re-saved, which is lossless; a
photo turned by its EXIF orientation is re-encoded upright. The metadata worth keeping is
read before this, into the database (``articles.images.metadata``).
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator

from PIL import Image as PillowImage
from PIL import ImageOps

# JPEG segments worth keeping in a stored original: JFIF (APP0), the colour profile
# (APP2 ICC_PROFILE), Adobe colour transform (APP14) and everything needed to decode.
JPEG_APP0, JPEG_APP2, JPEG_APP14 = 0xE0, 0xE2, 0xEE
JPEG_COMMENT, JPEG_END_OF_IMAGE, JPEG_START_OF_SCAN = 0xFE, 0xD9, 0xDA
WEBP_KEPT_CHUNKS = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04
# EXIF orientations that swap width and height.
TURNED_ORIENTATIONS = (5, 6, 7, 8)
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


class DamagedPicture(ValueError):
    """The picture's container ends early or is malformed where it is walked."""


def strip_metadata(raw: bytes, *, format: str, orientation: int = 1) -> bytes:
    """The photo as stored: no EXIF, XMP or IPTC (so no GPS), upright, same pixels.

    ``raw`` is a photo that passed the upload checks; ``format`` is its lower-case format
    (jpeg, png, webp, gif) and ``orientation`` its EXIF orientation.
    """
    if format == "jpeg" and orientation == 1:
        return jpeg_without_metadata(raw)
    if format == "webp" and orientation == 1:
        return webp_without_metadata(raw)
    with warnings.catch_warnings():
        # The upload checks applied the newsroom's own pixel limit before this.
        warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
        return _resaved_upright(raw, format)


def jpeg_without_metadata(raw: bytes) -> bytes:
    """The JPEG's own segments, less every APPn but JFIF, ICC and Adobe, and comments."""
    kept = [b"\xff\xd8"]
    for marker, start, end in jpeg_segments(raw):
        segment = raw[start:end]
        if marker == JPEG_APP0 and segment[4:9] != b"JFIF\x00":
            continue
        if marker == JPEG_APP2 and segment[4:16] != b"ICC_PROFILE\x00":
            continue
        if 0xE1 <= marker <= 0xEF and marker not in (JPEG_APP2, JPEG_APP14):
            continue
        if marker == JPEG_COMMENT:
            continue
        kept.append(segment)
    return b"".join(kept)


def webp_without_metadata(raw: bytes) -> bytes:
    """The WebP's image chunks, less EXIF and XMP, with the VP8X flags saying so."""
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


def jpeg_segments(raw: bytes) -> Iterator[tuple[int, int, int]]:
    """Yield (marker, start, end) for each segment of the first image, up to EOI.

    Raises DamagedPicture when the data ends or breaks off before the end of the image.
    """
    position = 2
    while position < len(raw):
        if raw[position] != 0xFF or position + 1 >= len(raw):
            raise DamagedPicture("a JPEG segment does not start with a marker")
        marker = raw[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == JPEG_END_OF_IMAGE:
            yield marker, position, position + 2
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            yield marker, position, position + 2
            position += 2
            continue
        if position + 4 > len(raw):
            raise DamagedPicture("a JPEG segment is cut short")
        (length,) = struct.unpack(">H", raw[position + 2 : position + 4])
        end = position + 2 + length
        if marker == JPEG_START_OF_SCAN:
            end = _end_of_scan(raw, end)
        yield marker, position, end
        position = end
    raise DamagedPicture("the JPEG ends before its end-of-image marker")


def _end_of_scan(raw: bytes, position: int) -> int:
    while True:
        position = raw.find(b"\xff", position)
        if position < 0 or position + 1 >= len(raw):
            raise DamagedPicture("the JPEG's image data is cut short")
        following = raw[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _resaved_upright(raw: bytes, format: str) -> bytes:
    with PillowImage.open(io.BytesIO(raw), formats=list(PILLOW_FORMATS.values())) as picture:
        picture.seek(0)
        upright = ImageOps.exif_transpose(picture)
        kept = {
            key: picture.info[key] for key in ("icc_profile", "transparency") if key in picture.info
        }
        upright.info = kept  # type: ignore[assignment]  # Pillow's keys are str or (x, y)
        buffer = io.BytesIO()
        if format == "jpeg":
            # A turned JPEG cannot be turned without decoding; re-encode at high quality.
            upright.save(
                buffer, "JPEG", quality=95, icc_profile=kept.get("icc_profile"), optimize=True
            )
        elif format == "webp":
            upright.save(buffer, "WEBP", quality=95, icc_profile=kept.get("icc_profile", ""))
        else:
            upright.save(buffer, PILLOW_FORMATS[format], **kept)
        return buffer.getvalue()
