"""Partners' photos are checked, stripped, read and credited like uploads."""

import pytest
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.ingest.service import (
    Outcome,
    ingest_document,
)
from articles.models import Image, Story
from tests.ingest.documents import outcomes, rss, rss_item
from tests.support.factories import jpeg_bytes
from tests.support.photos import gps_exif, iim_records, photo_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


def test_picture_problems_keep_the_story_and_flag_it(source, settings, local_server, closed_port):
    settings.INGEST_MAX_IMAGE_BYTES = 50_000
    (local_server.root / "huge.jpg").write_bytes(jpeg_bytes(2000, 2000) + b"\0" * 60_000)
    (local_server.root / "fake.jpg").write_text("<html>not a picture</html>")
    (local_server.root / "words.jpg").write_text("just some words")
    (local_server.root / "cut.jpg").write_bytes(jpeg_bytes(200, 200)[:400])
    cases = {
        "huge": (f"{local_server.url}/huge.jpg", "over the limit"),
        "fake": (f"{local_server.url}/fake.jpg", "contains markup or script"),
        "words": (f"{local_server.url}/words.jpg", "not a photo we can use"),
        "cut": (f"{local_server.url}/cut.jpg", "damaged or incomplete"),
        "missing": (f"{local_server.url}/missing.jpg", "404"),
        "local-file": ("file:///etc/passwd", "not an http or https address"),
        "closed": (f"http://127.0.0.1:{closed_port}/a.jpg", "could not be reached"),
    }
    report = ingest_document(
        rss(*(rss_item(guid=guid, picture=url) for guid, (url, _) in cases.items())), source
    )
    assert outcomes(report) == [Outcome.CREATED] * len(cases)
    for item, (guid, (_, reason)) in zip(report.items, cases.items(), strict=True):
        story = Story.objects.get(ingest_guid=guid)
        assert story.lead_image is None
        assert story.needs_attention
        assert reason in story.attention_reason, guid
        assert reason in item.message, guid
    assert not Image.objects.exists()


def test_ingested_photos_are_checked_and_read_like_uploads(
    source, local_server, settings, django_capture_on_commit_callbacks
):
    iim = iim_records(
        {
            (1, 90): b"\x1b%G",
            (2, 120): "Caption in the file",
            (2, 80): "Byline in the file",
            (2, 115): "Agence Fichier",
            (2, 116): "© File rights",
            (2, 105): "Bateaux à quai",
            (2, 25): ["harbour", "pêche"],
        }
    )
    (local_server.root / "tagged.jpg").write_bytes(photo_bytes(900, 600, iim=iim, exif=gps_exif()))
    plain_item = rss_item(guid="plain", picture=f"{local_server.url}/tagged.jpg").replace(
        "<media:description>Fishing boats moored on Monday.</media:description>", ""
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_document(
            rss(rss_item(guid="first", picture=f"{local_server.url}/tagged.jpg"), plain_item),
            source,
        )
    assert outcomes(report) == [Outcome.CREATED, Outcome.CREATED]
    image = Image.objects.get()  # the second item's identical photo is the same image
    assert Story.objects.filter(lead_image=image).count() == 2
    # The feed's texts win, as an editor's would; the file fills in the rest.
    assert image.caption == "Fishing boats moored on Monday."
    assert image.credit == "Port Authority/Sam Reyes/Handout"
    assert image.copyright_notice == "© Port Authority"
    assert image.agency == "Agence Fichier"
    assert image.title == "Bateaux à quai"
    assert set(image.tags.names()) == {"harbour", "pêche"}
    assert (image.width, image.height, image.format) == (900, 600, "jpeg")
    with image.file.open("rb") as stored, PillowImage.open(stored) as picture:
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert image.renditions.filter(format="webp", width=900).exists()
    assert image.renditions.filter(format="jpeg", ratio="16:9").exists()


def test_an_ingested_photo_without_an_agency_is_credited_to_the_partner(source, picture_url):
    ingest_document(rss(rss_item(picture=picture_url)), source)
    image = Story.objects.get().lead_image
    assert image.agency == "Harbour Valley Courier"
    assert image.caption == "Fishing boats moored on Monday."


def test_an_ingested_photo_over_the_pixel_limit_is_refused(source, settings, local_server):
    settings.IMAGE_MAX_PIXELS = 1000
    (local_server.root / "wide.jpg").write_bytes(jpeg_bytes(80, 60))
    ingest_document(rss(rss_item(picture=f"{local_server.url}/wide.jpg")), source)
    story = Story.objects.get()
    assert story.lead_image is None and story.needs_attention
    assert "pixels" in story.attention_reason
    assert not Image.objects.exists()


def test_an_ingested_photo_without_alt_text_takes_its_caption(source, local_server):
    (local_server.root / "boats.jpg").write_bytes(jpeg_bytes(width=320, height=200))
    ingest_document(rss(rss_item(picture=f"{local_server.url}/boats.jpg")), source)
    image = Story.objects.get().lead_image
    assert image.alt_text == image.caption == "Fishing boats moored on Monday."
