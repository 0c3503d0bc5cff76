"""The embed providers an editor may place in a story: which addresses, and how they play.

The allow-list is ``settings.EMBED_PROVIDERS``. Each provider names the addresses it
serves (regular expressions matched against the whole URL), the player each address
becomes (a template filled from the expression's named groups, URL-encoded), the origins
its players load from (the CSP's ``frame-src``) and its oEmbed endpoint, if it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class EmbedProvider:
    """One allow-listed provider, as configured."""

    key: str
    name: str
    oembed: str
    frame_origins: tuple[str, ...]
    addresses: tuple[tuple[re.Pattern, str], ...]


@dataclass(frozen=True)
class EmbedAddress:
    """An address a provider serves, with the player URL it becomes."""

    provider: EmbedProvider
    url: str
    player_url: str


# The configuration last compiled, and what it compiled to.
_compiled: tuple[object, tuple[EmbedProvider, ...]] = (None, ())


def providers() -> tuple[EmbedProvider, ...]:
    """The providers of ``settings.EMBED_PROVIDERS``, compiled once per configuration."""
    global _compiled
    configured = settings.EMBED_PROVIDERS
    if _compiled[0] is not configured:
        _compiled = (
            configured,
            tuple(_provider(key, config) for key, config in configured.items()),
        )
    return _compiled[1]


def _provider(key: str, config: dict) -> EmbedProvider:
    return EmbedProvider(
        key=key,
        name=config["name"],
        oembed=config.get("oembed", ""),
        frame_origins=tuple(config.get("frame_origins", ())),
        addresses=tuple((re.compile(pattern), player) for pattern, player in config["urls"]),
    )


def match_embed(url: str) -> EmbedAddress | None:
    """The provider serving ``url`` and its player, or None for any other address."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH or not url.startswith(("https://", "http://")):
        return None
    for provider in providers():
        for pattern, player in provider.addresses:
            found = pattern.fullmatch(url)
            if found:
                values = {
                    name: quote(value or "", safe="!*.:-_~%")
                    for name, value in found.groupdict().items()
                }
                return EmbedAddress(provider, url, player.format(url=quote(url, safe=""), **values))
    return None


def frame_origins() -> list[str]:
    """Every origin an allow-listed player loads from, for the CSP's ``frame-src``."""
    return sorted({origin for provider in providers() for origin in provider.frame_origins})
