"""Fetching what sources offer: only http(s), only public hosts, within size and time limits."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from time import monotonic
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles.images.uploads import DuplicateImage, create_image_from_upload
from articles.models import Image

CHUNK_BYTES = 64 * 1024
FEED_TYPES = "application/rss+xml, application/atom+xml, application/json, */*;q=0.5"


class FetchError(Exception):
    """What was asked for could not be fetched; the message says why."""


def check_url(url: str) -> None:
    """Refuse anything but http(s), and private addresses unless the settings allow them."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http or https address.")
    if settings.INGEST_ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{parts.hostname} could not be resolved: {error}") from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(f"{parts.hostname} is a private address ({address}); refused.")


class CheckedRedirectHandler(HTTPRedirectHandler):
    """Follows a redirect only to an address check_url accepts."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int, accept: str = "*/*") -> bytes:
    """The body at ``url``, refused if it is larger than ``max_bytes``."""
    check_url(url)
    request = Request(
        url, headers={"User-Agent": f"Newsroom ingest (+{settings.SITE_URL})", "Accept": accept}
    )
    opener = build_opener(CheckedRedirectHandler)
    try:
        with opener.open(request, timeout=settings.INGEST_TIMEOUT) as response:
            declared = response.headers.get("Content-Length")
            # isdigit() alone is true of "²", which int() refuses; the read limit still holds.
            if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url} is {declared} bytes, over the limit of {max_bytes}.")
            body = _read_within(response, url, max_bytes)
    except HTTPError as error:
        raise FetchError(f"{url} answered {error.code} {error.reason}.") from error
    except URLError as error:
        raise FetchError(f"{url} could not be reached: {error.reason}.") from error
    except (TimeoutError, OSError, ValueError) as error:
        raise FetchError(f"{url} could not be read: {error}.") from error
    if len(body) > max_bytes:
        raise FetchError(f"{url} is larger than the limit of {max_bytes} bytes.")
    return body


def _read_within(response, url: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` + 1, giving up once the whole read takes longer than allowed.

    The socket timeout only bounds each wait, so a server dripping bytes needs this deadline;
    ``read1`` returns what has arrived rather than waiting for a whole chunk, so it is checked.
    """
    deadline = monotonic() + settings.INGEST_TIMEOUT
    chunks, size = [], 0
    while size <= max_bytes:
        chunk = response.read1(min(CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if monotonic() > deadline:
            raise FetchError(f"{url} took longer than {settings.INGEST_TIMEOUT} seconds.")
    return b"".join(chunks)


def read_location(location: str) -> bytes:
    """A feed from an http(s) address or a local file, within the feed size limit."""
    limit = settings.INGEST_MAX_FEED_BYTES
    if location.startswith(("http://", "https://")):
        return fetch(location, max_bytes=limit, accept=FEED_TYPES)
    path = Path(location)
    if not path.is_file():
        raise FetchError(f"{location} is neither an http(s) address nor a readable file.")
    if path.stat().st_size > limit:
        raise FetchError(f"{location} is larger than the limit of {limit} bytes.")
    return path.read_bytes()


def download_picture(url: str, *, agency: str, caption: str, credit: str, copyright: str) -> Image:
    """The picture at ``url`` as a library Image, checked like an editor's upload.

    A picture already in the library is reused. The feed's caption, credit and copyright
    win over the photo's own metadata, as an editor's typed text does; ``agency`` (the
    partner, or an embed's provider) is the agency when the photo names none. Raises
    FetchError when the picture is refused.
    """
    data = fetch(url, max_bytes=settings.INGEST_MAX_IMAGE_BYTES, accept="image/*")
    upload = ContentFile(data, name=unquote(Path(urlsplit(url).path).name) or "picture")
    given = {"caption": caption, "credit": credit[:255], "copyright_notice": copyright[:255]}
    try:
        image = create_image_from_upload(
            upload=upload,
            uploaded_by=None,
            **{field: text for field, text in given.items() if text},
        )
    except DuplicateImage as duplicate:
        return duplicate.existing
    except ValidationError as error:
        raise FetchError(f"the picture was refused: {' '.join(error.messages)}") from error
    filled = []
    if not image.agency:
        image.agency = agency[:255]
        filled.append("agency")
    if not image.alt_text and image.caption:
        # Wire photos rarely carry alt text; their caption says what the picture shows.
        image.alt_text = image.caption[:500]
        filled.append("alt_text")
    if filled:
        image.save(update_fields=filled)
    return image
