"""Production settings with the cache switched off, to measure what every page costs uncached."""

from newsroom.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
