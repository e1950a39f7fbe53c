"""The fetcher: SSRF guard, retries, redirects, timeouts, size limit, rate limit, User-Agent."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.sources.fetch import Fetcher

PAGE = b"<html><body><p>Hello from the test server.</p></body></html>"


def _fetcher(**kw: object) -> Fetcher:
    options: dict[str, object] = {"allow_private": True, "per_host_interval": 0.0,
                                  "backoff": 0.0, "timeout": 5.0}
    options.update(kw)
    return Fetcher(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "http://localhost:9/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://0.0.0.0:9/",
])
def test_private_and_loopback_addresses_are_refused_by_default(url: str) -> None:
    with pytest.raises(InputError) as err:
        Fetcher().check_url(url)
    assert err.value.code == "E111"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://a/"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(InputError) as err:
        Fetcher(allow_private=True).check_url(url)
    assert err.value.code == "E111"


def test_refused_url_is_never_requested(site: Any) -> None:
    site.serve("/a", PAGE)
    with pytest.raises(InputError, match="E111"):
        Fetcher().fetch(site.url("/a"))
    assert site.requests == []


def test_fetch_sends_user_agent_and_returns_body(site: Any) -> None:
    site.serve("/a", PAGE)
    page = _fetcher().fetch(site.url("/a"))
    assert page.body == PAGE and page.content_type == "text/html"
    assert site.requests[0][1].startswith("eventwire/")


def test_passing_server_errors_are_retried(site: Any) -> None:
    site.serve("/busy", PAGE, fail_first=2)
    assert _fetcher(retries=2).fetch(site.url("/busy")).body == PAGE
    assert len(site.requests) == 3


def test_persistent_errors_become_e110(site: Any) -> None:
    site.serve("/busy", PAGE, fail_first=5)
    with pytest.raises(InputError, match="E110.*HTTP 503"):
        _fetcher(retries=1).fetch(site.url("/busy"))
    with pytest.raises(InputError, match="E110.*HTTP 404"):
        _fetcher().fetch(site.url("/missing"))


def test_unreachable_server_becomes_e110() -> None:
    with pytest.raises(InputError) as err:
        _fetcher(retries=0).fetch("http://127.0.0.1:9/")  # discard port: nothing listens
    assert err.value.code == "E110"


def test_slow_server_times_out(site: Any) -> None:
    site.serve("/slow", PAGE, delay=1.5)
    with pytest.raises(InputError, match="E110"):
        _fetcher(timeout=0.2, retries=0).fetch(site.url("/slow"))


def test_redirects_are_followed_and_each_hop_checked(site: Any) -> None:
    site.serve("/old", b"", status=301, location="/new")
    site.serve("/new", PAGE)
    page = _fetcher().fetch(site.url("/old"))
    assert page.url.endswith("/new") and page.body == PAGE
    site.serve("/loop", b"", status=302, location="/loop")
    with pytest.raises(InputError, match="E110.*redirects"):
        _fetcher().fetch(site.url("/loop"))


def test_redirect_to_a_private_address_is_refused(site: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The first hop is let through as if public; the redirect target is not.
    site.serve("/out", b"", status=302, location="http://10.0.0.1/admin")
    fetcher = Fetcher(per_host_interval=0.0)
    real = Fetcher.check_url
    monkeypatch.setattr(Fetcher, "check_url", lambda self, url: None if "127.0.0.1" in url
                        else real(self, url))
    with pytest.raises(InputError, match="E111"):
        fetcher.fetch(site.url("/out"))


def test_oversized_body_is_refused(site: Any) -> None:
    site.serve("/big", b"x" * 5000)
    with pytest.raises(InputError, match="E107"):
        _fetcher(max_bytes=1000).fetch(site.url("/big"))


def test_requests_to_one_host_are_spaced(site: Any) -> None:
    waits: list[float] = []
    site.serve("/a", PAGE)
    fetcher = _fetcher(per_host_interval=30.0, sleep=waits.append)
    fetcher.fetch(site.url("/a"))
    assert waits == []
    fetcher.fetch(site.url("/a"))
    assert len(waits) == 1 and waits[0] > 25.0
    fetcher.fetch(site.url("/a", host="localhost"))  # another host has its own clock
    assert len(waits) == 1
