import io
import struct

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PillowImage

from articles.images.uploads import create_image_from_upload
from articles.models import Image
from tests.support.factories import UserFactory
from tests.support.photos import (
    photo_bytes,
    png_declaring,
    two_tone,
    upload,
)

pytestmark = pytest.mark.django_db


def open_photo(content: bytes) -> PillowImage.Image:
    return PillowImage.open(io.BytesIO(content))


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def jpeg_with_comment(comment: bytes) -> bytes:
    content = photo_bytes()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return content[:2] + segment + content[2:]


def corrupted(content: bytes) -> bytes:
    return content[:60] + b"\x00" * 40 + content[100:]


def bmp_bytes() -> bytes:
    buffer = io.BytesIO()
    two_tone(20, 20).save(buffer, "BMP")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("format", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")]
)
def test_accepted_formats_are_stored_with_their_facts(format, name):
    content = photo_bytes(120, 80, format=format)
    image = create_image_from_upload(upload=upload(content, name), uploaded_by=UserFactory())
    image.refresh_from_db()
    assert (image.width, image.height) == (120, 80)
    assert image.format == format.lower()
    assert image.file_size == image.file.size
    assert len(image.content_hash) == 64
    with PillowImage.open(image.file.open("rb")) as stored:
        assert stored.format == format


def test_the_format_is_read_from_the_content_not_the_name():
    image = create_image_from_upload(
        upload=upload(photo_bytes(format="PNG"), "photo.jpg"), uploaded_by=None
    )
    assert image.format == "png"
    assert image.file.name.endswith(".png")


def test_an_animated_gif_is_kept_as_its_first_frame():
    frames = [PillowImage.new("RGB", (30, 20), colour) for colour in ("red", "blue", "green")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    image = create_image_from_upload(upload=upload(buffer.getvalue(), "anim.gif"), uploaded_by=None)
    with PillowImage.open(image.file.open("rb")) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


REJECTIONS = {
    "not_an_image": lambda: b"Minutes of the council meeting, not a photo.",
    "other_image_format": lambda: bmp_bytes(),
    "empty": lambda: b"",
    "truncated": lambda: photo_bytes(400, 300)[:1500],
    "corrupt_png": lambda: (
        photo_bytes(format="PNG")[:60] + b"\x00" * 40 + photo_bytes(format="PNG")[100:]
    ),
    "svg": lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>',
    "svg_with_xml_prolog": lambda: b'<?xml version="1.0"?>\n<svg onload="alert(1)"></svg>',
    "script_in_jpeg": lambda: jpeg_with_comment(b"<script>alert(document.cookie)</script>"),
    "html_after_jpeg": lambda: photo_bytes() + b"<html><body>phish</body></html>",
    "zip_after_jpeg": lambda: photo_bytes() + b"PK\x03\x04" + b"\x14\x00" * 20,
    "pdf_polyglot": lambda: jpeg_with_comment(b"%PDF-1.4 1 0 obj"),
    "decompression_bomb": lambda: png_declaring(100_000, 100_000),
}
REJECTION_CODES = {
    "not_an_image": "not_an_image",
    "other_image_format": "not_an_image",
    "empty": "empty",
    "truncated": "damaged",
    "corrupt_png": "damaged",
    "svg": "markup",
    "svg_with_xml_prolog": "markup",
    "script_in_jpeg": "markup",
    "html_after_jpeg": "markup",
    "zip_after_jpeg": "trailing_data",
    "pdf_polyglot": "markup",
    "decompression_bomb": "too_many_pixels",
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_rejected_uploads_leave_nothing_behind(case, settings):
    with pytest.raises(ValidationError) as rejection:
        create_image_from_upload(upload=upload(REJECTIONS[case](), "photo.jpg"), uploaded_by=None)
    assert rejection.value.code == REJECTION_CODES[case]
    assert rejection.value.messages[0]
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_too_many_pixels_is_refused_with_the_limit(settings):
    settings.IMAGE_MAX_PIXELS = 5000
    with pytest.raises(ValidationError) as rejection:
        create_image_from_upload(upload=upload(photo_bytes(120, 80)), uploaded_by=None)
    assert rejection.value.code == "too_many_pixels"
    assert "120 × 80 pixels" in rejection.value.messages[0]
    assert "the limit is 5,000 pixels" in rejection.value.messages[0]
    assert stored_files(settings) == []


def test_too_many_bytes_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 500
    with pytest.raises(ValidationError) as rejection:
        create_image_from_upload(upload=upload(photo_bytes(200, 200)), uploaded_by=None)
    assert rejection.value.code == "too_big"
    assert "500" in rejection.value.messages[0]
    assert not Image.objects.exists()
