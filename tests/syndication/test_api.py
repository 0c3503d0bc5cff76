import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Story
from articles.syndication.common import story_uri
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "support" / "schemas" / "ninjs-schema_2.1.json").read_text()
)
LIST_URL = "/api/v1/stories/"


# The schema's "date-time" and "uri" formats, checked without extra packages.
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value):
    return datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri")
def is_uri(value):
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


def assert_ninjs(document):
    jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS).validate(document)


def test_the_schema_check_catches_invalid_documents():
    for broken in [{}, {"uri": "no scheme"}, {"uri": "tag:x,2026:1", "by": 1},
                   {"uri": "tag:x,2026:1", "firstcreated": "yesterday"},
                   {"uri": "tag:x,2026:1", "headline": "a ninjs 1.x field"}]:  # fmt: skip
        with pytest.raises(jsonschema.ValidationError):
            assert_ninjs(broken)


@pytest.fixture
def syndicated_story():
    return StoryFactory(
        published=True,
        headline="Harbour dredging plan approved",
        slug="harbour-dredging",
        dek="Work starts in spring.",
        dateline="HARBOUR VALLEY",
        section=SectionFactory(name="Harbour", slug="harbour"),
        lead_image=ImageFactory(
            caption="Fishing boats moored in Harbour Valley on Monday.",
            credit="Port Authority/Sam Reyes/Handout",
            agency="Continental Wire Service",
        ),
        source=SourceFactory(name="Harbour Valley Courier", slug="courier"),
        original_url="https://courier.example.org/harbour-dredging/",
        authors=[AuthorFactory(name="Ruth Abara", slug="ruth-abara")],
        tags=["dredging"],
        body="<p>According to a news agency, work starts in spring.</p>",
    )


@pytest.fixture
def hidden_stories():
    return [
        StoryFactory(headline="A draft"),
        StoryFactory(headline="Scheduled later", scheduled=True),
        StoryFactory(headline="Taken down", unpublished=True),
    ]


def detail_url(story):
    return reverse("articles:api_story_detail", kwargs={"pk": story.pk})


def headlines(response):
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


def test_detail_is_valid_ninjs_with_everything_partners_need(client, syndicated_story, settings):
    response = client.get(detail_url(syndicated_story))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    item = response.json()
    assert_ninjs(item)
    assert item["uri"] == story_uri(syndicated_story)
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert item["version"] == str(syndicated_story.version)
    assert item["firstcreated"] == syndicated_story.published_at.isoformat()
    assert item["versioncreated"] == syndicated_story.modified_at.isoformat()
    assert item["language"] == settings.LANGUAGE_CODE
    assert item["headlines"] == [{"role": "main", "value": "Harbour dredging plan approved"}]
    assert item["by"] == "Ruth Abara"
    assert item["located"] == "HARBOUR VALLEY"
    assert item["descriptions"][0]["value"] == "Work starts in spring."
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert item["bodies"][0]["value"] == syndicated_story.body
    assert [(s["rel"], s["name"]) for s in item["subjects"]] == [
        ("section", "Harbour"),
        ("tag", "dredging"),
    ]
    assert item["copyrightholder"] == "Harbour Valley Courier"
    assert item["usageterms"] == "Republished with permission."
    assert {"role": "original", "value": syndicated_story.original_url} in item["altids"]
    [picture] = item["associations"]
    assert picture["type"] == "picture"
    assert picture["by"] == "Port Authority/Sam Reyes/Handout"
    assert picture["copyrightholder"] == "Continental Wire Service"
    caption = {"role": "caption", "contenttype": "text/plain",
               "value": "Fishing boats moored in Harbour Valley on Monday."}  # fmt: skip
    assert caption in picture["descriptions"]
    image = syndicated_story.lead_image
    rendition = picture["renditions"][0]
    stored = image.renditions.get(format="jpeg", ratio="", width=image.width)
    assert rendition["href"] == f"{settings.SITE_URL}{stored.file.url}"
    assert rendition["href"] != f"{settings.SITE_URL}{image.file.url}"
    assert (rendition["width"], rendition["height"]) == (image.width, image.height)
    assert rendition["contenttype"] == "image/jpeg"


def test_a_plain_story_is_valid_ninjs(client):
    story = StoryFactory(published=True, dek="", body="")
    item = client.get(detail_url(story)).json()
    assert_ninjs(item)
    assert "associations" not in item
    assert item["copyrightholder"]


def test_list_is_valid_ninjs_and_holds_only_published(client, syndicated_story, hidden_stories):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    for item in response.json()["items"]:
        assert_ninjs(item)
    assert headlines(response) == ["Harbour dredging plan approved"]


