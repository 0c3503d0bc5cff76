import logging
import socket
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from tests.support.factories import StoryFactory


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resilient_cache(location: str):
    settings = {
        "default": {
            "BACKEND": "articles.pagecache.resilient_redis.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    return override_settings(CACHES=settings)


def redis_is_running() -> bool:
    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def test_unreachable_redis_misses_and_drops_writes_with_a_logged_warning(caplog):
    with resilient_cache(f"redis://127.0.0.1:{closed_port()}/0"):
        cache = caches["default"]
        with caplog.at_level(logging.WARNING, logger="articles.pagecache.resilient_redis"):
            assert cache.get("front", "fallback") == "fallback"
            assert cache.set("front", "<html>") is None
            assert cache.add("front", "<html>") is False
            assert cache.delete("front") is False
            assert cache.get_many(["a", "b"]) == {}
            assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
            assert cache.has_key("front") is False
            assert cache.get_or_set("front", "computed") == "computed"
            assert cache.touch("front") is False
            cache.delete_many(["a", "b"])
            assert cache.clear() is False
            with pytest.raises(ValueError):
                cache.incr("hits")
    assert "Cache unavailable, get skipped" in caplog.text
    assert "Cache unavailable, set skipped" in caplog.text


@pytest.mark.django_db
def test_site_keeps_serving_from_the_database_while_redis_is_down(client, caplog):
    story = StoryFactory(published=True, headline="Harbour reopens")
    with resilient_cache(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get(story.get_absolute_url())
        caches["default"].set("front-page", "stale")
        assert caches["default"].get("front-page") is None
    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_real_redis_still_caches():
    with resilient_cache("redis://127.0.0.1:6379/0"):
        cache = caches["default"]
        cache.set("front", {"stories": [1, 2]}, 30)
        assert cache.get("front") == {"stories": [1, 2]}
        assert cache.add("front", "other") is False
        cache.set("hits", 1, 30)
        assert cache.incr("hits") == 2
        assert cache.delete("front") is True
        assert cache.get("front", "gone") == "gone"
        cache.delete("hits")


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_errors_other_than_an_outage_are_not_swallowed():
    with resilient_cache("redis://127.0.0.1:6379/0"):
        cache = caches["default"]
        cache.set("headline", "not a number", 30)
        with pytest.raises(redis.exceptions.ResponseError):
            cache.incr("headline")
        cache.delete("headline")
