"""A story's own caption for its lead photo, in its language: the Arabic translation of an
English story shows the shared photo with an Arabic caption everywhere it prints it, while
the English story keeps the library's."""

from __future__ import annotations

import feedparser
import pytest

from tests.support.arabic import arabic_story
from tests.support.factories import StoryFactory, UploadedImageFactory
from tests.support.html_checks import PageReader

pytestmark = pytest.mark.django_db

LIBRARY = "Boats in the harbour on Monday."
ARABIC = "قوارب الصيادين في الميناء صباح الاثنين."


@pytest.fixture
def pair():
    photo = UploadedImageFactory(caption=LIBRARY)
    english = StoryFactory(published=True, lead_image=photo, headline="Harbour to grow")
    arabic = arabic_story(translation_of=english, lead_image=photo, lead_image_caption=ARABIC)
    return english, arabic


def captions_in_api(client, story) -> list[str]:
    item = client.get(f"/api/v1/stories/{story.pk}/").json()
    [lead] = [a for a in item["associations"] if a["name"] == "featureimage"]
    return [d["value"] for d in lead["descriptions"] if d["role"] == "caption"]


def test_the_translation_prints_its_own_caption_and_the_original_the_librarys(client, pair):
    english, arabic = pair
    arabic_page = client.get(arabic.get_absolute_url()).content.decode()
    english_page = client.get(english.get_absolute_url()).content.decode()
    assert f'<span class="caption">{ARABIC}</span>' in arabic_page and LIBRARY not in arabic_page
    assert f'<span class="caption">{LIBRARY}</span>' in english_page and ARABIC not in english_page
    [article] = PageReader(arabic_page).json_ld
    assert {image["caption"] for image in article["image"]} == {ARABIC}
    assert captions_in_api(client, arabic) == [ARABIC]
    assert captions_in_api(client, english) == [LIBRARY]
    [entry] = feedparser.parse(client.get("/ar/feeds/rss/").content).entries
    assert entry.media_content and ARABIC in client.get("/ar/feeds/rss/").content.decode()


def test_the_story_form_writes_the_caption_right_to_left(client, editor):
    client.force_login(editor)
    story = arabic_story(published=False, lead_image=UploadedImageFactory())
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    field = html[html.index('name="lead_image_caption"') - 200 :][:400]
    assert 'dir="rtl"' in field and 'lang="ar"' in field
