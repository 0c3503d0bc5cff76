from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.http import http_date

from articles.public import seo
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)
from tests.support.html_checks import PageReader

pytestmark = pytest.mark.django_db


@pytest.fixture
def syndicated_story():
    return StoryFactory(
        published=True,
        headline="Harbour dredging plan approved",
        slug="harbour-dredging",
        dek="The board will spend £2.4m.",
        dateline="HARBOUR VALLEY",
        section=SectionFactory(name="News"),
        lead_image=ImageFactory(alt_text="Fishing boats", caption="Boats at dawn."),
        source=SourceFactory(name="Harbour Valley Courier", homepage="https://courier.example/"),
        original_url="https://courier.example/harbour-dredging/",
        authors=[AuthorFactory(name="Ruth Abara", slug="ruth-abara")],
        tags=["harbour", "fishing"],
    )


def read(client, story) -> PageReader:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return PageReader(response.content.decode())


def test_json_ld_is_a_news_article_with_every_field(client, syndicated_story, settings):
    (article,) = read(client, syndicated_story).json_ld
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Harbour dredging plan approved"
    assert article["datePublished"] == syndicated_story.published_at.isoformat()
    assert article["dateModified"] == syndicated_story.published_at.isoformat()
    assert article["author"] == [
        {"@type": "Person", "name": "Ruth Abara", "url": f"{settings.SITE_URL}/authors/ruth-abara/"}
    ]
    assert article["publisher"]["name"] == settings.SITE_NAME
    assert article["publisher"]["logo"]["url"].startswith(settings.SITE_URL)
    assert article["publisher"]["logo"]["url"].endswith(".png")
    assert article["articleSection"] == "News"
    assert sorted(article["keywords"]) == ["fishing", "harbour"]
    # The 64x48 photo cropped to 16:9, 4:3 and 1:1 around its focal point.
    assert [(image["width"], image["height"]) for image in article["image"]] == [
        (64, 36),
        (64, 48),
        (48, 48),
    ]
    for image in article["image"]:
        assert image["url"].startswith(f"{settings.SITE_URL}/media/renditions/")
        assert image["caption"] == "Boats at dawn."
    assert article["isBasedOn"] == "https://courier.example/harbour-dredging/"
    assert article["sourceOrganization"]["name"] == "Harbour Valley Courier"
    assert article["locationCreated"]["name"] == "HARBOUR VALLEY"


def test_json_ld_of_a_staff_story_names_no_source(client):
    story = StoryFactory(published=True, byline_override="Staff reporters")
    (article,) = read(client, story).json_ld
    assert "isBasedOn" not in article and "sourceOrganization" not in article
    assert "image" not in article
    assert article["author"] == [{"@type": "Person", "name": "Staff reporters"}]


def test_json_ld_date_modified_follows_updates_and_corrections(client):
    story = StoryFactory(published=True)
    story.updated_at = story.published_at + timedelta(minutes=10)
    story.save()
    correction = CorrectionFactory(
        story=story, published_at=story.published_at + timedelta(minutes=30)
    )
    (article,) = read(client, story).json_ld
    assert article["dateModified"] == correction.published_at.isoformat()


def test_json_ld_cannot_be_broken_out_of(client):
    story = StoryFactory(published=True, headline="</script><script>alert(1)</script> & more")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    (article,) = PageReader(html).json_ld
    assert article["headline"] == "</script><script>alert(1)</script> & more"


def test_structured_images_list_each_version_once(syndicated_story):
    versions = seo.structured_image_versions(syndicated_story)
    assert versions
    assert len({version.url for version in versions}) == len(versions)


