import pytest
from django.urls import reverse

from tests.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)

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
def test_front_page_queries_do_not_grow_with_stories(client, django_assert_max_num_queries, count):
    authors = AuthorFactory.create_batch(3)
    for _ in range(count):
        StoryFactory(published=True, lead_image=ImageFactory(), authors=authors, tags=["a", "b"])
    client.get("/")  # the first view makes the image renditions; later views reuse them
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_story_page_queries_do_not_grow(client, django_assert_max_num_queries, count):
    story = StoryFactory(
        published=True,
        lead_image=ImageFactory(),
        source=SourceFactory(),
        authors=AuthorFactory.create_batch(count),
        tags=[f"tag {n}" for n in range(count)],
    )
    CorrectionFactory.create_batch(count, story=story)
    client.get(story.get_absolute_url())  # makes the image renditions; later views reuse them
    with django_assert_max_num_queries(7):
        assert client.get(story.get_absolute_url()).status_code == 200


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
