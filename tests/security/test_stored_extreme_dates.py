"""A story whose dates were stored before the date rules (year 1, year 9999) breaks no page.

The dates are written with ``QuerySet.update``, as an old row or a direct write would hold
them; every admin and public page that shows the story must still answer.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import QuerySet

from articles.models import Correction, Image, Story
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)
YEAR_9999 = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.fixture
def story_of_year_one():
    """A public story published (and corrected) at the very start of the calendar."""
    author, source = AuthorFactory(), SourceFactory()
    story = StoryFactory(
        published=True, headline="Harbour dredging resumes", authors=[author], source=source
    )
    StoryFactory(published=True, headline="Council meets", section=story.section)
    CorrectionFactory(story=story)
    image = ImageFactory()
    QuerySet.update(Story.objects.filter(pk=story.pk), published_at=YEAR_ONE, lead_image=image)
    QuerySet.update(Correction.objects.filter(story=story), published_at=YEAR_ONE)
    QuerySet.update(Image.objects.filter(pk=image.pk), taken_at=YEAR_ONE)
    return Story.objects.get(pk=story.pk)


def public_pages(story: Story) -> list[str]:
    author = story.authors.get()
    return [
        "/",
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        author.get_absolute_url(),
        f"/sources/{story.source.slug}/",
        "/search/?q=harbour",
        "/search/?q=harbour&date_from=2020-01-01",
        "/search/?date_to=2030-01-01",
        "/archive/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
        "/api/v1/stories/",
        f"/api/v1/stories/{story.pk}/",
        "/api/v1/stories/?published_from=2020-01-01",
        "/sitemap.xml",
        "/sitemap-stories.xml",
    ]


def admin_pages(story: Story) -> list[str]:
    return [
        "/admin/articles/story/",
        f"/admin/articles/story/{story.pk}/change/",
        f"/admin/articles/story/{story.pk}/history/",
        "/admin/articles/story/desk/",
        "/admin/articles/image/",
        f"/admin/articles/image/{story.lead_image_id}/change/",
    ]


def test_public_pages_show_a_story_dated_year_one(client, story_of_year_one):
    for url in public_pages(story_of_year_one):
        assert client.get(url).status_code == 200, url


def test_admin_pages_show_a_story_dated_year_one(client, chief, story_of_year_one):
    client.force_login(chief)
    for url in admin_pages(story_of_year_one):
        assert client.get(url).status_code == 200, url
    # The drill-down offers no year 1; asked for it, it is the admin's own error page.
    assert client.get("/admin/articles/story/?published_at__year=1")["Location"].endswith("?e=1")


def test_the_archive_lists_no_month_before_the_publication_range(client, story_of_year_one):
    html = client.get("/archive/").content.decode()
    assert "/archive/0001/" not in html
    assert client.get("/archive/0001/01/").status_code == 404


def test_a_story_scheduled_for_year_9999_breaks_no_admin_page(client, chief):
    story = StoryFactory(scheduled=True)
    QuerySet.update(Story.objects.filter(pk=story.pk), published_at=YEAR_9999)
    client.force_login(chief)
    for url in [
        "/admin/articles/story/",
        f"/admin/articles/story/{story.pk}/change/",
        "/admin/articles/story/desk/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/").status_code == 200


def test_a_stored_date_outside_the_calendar_reads_back_inside_it(story_of_year_one):
    assert story_of_year_one.published_at.year == 1
    assert story_of_year_one.published_at > YEAR_ONE
