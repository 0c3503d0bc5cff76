"""What a photo says about itself: caption, credit, source and rights from IPTC and XMP.

Wire and agency photos carry these inside the file; reading them saves the desk retyping.
XMP is preferred over IPTC IIM (it is the newer, Unicode-native copy), IIM over EXIF.
Nothing here overwrites what an editor typed: ``prefill`` only fills empty values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from PIL import ExifTags, IptcImagePlugin
from PIL import Image as PillowImage

from articles.dates import PHOTO_TAKEN, DateOutOfRange

logger = logging.getLogger(__name__)

UTF8_DECLARATION = b"\x1b%G"
IIM_CHARACTER_SET = (1, 90)
IIM_OBJECT_NAME = (2, 5)
IIM_KEYWORDS = (2, 25)
IIM_DATE_CREATED = (2, 55)
IIM_TIME_CREATED = (2, 60)
IIM_BYLINE = (2, 80)
IIM_HEADLINE = (2, 105)
IIM_CREDIT = (2, 110)
IIM_SOURCE = (2, 115)
IIM_COPYRIGHT = (2, 116)
IIM_CAPTION = (2, 120)


@dataclass(frozen=True)
class PhotoMetadata:
    """The editorial metadata found in a photo file, in the Image model's own terms."""

    IMAGE_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "caption",
        "credit",
        "agency",
        "copyright_notice",
        "alt_text",
        "taken_at",
    )

    title: str = ""
    caption: str = ""
    credit: str = ""
    agency: str = ""
    copyright_notice: str = ""
    alt_text: str = ""
    taken_at: datetime | None = None
    keywords: tuple[str, ...] = field(default=())


def read_photo_metadata(picture: PillowImage.Image) -> PhotoMetadata:
    """Read XMP, IPTC IIM and EXIF from an opened picture; unreadable parts are skipped."""
    xmp = _read_xmp(picture)
    iim = _read_iim(picture)
    exif_taken_at = _exif_taken_at(picture)
    found: dict[str, Any] = {
        name: xmp.get(name) or iim.get(name) or "" for name in PhotoMetadata.IMAGE_FIELDS
    }
    found["taken_at"] = found["taken_at"] or exif_taken_at or None
    found["keywords"] = tuple(xmp.get("keywords") or iim.get("keywords") or ())
    return PhotoMetadata(**found)


def prefill(values: dict[str, Any], metadata: PhotoMetadata) -> list[str]:
    """Fill the empty entries of ``values`` from ``metadata``; return the names filled."""
    filled = []
    for name in PhotoMetadata.IMAGE_FIELDS:
        found = getattr(metadata, name)
        if found and not values.get(name):
            values[name] = _fit(name, found)
            filled.append(name)
    return filled


def _fit(name: str, value: Any) -> Any:
    from articles.models import Image

    max_length = getattr(Image._meta.get_field(name), "max_length", None)
    if isinstance(value, str) and max_length:
        return value[:max_length]
    return value


def _read_iim(picture: PillowImage.Image) -> dict[str, Any]:
    try:
        records = IptcImagePlugin.getiptcinfo(picture) or {}  # type: ignore[arg-type]
    except (OSError, SyntaxError, ValueError, TypeError):
        logger.info("Unreadable IPTC block in an uploaded photo", exc_info=True)
        return {}
    encoding = "utf-8" if _first(records.get(IIM_CHARACTER_SET)) == UTF8_DECLARATION else "latin-1"

    def texts(key: tuple[int, int]) -> list[str]:
        values = records.get(key) or []
        values = values if isinstance(values, list) else [values]
        decoded = (value.decode(encoding, errors="replace").strip() for value in values)
        return [text for text in decoded if text]

    def text(key: tuple[int, int]) -> str:
        return next(iter(texts(key)), "")

    return {
        "title": text(IIM_HEADLINE) or text(IIM_OBJECT_NAME),
        "caption": text(IIM_CAPTION),
        "credit": _credit(", ".join(texts(IIM_BYLINE)), text(IIM_CREDIT)),
        "agency": text(IIM_SOURCE),
        "copyright_notice": text(IIM_COPYRIGHT),
        "keywords": texts(IIM_KEYWORDS),
        "taken_at": _iim_taken_at(text(IIM_DATE_CREATED), text(IIM_TIME_CREATED)),
    }


