"""A cached story page follows the images and stories its body shows."""

import pytest

from articles.editorial import workflow
from tests.support.factories import ImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_a_cached_page_changes_with_its_body_photo_and_linked_story(client, page_cache, committed):
    with committed():
        image = ImageFactory(caption="Old caption.")
        target = StoryFactory(slug="next-step", headline="What happens next")
        story = StoryFactory(
            published=True,
            body=f'<figure data-image="{image.pk}"></figure>'
            f'<p>Read <a data-story="{target.pk}">the next step</a>.</p>',
        )
        other = StoryFactory(published=True)
    url = story.get_absolute_url()
    client.get(url)
    client.get(other.get_absolute_url())
    assert client.get(url)["X-Cache"] == "HIT"

    with committed():
        image.caption = "New caption."
        image.save()
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "New caption." in response.content.decode()
    assert client.get(other.get_absolute_url())["X-Cache"] == "HIT"
    assert 'href="/stories/next-step/"' not in response.content.decode()

    with committed():
        workflow.publish(target, by="test")
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert '<a href="/stories/next-step/">the next step</a>' in response.content.decode()
