"""A Redis cache that never takes the site down with it.

When Redis cannot be reached, reads miss and writes are dropped; the error is logged and
the page is served from the database instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _log_unavailable(operation: str, error: Exception) -> None:
    logger.warning("Cache unavailable, %s skipped: %s", operation, error)


def _on_outage(fallback: Callable[..., Any]) -> Callable:
    """Run the cache operation; on a Redis outage, log and answer ``fallback(*args)``."""

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except REDIS_UNAVAILABLE as error:
                _log_unavailable(method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _missing_key(key: str, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unavailable).")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client holder, keeping one redis-py client per connection pool.

    Django builds a new redis-py client for every cache operation, and building one (which
    fills a table of some 170 response callbacks) cost more than a cached page's round trip
    to Redis. A client is safe to share: it takes a connection from its pool per command.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Django's own client holder's internals (django-stubs leave them out).
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degraded to a cache that always misses while Redis is down.

    Keys come from ``articles.pagecache.keys`` and are not checked for memcached's limits
    on every call (the check cost a tenth of a cached page's time).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key: str) -> None:
        """Redis takes any key; memcached's limits do not apply."""

    @_on_outage(lambda key, default=None, version=None: default)
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return super().get(key, default, version)

    @_on_outage(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        super().set(key, value, timeout, version)

    @_on_outage(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return super().add(key, value, timeout, version)

    @_on_outage(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return super().touch(key, timeout, version)

    @_on_outage(lambda *args, **kwargs: False)
    def delete(self, key, version=None) -> bool:
        return super().delete(key, version)

    @_on_outage(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None) -> dict:
        return super().get_many(keys, version)

    @_on_outage(lambda *args, **kwargs: False)
    def has_key(self, key, version=None) -> bool:
        return super().has_key(key, version)

    @_on_outage(_missing_key)
    def incr(self, key, delta=1, version=None) -> int:
        return super().incr(key, delta, version)

    @_on_outage(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return super().set_many(data, timeout, version)

    @_on_outage(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None) -> None:
        super().delete_many(keys, version)

    @_on_outage(lambda *args, **kwargs: False)
    def clear(self) -> bool:
        return bool(super().clear())
