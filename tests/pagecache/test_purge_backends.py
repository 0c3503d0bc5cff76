"""The CDN purge backends, each against a real local HTTP server that records what it got."""

from __future__ import annotations

import json
import logging

import pytest

from articles.pagecache import keys as cache_keys
from articles.pagecache import purge
from articles.pagecache.purge import (
    CloudflarePurgeBackend,
    FastlyPurgeBackend,
    GenericPurgeBackend,
    HookPurgeBackend,
    PurgeFailed,
    purge_keys,
)
from tests.support.recording_server import Answer

KEYS = [cache_keys.story(number) for number in range(1, 8)]
CLOUDFLARE_OK = Answer(body=json.dumps({"success": True, "errors": [], "result": {}}).encode())


def many_keys(count: int) -> list[str]:
    return sorted(cache_keys.story(number) for number in range(count))


def test_generic_backend_posts_the_keys_as_json(purge_receiver):
    backend = GenericPurgeBackend(url=f"{purge_receiver.url}/relay", timeout=5)
    backend.purge(reversed(KEYS))
    [request] = purge_receiver.received
    assert (request.method, request.path) == ("POST", "/relay")
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {"surrogate_keys": sorted(KEYS)}


def test_generic_backend_can_send_purge_requests_with_a_surrogate_key_header(purge_receiver):
    backend = GenericPurgeBackend(url=f"{purge_receiver.url}/", method="PURGE", timeout=5)
    backend.purge(KEYS)
    [request] = purge_receiver.received
    assert (request.method, request.path) == ("PURGE", "/")
    assert request.headers["surrogate-key"] == " ".join(sorted(KEYS))
    assert request.body == b""


def test_generic_backend_splits_batches_by_its_limit(purge_receiver):
    backend = GenericPurgeBackend(url=purge_receiver.url, timeout=5, batch_size=3)
    backend.purge(KEYS)
    batches = [request.json()["surrogate_keys"] for request in purge_receiver.received]
    assert [len(batch) for batch in batches] == [3, 3, 1]
    assert [key for batch in batches for key in batch] == sorted(KEYS)


def test_fastly_backend_purges_256_keys_a_call_with_its_token(purge_receiver):
    backend = FastlyPurgeBackend(
        service_id="SU1Z0isxPaozGVKXdv0eY",
        api_token="fastly-secret-token",
        api_url=purge_receiver.url,
        timeout=5,
    )
    backend.purge(many_keys(600))
    received = purge_receiver.received
    assert {(request.method, request.path) for request in received} == {
        ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    }
    assert {request.headers["fastly-key"] for request in received} == {"fastly-secret-token"}
    batches = [request.headers["surrogate-key"].split(" ") for request in received]
    assert [len(batch) for batch in batches] == [256, 256, 88]
    assert [key for batch in batches for key in batch] == many_keys(600)


def test_cloudflare_backend_purges_30_tags_a_call_with_a_bearer_token(purge_receiver):
    purge_receiver.default = CLOUDFLARE_OK
    backend = CloudflarePurgeBackend(
        zone_id="023e105f4ecef8ad9ca31a8372d0c353",
        api_token="cloudflare-secret-token",
        api_url=f"{purge_receiver.url}/client/v4",
        timeout=5,
    )
    backend.purge(many_keys(65))
    received = purge_receiver.received
    assert {(request.method, request.path) for request in received} == {
        ("POST", "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")
    }
    assert {request.headers["authorization"] for request in received} == {
        "Bearer cloudflare-secret-token"
    }
    assert {request.headers["content-type"] for request in received} == {"application/json"}
    batches = [request.json()["tags"] for request in received]
    assert [len(batch) for batch in batches] == [30, 30, 5]
    assert [key for batch in batches for key in batch] == many_keys(65)


def test_cloudflare_refusal_in_a_200_answer_is_a_failure(purge_receiver):
    refusal = {"success": False, "errors": [{"code": 10000, "message": "Authentication error"}]}
    purge_receiver.default = Answer(body=json.dumps(refusal).encode())
    backend = CloudflarePurgeBackend(
        zone_id="zone", api_token="token", api_url=purge_receiver.url, timeout=5
    )
    with pytest.raises(PurgeFailed, match="Authentication error") as failure:
        backend.purge(KEYS)
    assert failure.value.keys == sorted(KEYS)


def test_a_failed_batch_does_not_stop_the_others(purge_receiver):
    purge_receiver.answers = [Answer(), Answer(status=500, body=b"oops"), Answer()]
    backend = GenericPurgeBackend(url=purge_receiver.url, timeout=5, batch_size=3)
    with pytest.raises(PurgeFailed, match="500") as failure:
        backend.purge(KEYS)
    assert len(purge_receiver.received) == 3
    assert failure.value.keys == sorted(KEYS)[3:6]


@pytest.mark.parametrize("status", [500, 503, 403])
def test_purge_keys_logs_a_refusal_and_raises_nothing(purge_receiver, settings, caplog, status):
    settings.CACHE_PURGE_BACKEND = "fastly"
    settings.FASTLY_SERVICE_ID = "service"
    settings.FASTLY_API_TOKEN = "fastly-secret-token"
    settings.FASTLY_API_URL = purge_receiver.url
    purge_receiver.default = Answer(status=status, body=b"no")
    with caplog.at_level(logging.ERROR, logger="articles.pagecache.purge"):
        assert purge_keys(KEYS) is None
    assert len(purge_receiver.received) == 1
    assert str(status) in caplog.text
    assert cache_keys.story(1) in caplog.text
    assert "fastly-secret-token" not in caplog.text


def test_purge_keys_logs_an_unreachable_cdn_and_raises_nothing(settings, caplog, closed_port):
    settings.CACHE_PURGE_BACKEND = "cloudflare"
    settings.CLOUDFLARE_ZONE_ID = "zone"
    settings.CLOUDFLARE_API_TOKEN = "cloudflare-secret-token"
    settings.CLOUDFLARE_API_URL = f"http://127.0.0.1:{closed_port}"
    with caplog.at_level(logging.ERROR, logger="articles.pagecache.purge"):
        assert purge_keys(KEYS) is None
    assert "could not be reached" in caplog.text
    assert "cloudflare-secret-token" not in caplog.text


def test_purge_keys_sends_nothing_without_keys(purge_receiver, settings):
    settings.CACHE_PURGE_URL = purge_receiver.url
    purge_keys([])
    assert purge_receiver.received == []


def test_the_settings_choose_the_backend(settings):
    settings.CACHE_PURGE_HOOK = settings.CACHE_PURGE_URL = ""
    assert purge.configured_backend() is None
    settings.CACHE_PURGE_URL = "http://relay.example.org/purge"
    assert isinstance(purge.configured_backend(), GenericPurgeBackend)
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_purge.record_purge"
    assert isinstance(purge.configured_backend(), HookPurgeBackend)
    settings.CACHE_PURGE_BACKEND = "fastly"
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "service", "token"
    fastly = purge.configured_backend()
    assert isinstance(fastly, FastlyPurgeBackend)
    assert fastly.url == "https://api.fastly.com/service/service/purge"
    settings.CACHE_PURGE_BACKEND = "cloudflare"
    settings.CLOUDFLARE_ZONE_ID, settings.CLOUDFLARE_API_TOKEN = "zone", "token"
    cloudflare = purge.configured_backend()
    assert isinstance(cloudflare, CloudflarePurgeBackend)
    assert cloudflare.url == "https://api.cloudflare.com/client/v4/zones/zone/purge_cache"
