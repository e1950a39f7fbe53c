"""Fetching web pages and feeds politely and safely: timeouts, retries, a per-host rate limit,
a User-Agent, a size limit, and a guard against server-side request forgery.

The guard (on by default) refuses URLs that are not http(s) and hosts that resolve to private,
loopback, link-local, reserved or multicast addresses, and checks every redirect hop again, so a
public page cannot bounce the fetcher into the local network. ``allow_private=True`` lifts it
(tests serve pages on 127.0.0.1; an intranet crawl may need it too).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from eventwire import __version__
from eventwire.errors import InputError

USER_AGENT = f"eventwire/{__version__} (+https://pypi.org/project/eventwire/; news event coder)"
#: HTTP statuses worth another try (rate limited or a passing server fault).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5


@dataclass
class Page:
    """A fetched resource: final URL, body bytes and its media type."""

    url: str
    body: bytes
    content_type: str


@dataclass
class Fetcher:
    """Fetches URLs one at a time; one instance per run keeps the per-host clock."""

    timeout: float = 20.0
    retries: int = 2
    per_host_interval: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 10_000_000
    allow_private: bool = False
    user_agent: str = USER_AGENT
    backoff: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)  # tests replace it
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    def fetch(self, url: str) -> Page:
        """The resource at ``url``; raises InputError E110 (cannot fetch) or E111 (refused)."""
        for _hop in range(MAX_REDIRECTS + 1):
            self.check_url(url)
            response = self._get_with_retries(url)
            if response.is_redirect and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            return self._page(url, response)
        raise InputError(f"more than {MAX_REDIRECTS} redirects: {url}", code="E110")

    def check_url(self, url: str) -> None:
        """E111 unless ``url`` is http(s) to a public host (or private hosts are allowed)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"not an http(s) URL: {url!r}", code="E111")
        if self.allow_private:
            return
        for address in _addresses(parts.hostname, parts.port):
            if not address.is_global or address.is_multicast:
                raise InputError(f"refused {url}: {parts.hostname} is a private address "
                                 f"({address}); pass --allow-private to fetch it", code="E111")

    def _get_with_retries(self, url: str) -> httpx.Response:
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._get(url)
            except httpx.HTTPError as exc:
                if last:
                    raise InputError(f"cannot fetch {url}: {exc or type(exc).__name__}",
                                     code="E110") from exc
            else:
                if response.status_code not in RETRY_STATUSES or last:
                    return response
            self.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _get(self, url: str) -> httpx.Response:
        self._wait_for_host(urlsplit(url).hostname or "")
        with self.client().stream("GET", url) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise InputError(f"{url} is larger than {self.max_bytes} bytes", "E107")
            response._content = bytes(body)  # keep the read body on the closed response
        return response

    def _wait_for_host(self, host: str) -> None:
        # Why per host: one slow site must not throttle the others, and no site gets hammered.
        due = self._last.get(host, 0.0) + self.per_host_interval
        now = time.monotonic()
        if due > now:
            self.sleep(due - now)
        self._last[host] = time.monotonic()

    def _page(self, url: str, response: httpx.Response) -> Page:
        if response.status_code >= 400:
            raise InputError(f"cannot fetch {url}: HTTP {response.status_code}", code="E110")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Page(url=url, body=response.content, content_type=kind)

    def client(self) -> httpx.Client:
        """The HTTP client (redirects are followed here, hop by hop, to check each one)."""
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=False,
                headers={"User-Agent": self.user_agent}, trust_env=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _addresses(host: str, port: int | None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address ``host`` resolves to (a literal IP is its own address)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise InputError(f"cannot resolve {host}: {exc}", code="E110") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
