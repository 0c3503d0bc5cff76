"""Production settings with no page cache in front: every request misses it, as the pages a
publish has just invalidated do, while the fragments (teasers, feed and API items) stay
kept in the cache (Redis) and are reused."""

from newsroom.settings import *  # noqa: F403

MIDDLEWARE = [
    name
    for name in MIDDLEWARE  # noqa: F405
    if name != "articles.pagecache.middleware.PublicPageCacheMiddleware"
]
