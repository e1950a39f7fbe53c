"""The JSON API, in-process, over the sample store of hand-coded documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.web.coding import Coder


def assert_error(resp: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the one error shape with this status and code."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return dict(body["error"])


# --- reading -----------------------------------------------------------------------------------


def test_status_reports_counts_and_read_only(client: TestClient) -> None:
    body = client.get("/status").json()
    assert body["read_only"] is True
    assert body["counts"]["documents"] == 3 and body["counts"]["events"] == 7
    assert body["writer_active"] is False and body["snapshot_at"]


def test_events_are_paged_and_counted(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 3}).json()
    second = client.get("/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == 7
    assert len(first["items"]) == 3 and len(second["items"]) == 3
    ids = {(e["doc_id"], e["event_id"]) for e in first["items"] + second["items"]}
    assert len(ids) == 6


@pytest.mark.parametrize(("sort", "first_type"), [("date", "CONSULT"), ("-date", "COERCE"),
                                                  ("event", "ACCUSE"), ("-event", "REQUEST")])
def test_events_sort(client: TestClient, sort: str, first_type: str) -> None:
    items = client.get("/events", params={"sort": sort}).json()["items"]
    assert items[0]["event"] == first_type
    dates = [e["date"] for e in items]
    if sort == "date":
        assert dates == sorted(dates)


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": "usa"}, {"CONSULT", "REQUEST", "ACCUSE"}),
    ({"recipient": "UKR"}, {"ASSAULT"}),
    ({"type": "request"}, {"REQUEST"}),
    ({"since": "2024"}, {"COERCE", "PROTEST"}),
    ({"until": "2023-03"}, {"CONSULT", "REQUEST", "ACCUSE"}),
    ({"place": "odesa"}, {"ASSAULT", "REQUEST"}),
    ({"place": "KEN"}, {"COERCE", "PROTEST"}),
    ({"q": "aggression"}, {"ACCUSE"}),
    ({"q": "lavrov", "type": "CONSULT"}, {"CONSULT"}),
    ({"doc_id": "drones-odesa"}, {"ASSAULT", "REQUEST"}),
    ({"actor": "USA", "recipient": "UKR"}, set()),
])
def test_event_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    body = client.get("/events", params=params).json()
    assert {e["event"] for e in body["items"]} == expected
    assert body["total"] == len(body["items"])


@pytest.mark.parametrize("params", [
    {"type": "HUG"}, {"actor": "U$A"}, {"since": "last week"}, {"sort": "random()"},
    {"limit": 5000}, {"offset": -1}, {"limit": "many"},
])
def test_bad_event_parameters_are_usage_errors(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/events", params=params), 400, "E501")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_text_search_is_a_parameter_never_sql(client: TestClient, text: str) -> None:
    resp = client.get("/events", params={"q": text, "place": text})
    assert resp.status_code == 200
    assert resp.json()["total"] <= 7
    assert client.get("/status").json()["counts"]["events"] == 7


def test_injection_attempt_matches_nothing(client: TestClient) -> None:
    body = client.get("/events", params={"q": "x') OR 1=1; DROP TABLE events; --"}).json()
    assert body["total"] == 0
    assert client.get("/events").json()["total"] == 7


def test_timeline_counts_by_period_and_type(client: TestClient) -> None:
    body = client.get("/events/timeline").json()
    assert body["bucket"] == "month"
    assert sum(s["n"] for s in body["series"]) == 7
    assert {"period": "2023-03", "event": "CONSULT", "n": 1} in body["series"]
    days = client.get("/events/timeline", params={"bucket": "day", "actor": "KEN"}).json()
    assert days["series"] == [{"period": "2024-06-25", "event": "COERCE", "n": 1},
                              {"period": "2024-06-25", "event": "PROTEST", "n": 1}]
    assert_error(client.get("/events/timeline", params={"bucket": "week"}), 400, "E501")


def test_network_edges_are_weighted_and_directed(client: TestClient) -> None:
    body = client.get("/events/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("USA", "RUS")]["weight"] == 3
    assert edges[("USA", "RUS")]["events"] == ["ACCUSE", "CONSULT", "REQUEST"]
    assert ("RUS", "USA") not in edges
    assert ("KEN", "KEN") not in edges  # police and protesters of one country: no self-loop
    assert {n["id"] for n in body["nodes"]} == {"USA", "RUS", "UKR"}


def test_places_of_events_with_counts(client: TestClient) -> None:
    places = {p["location"]: p for p in client.get("/places").json()}
    assert places["New Delhi"]["events"] == 3 and places["New Delhi"]["geonameid"] == 1261481
    assert places["Odesa"]["types"] == {"ASSAULT": 1, "REQUEST": 1}
    only = client.get("/places", params={"type": "COERCE"}).json()
    assert [p["location"] for p in only] == ["Nairobi"]


def test_actors_with_roles(client: TestClient) -> None:
    actors = {(a["code"], a["name"]): a for a in client.get("/actors").json()}
    assert actors[("USA", "Antony Blinken")]["as_actor"] == 3
    assert actors[("RUS", "Sergey Lavrov")]["as_recipient"] == 3
    found = client.get("/actors", params={"name": "police"}).json()
    assert [a["name"] for a in found] == ["Kenyan police"]


def test_documents_list_and_search(client: TestClient) -> None:
    body = client.get("/documents").json()
    assert [d["id"] for d in body["items"]] == ["protest-nairobi", "drones-odesa", "talks-delhi"]
    assert body["items"][2]["events"] == 3 and body["items"][2]["flags"] == 1
    found = client.get("/documents", params={"q": "drones"}).json()
    assert found["total"] == 1 and found["items"][0]["id"] == "drones-odesa"


def test_document_has_every_span_indexing_its_text(client: TestClient) -> None:
    doc = client.get("/documents/talks-delhi").json()
    text = doc["text"]
    for key in ("entities", "places", "dates", "quotes"):
        assert doc[key], key
        for item in doc[key]:
            assert text[item["start"]:item["end"]] == item["text"]
    for ev in doc["events"]:
        assert text[ev["text_info"]["start"]:ev["text_info"]["end"]] == ev["event_text"]
    assert doc["flags"][0]["kind"] == "place_conflict"
    assert doc["source"] == "talks.txt" and doc["ingested_at"]


def test_missing_document_and_route(client: TestClient) -> None:
    assert_error(client.get("/documents/nope"), 404, "E403")
    assert_error(client.get("/no/such/route"), 404, "E705")
    assert_error(client.delete("/events"), 405, "E705")


def test_rejections_are_listed(client: TestClient) -> None:
    assert client.get("/rejected").json() == [
        {"id": "empty-one", "source": "empty.txt", "stage": "extract", "code": "E101",
         "reason": "empty document"}]


# --- docs, page and safe defaults ------------------------------------------------------------


def test_openapi_docs_work_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/events", "/events/timeline", "/events/network", "/places", "/actors",
            "/documents", "/documents/{doc_id}", "/code"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/code"]["post"]["requestBody"]["content"]
    page = client.get("/docs").text
    assert "cdn." not in page and "/static-offline-docs/swagger-ui-bundle.js" in page
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


def test_page_and_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "eventwire" in page.text
    assert "http" not in page.text.replace('href="/docs"', "")  # nothing from the internet
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet/leaflet.js",
                  "/static/basemap/countries.geojson"):
        assert client.get(asset).status_code == 200, asset


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "script-src 'self';" in headers["content-security-policy"]  # no inline scripts
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "script-src 'self' 'unsafe-inline'" in client.get("/docs").headers[
        "content-security-policy"]


def test_foreign_host_is_refused(client: TestClient) -> None:
    assert_error(client.get("/events", headers={"host": "attacker.example"}), 400, "E707")
    assert client.get("/events", headers={"host": "localhost:8000"}).status_code == 200


def test_requests_from_other_origins_are_refused(client: TestClient) -> None:
    evil = {"origin": "https://attacker.example"}
    assert_error(client.post("/code", content=b"Talks.", headers={**evil,
                             "content-type": "text/plain"}), 403, "E707")
    same = {"origin": "http://127.0.0.1:8000"}
    assert client.post("/code", json={"text": "Talks."}, headers=same).status_code == 200


def test_body_size_limit(store_path: Path, extract_coder: Coder,
                         client_for: Callable[..., TestClient]) -> None:
    with client_for(store_path, extract_coder, max_body_bytes=1000) as small:
        big = "word " * 400
        assert_error(small.post("/code", json={"text": big}), 413, "E701")

        def chunks() -> Any:  # no Content-Length: the limit must hold on the stream too
            for _ in range(50):
                yield b"x" * 100

        assert_error(small.post("/code", content=chunks(), headers={"content-type": "text/plain"}),
                     413, "E701")
        assert small.post("/code", json={"text": "A short note."}).status_code == 200


# --- coding ------------------------------------------------------------------------------------


def test_code_json_text(client: TestClient) -> None:
    resp = client.post("/code", json={"text": "Officials met in Geneva.", "pub_date": "2024-05-01"})
    assert resp.status_code == 200, resp.text
    doc = resp.json()
    assert doc["text"] == "Officials met in Geneva." and doc["pub_date"] == "2024-05-01"
    assert doc["schema_version"] and "events" in doc
    assert client.get("/status").json()["counts"]["documents"] == 3  # nothing stored


def test_code_plain_and_html_bodies(client: TestClient) -> None:
    plain = client.post("/code", content=b"Ministers met in Rome.",
                        headers={"content-type": "text/plain; charset=utf-8"})
    assert plain.json()["text"] == "Ministers met in Rome."
    html = ("<html><head><title>Talks in Rome</title></head><body><article><h1>Talks in Rome"
            "</h1><p>" + "Ministers from both countries met in Rome on Monday to discuss the "
            "grain corridor and the exchange of prisoners. " * 3 + "</p></article></body></html>")
    resp = client.post("/code", content=html.encode(), headers={"content-type": "text/html"})
    assert resp.status_code == 200, resp.text
    assert "grain corridor" in resp.json()["text"] and "<p>" not in resp.json()["text"]


def test_code_uploaded_html_file(client: TestClient) -> None:
    html = ("<html><body><article><p>" + "Protesters gathered outside parliament in Nairobi "
            "to oppose the new taxes on bread and fuel. " * 3 + "</p></article></body></html>")
    resp = client.post("/code", files={"file": ("page.html", html.encode(), "text/html")},
                       data={"pub_date": "2024-06-25"})
    assert resp.status_code == 200, resp.text
    assert "parliament in Nairobi" in resp.json()["text"]
    assert resp.json()["pub_date"] == "2024-06-25"


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"json": {"text": "   "}}, 422, "E101"),
    ({"json": {"text": "a", "html": "<p>a</p>"}}, 422, "E109"),
    ({"json": {}}, 422, "E109"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "E109"),
    ({"content": b"\xff\xfe\xfa", "headers": {"content-type": "text/plain"}}, 422, "E103"),
    ({"content": b"text", "headers": {"content-type": "application/pdf"}}, 415, "E108"),
    ({"json": {"text": "Talks.", "pub_date": "yesterday"}}, 400, "E501"),
])
def test_bad_articles_get_coded_errors(client: TestClient, kwargs: dict[str, Any], status: int,
                                       code: str) -> None:
    assert_error(client.post("/code", **kwargs), status, code)


def test_rejected_document_reports_its_stage(client: TestClient) -> None:
    err = assert_error(client.post("/code", content=b"<html><body></body></html>",
                                   headers={"content-type": "text/html"}), 422, "E201")
    assert err["stage"] == "extract"


# --- writing -----------------------------------------------------------------------------------


@pytest.fixture
def writable(fresh_store: Path, extract_coder: Coder, client_for: Callable[..., TestClient],
             token: str) -> Any:
    with client_for(fresh_store, extract_coder, token=token) as c:
        yield c


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    assert_error(client.post("/documents", json={"text": "Talks."}), 403, "E702")


def test_writes_need_the_token(writable: TestClient) -> None:
    assert_error(writable.post("/documents", json={"text": "Talks."}), 401, "E703")
    wrong = {"Authorization": "Bearer not-it"}
    assert_error(writable.post("/documents", json={"text": "Talks."}, headers=wrong), 401, "E703")
    assert writable.get("/status").json()["read_only"] is False


def test_stored_document_is_served_at_once(writable: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    resp = writable.post("/documents", json={"text": "Envoys met in Doha on Sunday."},
                         headers=auth)
    assert resp.status_code == 201, resp.text
    doc_id = resp.json()["id"]
    assert writable.get(f"/documents/{doc_id}").json()["text"] == "Envoys met in Doha on Sunday."
    assert writable.get("/status").json()["counts"]["documents"] == 4
    again = writable.post("/documents", json={"text": "Envoys met in Doha on Sunday."},
                          headers=auth)
    assert again.json()["id"] == doc_id  # same text, same id: replaced, not duplicated
    assert writable.get("/status").json()["counts"]["documents"] == 4


def test_rejected_write_is_recorded(writable: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    resp = writable.post("/documents", content=b"<html></html>",
                         headers={**auth, "content-type": "text/html"})
    assert resp.status_code == 422
    assert len(writable.get("/rejected").json()) == 2