def test_unpublished_ids_are_404(client, hidden_stories):
    for story in hidden_stories:
        response = client.get(detail_url(story))
        assert response.status_code == 404
        assert response.json() == {"error": "No published story with this id."}
    assert client.get("/api/v1/stories/999999/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, syndicated_story, method):
    assert getattr(client, method)(LIST_URL).status_code == 405
    assert getattr(client, method)(detail_url(syndicated_story)).status_code == 405


def test_filters(client, syndicated_story):
    now = timezone.now()
    other = StoryFactory(
        published=True,
        headline="Budget passed",
        tags=["budget"],
        authors=[AuthorFactory(slug="someone-else")],
        published_at=now - timedelta(days=10),
    )
    Story.objects.filter(pk=other.pk).update(modified_at=now - timedelta(days=5))
    cases = {
        "section=harbour": ["Harbour dredging plan approved"],
        f"section={other.section.slug}": ["Budget passed"],
        "tag=dredging": ["Harbour dredging plan approved"],
        "tag=budget": ["Budget passed"],
        "author=ruth-abara": ["Harbour dredging plan approved"],
        "author=someone-else": ["Budget passed"],
        "source=courier": ["Harbour dredging plan approved"],
        "section=no-such-section": [],
        f"updated_since={(now - timedelta(days=1)).isoformat()}": [
            "Harbour dredging plan approved"
        ],
        f"published_from={(now - timedelta(days=1)).date()}": ["Harbour dredging plan approved"],
        f"published_to={(now - timedelta(days=2)).date()}": ["Budget passed"],
        f"published_from={(now - timedelta(days=11)).date()}&published_to={now.date()}": [
            "Harbour dredging plan approved",
            "Budget passed",
        ],
    }
    for query, expected in cases.items():
        response = client.get(LIST_URL, dict(part.split("=", 1) for part in query.split("&")))
        assert response.status_code == 200, query
        assert headlines(response) == expected, query


@pytest.mark.parametrize(
    "query",
    [
        {"updated_since": "yesterday"},
        {"published_from": "2026-13-40"},
        {"page_size": "0"},
        {"page_size": "many"},
        {"page_size": "1000"},
        {"cursor": "not-a-cursor"},
    ],
)
def test_bad_queries_are_400_with_a_reason(client, query):
    response = client.get(LIST_URL, query)
    assert response.status_code == 400
    assert response.json()["error"]


def test_cursor_pagination_walks_every_story_once_in_order(client):
    moment = timezone.now() - timedelta(hours=1)
    # Two stories share a publish time, so the order must fall back on the id.
    stories = [
        StoryFactory(published=True, published_at=moment - timedelta(minutes=n // 2))
        for n in range(5)
    ]
    expected = [s.headline for s in sorted(stories, key=lambda s: (s.published_at, s.pk))][::-1]
    seen, url = [], f"{LIST_URL}?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [item["headlines"][0]["value"] for item in page["items"]]
        url = page["next"] and page["next"].removeprefix("http://127.0.0.1:8000")
    assert seen == expected


def test_conditional_get(client, syndicated_story):
    url = detail_url(syndicated_story)
    first = client.get(url)
    etag = first["ETag"]
    assert first["Last-Modified"] == http_date(syndicated_story.modified_at.timestamp())
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    listing = client.get(LIST_URL)
    assert client.get(LIST_URL, headers={"If-None-Match": listing["ETag"]}).status_code == 304

    syndicated_story.headline = "Harbour dredging plan approved after all"
    syndicated_story.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(LIST_URL, headers={"If-None-Match": listing["ETag"]}).status_code == 200


def test_list_last_modified_moves_on_when_a_story_is_taken_down(client, syndicated_story):
    other = StoryFactory(published=True)
    Story.objects.filter(pk=other.pk).update(modified_at=timezone.now() - timedelta(days=3))
    Story.objects.filter(pk=syndicated_story.pk).update(
        modified_at=timezone.now() - timedelta(days=2)
    )
    listing = client.get(LIST_URL)
    since = {"If-Modified-Since": listing["Last-Modified"]}
    assert client.get(LIST_URL, headers=since).status_code == 304
    syndicated_story.status = Story.Status.UNPUBLISHED
    syndicated_story.save()
    assert client.get(LIST_URL, headers=since).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_api_uses_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    author = AuthorFactory()
    source = SourceFactory()
    for n in range(count):
        StoryFactory(
            published=True,
            lead_image=UploadedImageFactory(),
            source=source,
            authors=[author],
            tags=[f"tag-{n}", "shared"],
        )
    # The stories, bylines, renditions, the page's translations, the last change (two).
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL, {"page_size": 100, "tag": "shared"})
    assert len(response.json()["items"]) == count
    url = detail_url(Story.objects.first())
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
