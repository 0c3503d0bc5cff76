"""The stored original carries no metadata: no location, no comments, the same pixels."""

import io
import struct

import pytest
from PIL import ExifTags, ImageCms, PngImagePlugin
from PIL import Image as PillowImage

from articles.images.stripping import DamagedPicture, jpeg_segments, strip_metadata
from articles.images.uploads import create_image_from_upload
from tests.support.photos import gps_exif, iim_records, photo_bytes, two_tone, upload, xmp_packet

pytestmark = pytest.mark.django_db


def png_chunks(content: bytes) -> list[bytes]:
    kinds, position = [], 8
    while position < len(content):
        length, kind = struct.unpack(">I4s", content[position : position + 8])
        kinds.append(kind)
        position += 12 + length
    return kinds


def test_stored_original_has_no_location_or_other_metadata_but_the_same_pixels():
    content = photo_bytes(
        exif=gps_exif(),
        iim=iim_records({(2, 90): "Zürich", (2, 120): "Caption"}),
        xmp=xmp_packet(**{"photoshop:City": "Zürich"}),
    )
    image = create_image_from_upload(upload=upload(content), uploaded_by=None)
    stored = image.file.open("rb").read()
    assert b"Exif" not in stored and b"8BIM" not in stored and b"xmpmeta" not in stored
    assert "Zürich".encode() not in stored
    with (
        PillowImage.open(io.BytesIO(stored)) as clean,
        PillowImage.open(io.BytesIO(content)) as raw,
    ):
        assert not clean.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert clean.tobytes() == raw.tobytes()
    assert image.caption == "Caption"


def test_a_turned_photo_is_stored_upright():
    content = photo_bytes(120, 80, exif=gps_exif(orientation=6))
    image = create_image_from_upload(upload=upload(content), uploaded_by=None)
    assert (image.width, image.height) == (80, 120)
    with PillowImage.open(image.file.open("rb")) as stored:
        assert stored.size == (80, 120)
        assert stored.getexif().get(ExifTags.Base.Orientation) is None
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        top, bottom = stored.getpixel((40, 5)), stored.getpixel((40, 115))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_webp_location_metadata_is_dropped_without_reencoding():
    content = photo_bytes(
        format="WEBP", exif=gps_exif(), xmp=xmp_packet(**{"photoshop:City": "Bern"})
    )
    image = create_image_from_upload(upload=upload(content, "a.webp"), uploaded_by=None)
    stored = image.file.open("rb").read()
    assert b"EXIF" not in stored and b"XMP " not in stored and b"Bern" not in stored
    with (
        PillowImage.open(io.BytesIO(stored)) as clean,
        PillowImage.open(io.BytesIO(content)) as raw,
    ):
        assert clean.tobytes() == raw.tobytes()


def test_a_jpeg_keeps_its_colour_profile_and_loses_its_comment_byte_for_byte():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    two_tone(40, 30).save(buffer, "JPEG", icc_profile=profile, comment=b"Shot at 47N 8E")
    content = buffer.getvalue()

    stripped = strip_metadata(content, format="jpeg")

    assert b"47N 8E" not in stripped
    with PillowImage.open(io.BytesIO(stripped)) as clean:
        assert clean.info["icc_profile"] == profile
        assert "comment" not in clean.info
    # The comment's segment is all that is gone: the image data is not re-encoded.
    comment = b"\xff\xfe" + struct.pack(">H", len(b"Shot at 47N 8E") + 2) + b"Shot at 47N 8E"
    assert comment in content
    assert stripped == content.replace(comment, b"")


def test_a_png_loses_its_text_and_exif_chunks_and_keeps_its_pixels():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Harbour wall, 47.36N 8.54E")
    info.add_itxt("Description", "صورة الميناء عند الفجر")
    picture = two_tone(40, 30).convert("RGBA")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", pnginfo=info, exif=gps_exif())
    content = buffer.getvalue()
    assert {b"tEXt", b"iTXt", b"eXIf"} <= set(png_chunks(content))

    stripped = strip_metadata(content, format="png")

    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf"}.isdisjoint(png_chunks(stripped))
    with PillowImage.open(io.BytesIO(stripped)) as clean:
        assert clean.tobytes() == picture.tobytes()


def test_a_gif_loses_its_comment():
    buffer = io.BytesIO()
    two_tone(20, 20).convert("P").save(buffer, "GIF", comment=b"Taken at 47.36N 8.54E")
    stripped = strip_metadata(buffer.getvalue(), format="gif")
    assert b"47.36N" not in stripped
    with PillowImage.open(io.BytesIO(stripped)) as clean:
        assert clean.size == (20, 20)


def test_walking_a_cut_jpeg_says_it_is_damaged():
    content = photo_bytes()
    assert list(jpeg_segments(content))[-1][0] == 0xD9
    for cut in (content[:3], content[:-2], content[:200]):
        with pytest.raises(DamagedPicture):
            list(jpeg_segments(cut))
