import io
from datetime import UTC, datetime

import pytest
from PIL import Image as PillowImage

from articles.images.metadata import read_photo_metadata
from articles.images.uploads import create_image_from_upload
from tests.support.photos import (
    UTF8,
    bag,
    iim_records,
    lang_alt,
    photo_bytes,
    seq,
    upload,
    xmp_packet,
)

pytestmark = pytest.mark.django_db

CAPTION = "Zürich, Ünterführung — 5 °C"


def wire_iim(encoding: str = "utf-8") -> bytes:
    records = {
        (2, 5): "harbour-dredging",
        (2, 25): ["harbour", "Zürich"],
        (2, 55): "20240506",
        (2, 60): "071530+0200",
        (2, 80): "Sam Reyes",
        (2, 105): "Dredging starts",
        (2, 110): "Port Authority",
        (2, 115): "Continental Wire Service",
        (2, 116): "© 2024 Port Authority",
        (2, 120): CAPTION if encoding == "utf-8" else "Zürich harbour at 5 °C",
    }
    if encoding == "utf-8":
        records = {(1, 90): UTF8, **records}
    return iim_records(records, encoding=encoding)


def metadata_of(content: bytes):
    with PillowImage.open(io.BytesIO(content)) as picture:
        return read_photo_metadata(picture)


def test_iim_fields_are_read_in_utf8_when_1_90_says_so():
    found = metadata_of(photo_bytes(iim=wire_iim()))
    assert found.caption == CAPTION
    assert found.credit == "Port Authority/Sam Reyes"
    assert found.agency == "Continental Wire Service"
    assert found.copyright_notice == "© 2024 Port Authority"
    assert found.title == "Dredging starts"
    assert found.keywords == ("harbour", "Zürich")
    assert found.taken_at == datetime(2024, 5, 6, 5, 15, 30, tzinfo=UTC)


def test_iim_without_a_character_set_is_latin1():
    found = metadata_of(photo_bytes(iim=wire_iim(encoding="latin-1")))
    assert found.caption == "Zürich harbour at 5 °C"
    assert found.keywords == ("harbour", "Zürich")


def test_iim_title_falls_back_to_the_object_name_and_credit_to_the_byline():
    found = metadata_of(photo_bytes(iim=iim_records({(2, 5): "Object name", (2, 80): "Jo Doe"})))
    assert found.title == "Object name"
    assert found.credit == "Jo Doe"


def test_xmp_fields_are_read():
    packet = xmp_packet(**{
        "dc:description": lang_alt(CAPTION),
        "dc:creator": seq("Sam Reyes"),
        "photoshop:Credit": "Port Authority",
        "photoshop:Source": "Continental Wire Service",
        "dc:rights": lang_alt("© 2024 Port Authority"),
        "photoshop:Headline": "Dredging starts",
        "dc:subject": bag("harbour", "Ünterführung"),
        "Iptc4xmpCore:AltTextAccessibility": lang_alt("A dredger in a grey harbour"),
        "photoshop:DateCreated": "2024-05-06T07:15:30+02:00",
    })  # fmt: skip
    found = metadata_of(photo_bytes(xmp=packet))
    assert found.caption == CAPTION
    assert found.credit == "Port Authority/Sam Reyes"
    assert found.agency == "Continental Wire Service"
    assert found.copyright_notice == "© 2024 Port Authority"
    assert found.title == "Dredging starts"
    assert found.alt_text == "A dredger in a grey harbour"
    assert found.keywords == ("harbour", "Ünterführung")
    assert found.taken_at == datetime(2024, 5, 6, 5, 15, 30, tzinfo=UTC)


def test_xmp_is_preferred_over_iim_and_iim_fills_the_gaps():
    packet = xmp_packet(**{"dc:description": lang_alt("Caption from XMP")})
    found = metadata_of(photo_bytes(iim=wire_iim(), xmp=packet))
    assert found.caption == "Caption from XMP"
    assert found.agency == "Continental Wire Service"


def test_a_broken_xmp_packet_does_not_stop_the_upload():
    content = photo_bytes(iim=wire_iim(), xmp=b"<x:xmpmeta><unclosed>")
    image = create_image_from_upload(upload=upload(content), uploaded_by=None)
    assert image.caption == CAPTION


def test_upload_prefills_empty_fields_and_tags():
    image = create_image_from_upload(upload=upload(photo_bytes(iim=wire_iim())), uploaded_by=None)
    image.refresh_from_db()
    assert image.caption == CAPTION
    assert image.credit == "Port Authority/Sam Reyes"
    assert image.agency == "Continental Wire Service"
    assert image.copyright_notice == "© 2024 Port Authority"
    assert image.title == "Dredging starts"
    assert set(image.tags.names()) == {"harbour", "Zürich"}
    assert image.taken_at == datetime(2024, 5, 6, 5, 15, 30, tzinfo=UTC)


def test_what_the_editor_typed_wins_over_the_file():
    image = create_image_from_upload(
        upload=upload(photo_bytes(iim=wire_iim())),
        uploaded_by=None,
        caption="The editor's own caption",
        credit="Staff photographer",
        tags=["typed"],
    )
    image.refresh_from_db()
    assert image.caption == "The editor's own caption"
    assert image.credit == "Staff photographer"
    assert image.agency == "Continental Wire Service"
    assert list(image.tags.names()) == ["typed"]


def test_photo_without_metadata_prefills_nothing():
    image = create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None)
    assert (image.caption, image.credit, image.agency, image.taken_at) == ("", "", "", None)