def test_open_graph_and_twitter_tags(client, syndicated_story, settings):
    page = read(client, syndicated_story)
    assert page.meta["og:type"] == ["article"]
    assert page.meta["og:title"] == ["Harbour dredging plan approved"]
    assert page.meta["og:url"] == [f"{settings.SITE_URL}/stories/harbour-dredging/"]
    assert page.meta["og:site_name"] == [settings.SITE_NAME]
    assert page.meta["og:image"][0].startswith(f"{settings.SITE_URL}/media/")
    assert page.meta["og:image:width"] == ["64"]
    assert page.meta["og:image:alt"] == ["Fishing boats"]
    assert sorted(page.meta["article:tag"]) == ["fishing", "harbour"]
    assert page.meta["twitter:card"] == ["summary_large_image"]
    assert page.meta["twitter:image"] == page.meta["og:image"]
    assert page.meta["description"] == ["The board will spend £2.4m."]


def test_seo_title_and_description_win(client, settings):
    story = StoryFactory(
        published=True, seo_title="Short title", seo_description="Search engine summary."
    )
    page = read(client, story)
    html = client.get(story.get_absolute_url()).content.decode()
    assert f"<title>Short title - {settings.SITE_NAME}</title>" in html
    assert page.meta["description"] == ["Search engine summary."]
    assert page.meta["og:title"] == ["Short title"]


def test_description_falls_back_to_the_body_text(client):
    story = StoryFactory(published=True, dek="", body="<p>First <b>words</b> of the body.</p>")
    assert read(client, story).meta["description"] == ["First words of the body."]


def test_story_without_image_gets_a_summary_card(client):
    page = read(client, StoryFactory(published=True))
    assert page.meta["twitter:card"] == ["summary"]
    assert "og:image" not in page.meta


def test_canonical_is_ours_unless_the_licence_asks_for_the_original(client, syndicated_story):
    assert read(client, syndicated_story).links["canonical"] == [
        "http://127.0.0.1:8000/stories/harbour-dredging/"
    ]
    syndicated_story.source.canonical_to_original = True
    syndicated_story.source.save()
    page = read(client, syndicated_story)
    assert page.links["canonical"] == ["https://courier.example/harbour-dredging/"]
    assert page.json_ld[0]["mainEntityOfPage"]["@id"] == "https://courier.example/harbour-dredging/"


def test_story_page_is_publicly_cacheable_for_a_short_while(client, syndicated_story, settings):
    response = client.get(syndicated_story.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in response["Cache-Control"]
    assert response["Last-Modified"] == http_date(
        seo.story_last_changed_at(syndicated_story).timestamp()
    )
    assert response["ETag"].startswith('"')


def test_conditional_get_with_the_etag_answers_304(client, syndicated_story):
    first = client.get(syndicated_story.get_absolute_url())
    again = client.get(
        syndicated_story.get_absolute_url(), headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_conditional_get_with_the_date_answers_304(client, syndicated_story):
    first = client.get(syndicated_story.get_absolute_url())
    again = client.get(
        syndicated_story.get_absolute_url(),
        headers={"if-modified-since": first["Last-Modified"]},
    )
    assert again.status_code == 304


def test_a_correction_changes_the_etag_and_the_date(client, syndicated_story):
    first = client.get(syndicated_story.get_absolute_url())
    CorrectionFactory(story=syndicated_story, published_at=timezone.now() + timedelta(seconds=5))
    again = client.get(
        syndicated_story.get_absolute_url(),
        headers={
            "if-none-match": first["ETag"],
            "if-modified-since": first["Last-Modified"],
        },
    )
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again["Last-Modified"] != first["Last-Modified"]


def test_missing_and_removed_stories_are_not_cached_as_public(client):
    removed = StoryFactory(unpublished=True)
    assert "public" not in client.get(removed.get_absolute_url()).get("Cache-Control", "")
    assert "public" not in client.get("/stories/nothing-here/").get("Cache-Control", "")


def test_metadata_of_an_unpublished_story_renders_for_previews():
    story = StoryFactory(headline="Draft being previewed")
    html = Template("{% load seo %}{% story_head story %}").render(Context({"story": story}))
    (article,) = PageReader(html).json_ld
    assert article["headline"] == "Draft being previewed"
    assert "datePublished" not in article
