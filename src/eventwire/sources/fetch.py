"""Fetching web pages and feeds politely and safely: timeouts, retries, a per-host rate limit,
a User-Agent, a size limit, and a guard against server-side request forgery.

The guard (on by default) refuses URLs that are not http(s) and hosts that resolve to private,
loopback, link-local, reserved or multicast addresses, and checks every redirect hop again, so a
public page cannot bounce the fetcher into the local network. ``allow_private=True`` lifts it
(tests serve pages on 127.0.0.1; an intranet crawl may need it too).

httpx's timeout bounds each connect and each read, so a server that sends a byte now and then
could hold a fetch for ever. A total ``deadline`` bounds the whole fetch of one URL: every
redirect hop, every retry and the back-off pauses between them; only the wait for the per-host
interval (eventwire's own politeness) is not counted. It is checked as each piece of the body
arrives, a read waits no longer than the time left when its request was sent, and no retry
starts whose back-off would not fit, so a fetch ends at most one read timeout after its deadline
(E110 naming the deadline).

The defaults are the ``fetch_*`` settings (:mod:`eventwire.settings`); ``Fetcher()`` uses the
packaged ones, :meth:`Fetcher.from_settings` the resolved ones (config file, environment, flags).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from eventwire.errors import InputError
from eventwire.settings import Settings, default

USER_AGENT: str = default("fetch_user_agent")
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

    timeout: float = default("fetch_timeout")  # seconds one connect or read may wait
    deadline: float = default("fetch_deadline")  # seconds one URL may take in all
    retries: int = default("fetch_retries")
    per_host_interval: float = default("fetch_per_host_interval")  # between two requests
    max_bytes: int = default("fetch_max_bytes")
    allow_private: bool = default("fetch_allow_private")
    user_agent: str = default("fetch_user_agent")
    backoff: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)  # tests replace it
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Fetcher:
        """A fetcher configured by the resolved ``fetch_*`` settings."""
        return cls(timeout=settings.fetch_timeout, deadline=settings.fetch_deadline,
                   retries=settings.fetch_retries,
                   per_host_interval=settings.fetch_per_host_interval,
                   max_bytes=settings.fetch_max_bytes, allow_private=settings.fetch_allow_private,
                   user_agent=settings.fetch_user_agent)

    def fetch(self, url: str) -> Page:
        """The resource at ``url``; raises InputError E110 (cannot fetch, or not within the
        deadline), E111 (refused) or E107 (larger than ``max_bytes``)."""
        clock = _Clock.start(self.deadline)
        for _hop in range(MAX_REDIRECTS + 1):
            self.check_url(url)
            response = self._get_with_retries(url, clock)
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

    def _get_with_retries(self, url: str, clock: _Clock) -> httpx.Response:
        tries = max(0, self.retries) + 1
        for attempt in range(tries):
            failure: httpx.Response | httpx.HTTPError
            try:
                response = self._get(url, clock)
            except httpx.HTTPError as exc:
                failure = exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                failure = response
            pause = self.backoff * 2**attempt
            if attempt == tries - 1 or clock.left() <= pause:
                break  # Why not wait: a retry that cannot start before the deadline is no retry.
            self.sleep(pause)
        if isinstance(failure, httpx.Response):
            return failure  # its status is reported by _page
        if clock.left() <= 0:
            raise self._late(url) from failure
        raise InputError(f"cannot fetch {url}: {failure or type(failure).__name__}",
                         code="E110") from failure

    def _get(self, url: str, clock: _Clock) -> httpx.Response:
        clock.pause(self._wait_for_host(urlsplit(url).hostname or ""))
        if clock.left() <= 0:
            raise self._late(url)
        # A read waits at most the time left now; a trickle of bytes is caught between reads.
        with self.client().stream("GET", url, timeout=min(self.timeout, clock.left())) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise InputError(f"{url} is larger than {self.max_bytes} bytes", "E107")
                if clock.left() <= 0:
                    raise self._late(url)
            response._content = bytes(body)  # keep the read body on the closed response
        return response

    def _late(self, url: str) -> InputError:
        return InputError(f"cannot fetch {url}: no complete answer within the {self.deadline:g} s "
                          "deadline (setting fetch_deadline, --deadline)", code="E110")

    def _wait_for_host(self, host: str) -> float:
        """Sleep until ``host`` may be asked again; the seconds slept."""
        # Why per host: one slow site must not throttle the others, and no site gets hammered.
        due = self._last.get(host, 0.0) + self.per_host_interval
        now = time.monotonic()
        waited = max(0.0, due - now)
        if waited:
            self.sleep(waited)
        self._last[host] = time.monotonic()
        return waited

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


@dataclass
class _Clock:
    """The time left for one fetch: monotonic seconds until its end, which pauses move on."""

    end: float

    @classmethod
    def start(cls, seconds: float) -> _Clock:
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return self.end - time.monotonic()

    def pause(self, seconds: float) -> None:
        """Do not count ``seconds`` (a wait of our own, not the server's)."""
        self.end += seconds


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
