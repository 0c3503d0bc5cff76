"""A local server in YouTube's place for embed tests: its oEmbed endpoint, then a thumbnail."""

from __future__ import annotations

import json

import pytest

from tests.support.recording_server import Answer, RecordingServer

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def provider(settings):
    """YouTube's oEmbed endpoint answered by a real local server that records requests."""
    server = RecordingServer().start()
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    settings.EMBED_PROVIDERS = {
        **settings.EMBED_PROVIDERS,
        "youtube": {**settings.EMBED_PROVIDERS["youtube"], "oembed": f"{server.url}/oembed"},
    }
    yield server
    server.stop()


def oembed_answer(server: RecordingServer, **fields) -> Answer:
    data = {
        "type": "video",
        "version": "1.0",
        "title": "Storm over the harbour wall",
        "author_name": "Port TV",
        "provider_name": "YouTube",
        "thumbnail_url": f"{server.url}/thumb.jpg",
        **fields,
    }
    return Answer(body=json.dumps(data).encode())
