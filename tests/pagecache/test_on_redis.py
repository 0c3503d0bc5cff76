"""The page cache on a real Redis, under a key prefix of its own."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.db import transaction

from tests.support.page_cache import (
    prime,
    unpublish,
    update,
    urls_of,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
class TestOnRedis:
    """The same scheme on the real Redis, under a key prefix of its own."""

    @pytest.fixture(
        autouse=True,
        params=[
            "django.core.cache.backends.redis.RedisCache",
            "articles.pagecache.resilient_redis.ResilientRedisCache",
        ],
    )
    def redis_cache(self, settings, page_cache, request):
        prefix = f"newsroom-test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": request.param,
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)

    def test_hits_and_exact_invalidation(
        self, client, newsroom, committed, django_assert_num_queries
    ):
        urls = urls_of(newsroom)
        prime(client, urls)
        with django_assert_num_queries(0):
            assert client.get(urls["story_a"])["X-Cache"] == "HIT"

        with committed():
            update(newsroom, {})

        changed = client.get(urls["story_a"])
        assert changed["X-Cache"] == "MISS"
        assert b"with changes" in changed.content
        assert b"with changes" in client.get(urls["feed_latest"]).content
        assert client.get(urls["section_b"])["X-Cache"] == "HIT"
        assert client.get(urls["story_b"])["X-Cache"] == "HIT"

    def test_rollback_keeps_every_page(self, client, newsroom, committed):
        urls = urls_of(newsroom)
        prime(client, urls)
        with committed(), pytest.raises(RuntimeError), transaction.atomic():
            unpublish(newsroom, {})
            raise RuntimeError("kept")
        assert client.get(urls["story_a"])["X-Cache"] == "HIT"
