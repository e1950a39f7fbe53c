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


# --- the total deadline of one fetch ----------------------------------------------------------


def test_a_dripping_page_is_cut_at_the_deadline_across_redirects(site: Any) -> None:
    # 60 bytes, one every 0.1 s: 6 s to arrive, yet every read is well within its timeout.
    site.serve("/old", b"", status=301, location="/drip")
    site.serve("/drip", PAGE, drip=0.1)
    with pytest.raises(InputError) as err:
        _fetcher(timeout=5.0, deadline=1.0).fetch(site.url("/old"))
    assert err.value.code == "E110" and "within the 1 s deadline" in err.value.message
    assert [p for p, _ua in site.requests] == ["/old", "/drip"]


def test_the_deadline_is_not_retried(site: Any) -> None:
    site.serve("/drip", PAGE, drip=0.1)
    with pytest.raises(InputError, match="E110.*deadline"):
        _fetcher(timeout=5.0, deadline=0.5, retries=3).fetch(site.url("/drip"))
    assert [p for p, _ua in site.requests] == ["/drip"]


def test_no_read_waits_past_the_deadline(site: Any) -> None:
    # The server answers after 3 s: a read timeout of 10 s would wait for it and succeed.
    site.serve("/slow", PAGE, delay=3.0)
    with pytest.raises(InputError, match="E110.*deadline"):
        _fetcher(timeout=10.0, deadline=0.5, retries=0).fetch(site.url("/slow"))


def test_no_retry_starts_whose_back_off_would_pass_the_deadline(site: Any) -> None:
    pauses: list[float] = []
    site.serve("/busy", PAGE, fail_first=5)
    fetcher = _fetcher(retries=5, backoff=2.0, deadline=3.0, sleep=pauses.append)
    with pytest.raises(InputError, match="E110.*HTTP 503"):
        fetcher.fetch(site.url("/busy"))
    assert pauses == [2.0]  # the next back-off (4 s) would not fit in the 3 s deadline
    assert len(site.requests) == 2


def test_the_per_host_wait_does_not_count_against_the_deadline(site: Any) -> None:
    site.serve("/a", PAGE)
    fetcher = _fetcher(per_host_interval=1.5, deadline=1.0)
    fetcher.fetch(site.url("/a"))
    assert fetcher.fetch(site.url("/a")).body == PAGE  # after a real 1.5 s wait for the host
    assert len(site.requests) == 2


def test_defaults_are_the_packaged_settings() -> None:
    fetcher = Fetcher()
    assert (fetcher.timeout, fetcher.deadline, fetcher.retries, fetcher.per_host_interval,
            fetcher.max_bytes, fetcher.allow_private) == (20.0, 60.0, 2, 1.0, 10_000_000, False)
    assert fetcher.user_agent.startswith("eventwire/")
