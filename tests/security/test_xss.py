"""Cross-site scripting: every payload of tests/data/xss_payloads.txt through every entry point.

Payloads go in through the admin's story and image forms and through ingest of an RSS and
a ninjs file; then every public output is crawled (pages, search, feeds, sitemaps, API) and
read with an HTML parser for anything that would run in a reader's browser.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.editorial import workflow
from articles.models import Image, Story
from articles.sanitize import CONTROL_CHARACTERS
from articles.syndication import feeds
from tests.support.crawler import SiteCrawler
from tests.support.factories import SectionFactory, SourceFactory, jpeg_bytes
from tests.support.xss_checks import dangerous_url, html_problems, json_ld_blocks, output_problems

pytestmark = pytest.mark.django_db

PAYLOAD_FILE = Path(__file__).parents[1] / "support" / "data" / "xss_payloads.txt"
TEXT_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\0": "\x00", "\\x01": "\x01", "\\x0b": "\x0b",
                "\\u2028": "\u2028", "\\u2029": "\u2029", "\\u200b": "\u200b"}  # fmt: skip
SEARCH_WORD = "xsscorpus"


def load_payloads() -> list[str]:
    payloads = []
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("# "):
            continue
        for written, character in TEXT_ESCAPES.items():
            line = line.replace(written, character)
        payloads.append(line)
    return payloads


PAYLOADS = load_payloads()


def test_the_corpus_is_large_and_every_payload_is_caught_by_the_checks():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    # Guards the checks: pasted raw into a page, most payloads must be seen as dangerous.
    caught = [payload for payload in PAYLOADS if html_problems(payload)]
    assert len(caught) >= 60


@pytest.mark.parametrize(
    "html",
    [
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        "<p onclick=x()>", '<a href=" java\tscript:x">', '<img srcset="a.png 1x, data:x 2x">',
        '<meta http-equiv="Refresh" content="0">', "<iframe></iframe>", '<i style="x">',
    ],
)  # fmt: skip
def test_the_checks_see_each_kind_of_danger(html):
    assert html_problems(html, allow_json_ld=True)


@pytest.fixture(autouse=True)
def whole_corpus_in_feeds(monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LENGTH", len(PAYLOADS) + 10)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


def crawl_problems() -> dict[str, list[str]]:
    """Every public output, with what in it could run script."""
    search = reverse("articles:search")
    start = ["/", "/robots.txt", "/sitemap.xml", f"{search}?q={SEARCH_WORD}"]
    start += [f"{search}?{urlencode({'q': payload})}" for payload in PAYLOADS]
    start += [reverse("articles:feed_latest", kwargs={"format": fmt}) for fmt in feeds.FeedFormats(
        feeds.StoryFeed).views]  # fmt: skip
    start += [f"{reverse('articles:api_story_list')}?page_size=100"]
    start += [
        reverse("articles:api_story_detail", kwargs={"pk": pk})
        for pk in Story.objects.published().values_list("pk", flat=True)
    ]
    crawler = SiteCrawler(max_fetches=3000).crawl(*start)
    assert {url: page.status for url, page in crawler.fetched.items() if page.status >= 500} == {}
    problems = {
        url: output_problems(page.content_type, page.text)
        for url, page in crawler.fetched.items()
        if page.status == 200
    }
    story_pages = [page for url, page in crawler.fetched.items() if url.startswith("/stories/")]
    assert len(story_pages) >= len(PAYLOADS) - 3
    return {url: found for url, found in problems.items() if found}


def assert_story_pages_carry_valid_json_ld(stories) -> None:
    from django.test import Client

    client = Client()
    for story in stories:
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200, story.headline
        (article,) = json_ld_blocks(response.content.decode())
        assert article["headline"].startswith(story.headline[:100]), story.headline


def story_form(payload: str, position: int, section, image: Image | None) -> dict:
    return {
        "headline": payload,
        "slug": f"xss-{position}",
        "dek": payload,
        "body": f"<p>{SEARCH_WORD} {position}</p>{payload}",
        "section": section.pk,
        "lead_image": image.pk if image else "",
        "new_tags": f'"{payload[:100]}"',
        "byline_override": payload,
        "dateline": payload[:100],
        "seo_title": payload,
        "seo_description": payload,
        "usage_terms": payload,
        "priority": position % 3,
        "storyauthor_set-TOTAL_FORMS": 0,
        "storyauthor_set-INITIAL_FORMS": 0,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
    }


def image_form(payload: str, position: int) -> dict:
    upload = jpeg_bytes(width=64 + position, colour=(position, 255 - position, 7))
    return {
        "file": SimpleUploadedFile(f"photo-{position}.jpg", upload, content_type="image/jpeg"),
        "alt_text": payload,
        "title": payload,
        "caption": payload,
        "credit": payload,
        "agency": payload,
        "copyright_notice": payload,
        "usage_terms": payload,
        "focal_x": 0.5,
        "focal_y": 0.5,
    }


def test_payloads_through_the_admin_forms_never_reach_a_reader_as_script(client, superuser):
    section = SectionFactory(slug="news")
    client.force_login(superuser)
    accepted = 0
    for position, payload in enumerate(PAYLOADS):
        response = client.post("/admin/articles/image/add/", image_form(payload, position))
        if "\x00" in payload:
            assert response.status_code == 200
            assert "Null characters are not allowed." in response.content.decode()
            continue
        assert response.status_code == 302, (payload, response.content.decode()[:2000])
        image = Image.objects.latest("pk")
        response = client.post(
            "/admin/articles/story/add/", story_form(payload, position, section, image)
        )
        assert response.status_code == 302, (payload, response.content.decode()[:2000])
        workflow.publish(Story.objects.get(slug=f"xss-{position}"), superuser)
        accepted += 1
    client.logout()
    assert Story.objects.published().count() == accepted >= len(PAYLOADS) - 3

    assert crawl_problems() == {}
    assert_story_pages_carry_valid_json_ld(Story.objects.all())


def rss_item(payload: str, position: int, picture_url: str) -> str:
    text = escape(payload)
    # A headline with nothing but markup is refused, so each starts with words.
    return (
        f"<item><title>Item {position} {text}</title><link>{text}</link>"
        f'<guid isPermaLink="false">xss-{position}</guid>'
        f"<description>{text}</description>"
        f"<content:encoded>{escape(f'<p>{SEARCH_WORD}</p>{payload}')}</content:encoded>"
        f"<dc:creator>{text}</dc:creator><category>{text}</category>"
        f"<pubDate>Mon, 23 Nov 2026 09:{position % 60:02d}:00 GMT</pubDate>"
        f'<media:content url="{picture_url}" type="image/jpeg" medium="image">'
        f"<media:description>{text}</media:description><media:credit>{text}</media:credit>"
        f"<media:copyright>{text}</media:copyright></media:content></item>"
    )


def rss_document(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Courier</title><link>https://courier.example.org/</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>"
    )


def ninjs_item(payload: str, position: int, picture_url: str) -> dict:
    return {
        "uri": f"urn:newsml:courier:xss-{position}",
        "headlines": [{"role": "main", "value": f"Item {position} {payload}"}],
        "descriptions": [{"role": "summary", "value": payload}],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": f"<p>{SEARCH_WORD}</p>{payload}"}
        ],  # fmt: skip
        "by": payload,
        "located": payload,
        "firstcreated": f"2026-11-23T10:{position % 60:02d}:00Z",
        "subjects": [{"name": payload, "rel": "tag"}],
        "altids": [{"role": "url", "value": payload}],
        "associations": {
            "featureimage": {
                "type": "picture",
                "by": payload,
                "copyrightnotice": payload,
                "descriptions": [{"role": "caption", "value": payload}],
                "renditions": [{"href": picture_url, "width": 64, "height": 48}],
            }
        },
    }


@pytest.fixture
def pictures(local_server, settings):
    """One distinct picture per payload, served on loopback for ingest to download."""
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    urls = []
    for position in range(len(PAYLOADS)):
        (local_server.root / f"{position}.jpg").write_bytes(
            jpeg_bytes(colour=(position, 3, 255 - position))
        )
        urls.append(f"{local_server.url}/{position}.jpg")
    return urls


@pytest.mark.parametrize("kind", ["rss", "ninjs"])
def test_payloads_through_ingest_never_reach_a_reader_as_script(tmp_path, pictures, kind):
    SectionFactory(slug="news")
    SourceFactory(slug="courier", auto_publish=True)
    if kind == "rss":
        # XML 1.0 cannot carry most control characters at all, escaped or not.
        payloads = [payload for payload in PAYLOADS if not CONTROL_CHARACTERS.search(payload)]
        items = [rss_item(p, n, pictures[n]) for n, p in enumerate(payloads)]
        document = rss_document(items)
    else:
        payloads = PAYLOADS
        items = [ninjs_item(p, n, pictures[n]) for n, p in enumerate(payloads)]
        document = json.dumps({"items": items})
    path = tmp_path / f"partner.{kind}"
    path.write_text(document, encoding="utf-8")

    call_command("ingest", str(path), "--source", "courier")

    stories = Story.objects.published()
    assert stories.count() == len(payloads)
    assert stories.filter(lead_image__isnull=False).count() == len(payloads)
    assert not any(dangerous_url(url) for url in stories.values_list("original_url", flat=True))
    assert crawl_problems() == {}
    assert_story_pages_carry_valid_json_ld(stories)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
     "vbscript:msgbox(1)", " javascript:alert(1)", "java\tscript:alert(1)"],
)  # fmt: skip
def test_the_admin_refuses_a_script_address_as_the_original(client, superuser, url):
    section = SectionFactory()
    client.force_login(superuser)
    form = story_form("Harbour dredging", 0, section, image=None)
    response = client.post("/admin/articles/story/add/", {**form, "original_url": url})
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Story.objects.exists()
