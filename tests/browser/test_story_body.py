"""An editor builds a story body from library photos, a quote and an embed; readers see it
without any request to the embed's provider until they ask for it."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from articles.models import Image, Story
from tests.browser.steps import (
    choose_autocomplete,
    log_in,
    press_workflow_button,
    rich_text,
    staff_account,
)
from tests.support.factories import SectionFactory, UploadedImageFactory, jpeg_bytes
from tests.support.oembed import VIDEO, provider  # noqa: F401  (the fixture)
from tests.support.recording_server import Answer

HEADLINE = "Storm damages the harbour wall"


@pytest.fixture
def newsroom(transactional_db, provider):  # noqa: F811
    SectionFactory(name="Harbour", slug="harbour")
    staff_account("body-editor", "Editor")
    provider.answers = [
        Answer(
            body=json.dumps(
                {
                    "type": "video",
                    "title": "Waves over the harbour wall",
                    "author_name": "Port TV",
                    "thumbnail_url": f"{provider.url}/thumbnail.jpg",
                }
            ).encode()
        ),
        Answer(body=jpeg_bytes(480, 360, colour=(30, 60, 90)), content_type="image/jpeg"),
    ]
    return {
        "trawlers": UploadedImageFactory(
            title="Trawlers at dawn",
            caption="Trawlers leave the harbour at dawn.",
            credit="Coastal Photos/Mira Quinn",
            agency="Northern Wire",
            alt_text="Three fishing boats",
        ),
        "nets": UploadedImageFactory(
            title="Nets on the quay",
            caption="Nets drying on the quay.",
            credit="Jo Bloggs",
            agency="",
            alt_text="Fishing nets",
        ),
    }


def insert_photo(page, search: str, title: str) -> None:
    page.get_by_role("button", name="Insert a photo from the library").click()
    dialog = page.locator("dialog.body-photo-dialog")
    dialog.locator(".body-element-search").fill(search)
    dialog.get_by_label(title).check()
    expect(dialog.locator(".body-photo-preview")).to_contain_text("Credit")
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog).to_have_count(0)


def test_an_editor_places_photos_a_quote_and_an_embed_and_readers_see_them(
    newsroom,
    provider,  # noqa: F811
    new_page,
    site_server,
    screenshot,
):
    editor = new_page()
    log_in(editor, "body-editor")
    editor.goto("/admin/articles/story/add/")
    editor.locator("#id_headline").press_sequentially(HEADLINE)
    expect(editor.locator(".field-headline .length-counter")).to_contain_text("30 / 70")
    rich_text(editor).click()
    editor.keyboard.type("Waves broke over the wall on Sunday night.")
    expect(editor.locator(".writing-counts")).to_contain_text("8 words")

    insert_photo(editor, "Trawlers", "Trawlers at dawn")
    insert_photo(editor, "Nets", "Nets on the quay")
    expect(rich_text(editor).locator(".body-photo-element")).to_have_count(2)
    expect(rich_text(editor).locator(".body-photo-element").first).to_contain_text(
        "Coastal Photos/Mira Quinn"
    )

    editor.get_by_role("button", name="Insert or edit a pull quote").click()
    editor.locator("dialog textarea[name=text]").fill("The sea came over like a wall.")
    editor.locator("dialog input[name=attribution]").fill("Harbour master Ann Lee")
    editor.locator("dialog").get_by_role("button", name="Insert").click()

    editor.get_by_role("button", name="Insert a video, post, audio, chart or map").click()

    editor.locator("dialog input[name=url]").fill(VIDEO)
    editor.locator("dialog").get_by_role("button", name="Insert").click()
    expect(rich_text(editor).locator(".body-embed-element")).to_contain_text(VIDEO)

    choose_autocomplete(editor, "section", "Harb", "Harbour")
    press_workflow_button(editor, "publish", "Publish now")
    story = Story.objects.get(headline=HEADLINE)
    assert story.is_public
    trawlers, nets = newsroom["trawlers"], newsroom["nets"]
    thumbnail = Image.objects.get(caption="Waves over the harbour wall")
    assert story.body == (
        "<p>Waves broke over the wall on Sunday night.</p>"
        f'<figure data-image="{trawlers.pk}" data-align="full"></figure>'
        f'<figure data-image="{nets.pk}" data-align="full"></figure>'
        '<figure data-pull-quote=""><blockquote><p>The sea came over like a wall.</p>'
        "</blockquote><figcaption>Harbour master Ann Lee</figcaption></figure>"
        f'<figure data-embed="{VIDEO}" data-title="Waves over the harbour wall" '
        f'data-author="Port TV" data-thumbnail="{thumbnail.pk}"></figure><p></p>'
    )
    asked = len(provider.received)
    assert asked == 2  # the oEmbed answer and the thumbnail, once, when the story was saved

    reader = new_page()
    requests: list[str] = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(story.get_absolute_url())
    body = reader.locator(".body")
    photos = body.locator("figure.body-photo")
    expect(photos).to_have_count(2)
    expect(photos.nth(0).locator(".caption")).to_have_text("Trawlers leave the harbour at dawn.")
    expect(photos.nth(0).locator(".credit")).to_have_text(
        "Photo: Coastal Photos/Mira Quinn via Northern Wire"
    )
    expect(photos.nth(1).locator(".caption")).to_have_text("Nets drying on the quay.")
    expect(photos.nth(1).locator(".credit")).to_have_text("Photo: Jo Bloggs")
    expect(body.locator(".pull-quote blockquote")).to_have_text("The sea came over like a wall.")
    expect(body.locator(".pull-quote figcaption")).to_have_text("Harbour master Ann Lee")
    placeholder = body.locator("figure.embed")
    expect(placeholder.locator(".embed-title")).to_have_text("Waves over the harbour wall")
    expect(placeholder.locator("img")).to_be_visible()
    reader.wait_for_load_state("networkidle")
    screenshot(reader, "story-body-elements")

    # Nothing but our own site was asked, and the provider's stand-in heard nothing more.
    site = re.compile(rf"^{re.escape(site_server.url)}/")
    assert [url for url in requests if not site.match(url)] == []
    assert len(provider.received) == asked

    with reader.expect_request(re.compile(r"^https://www\.youtube-nocookie\.com/embed/")):
        placeholder.get_by_role("button", name="Show content from YouTube").click()
    expect(body.locator("iframe.embed-frame")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    for page in (editor, reader):
        assert page.console_log.csp_violations() == []
