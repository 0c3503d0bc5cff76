"""Public pages' addresses, worked out once per process: the same as ``reverse()`` gives."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from articles.links import _page_path, page_path
from tests.support.factories import AuthorFactory, SectionFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_each_page_has_its_editions_address_whatever_language_is_active():
    story = StoryFactory(language="ar", headline="الميناء يفتح رصيفاً جديداً", slug="")
    english = StoryFactory(headline="Harbour opens a new berth")
    arabic_desk, every_edition = SectionFactory(edition="ar", slug="harbour-ar"), SectionFactory()
    for active in ("en-gb", "ar"):
        with translation.override(active):
            assert story.get_absolute_url() == f"/ar/stories/{quote(story.slug)}/"
            assert english.get_absolute_url() == f"/stories/{english.slug}/"
            assert arabic_desk.get_absolute_url() == "/ar/sections/harbour-ar/"
            assert every_edition.get_absolute_url() == reverse(
                "articles:section", kwargs={"slug": every_edition.slug}
            )
    with translation.override("ar"):
        assert every_edition.get_absolute_url() == f"/ar/sections/{every_edition.slug}/"


def test_authors_and_sources_follow_the_active_edition():
    author, source = AuthorFactory(), SourceFactory()
    assert author.get_absolute_url() == f"/authors/{author.slug}/"
    with translation.override("ar"):
        assert source.get_absolute_url() == f"/ar/sources/{source.slug}/"


def test_the_paths_are_worked_out_anew_when_a_setting_changes(settings):
    """Django forgets its own URL caches when the URLconf changes (as tests do): so do we."""
    assert page_path("articles:author", "ann") == "/authors/ann/"
    assert _page_path.cache_info().currsize
    settings.ROOT_URLCONF = "tests.browser.urls"
    assert _page_path.cache_info().currsize == 0
