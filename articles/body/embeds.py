"""What an embed's provider says about it (oEmbed), asked by a background task.

Saving a story or live update whose body has embeds not yet asked about enqueues
``articles.background.tasks.fetch_story_embeds`` (``fetch_live_update_embeds``); until it
has run, pages show the embed's address as a link. The task calls ``ask_providers``
(through ingest's safe fetcher: http/https only, no private addresses, size and time
limits; thumbnails join the library like any picture), then the workflow (the live
services) writes the answers into whatever the body is by then with ``fill_in``. A
provider that cannot be reached leaves the address and a reason; the task raises it, so it
is retried and, failing for good, listed for staff with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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
class Answers:
    """What the providers said, by embed address; the providers that could not be asked
    (``failures``: worth asking again) and answers that came without their thumbnail."""

    details: dict[str, EmbedDetails] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def waiting_addresses(body: str) -> list[str]:
    """The addresses of the body's allow-listed embeds not yet asked about, once each."""
    if "data-embed" not in body:
        return []
    found = (
        embed.url
        for embed in elements.embeds(tree.parse(body))
        if not embed.fetched and match_embed(embed.url) is not None
    )
    return list(dict.fromkeys(found))


def ask_providers(*, body: str) -> Answers:
    """Ask the provider of each embed of ``body`` not yet asked about; never raises for them."""
    answers = Answers()
    for url in waiting_addresses(body):
        address = match_embed(url)
        if address is None:
            continue
        try:
            details = fetch_embed_details(address)
        except (FetchError, EmbedUnavailable) as error:
            answers.failures.append(
                f"The {address.provider.name} embed {url} is kept as an address only: "
                f"{address.provider.name} could not be asked about it ({error}). Readers "
                "see a link to it until it answers."
            )
            continue
        answers.details[url] = details
        if details.problem:
            answers.problems.append(details.problem)
    return answers


def fill_in(body: str, details: Mapping[str, EmbedDetails]) -> str:
    """``body`` with the embeds still waiting for ``details`` filled in; the rest untouched.

    Applied to the body as it is when the answers arrive, so text written meanwhile stays.
    """
    parsed = tree.parse(body)
    filled = False
    for element in parsed.iter():
        if not elements.is_embed(element) or elements.embed_of(element).fetched:
            continue
        found = details.get(element.attrs["data-embed"])
        if found is None:
            continue
        element.attrs["data-title"] = found.title
        if found.author:
            element.attrs["data-author"] = found.author
        if found.thumbnail_id:
            element.attrs["data-thumbnail"] = str(found.thumbnail_id)
        filled = True
    if not filled:
        return body
    return sanitize_html(tree.to_html(parsed.children))


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
