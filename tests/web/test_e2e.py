"""End-to-end: the page in real headless Chromium (Debian's), driven by Playwright.

Each test loads the page from a live server over the sample store. Screenshots go to
``test-artifacts/`` (git-ignored). The tests skip only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from eventwire.pipeline import Pipeline
from eventwire.web import source as source_module
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
def serving(app: FastAPI) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free loopback port, in a thread."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
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
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def _rows(page: Page) -> list[str]:
    return page.locator("#events tbody tr").all_inner_texts()


def _wait_for_coding(page: Page) -> None:
    """Wait until the coded article or an error shows; an error fails with its message."""
    page.wait_for_selector("#article-note:not([hidden]), #code-error:not([hidden])",
                           timeout=120_000)
    error = page.locator("#code-error")
    assert error.is_hidden(), f"coding failed: {error.inner_text()}"


def test_page_shows_events_map_timeline_and_network(page: Page, live_url: str) -> None:
    page.goto(live_url + "/")
    page.wait_for_selector("#events tbody tr[data-doc]")
    assert len(_rows(page)) == 7
    assert page.locator("#events-count").inner_text() == "1–7 of 7"
    page.wait_for_selector("#map .leaflet-interactive")
    # three event locations on the map, seven events' worth of bars, the USA->RUS edge
    assert page.locator("#map path.leaflet-interactive").count() == 3
    assert page.locator("#timeline rect.bar").count() == 7
    edge = page.locator('#network path.edge[data-source="USA"][data-target="RUS"]')
    assert edge.count() == 1
    assert page.locator("#map path:not(.leaflet-interactive)").count() > 100
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-events.png"), full_page=True)


def test_filtering_narrows_the_table(page: Page, live_url: str) -> None:
    page.goto(live_url + "/")
    page.wait_for_selector("#events tbody tr[data-doc]")
    page.fill("#filters input[name=actor]", "usa")
    page.select_option("#filters select[name=type]", "ACCUSE")
    page.click("#apply")
    expect(page.locator("#events tbody tr")).to_have_count(1)
    (row,) = _rows(page)
    assert "ACCUSE" in row and "USA" in row and "RUS" in row
    assert "type=ACCUSE" in page.url
    page.fill("#filters input[name=q]", "tear gas")
    page.fill("#filters input[name=actor]", "")
    page.select_option("#filters select[name=type]", "")
    page.click("#apply")
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(2)
    assert all("Nairobi" in r for r in _rows(page))
    page.click("#reset")
    page.click('#events th[data-sort="event"]')
    expect(page.locator("#events th.sorted-asc")).to_have_text("Type")
    assert _rows(page)[0].split("\t")[1] == "ACCUSE" and "sort=event" in page.url


def test_article_view_highlights_spans_and_lists_flags(page: Page, live_url: str) -> None:
    page.goto(live_url + "/#/events?type=CONSULT")
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(1)
    page.click("#events tbody tr[data-doc]")
    page.wait_for_selector("#article-text .hl")
    text = page.locator("#article-text")
    assert text.locator(".hl-actor", has_text="Antony Blinken").count() == 1
    assert text.locator(".hl-place", has_text="New Delhi").count() == 1
    assert text.locator(".hl-date", has_text="Thursday").count() == 1
    assert text.locator(".hl-quote", has_text="We will not be lectured").count() == 1
    assert text.locator(".hl-flag", has_text="Mumbai").count() == 1
    assert text.locator('.hl-event[data-events~="0"]').count() >= 1
    # the CONSULT event that was clicked is flashed in the text
    assert text.locator(".flash").first.inner_text().startswith("Antony Blinken")
    assert page.locator("#article-events li").count() == 3
    assert "place_conflict" in page.locator("#article-flags").inner_text()
    page.screenshot(path=str(ARTIFACTS / "serve-article.png"), full_page=True)
    page.click("#article-flags li")
    assert text.locator(".flash").all_inner_texts() == ["New Delhi", "Mumbai"]
    page.click("#article-events li >> nth=2")
    assert "".join(text.locator(".flash").all_inner_texts()).startswith("Blinken accused Russia")
    page.uncheck('#legend input[data-kind="place"]')
    expect(text.locator(".hl-place")).to_have_count(0)
    assert text.locator(".hl-flag", has_text="Mumbai").count() == 1
    page.check('#legend input[data-kind="place"]')
    expect(text.locator(".hl-place")).to_have_count(2)


def test_pasted_article_is_coded_and_shown(page: Page, live_url: str) -> None:
    page.goto(live_url + "/#/code")
    page.fill("#code-text", "Kenyan police fired tear gas at protesters in Nairobi on "
              "Tuesday, the interior ministry said.")
    page.fill("#code-date", "2024-06-25")
    page.click("#code-submit")
    _wait_for_coding(page)
    assert "not stored" in page.locator("#article-note").inner_text()
    spans = page.locator("#article-text .hl").all_inner_texts()
    assert any("Nairobi" in s for s in spans), spans
    page.screenshot(path=str(ARTIFACTS / "serve-code.png"), full_page=True)


def test_charts_filter_the_table(page: Page, live_url: str) -> None:
    page.goto(live_url + "/")
    page.wait_for_selector("#events tbody tr[data-doc]")
    page.click('#network circle.node[data-id="USA"]')
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(3)
    assert page.input_value("#filters input[name=actor]") == "USA"
    page.click('#timeline rect.bar[data-type="ACCUSE"]')
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(1)
    page.click("#reset")
    expect(page.locator("#events tbody tr[data-doc]")).to_have_count(7)


def test_uploaded_html_file_is_coded(page: Page, live_url: str, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text("<html><head><title>Envoys meet in Doha</title></head><body><article>"
                    "<h1>Envoys meet in Doha</h1><p>" + "Envoys from Qatar and Egypt met in Doha "
                    "on Sunday to discuss a ceasefire and the release of hostages. " * 3 +
                    "</p></article></body></html>", encoding="utf-8")
    page.goto(live_url + "/#/code")
    page.set_input_files("#code-file", str(html))
    page.click("#code-submit")
    _wait_for_coding(page)
    assert "Doha" in page.locator("#article-text").inner_text()
    assert "<p>" not in page.locator("#article-text").inner_text()


def test_configured_tiles_are_drawn_over_the_outlines(browser: Browser, store_path: Path,
                                                      extract_coder: Coder) -> None:
    # A tile URL on the server itself stands in for a tile server: no test touches the internet.
    tiles = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    app = create_app(ServeConfig(db=store_path, tile_url=tiles, tile_attribution="test tiles"),
                     coder=extract_coder)
    with serving(app) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_selector("#map img.leaflet-tile")
        assert "test tiles" in page.locator(".leaflet-control-attribution").inner_text()
        assert page.locator("#map path:not(.leaflet-interactive)").count() > 100
        # the outlines lie under the tiles, so that tiles cover them where they load
        assert page.locator(".leaflet-basemap-pane path").count() > 100
        page.screenshot(path=str(ARTIFACTS / "serve-tiles.png"))
        context.close()


def test_page_keeps_working_while_an_ingest_writes(
        browser: Browser, fresh_store: Path, extract_coder: Coder,
        monkeypatch: pytest.MonkeyPatch, ingest_process: Callable[[Path], Any]) -> None:
    monkeypatch.setattr(source_module, "CHECK_INTERVAL", 0.0)
    db = fresh_store
    with serving(create_app(ServeConfig(db=db), coder=extract_coder)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/")
        expect(page.locator("#events tbody tr[data-doc]")).to_have_count(7)
        writer = ingest_process(db)
        try:
            page.reload()
            expect(page.locator("#banner")).to_contain_text("An ingest is writing")
            expect(page.locator("#events tbody tr[data-doc]")).to_have_count(7)
            page.screenshot(path=str(ARTIFACTS / "serve-during-ingest.png"))
        finally:
            writer.finish()
        page.reload()
        expect(page.locator("#events tbody tr[data-doc]")).to_have_count(9)
        expect(page.locator("#banner")).to_be_hidden()
        context.close()
