"""Purging a CDN: backends that tell it to drop what it holds for some surrogate keys.

``articles.pagecache.store.invalidate_now`` hands every key a committed transaction
invalidated to the ``purge_cdn`` background task, which calls ``configured_backend().purge``
and raises on failure, so the queue retries it with backoff and finally lists it for staff.
A CDN that is down or refuses never undoes, nor fails, the change that was made; the CDN's
copies live out their short ``max-age`` meanwhile. ``purge_keys(keys)`` purges at once and
never raises (for scripts and hooks).

Each backend sends the keys in batches no larger than its CDN accepts per call, and tries
every batch even when one fails.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    """Some batches could not be purged; ``keys`` are the keys they held."""

    def __init__(self, keys: list[str], errors: list[Exception]):
        self.keys = keys
        self.errors = errors
        super().__init__(
            f"{len(keys)} surrogate keys could not be purged: "
            + "; ".join(str(error) for error in errors)
        )


class PurgeError(Exception):
    """One batch was refused or could not be sent."""


class PurgeBackend:
    """Purges surrogate keys from a CDN; subclasses say how one batch is sent."""

    #: The most keys one call may carry; ``None`` when the receiver sets no limit.
    batch_size: int | None = None

    def purge(self, keys: Iterable[str]) -> None:
        """Purge ``keys``, batch by batch; raises PurgeFailed after trying every batch."""
        failed: list[str] = []
        errors: list[Exception] = []
        for batch in self.batches(sorted(set(keys))):
            try:
                self.purge_batch(batch)
            except Exception as error:
                failed.extend(batch)
                errors.append(error)
        if errors:
            raise PurgeFailed(failed, errors)

    def batches(self, keys: list[str]) -> Iterator[list[str]]:
        size = self.batch_size or len(keys) or 1
        for start in range(0, len(keys), size):
            yield keys[start : start + size]

    def purge_batch(self, keys: list[str]) -> None:
        raise NotImplementedError


class HookPurgeBackend(PurgeBackend):
    """Hands every key at once to a callable of the project's own (``CACHE_PURGE_HOOK``)."""

    def __init__(self, hook: Callable[[list[str]], object]):
        self.hook = hook

    def purge_batch(self, keys: list[str]) -> None:
        self.hook(keys)


