"""Malformed and hostile files through the admin's image upload form: a clear error, never a 500."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from tests.support.factories import jpeg_bytes
from tests.support.photos import png_declaring

pytestmark = pytest.mark.django_db


def jpeg_declaring(width: int, height: int) -> bytes:
    """A real JPEG whose frame header (SOF0) is rewritten to declare another size."""
    data = bytearray(jpeg_bytes(16, 16))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", jpeg_bytes())
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
GIF_HTML_POLYGLOT = b"GIF89a/*<html><body><script>alert(document.cookie)</script></body></html>*/"

MALFORMED_UPLOADS = {
    "truncated-jpeg": ("photo.jpg", "image/jpeg", jpeg_bytes(640, 480)[:600]),
    "wrong-magic": ("photo.jpg", "image/jpeg", b"\x00\x01\x02\x03 not a picture at all" * 20),
    "png-named-jpeg-but-garbage": ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "zip-archive": ("photo.jpg", "image/jpeg", zip_archive()),
    "zip-named-zip": ("photos.zip", "application/zip", zip_archive()),
    "html-named-jpeg": ("photo.jpg", "image/jpeg", b"<!doctype html><script>alert(1)</script>"),
    "svg-with-script": ("photo.svg", "image/svg+xml", SVG_WITH_SCRIPT),
    "gif-html-polyglot": ("photo.gif", "image/gif", GIF_HTML_POLYGLOT),
    "empty-file": ("photo.jpg", "image/jpeg", b""),
    "png-declaring-100000x100000": ("huge.png", "image/png", png_declaring(100_000, 100_000)),
    "png-declaring-12000x12000": ("big.png", "image/png", png_declaring(12_000, 12_000)),
    "jpeg-declaring-65000x65000": ("huge.jpg", "image/jpeg", jpeg_declaring(65_000, 65_000)),
}


def upload(client, name: str, content_type: str, content: bytes):
    return client.post(
        "/admin/articles/image/add/",
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "title": "Fuzzed upload",
            "caption": "A caption",
            "credit": "A credit",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )


@pytest.mark.parametrize("case", MALFORMED_UPLOADS)
def test_malformed_upload_gets_a_clear_form_error_and_no_500(client, editor, case):
    editor.save()  # the factory's password is not saved; the session checks it
    client.force_login(editor)
    client.raise_request_exception = False
    name, content_type, content = MALFORMED_UPLOADS[case]

    response = upload(client, name, content_type, content)

    assert response.status_code == 200, f"{case}: answered {response.status_code}"
    errors = response.context["adminform"].form.errors
    assert "file" in errors, f"{case}: accepted, errors were {errors.as_data()}"
    assert 'class="errorlist' in response.content.decode()
    assert not Image.objects.filter(title="Fuzzed upload").exists()


def test_a_good_photo_is_still_accepted(client, editor):
    editor.save()
    client.force_login(editor)
    response = upload(client, "photo.jpg", "image/jpeg", jpeg_bytes(800, 600))
    assert response.status_code == 302
    image = Image.objects.get(title="Fuzzed upload")
    assert (image.width, image.height) == (800, 600)
