"""Body elements on the story page: photos as the lead is shown, in one query."""

import pytest
from django.urls import reverse

from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SourceFactory,
    StoryFactory,
    UploadedImageFactory,
)
from tests.support.html_checks import PageReader

pytestmark = pytest.mark.django_db


def photo(image, **attrs) -> str:
    extra = "".join(f' data-{name}="{value}"' for name, value in attrs.items())
    return f'<figure data-image="{image.pk}"{extra}></figure>'


def test_body_photos_show_caption_credit_and_agency_like_the_lead(client):
    first = UploadedImageFactory(
        caption="Trawlers leave at dawn.", credit="Coastal Photos/Mira Quinn", agency="Wire"
    )
    second = UploadedImageFactory(caption="The library caption.", credit="Jo Bloggs", agency="")
    story = StoryFactory(
        published=True,
        body=f"<p>Intro.</p>{photo(first)}<p>More.</p>"
        f"{photo(second, align='inline', caption='Written for this story.')}",
    )
    html = client.get(story.get_absolute_url()).content.decode()
    body = html[html.index('<div class="body">') :]
    assert body.count('<figure class="body-photo') == 2
    assert '<figure class="body-photo body-photo-full">' in body
    assert '<figure class="body-photo body-photo-inline">' in body
    assert '<span class="caption">Trawlers leave at dawn.</span>' in body
    assert '<span class="credit">Photo: Coastal Photos/Mira Quinn via Wire</span>' in body
    assert '<span class="caption">Written for this story.</span>' in body
    assert "The library caption." not in body
    assert '<span class="credit">Photo: Jo Bloggs</span>' in body
    # Pictures with WebP and JPEG srcsets, dimensions and lazy loading below the lead.
    assert body.count("<picture>") == 2 and body.count('type="image/webp"') == 2
    assert body.count('loading="lazy"') == 2
    assert 'width="64" height="48"' in body
    assert first.file.url not in body


def test_a_missing_image_is_left_out(client):
    story = StoryFactory(published=True, body='<p>Before.</p><figure data-image="999999"></figure>')
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<p>Before.</p>" in html and "body-photo" not in html


def test_gallery_pull_quote_fact_box_and_embed_placeholder(client):
    images = UploadedImageFactory.create_batch(3)
    thumbnail = UploadedImageFactory(caption="Thumbnail")
    gallery = "".join(photo(image) for image in images)
    story = StoryFactory(
        published=True,
        body=f'<div data-gallery="">{gallery}</div>'
        '<figure data-pull-quote=""><blockquote><p>We will rebuild.</p></blockquote>'
        "<figcaption>The harbour master</figcaption></figure>"
        '<aside data-fact-box=""><h3>The wall</h3><ul><li>Built 1872</li></ul></aside>'
        '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ" '
        f'data-title="Storm footage" data-author="Port TV" data-thumbnail="{thumbnail.pk}">'
        "</figure>",
    )
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="body-photo body-photo-gallery"') == 3
    assert '<div class="gallery">' in html
    assert '<figure class="pull-quote"><blockquote><p>We will rebuild.</p></blockquote>' in html
    assert "<figcaption>The harbour master</figcaption>" in html
    assert '<aside class="fact-box"><h3>The wall</h3><ul><li>Built 1872</li></ul></aside>' in html
    assert 'data-embed-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert '<p class="embed-title">Storm footage</p>' in html
    assert "YouTube · Port TV" in html
    assert "Show content from YouTube" in html
    assert "<iframe" not in html
    assert "/static/articles/embeds.js" in html
    # The thumbnail is our library's copy; the CSP lets the player in on click only.
    assert "youtube-nocookie" in response["Content-Security-Policy"]
    assert 'data-embed="' not in html and "data-image=" not in html


def test_a_link_to_another_story_follows_its_slug_and_hides_it_while_not_public(client):
    target = StoryFactory(published=True, slug="harbour-wall", headline="Harbour wall falls")
    draft = StoryFactory(slug="leakmarker-secret-slug", headline="Leakmarker secret headline")
    story = StoryFactory(
        published=True,
        body=f'<p>See <a data-story="{target.pk}">the fall</a> and '
        f'<a data-story="{draft.pk}">what comes next</a>.</p>',
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/stories/harbour-wall/">the fall</a>' in html
    assert "and what comes next." in html
    assert "leakmarker" not in html.lower()

    target.slug = "harbour-wall-collapses"
    target.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/stories/harbour-wall-collapses/">the fall</a>' in html


def test_story_page_reads_as_arabic_text(client):
    image = UploadedImageFactory(caption="قوارب الصيد في الميناء صباح الاثنين.", credit="وكالة")
    story = StoryFactory(
        published=True,
        body=f"<p>قال مدير الميناء إن العمل سيبدأ في الربيع.</p>{photo(image)}",
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<span class="caption">قوارب الصيد في الميناء صباح الاثنين.</span>' in html
    assert "<p>قال مدير الميناء إن العمل سيبدأ في الربيع.</p>" in html


@pytest.mark.parametrize("count", [1, 20])
def test_body_photos_add_no_query_whatever_their_number(
    client, django_assert_max_num_queries, count
):
    images = UploadedImageFactory.create_batch(count)
    linked = StoryFactory(published=True)
    story = StoryFactory(
        published=True,
        lead_image=UploadedImageFactory(),
        source=SourceFactory(),
        authors=AuthorFactory.create_batch(2),
        tags=["harbour"],
        body="".join(photo(image) for image in images)
        + f'<div data-gallery="">{photo(images[0])}</div>',
    )
    client.get(story.get_absolute_url())
    # Body photos come with the page's renditions: the budget is the page's own, 6.
    with django_assert_max_num_queries(6):
        html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('<figure class="body-photo') == count + 1
    # A link to another story costs one more query, once.
    story.body += f'<p><a data-story="{linked.pk}">x</a></p>'
    story.save()
    with django_assert_max_num_queries(7):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_editing_an_images_caption_changes_every_story_that_shows_it(client):
    image = UploadedImageFactory(caption="Old caption.")
    stories = [StoryFactory(published=True, body=photo(image)) for _ in range(2)]
    image.caption = "New caption."
    image.save()
    for story in stories:
        html = client.get(story.get_absolute_url()).content.decode()
        assert "New caption." in html and "Old caption." not in html


def test_the_preview_shows_body_photos(admin_client):
    image = ImageFactory(caption="Preview caption.")
    story = StoryFactory(body=photo(image))
    html = admin_client.get(reverse("admin:articles_story_preview", args=[story.pk])).content
    assert "Preview caption." in html.decode()


def test_every_body_photo_has_alt_text_and_dimensions(client):
    image = UploadedImageFactory(alt_text="Boats at the quay")
    story = StoryFactory(published=True, body=f"<p>a</p>{photo(image)}")
    page = PageReader(client.get(story.get_absolute_url()).content.decode())
    [shown] = page.images
    assert shown["alt"] == "Boats at the quay"
    assert shown["width"] and shown["height"]
