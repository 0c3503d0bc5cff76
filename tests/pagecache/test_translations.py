"""A translation going public or away changes its original's cached page at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.support.arabic import arabic_story
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_translation_adds_its_link_to_the_cached_original(
    client, page_cache, committed
):
    with committed():
        english = StoryFactory(published=True, headline="Council approves harbour expansion")
        arabic = arabic_story(translation_of=english, published=False)
    url = english.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    hit = client.get(url)
    assert hit["X-Cache"] == "HIT" and 'hreflang="ar"' not in hit.content.decode()

    with committed():
        arabic.status = Story.Status.PUBLISHED
        arabic.published_at = timezone.now() - timedelta(minutes=1)
        arabic.save()
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and 'hreflang="ar"' in fresh.content.decode()

    with committed():
        arabic.status = Story.Status.UNPUBLISHED
        arabic.save()
    assert 'hreflang="ar"' not in client.get(url).content.decode()
