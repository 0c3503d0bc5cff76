"""What an embed's provider says about it (oEmbed), asked when a story is saved.

``fill_embeds`` is a plain service: given a body, it asks the provider of each embed not
yet asked (through ingest's safe fetcher: http/https only, no private addresses, size and
time limits), stores the thumbnail in the library like any picture, and writes title,
author and thumbnail into the body. A provider that cannot be reached keeps the address;
the reasons come back for the editor. Nothing here raises for a provider's failure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings

from articles.body import elements, tree
from articles.body.providers import EmbedAddress, match_embed
from articles.ingest.fetch import FetchError, download_picture, fetch
from articles.sanitize import MAX_EMBED_TEXT_LENGTH, sanitize_html

# Providers whose oEmbed answers only with an app token (settings.EMBED_FACEBOOK_ACCESS_TOKEN).
TOKEN_PROVIDERS = ("instagram", "facebook")
MAX_PLAYER_WIDTH = 1280


class EmbedUnavailable(Exception):
    """The provider gave nothing usable about the item; the message says why."""


@dataclass(frozen=True)
class EmbedDetails:
    """What the body keeps of a provider's answer."""

    title: str
    author: str = ""
    thumbnail_id: int | None = None
    problem: str = ""


@dataclass
class FilledBody:
    """A body with its embeds filled in, and what the editor should know."""

    body: str
    problems: list[str] = field(default_factory=list)


def fill_embeds(*, body: str) -> FilledBody:
    """``body`` with every embed not yet asked about filled in from its provider."""
    parsed = tree.parse(body)
    answers: dict[str, EmbedDetails | str] = {}
    problems: list[str] = []
    for element in parsed.iter():
        if not elements.is_embed(element) or elements.embed_of(element).fetched:
            continue
        url = element.attrs["data-embed"]
        address = match_embed(url)
        if address is None:
            continue
        if url not in answers:
            try:
                answers[url] = fetch_embed_details(address)
            except (FetchError, EmbedUnavailable) as error:
                problem = (
                    f"The {address.provider.name} embed {url} is kept as an address only: "
                    f"{address.provider.name} could not be asked about it ({error}). Readers "
                    "see a link to it; save the story again to try again."
                )
                answers[url] = problem
                problems.append(problem)
        details = answers[url]
        if isinstance(details, str):
            continue
        if details.problem and details.problem not in problems:
            problems.append(details.problem)
        element.attrs["data-title"] = details.title
        if details.author:
            element.attrs["data-author"] = details.author
        if details.thumbnail_id:
            element.attrs["data-thumbnail"] = str(details.thumbnail_id)
    if not answers:
        return FilledBody(body=body)
    return FilledBody(body=sanitize_html(tree.to_html(parsed.children)), problems=problems)


def fetch_embed_details(address: EmbedAddress) -> EmbedDetails:
    """Ask the provider's oEmbed endpoint about the item; its thumbnail joins the library."""
    provider = address.provider
    if not provider.oembed:
        return EmbedDetails(title=provider.name)
    query = {"url": address.url, "format": "json", "maxwidth": MAX_PLAYER_WIDTH}
    if provider.key in TOKEN_PROVIDERS and settings.EMBED_FACEBOOK_ACCESS_TOKEN:
        query["access_token"] = settings.EMBED_FACEBOOK_ACCESS_TOKEN
    separator = "&" if "?" in provider.oembed else "?"
    answer = fetch(
        f"{provider.oembed}{separator}{urlencode(query)}",
        max_bytes=settings.EMBED_MAX_OEMBED_BYTES,
        accept="application/json",
    )
    try:
        data = json.loads(answer)
    except (ValueError, UnicodeDecodeError) as error:
        raise EmbedUnavailable(f"its answer is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise EmbedUnavailable("its answer is not an oEmbed object")
    title = _text(data.get("title")) or provider.name
    author = _text(data.get("author_name"))
    thumbnail_url = data.get("thumbnail_url")
    if not isinstance(thumbnail_url, str) or not thumbnail_url.startswith(("http://", "https://")):
        return EmbedDetails(title=title, author=author)
    try:
        thumbnail = download_picture(
            thumbnail_url,
            agency=provider.name,
            caption=title,
            credit=author or provider.name,
            copyright="",
        )
    except FetchError as error:
        problem = f"The thumbnail of the {provider.name} embed “{title}” was not stored: {error}"
        return EmbedDetails(title=title, author=author, problem=problem)
    return EmbedDetails(title=title, author=author, thumbnail_id=thumbnail.pk)


def _text(value) -> str:
    return " ".join(str(value).split())[:MAX_EMBED_TEXT_LENGTH] if value else ""
