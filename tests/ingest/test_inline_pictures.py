"""A partner's inline pictures become library photos, placed in the body where they were."""

import pytest

from articles.ingest.service import Outcome, ingest_document
from articles.models import BodyImage, Image, Story
from tests.ingest.documents import rss, rss_item
from tests.support.factories import ImageFactory, jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


@pytest.fixture
def pictures(local_server):
    for name, colour in (("boats", (10, 80, 160)), ("nets", (160, 80, 10))):
        (local_server.root / f"{name}.jpg").write_bytes(jpeg_bytes(120, 80, colour=colour))
    return local_server.url


def partner_body(base: str) -> str:
    return (
        "<p>Dredging starts in spring.</p>"
        f'<figure class="wp-block-image"><img src="{base}/boats.jpg" alt="Boats">'
        "<figcaption>Fishing boats moored on Monday. "
        '<span class="credit">Port Authority/Sam Reyes/Handout</span></figcaption></figure>'
        "<p>The council agreed.</p>"
        f'<figure><img src="{base}/nets.jpg"><figcaption>شباك الصيد على الرصيف. '
        "Photo: Courier/Ruth Abara</figcaption></figure>"
        "<p>Work ends in May.</p>"
    )


def test_a_partner_item_with_two_inline_photos(source, pictures):
    report = ingest_document(rss(rss_item(body=partner_body(pictures))), source)
    assert [item.outcome for item in report.items] == [Outcome.CREATED]
    story = Story.objects.get()
    boats = Image.objects.get(caption="Fishing boats moored on Monday.")
    nets = Image.objects.get(caption="شباك الصيد على الرصيف.")
    assert (boats.credit, boats.agency, boats.alt_text) == (
        "Port Authority/Sam Reyes/Handout",
        "Harbour Valley Courier",
        "Fishing boats moored on Monday.",
    )
    assert nets.credit == "Courier/Ruth Abara"
    assert story.body == (
        "<p>Dredging starts in spring.</p>"
        f'<figure data-image="{boats.pk}"></figure>'
        "<p>The council agreed.</p>"
        f'<figure data-image="{nets.pk}"></figure>'
        "<p>Work ends in May.</p>"
    )
    assert list(BodyImage.objects.filter(story=story).values_list("image_id", flat=True)) == [
        boats.pk,
        nets.pk,
    ]
    assert not story.needs_attention

    # The same pictures again (another item, same bytes): recognised, not stored twice.
    ingest_document(rss(rss_item(guid="courier-2", body=partner_body(pictures))), source)
    assert Image.objects.count() == 2


def test_a_picture_that_cannot_be_fetched_is_left_out_and_flagged(source, pictures):
    body = f'<p>Text.</p><figure><img src="{pictures}/missing.jpg"><figcaption>Gone</figcaption>'
    ingest_document(rss(rss_item(body=body + "</figure>")), source)
    story = Story.objects.get()
    assert story.body == "<p>Text.</p>"
    assert story.needs_attention
    assert "a picture in the text was left out" in story.attention_reason


def test_a_partner_cannot_place_our_library_photos(source):
    ours = ImageFactory(caption="Only a draft of ours shows this.")
    body = f'<figure data-image="{ours.pk}"></figure><p>Text <a data-story="1">x</a>.</p>'
    ingest_document(rss(rss_item(body=body)), source)
    story = Story.objects.get()
    assert "data-image" not in story.body and "data-story" not in story.body
    assert not BodyImage.objects.exists()


def test_media_rss_groups_become_one_picture_each_after_the_lead(source, pictures):
    media = (
        f'<media:content url="{pictures}/boats.jpg" medium="image">'
        "<media:description>Lead caption.</media:description>"
        "<media:credit>Lead Credit</media:credit></media:content>"
        "<media:group><media:description>Nets on the quay.</media:description>"
        "<media:credit>Group Credit</media:credit>"
        f'<media:content url="{pictures}/small.jpg" medium="image" width="60"/>'
        f'<media:content url="{pictures}/nets.jpg" medium="image" width="120"/>'
        "</media:group>"
    )
    ingest_document(rss(rss_item(body="<p>Text.</p>", extra=media)), source)
    story = Story.objects.get()
    assert story.lead_image.credit == "Lead Credit"
    nets = Image.objects.get(credit="Group Credit")
    assert nets.caption == "Nets on the quay." and nets.width == 120
    assert story.body == f'<p>Text.</p><figure data-image="{nets.pk}"></figure>'