class HttpPurgeBackend(PurgeBackend):
    """Sends each batch in one HTTP request; an answer that is not 2xx is a failure."""

    def __init__(self, *, timeout: float):
        self.timeout = timeout

    def request(self, keys: list[str]) -> urllib.request.Request:
        raise NotImplementedError

    def purge_batch(self, keys: list[str]) -> None:
        request = self.request(keys)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                self.check(answer.read())
        except urllib.error.HTTPError as error:
            raise PurgeError(f"{request.full_url} answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PurgeError(f"{request.full_url} could not be reached: {reason}") from None

    def check(self, body: bytes) -> None:
        """Refuse an answer that says 2xx but reports a failure in its body."""


class GenericPurgeBackend(HttpPurgeBackend):
    """Any purge receiver at ``url``: a relay, Varnish, nginx or a CDN's own endpoint.

    ``POST`` (the default) sends ``{"surrogate_keys": [...]}`` as JSON; ``PURGE`` sends
    the keys space-separated in a ``Surrogate-Key`` header, as Varnish with xkey expects.
    """

    def __init__(
        self, *, url: str, method: str = "POST", timeout: float, batch_size: int | None = None
    ):
        super().__init__(timeout=timeout)
        self.url = url
        self.method = method
        self.batch_size = batch_size

    def request(self, keys: list[str]) -> urllib.request.Request:
        if self.method == "PURGE":
            return urllib.request.Request(
                self.url, headers={"Surrogate-Key": " ".join(keys)}, method="PURGE"
            )
        return urllib.request.Request(
            self.url,
            data=json.dumps({"surrogate_keys": keys}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )


class FastlyPurgeBackend(HttpPurgeBackend):
    """Fastly's purge by surrogate key: up to 256 keys a call, in a ``Surrogate-Key`` header."""

    batch_size = 256
    API_URL = "https://api.fastly.com"

    def __init__(self, *, service_id: str, api_token: str, timeout: float, api_url: str = API_URL):
        super().__init__(timeout=timeout)
        self.url = f"{api_url.rstrip('/')}/service/{quote(service_id, safe='')}/purge"
        self.api_token = api_token

    def request(self, keys: list[str]) -> urllib.request.Request:
        return urllib.request.Request(
            self.url,
            headers={
                "Fastly-Key": self.api_token,
                "Surrogate-Key": " ".join(keys),
                "Accept": "application/json",
            },
            method="POST",
        )


class CloudflarePurgeBackend(HttpPurgeBackend):
    """Cloudflare's purge by cache tag: up to 30 tags a call, as JSON, with an API token."""

    batch_size = 30
    API_URL = "https://api.cloudflare.com/client/v4"

    def __init__(self, *, zone_id: str, api_token: str, timeout: float, api_url: str = API_URL):
        super().__init__(timeout=timeout)
        self.url = f"{api_url.rstrip('/')}/zones/{quote(zone_id, safe='')}/purge_cache"
        self.api_token = api_token

    def request(self, keys: list[str]) -> urllib.request.Request:
        return urllib.request.Request(
            self.url,
            data=json.dumps({"tags": keys}).encode(),
            headers={
                "Authorization": f"Bearer {self.api_token}",
                "Content-Type": "application/json",
            },
            method="POST",
        )

    def check(self, body: bytes) -> None:
        try:
            answer = json.loads(body)
        except ValueError:
            raise PurgeError(f"{self.url} answered something other than JSON") from None
        if not isinstance(answer, dict) or answer.get("success") is not True:
            errors = answer.get("errors") if isinstance(answer, dict) else None
            raise PurgeError(f"{self.url} refused the purge: {errors!r}")


def configured_backend() -> PurgeBackend | None:
    """The backend the settings choose, or None when no CDN is to be purged.

    Without ``CACHE_PURGE_BACKEND``, ``CACHE_PURGE_HOOK`` and then ``CACHE_PURGE_URL``
    choose, as they did before there were backends.
    """
    name = settings.CACHE_PURGE_BACKEND
    if not name and settings.CACHE_PURGE_HOOK:
        return HookPurgeBackend(import_string(settings.CACHE_PURGE_HOOK))
    if not name and settings.CACHE_PURGE_URL:
        name = "generic"
    timeout = settings.CACHE_PURGE_TIMEOUT
    if name == "generic":
        return GenericPurgeBackend(
            url=settings.CACHE_PURGE_URL,
            method=settings.CACHE_PURGE_METHOD,
            batch_size=settings.CACHE_PURGE_BATCH_SIZE or None,
            timeout=timeout,
        )
    if name == "fastly":
        return FastlyPurgeBackend(
            service_id=settings.FASTLY_SERVICE_ID,
            api_token=settings.FASTLY_API_TOKEN,
            api_url=settings.FASTLY_API_URL,
            timeout=timeout,
        )
    if name == "cloudflare":
        return CloudflarePurgeBackend(
            zone_id=settings.CLOUDFLARE_ZONE_ID,
            api_token=settings.CLOUDFLARE_API_TOKEN,
            api_url=settings.CLOUDFLARE_API_URL,
            timeout=timeout,
        )
    if name:
        raise ImproperlyConfigured(f"CACHE_PURGE_BACKEND {name!r} is not one Newsroom knows.")
    return None


def purge_keys(keys: Iterable[str]) -> None:
    """Purge ``keys`` from the configured CDN; a failure is logged, never raised."""
    keys = sorted(set(keys))
    if not keys:
        return
    try:
        backend = configured_backend()
        if backend is not None:
            backend.purge(keys)
    except PurgeFailed as failure:
        logger.error("The CDN purge failed for keys %s: %s", failure.keys, failure)
    except Exception:
        logger.exception("The CDN purge failed for keys %s", keys)
