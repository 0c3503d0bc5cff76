"""Fixtures of the story body's tests: a local oEmbed provider."""

from tests.support.oembed import provider  # noqa: F401
