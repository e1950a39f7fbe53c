"""End-to-end: the page in real headless Chromium (Debian's), driven by Playwright.

Each test loads the page from a live server over the sample store. Screenshots go to
``test-artifacts/`` (git-ignored). The tests skip only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from eventwire.pipeline import Pipeline
from eventwire.web.app import ServeConfig, create_app
from eventwire.web.coding import Coder

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="end-to-end tests need Debian's chromium at /usr/bin/chromium "
    "(apt-get install -y chromium chromium-driver)",
)


@contextlib.contextmanager
def serving(app: object) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free loopback port, in a thread."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for start-up (at most ~10 s)
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def live_url(store_path: Path, nlp_pipeline: Pipeline) -> Iterator[str]:
    """The app over the sample store, with the full pipeline for coding, for this module."""
    with serving(create_app(ServeConfig(db=store_path), coder=Coder(nlp_pipeline))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, live_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def _rows(page: object) -> list[str]:
    return page.locator("#events tbody tr").all_inner_texts()  # type: ignore[attr-defined,no-any-return]


def test_page_shows_events_map_timeline_and_network(page: object, live_url: str) -> None:
    page.goto(live_url + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#events tbody tr[data-doc]")  # type: ignore[attr-defined]
    assert len(_rows(page)) == 7
    assert page.locator("#events-count").inner_text() == "1–7 of 7"  # type: ignore[attr-defined]
    page.wait_for_selector("#map .leaflet-interactive")  # type: ignore[attr-defined]
    # three event locations on the map, seven events' worth of bars, the USA->RUS edge
    assert page.locator("#map path.leaflet-interactive").count() == 3  # type: ignore[attr-defined]
    assert page.locator("#timeline rect.bar").count() == 7  # type: ignore[attr-defined]
    edge = page.locator('#network path.edge[data-source="USA"][data-target="RUS"]')  # type: ignore[attr-defined]
    assert edge.count() == 1
    assert page.locator("#map path:not(.leaflet-interactive)").count() > 100  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-events.png"), full_page=True)  # type: ignore[attr-defined]


def test_filtering_narrows_the_table(page: object, live_url: str) -> None:
    page.goto(live_url + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#events tbody tr[data-doc]")  # type: ignore[attr-defined]
    page.fill("#filters input[name=actor]", "usa")  # type: ignore[attr-defined]
    page.select_option("#filters select[name=type]", "ACCUSE")  # type: ignore[attr-defined]
    page.click("#apply")  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr")).to_have_count(1)  # type: ignore[attr-defined]
    (row,) = _rows(page)
    assert "ACCUSE" in row and "USA" in row and "RUS" in row
    assert "type=ACCUSE" in page.url  # type: ignore[attr-defined]
    page.fill("#filters input[name=q]", "tear gas")  # type: ignore[attr-defined]
    page.fill("#filters input[name=actor]", "")  # type: ignore[attr-defined]
    page.select_option("#filters select[name=type]", "")  # type: ignore[attr-defined]
    page.click("#apply")  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(2)  # type: ignore[attr-defined]
    assert all("Nairobi" in r for r in _rows(page))


def test_article_view_highlights_spans_and_lists_flags(page: object, live_url: str) -> None:
    page.goto(live_url + "/#/events?type=CONSULT")  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(1)  # type: ignore[attr-defined]
    page.click("#events tbody tr[data-doc]")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-text .hl")  # type: ignore[attr-defined]
    text = page.locator("#article-text")  # type: ignore[attr-defined]
    assert text.locator(".hl-actor", has_text="Antony Blinken").count() == 1
    assert text.locator(".hl-place", has_text="New Delhi").count() == 1
    assert text.locator(".hl-date", has_text="Thursday").count() == 1
    assert text.locator(".hl-quote", has_text="We will not be lectured").count() == 1
    assert text.locator(".hl-flag", has_text="Mumbai").count() == 1
    assert text.locator('.hl-event[data-events~="0"]').count() >= 1
    # the CONSULT event that was clicked is flashed in the text
    assert text.locator(".flash").first.inner_text().startswith("Antony Blinken")
    assert page.locator("#article-events li").count() == 3  # type: ignore[attr-defined]
    assert "place_conflict" in page.locator("#article-flags").inner_text()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "serve-article.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("#article-flags li")  # type: ignore[attr-defined]
    assert text.locator(".flash").all_inner_texts() == ["New Delhi", "Mumbai"]
    page.click("#article-events li >> nth=2")  # type: ignore[attr-defined]
    assert "".join(text.locator(".flash").all_inner_texts()).startswith("Blinken accused Russia")
    page.uncheck('#legend input[data-kind="place"]')  # type: ignore[attr-defined]
    expect(text.locator(".hl-place")).to_have_count(0)
    assert text.locator(".hl-flag", has_text="Mumbai").count() == 1
    page.check('#legend input[data-kind="place"]')  # type: ignore[attr-defined]
    expect(text.locator(".hl-place")).to_have_count(2)


def test_pasted_article_is_coded_and_shown(page: object, live_url: str) -> None:
    page.goto(live_url + "/#/code")  # type: ignore[attr-defined]
    page.fill("#code-text", "Kenyan police fired tear gas at protesters in Nairobi on "  # type: ignore[attr-defined]
              "Tuesday, the interior ministry said.")
    page.fill("#code-date", "2024-06-25")  # type: ignore[attr-defined]
    page.click("#code-submit")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-note:not([hidden])", timeout=120_000)  # type: ignore[attr-defined]
    assert "not stored" in page.locator("#article-note").inner_text()  # type: ignore[attr-defined]
    spans = page.locator("#article-text .hl").all_inner_texts()  # type: ignore[attr-defined]
    assert any("Nairobi" in s for s in spans), spans
    page.screenshot(path=str(ARTIFACTS / "serve-code.png"), full_page=True)  # type: ignore[attr-defined]


def test_charts_filter_the_table(page: object, live_url: str) -> None:
    page.goto(live_url + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#events tbody tr[data-doc]")  # type: ignore[attr-defined]
    page.click('#network circle.node[data-id="USA"]')  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(3)  # type: ignore[attr-defined]
    assert page.input_value("#filters input[name=actor]") == "USA"  # type: ignore[attr-defined]
    page.click('#timeline rect.bar[data-type="ACCUSE"]')  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(1)  # type: ignore[attr-defined]
    page.click("#reset")  # type: ignore[attr-defined]
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(7)  # type: ignore[attr-defined]


def test_uploaded_html_file_is_coded(page: object, live_url: str, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text("<html><head><title>Envoys meet in Doha</title></head><body><article>"
                    "<h1>Envoys meet in Doha</h1><p>" + "Envoys from Qatar and Egypt met in Doha "
                    "on Sunday to discuss a ceasefire and the release of hostages. " * 3 +
                    "</p></article></body></html>", encoding="utf-8")
    page.goto(live_url + "/#/code")  # type: ignore[attr-defined]
    page.set_input_files("#code-file", str(html))  # type: ignore[attr-defined]
    page.click("#code-submit")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-note:not([hidden])", timeout=120_000)  # type: ignore[attr-defined]
    assert "Doha" in page.locator("#article-text").inner_text()  # type: ignore[attr-defined]
    assert "<p>" not in page.locator("#article-text").inner_text()  # type: ignore[attr-defined]


def test_configured_tiles_are_drawn_over_the_outlines(browser: object, store_path: Path,
                                                      extract_coder: Coder) -> None:
    # A tile URL on the server itself stands in for a tile server: no test touches the internet.
    tiles = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    app = create_app(ServeConfig(db=store_path, tile_url=tiles, tile_attribution="test tiles"),
                     coder=extract_coder)
    with serving(app) as url:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_selector("#map img.leaflet-tile")
        assert "test tiles" in page.locator(".leaflet-control-attribution").inner_text()
        assert page.locator("#map path:not(.leaflet-interactive)").count() > 100
        # the outlines lie under the tiles, so that tiles cover them where they load
        assert page.locator(".leaflet-basemap-pane path").count() > 100
        page.screenshot(path=str(ARTIFACTS / "serve-tiles.png"))
        context.close()
