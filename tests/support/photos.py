"""Photos the tests write themselves: JPEGs with real IPTC IIM, XMP and EXIF (GPS) blocks."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PillowImage

UTF8 = b"\x1b%G"
XMP_NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
)


def iim_records(
    records: dict[tuple[int, int], str | bytes | list], encoding: str = "utf-8"
) -> bytes:
    """IPTC IIM datasets: 0x1C, record, dataset, 16-bit length, value (repeated for lists)."""
    block = b""
    for (record, dataset), values in records.items():
        for value in values if isinstance(values, list) else [values]:
            data = value if isinstance(value, bytes) else value.encode(encoding)
            block += struct.pack(">BBBH", 0x1C, record, dataset, len(data)) + data
    return block


def photoshop_app13(iim: bytes) -> bytes:
    """An APP13 segment: 'Photoshop 3.0', one 8BIM resource 0x0404 holding the IIM block."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    resource += iim + (b"\x00" if len(iim) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(**properties: str) -> bytes:
    """An XMP packet; values are the XML inside each property (use helpers below)."""
    body = "".join(f"<{name}>{value}</{name}>" for name, value in properties.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {XMP_NAMESPACES}>{body}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def lang_alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt>'


def seq(*items: str) -> str:
    return "<rdf:Seq>" + "".join(f"<rdf:li>{item}</rdf:li>" for item in items) + "</rdf:Seq>"


def bag(*items: str) -> str:
    return "<rdf:Bag>" + "".join(f"<rdf:li>{item}</rdf:li>" for item in items) + "</rdf:Bag>"


def gps_exif(orientation: int = 1) -> PillowImage.Exif:
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "TestCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (47.0, 22.0, 11.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (8.0, 32.0, 29.0)
    return exif


def two_tone(width: int, height: int) -> PillowImage.Image:
    """Red on the left half, blue on the right: shows which way a photo was turned."""
    picture = PillowImage.new("RGB", (width, height), (220, 20, 20))
    picture.paste((20, 20, 220), (width // 2, 0, width, height))
    return picture


def photo_bytes(
    width: int = 120,
    height: int = 80,
    *,
    format: str = "JPEG",
    iim: bytes | None = None,
    xmp: bytes | None = None,
    exif: PillowImage.Exif | None = None,
    picture: PillowImage.Image | None = None,
) -> bytes:
    picture = picture or two_tone(width, height)
    buffer = io.BytesIO()
    options = {}
    if xmp:
        options["xmp"] = xmp
    if exif is not None:
        options["exif"] = exif
    if format == "PNG" and picture.mode == "RGB":
        picture = picture.convert("RGBA")
    picture.save(buffer, format, **options)
    content = buffer.getvalue()
    if iim is not None:
        content = content[:2] + photoshop_app13(iim) + content[2:]
    return content


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def png_declaring(width: int, height: int) -> bytes:
    """A well-formed PNG header that declares the given size, with almost no pixel data:
    the shape of a decompression bomb."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