def _read_xmp(picture: PillowImage.Image) -> dict[str, Any]:
    try:
        packet = picture.getxmp()
    except Exception:  # noqa: BLE001 - a malformed packet must not stop the upload
        logger.info("Unreadable XMP packet in an uploaded photo", exc_info=True)
        return {}
    descriptions = (packet.get("xmpmeta") or {}).get("RDF", {}).get("Description", [])
    properties: dict[str, Any] = {}
    for description in descriptions if isinstance(descriptions, list) else [descriptions]:
        if isinstance(description, dict):
            properties.update({k: v for k, v in description.items() if k not in properties})

    def text(name: str) -> str:
        return next(iter(_xmp_texts(properties.get(name))), "")

    return {
        "title": text("Headline") or text("title"),
        "caption": text("description"),
        "credit": _credit(", ".join(_xmp_texts(properties.get("creator"))), text("Credit")),
        "agency": text("Source"),
        "copyright_notice": text("rights"),
        "alt_text": text("AltTextAccessibility"),
        "keywords": _xmp_texts(properties.get("subject")),
        "taken_at": _taken_at(parse_datetime(text("DateCreated")) if text("DateCreated") else None),
    }


def _xmp_texts(value: Any) -> list[str]:
    """Texts of an XMP value: a plain string, an rdf:Alt (x-default first), Seq or Bag."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [text for item in value for text in _xmp_texts(item)]
    if isinstance(value, dict):
        for container in ("Alt", "Seq", "Bag"):
            if container in value:
                items = (value[container] or {}).get("li", [])
                items = items if isinstance(items, list) else [items]
                if container == "Alt":
                    items.sort(key=lambda item: not _is_default_language(item))
                return _xmp_texts(items)
        if "text" in value:
            return _xmp_texts(value["text"])
    return []


def _is_default_language(item: Any) -> bool:
    return isinstance(item, dict) and item.get("lang") == "x-default"


def _credit(byline: str, credit: str) -> str:
    """The credit as newsrooms print it: agency first, then the photographer."""
    if byline and credit and byline.lower() not in credit.lower():
        return f"{credit}/{byline}"
    return credit or byline


def _iim_taken_at(date: str, time: str) -> datetime | None:
    if len(date) != 8 or not (date.isascii() and date.isdigit()):
        return None
    iso = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if len(time) >= 6 and time[:6].isascii() and time[:6].isdigit():
        iso += f"T{time[:2]}:{time[2:4]}:{time[4:6]}{time[6:]}"
    try:
        parsed = parse_datetime(iso) or datetime.fromisoformat(iso)
    except ValueError:
        return None
    return _taken_at(parsed)


def _exif_taken_at(picture: PillowImage.Image) -> datetime | None:
    try:
        exif = picture.getexif().get_ifd(ExifTags.IFD.Exif)
    except Exception:  # noqa: BLE001 - broken EXIF only loses the date
        return None
    value = exif.get(ExifTags.Base.DateTimeOriginal)
    if not isinstance(value, str):
        return None
    try:
        return _taken_at(datetime.strptime(value.strip("\x00 "), "%Y:%m:%d %H:%M:%S"))
    except ValueError:
        return None


def _taken_at(moment: datetime | None) -> datetime | None:
    """The moment in the site's time zone if it names none; a date outside the rules (a
    camera clock at year 1, an offset past the calendar's end) is left for a person to fill."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        PHOTO_TAKEN.check_moment(moment)
    except DateOutOfRange:
        return None
    return moment


def _first(value: bytes | list[bytes] | None) -> bytes | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value
