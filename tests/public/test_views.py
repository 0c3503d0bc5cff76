import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Story
from articles.public.views import server_error
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    UploadedImageFactory,
)
from tests.support.html_checks import PageReader

pytestmark = pytest.mark.django_db


@pytest.fixture
def syndicated_story():
    """The reference case: a partner's story with a captioned, credited agency photo."""
    image = ImageFactory(
        caption="Fishing boats moored in Harbour Valley on Monday.",
        credit="Port Authority/Sam Reyes/Handout",
        agency="Continental Wire Service",
        alt_text="Fishing boats",
    )
    source = SourceFactory(name="Harbour Valley Courier", homepage="https://courier.example.org/")
    return StoryFactory(
        published=True,
        headline="Harbour dredging plan approved",
        slug="harbour-dredging",
        lead_image=image,
        source=source,
        original_url="https://courier.example.org/harbour-dredging/",
        authors=[AuthorFactory(name="Ruth Abara")],
        tags=["harbour"],
        body="<p>According to a news agency, work starts in spring.</p>",
    )


def test_story_page_shows_the_reference_case(client, syndicated_story, settings):
    response = client.get(syndicated_story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Harbour dredging plan approved - {settings.SITE_NAME}</title>" in html
    assert "<h1>Harbour dredging plan approved</h1>" in html
    assert '<figure class="lead-image">' in html
    assert "Fishing boats moored in Harbour Valley on Monday." in html
    assert "Photo: Port Authority/Sam Reyes/Handout via Continental Wire Service" in html
    assert 'alt="Fishing boats"' in html
    assert "Harbour Valley Courier" in html
    assert 'href="https://courier.example.org/harbour-dredging/"' in html
    assert "Ruth Abara" in html
    assert "According to a news agency" in html
    assert 'href="/tags/harbour/"' in html


def test_canonical_points_to_the_original_only_when_the_licence_asks(client, syndicated_story):
    html = client.get(syndicated_story.get_absolute_url()).content.decode()
    assert 'rel="canonical" href="http://127.0.0.1:8000/stories/harbour-dredging/"' in html
    syndicated_story.source.canonical_to_original = True
    syndicated_story.source.save()
    html = client.get(syndicated_story.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="https://courier.example.org/harbour-dredging/">' in html


def test_story_page_shows_corrections_and_update_time(client):
    correction = CorrectionFactory(text="The vote was 31 to 29.")
    story = correction.story
    story.updated_at = story.published_at.replace(microsecond=0) + (
        correction.published_at - story.published_at
    )
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "The vote was 31 to 29." in html
    assert "Updated" in html


def test_body_html_is_rendered_and_headline_escaped(client):
    story = StoryFactory(published=True, headline="Fish & <chips>", body="<p><em>Hi</em></p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<em>Hi</em>" in html
    assert "Fish &amp; &lt;chips&gt;" in html


@pytest.mark.parametrize("trait", ["scheduled", "unpublished", None])
def test_unpublished_story_urls_are_not_found(client, trait):
    story = StoryFactory(**({trait: True} if trait else {}))
    response = client.get(story.get_absolute_url())
    assert response.status_code == (410 if trait == "unpublished" else 404)
    assert story.headline not in response.content.decode()


def test_unknown_slug_is_a_404_in_the_site_template(client, settings):
    response = client.get("/stories/no-such-story/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert settings.SITE_NAME in response.content.decode()
    assert client.get("/no/such/page/").status_code == 404


def test_old_slug_redirects_permanently(client):
    story = StoryFactory(published=True, slug="old-headline")
    story.slug = "new-headline"
    story.save()
    response = client.get("/stories/old-headline/")
    assert response.status_code == 301
    assert response["Location"] == "/stories/new-headline/"


def test_old_slug_of_a_draft_does_not_redirect(client):
    story = StoryFactory(slug="old-headline")
    story.slug = "new-headline"
    story.save()
    assert client.get("/stories/old-headline/").status_code == 404


def test_front_page_lists_only_published_stories_newest_first(client):
    StoryFactory(published=True, headline="Older story")
    StoryFactory(published=True, headline="Newer story")
    StoryFactory(headline="Secret draft")
    StoryFactory(scheduled=True, headline="Embargoed story")
    StoryFactory(unpublished=True, headline="Withdrawn story")
    html = client.get("/").content.decode()
    assert "Older story" in html and "Newer story" in html
    assert "Secret draft" not in html
    assert "Embargoed story" not in html
    assert "Withdrawn story" not in html


def test_section_page_lists_its_published_stories(client):
    section = SectionFactory(name="Sport", slug="sport")
    StoryFactory(published=True, section=section, headline="Cup win")
    StoryFactory(published=True, headline="Elsewhere")
    StoryFactory(section=section, headline="Draft in sport")
    response = client.get(reverse("articles:section", kwargs={"slug": "sport"}))
    html = response.content.decode()
    assert "Cup win" in html
    assert "Elsewhere" not in html
    assert "Draft in sport" not in html
    assert client.get("/sections/no-such-section/").status_code == 404


def test_lists_are_paginated(client, settings):
    section = SectionFactory(slug="news")
    StoryFactory.create_batch(settings.STORIES_PER_PAGE + 1, published=True, section=section)
    first = client.get("/sections/news/")
    assert len(first.context["stories"]) == settings.STORIES_PER_PAGE
    assert 'rel="next"' in first.content.decode()
    second = client.get("/sections/news/?page=2")
    assert len(second.context["stories"]) == 1
    assert client.get("/sections/news/?page=99").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_front_page_queries_do_not_grow_with_stories(
    client, django_assert_max_num_queries, count, settings
):
    authors = AuthorFactory.create_batch(3)
    body = "".join(f'<figure data-image="{UploadedImageFactory().pk}"></figure>' for _ in range(2))
    for _ in range(count):
        StoryFactory(
            published=True,
            lead_image=UploadedImageFactory(),
            authors=authors,
            tags=["a", "b"],
            body=body,
        )
    client.get("/")  # the first view makes the image renditions; later views reuse them
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    shown = len(response.context["top_stories"]) + 1
    assert shown == min(count, settings.FRONT_PAGE_FEATURED)


@pytest.mark.parametrize("count", [1, 30])
def test_story_page_queries_do_not_grow(client, django_assert_max_num_queries, count):
    """A miss costs at most 6 queries, whatever the number of bylines, tags, corrections,
    body photos and related stories."""
    photos = UploadedImageFactory.create_batch(count)
    story = StoryFactory(
        published=True,
        lead_image=UploadedImageFactory(),
        source=SourceFactory(),
        authors=AuthorFactory.create_batch(count),
        tags=[f"tag {n}" for n in range(count)],
        body="".join(f'<figure data-image="{image.pk}"></figure>' for image in photos),
    )
    CorrectionFactory.create_batch(count, story=story)
    for _ in range(count):
        story.related_stories.add(StoryFactory(published=True, lead_image=UploadedImageFactory()))
    client.get(story.get_absolute_url())
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(6):
        response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert html.count('<figure class="body-photo') == count
    assert html.count('href="/tags/tag-') == count
    assert len(response.context["related_stories"]) == min(count, 4)


@pytest.mark.parametrize("view", ["author", "source", "tag"])
def test_author_source_and_tag_pages_hide_drafts(client, view):
    author, source = AuthorFactory(slug="ann"), SourceFactory(slug="wire")
    common = {"authors": [author], "source": source, "tags": ["harbour"]}
    StoryFactory(published=True, headline="Public piece", **common)
    StoryFactory(headline="Draft piece", **common)
    slug = {"author": "ann", "source": "wire", "tag": "harbour"}[view]
    html = client.get(reverse(f"articles:{view}", kwargs={"slug": slug})).content.decode()
    assert "Public piece" in html
    assert "Draft piece" not in html


def test_images_carry_dimensions_and_lazy_loading_below_the_fold(client):
    for _ in range(3):
        StoryFactory(published=True, lead_image=ImageFactory())
    html = client.get("/").content.decode()
    assert html.count('loading="lazy"') == 2
    assert 'width="64" height="48"' in html
    assert "srcset=" in html


def test_front_page_leads_with_the_editors_choice_then_sections(client, settings):
    settings.FRONT_PAGE_FEATURED, settings.FRONT_PAGE_PER_SECTION = 3, 2
    news, sport = SectionFactory(name="News", position=1), SectionFactory(name="Sport", position=2)
    lead = StoryFactory(published=True, section=news, priority=Story.Priority.LEAD)
    top = StoryFactory(published=True, section=sport, priority=Story.Priority.TOP)
    newest = [StoryFactory(published=True, section=news) for _ in range(3)]
    sport_stories = [StoryFactory(published=True, section=sport) for _ in range(3)]
    response = client.get("/")
    assert response.context["lead_story"] == lead
    assert response.context["top_stories"] == [top, sport_stories[-1]]
    blocks = [(section, stories) for section, stories in response.context["section_blocks"]]
    assert [section for section, _ in blocks] == [news, sport]
    assert blocks[0][1] == [newest[2], newest[1]]
    assert blocks[1][1] == [sport_stories[1], sport_stories[0]]


def test_an_older_lead_story_in_a_busy_section_still_leads(client, settings):
    """Chosen in one query: the lead is found by priority however far down its section it is."""
    settings.FRONT_PAGE_FEATURED, settings.FRONT_PAGE_PER_SECTION = 1, 1
    news = SectionFactory(name="News")
    lead = StoryFactory(
        published=True,
        section=news,
        priority=Story.Priority.LEAD,
        published_at=timezone.now() - timedelta(days=3),
    )
    newer = [StoryFactory(published=True, section=news) for _ in range(5)]
    response = client.get("/")
    assert response.context["lead_story"] == lead
    assert response.context["section_blocks"] == [(news, [newer[-1]])]


def test_front_page_falls_back_to_newest_first(client):
    older = StoryFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = StoryFactory(published=True, published_at=timezone.now() - timedelta(days=1))
    response = client.get("/")
    assert response.context["lead_story"] == newer
    assert response.context["top_stories"] == [older]


def test_front_page_sections_never_show_what_is_not_public(client):
    section = SectionFactory()
    StoryFactory.create_batch(5, published=True, section=section)
    StoryFactory(section=section, headline="Draft in section", priority=Story.Priority.LEAD)
    StoryFactory(scheduled=True, section=section, headline="Embargoed in section")
    StoryFactory(unpublished=True, section=section, headline="Withdrawn in section")
    html = client.get("/").content.decode()
    for headline in ["Draft in section", "Embargoed in section", "Withdrawn in section"]:
        assert headline not in html


def test_front_page_with_nothing_published(client):
    StoryFactory(headline="Only a draft")
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


@pytest.mark.parametrize("sections", [1, 12])
def test_front_page_queries_do_not_grow_with_sections(
    client, django_assert_max_num_queries, sections
):
    author = AuthorFactory()
    for section in SectionFactory.create_batch(sections):
        for _ in range(5):
            StoryFactory(
                published=True, section=section, authors=[author], lead_image=UploadedImageFactory()
            )
    # The featured list and the section blocks each fetch their images' renditions.
    with django_assert_max_num_queries(7):
        response = client.get("/")
    assert len(response.context["section_blocks"]) == sections


def test_author_page_shows_bio_photo_and_stories(client):
    photo = ImageFactory(alt_text="Portrait")
    author = AuthorFactory(
        slug="ruth",
        name="Ruth Abara",
        job_title="Correspondent",
        bio="Ruth covers the coast.",
        photo=photo,
    )
    StoryFactory(published=True, authors=[author], headline="Her story")
    html = client.get("/authors/ruth/").content.decode()
    assert "<h1>Ruth Abara</h1>" in html
    assert "Correspondent" in html and "Ruth covers the coast." in html
    portrait = photo.renditions.get(format="jpeg", ratio="", width=photo.width)
    assert 'alt="Ruth Abara"' in html and portrait.file.url in html
    assert photo.file.url not in html
    assert "Her story" in html


def test_source_and_section_pages_describe_themselves(client):
    source = SourceFactory(slug="courier", name="The Courier", usage_terms="Shared by agreement.")
    section = SectionFactory(slug="news", name="News", description="What is happening.")
    StoryFactory(published=True, source=source, section=section)
    source_html = client.get("/sources/courier/").content.decode()
    assert "<h1>The Courier</h1>" in source_html
    assert "Partner publication" in source_html and "Shared by agreement." in source_html
    assert "https://partner.example.org/" in source_html
    section_html = client.get("/sections/news/").content.decode()
    assert "What is happening." in section_html
    # The newest page counts nothing; a page asked for by number says how many there are.
    assert "1 story" not in section_html
    assert "1 story" in client.get("/sections/news/?page=1").content.decode()


@pytest.mark.parametrize("view", ["section", "author", "source", "tag"])
@pytest.mark.parametrize("count", [1, 30])
def test_list_page_queries_do_not_grow(client, django_assert_max_num_queries, view, count):
    section, source = SectionFactory(slug="news"), SourceFactory(slug="wire")
    author = AuthorFactory(slug="ann", photo=UploadedImageFactory())
    for _ in range(count):
        StoryFactory(
            published=True,
            section=section,
            source=source,
            authors=[author, AuthorFactory()],
            tags=["harbour", "boats"],
            lead_image=UploadedImageFactory(),
        )
    slug = {"section": "news", "author": "ann", "source": "wire", "tag": "harbour"}[view]
    # The author page also fetches the author photo's renditions.
    budget = 7 if view == "author" else 6
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(f"articles:{view}", kwargs={"slug": slug})).status_code == 200


def test_related_stories_are_the_editors_published_picks(client):
    story = StoryFactory(published=True, tags=["harbour"])
    pick = StoryFactory(published=True, headline="Editors' pick")
    draft_pick = StoryFactory(headline="Draft pick")
    StoryFactory(published=True, section=story.section, headline="Same section")
    story.related_stories.add(pick, draft_pick)
    response = client.get(story.get_absolute_url())
    assert response.context["related_stories"] == [pick]
    html = response.content.decode()
    assert "Draft pick" not in html and "Same section" not in html


def test_related_stories_fall_back_to_shared_tags_then_section(client):
    story = StoryFactory(published=True, tags=["harbour"])
    same_tag = StoryFactory(
        published=True, tags=["harbour"], published_at=timezone.now() - timedelta(days=3)
    )
    same_section = StoryFactory(published=True, section=story.section)
    StoryFactory(published=True, headline="Unrelated")
    for trait in ["scheduled", "unpublished"]:
        StoryFactory(**{trait: True}, section=story.section, tags=["harbour"])
    StoryFactory(section=story.section, tags=["harbour"])
    response = client.get(story.get_absolute_url())
    assert response.context["related_stories"] == [same_tag, same_section]


def test_related_stories_are_the_newest_sharing_any_tag_however_busy_the_tags(client, settings):
    """Each tag's newest stories are candidates, so a busy tag's crowd of newer stories
    neither hides a quiet tag's nor lets an older busy-tag story in."""
    settings.RELATED_STORIES = 3
    now = timezone.now()
    story = StoryFactory(published=True, tags=["politics", "lighthouses"])
    politics = [
        StoryFactory(
            published=True, tags=["politics"], published_at=now - timedelta(days=days, hours=1)
        )
        for days in range(1, 8)
    ]
    lighthouse = StoryFactory(
        published=True, tags=["lighthouses"], published_at=now - timedelta(days=2)
    )
    StoryFactory(published=True, section=story.section, published_at=now - timedelta(minutes=5))
    response = client.get(story.get_absolute_url())
    assert response.context["related_stories"] == [politics[0], lighthouse, politics[1]]


def test_story_page_shows_dateline_and_dated_corrections(client):
    story = StoryFactory(published=True, dateline="HARBOUR VALLEY")
    CorrectionFactory(
        story=story, text="Fixed a name.", published_at=datetime(2025, 3, 4, 10, tzinfo=UTC)
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "HARBOUR VALLEY" in html
    assert '<time datetime="2025-03-04T10:00:00+00:00">4 March 2025</time>: Fixed a name.' in html


@pytest.mark.parametrize("count", [1, 30])
def test_story_page_with_related_stories_stays_within_budget(
    client, django_assert_max_num_queries, count
):
    story = StoryFactory(
        published=True, tags=["harbour"], authors=AuthorFactory.create_batch(count)
    )
    for _ in range(count):
        story.related_stories.add(StoryFactory(published=True, lead_image=UploadedImageFactory()))
        StoryFactory(published=True, section=story.section, tags=["harbour"])
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(6):
        response = client.get(story.get_absolute_url())
    assert len(response.context["related_stories"]) == min(count, 4)


def test_server_error_page_needs_no_database(rf, django_assert_num_queries, settings):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    assert settings.SITE_NAME in html


def test_removed_story_answers_410_in_the_site_template(client, settings):
    story = StoryFactory(unpublished=True, headline="Withdrawn claim")
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    assert "This story has been removed" in html and settings.SITE_NAME in html
    assert "Withdrawn claim" not in html


PAGES = [
    "/",
    "/stories/harbour-dredging/",
    "/sections/harbour-news/",
    "/authors/ruth-abara/",
    "/sources/courier/",
    "/tags/harbour/",
    "/search/",
    "/search/?q=harbour",
    "/archive/",
    "ARCHIVE_MONTH",
    "/no/such/page/",
    "/stories/withdrawn/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_one_h1_landmarks_and_alt_on_every_image(client, syndicated_story, url):
    syndicated_story.section.slug = "harbour-news"
    syndicated_story.section.save()
    author = syndicated_story.bylines[0].author
    author.photo = ImageFactory(alt_text="")
    author.save()
    syndicated_story.source.slug = "courier"
    syndicated_story.source.save()
    StoryFactory(unpublished=True, slug="withdrawn")
    StoryFactory(
        published=True,
        section=syndicated_story.section,
        lead_image=ImageFactory(),
        tags=["harbour"],
    )
    if url == "ARCHIVE_MONTH":
        url = f"/archive/{timezone.localtime(syndicated_story.published_at):%Y/%m}/"
    html = client.get(url).content.decode()
    page = PageReader(html)
    assert page.h1_count == 1
    assert {"header", "nav", "main", "footer"} <= set(page.landmarks)
    assert 'class="skip-link" href="#main"' in html
    assert all(image.get("alt") is not None for image in page.images)
    assert "<script src" not in html


@pytest.mark.parametrize("url", ["/", "/sections/news/", "/search/?q=word", "/archive/"])
def test_public_pages_may_be_cached_briefly(client, settings, url):
    StoryFactory(published=True, section=SectionFactory(slug="news"))
    response = client.get(url)
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_PAGE_MAX_AGE}"


def test_bad_search_is_not_cached(client):
    assert "Cache-Control" not in client.get("/search/?date_from=never")


def test_list_pages_do_not_load_story_bodies(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = SectionFactory(slug="news")
    StoryFactory(published=True, section=section, body="<p>A long body.</p>")
    for url in ["/", "/sections/news/", "/search/?q=headline"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        story_selects = [q["sql"] for q in queries if 'FROM "articles_story"' in q["sql"]]
        assert story_selects, url
        # The column itself: search matches and ranks a stored index, never the body.
        body_column = re.compile(r'(SELECT|,)\s*"articles_story"\."body"\s*(,|$)')
        assert not any(body_column.search(sql.split(" FROM ")[0]) for sql in story_selects), url
