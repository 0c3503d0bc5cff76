"""Embeds: the provider is asked over real HTTP by a task after the save, never by readers."""

import pytest
from django.contrib.messages import get_messages

from articles.models import BodyImage, FailedTask, Image, Story
from tests.support.factories import SectionFactory, StoryFactory, jpeg_bytes
from tests.support.oembed import VIDEO, oembed_answer
from tests.support.recording_server import Answer

pytestmark = pytest.mark.django_db


def form_data(story: Story, body: str) -> dict:
    return {
        "headline": story.headline,
        "slug": story.slug,
        "dek": story.dek,
        "body": body,
        "section": story.section_id,
        "priority": story.priority,
        "expected_version": story.version,
        "storyauthor_set-TOTAL_FORMS": 0,
        "storyauthor_set-INITIAL_FORMS": 0,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
    }


def save(client, story, body, committed):
    """Save through the admin and commit, as a real request does: the task runs then."""
    with committed():
        response = client.post(
            f"/admin/articles/story/{story.pk}/change/", form_data(story, body), follow=True
        )
    story.refresh_from_db()
    return response


def test_saving_asks_the_provider_after_the_commit_and_keeps_title_author_and_thumbnail(
    admin_client, provider, committed
):
    provider.answers = [
        oembed_answer(provider),
        Answer(body=jpeg_bytes(480, 360), content_type="image/jpeg"),
    ]
    story = StoryFactory()
    version = story.version
    response = save(
        admin_client, story, f'<p>Watch:</p><figure data-embed="{VIDEO}"></figure>', committed
    )
    notices = [m.message for m in get_messages(response.wsgi_request)]
    assert any("asked of its provider in the background" in notice for notice in notices)

    oembed, thumbnail = provider.received
    assert oembed.path.startswith("/oembed?")
    assert "url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ" in oembed.path
    assert "format=json" in oembed.path
    assert thumbnail.path == "/thumb.jpg"
    image = Image.objects.get()
    assert (image.caption, image.credit, image.agency, image.width) == (
        "Storm over the harbour wall",
        "Port TV",
        "YouTube",
        480,
    )
    assert story.body == (
        f'<p>Watch:</p><figure data-embed="{VIDEO}" data-title="Storm over the harbour wall" '
        f'data-author="Port TV" data-thumbnail="{image.pk}"></figure>'
    )
    assert BodyImage.objects.get(story=story).role == "embed_thumbnail"
    # The editor's save is the only new version: the provider's details are not an edit.
    assert story.version == version + 1

    # Saved again, the embed is not asked about twice.
    save(admin_client, story, story.body, committed)
    assert len(provider.received) == 2


def test_an_unreachable_provider_keeps_the_address_and_is_listed_for_staff_with_its_reason(
    admin_client, settings, closed_port, committed
):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    settings.EMBED_PROVIDERS = {
        **settings.EMBED_PROVIDERS,
        "youtube": {
            **settings.EMBED_PROVIDERS["youtube"],
            "oembed": f"http://127.0.0.1:{closed_port}/oembed",
        },
    }
    story = StoryFactory()
    response = save(admin_client, story, f'<figure data-embed="{VIDEO}"></figure>', committed)
    assert response.status_code == 200
    assert story.body == f'<figure data-embed="{VIDEO}"></figure>'
    [failed] = FailedTask.objects.all()
    assert failed.task_path == "articles.background.tasks.fetch_story_embeds"
    assert failed.arguments == {"args": [story.pk], "kwargs": {}}
    assert "YouTube could not be asked about it" in failed.error
    listed = admin_client.get("/admin/articles/failedtask/").content.decode()
    assert "fetch story embeds" in listed and "could not be asked about it" in listed


def test_a_provider_answering_nonsense_is_not_a_server_error(admin_client, provider, committed):
    provider.answers = [Answer(body=b"<html>not json</html>", content_type="text/html")]
    story = StoryFactory()
    response = save(admin_client, story, f'<figure data-embed="{VIDEO}"></figure>', committed)
    assert response.status_code == 200
    assert story.body == f'<figure data-embed="{VIDEO}"></figure>'
    assert "not JSON" in FailedTask.objects.get().error


def test_an_unknown_address_becomes_a_plain_link_without_asking_anyone(
    admin_client, provider, committed
):
    story = StoryFactory()
    save(admin_client, story, '<figure data-embed="https://video.example/1"></figure>', committed)
    assert provider.received == []
    assert story.body == (
        '<p><a href="https://video.example/1" rel="noopener noreferrer">'
        "https://video.example/1</a></p>"
    )


def test_an_embed_not_yet_asked_about_shows_its_address_as_a_link(client):
    story = StoryFactory(published=True, body=f'<figure data-embed="{VIDEO}"></figure>')
    html = client.get(story.get_absolute_url()).content.decode().replace("&amp;", "&")
    assert "embed-pending" in html
    assert f'<a href="{VIDEO}" rel="noopener">YouTube: {VIDEO}</a>' in html


def test_the_csp_allows_exactly_the_allow_listed_players(client):
    story = StoryFactory(published=True, section=SectionFactory())
    policy = client.get(story.get_absolute_url())["Content-Security-Policy"]
    frame_src = next(p for p in policy.split(";") if p.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == [
        "https://datawrapper.dwcdn.net",
        "https://flo.uri.sh",
        "https://open.spotify.com",
        "https://platform.twitter.com",
        "https://player.vimeo.com",
        "https://w.soundcloud.com",
        "https://www.facebook.com",
        "https://www.google.com",
        "https://www.instagram.com",
        "https://www.tiktok.com",
        "https://www.youtube-nocookie.com",
    ]


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://x.com/harbour/status/1234567890",
         "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true"),
        ("https://twitter.com/harbour/status/1234567890",
         "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true"),
        ("https://www.instagram.com/p/Cabc-123/", "https://www.instagram.com/p/Cabc-123/embed/"),
        ("https://www.facebook.com/harbour/posts/1234",
         "https://www.facebook.com/plugins/post.php?href="
         "https%3A%2F%2Fwww.facebook.com%2Fharbour%2Fposts%2F1234"),
        ("https://www.tiktok.com/@harbour/video/7012345678901234567",
         "https://www.tiktok.com/embed/v2/7012345678901234567"),
        ("https://soundcloud.com/harbour-radio/storm-report",
         "https://w.soundcloud.com/player/?url="
         "https%3A%2F%2Fsoundcloud.com%2Fharbour-radio%2Fstorm-report"),
        ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
         "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
        ("https://datawrapper.dwcdn.net/AbC12/3/", "https://datawrapper.dwcdn.net/AbC12/"),
        ("https://public.flourish.studio/visualisation/1234567/",
         "https://flo.uri.sh/visualisation/1234567/embed"),
        ("https://www.google.com/maps/embed?pb=!1m18!1m12!1m3",
         "https://www.google.com/maps/embed?pb=!1m18!1m12!1m3"),
    ],
)  # fmt: skip
def test_each_allow_listed_provider_plays_from_its_own_player(url, player):
    from articles.body.providers import match_embed

    assert match_embed(url).player_url == player


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n<script>",
    ],
)
def test_addresses_that_only_look_like_a_providers_are_not_embeds(url):
    from articles.body.providers import match_embed

    assert match_embed(url) is None
