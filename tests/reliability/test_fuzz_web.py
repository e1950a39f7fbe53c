"""Property tests of the web API's input parsing: whatever body and content type arrive at
``POST /code``, and whatever query strings at the read endpoints, the answer is a coded record
or a JSON error with a code, never a server failure (E700)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import default_pipeline
from eventwire.web.app import ServeConfig, create_app
from eventwire.web.coding import Coder

EXAMPLES = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CODE = re.compile(r"^E[1-9]\d\d$")
KINDS = ["application/json", "text/plain", "text/html", "multipart/form-data",
         "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded",
         "application/json; charset=latin-1", "", "image/png"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory,
           make_store: Callable[[Path, int], Path]) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("webfuzz") / "events.duckdb", 5)
    app = create_app(ServeConfig(db=db, hosts=("testserver",), max_body_bytes=20_000),
                     coder=Coder(default_pipeline(until="extract")))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _check(response_json: dict[str, object], status: int) -> None:
    if status >= 400:
        error = response_json["error"]
        assert isinstance(error, dict) and CODE.match(str(error["code"]))
        assert error["code"] != "E700", error  # E700: the server failed unexpectedly
    else:
        assert "text" in response_json or "items" in response_json or "total" in response_json


json_bodies = st.dictionaries(
    st.sampled_from(["text", "html", "pub_date", "title", "url", "other"]),
    st.one_of(st.none(), st.text(max_size=200), st.integers(), st.lists(st.text(max_size=5))),
    max_size=5).map(lambda d: __import__("json").dumps(d).encode())
bodies = st.one_of(st.binary(max_size=3000), json_bodies,
                   st.text(max_size=500).map(lambda t: t.encode("utf-8", "replace")))


@FUZZ
@given(body=bodies, kind=st.sampled_from(KINDS),
       pub_date=st.one_of(st.none(), st.sampled_from(["2024-05-07", "x", "2024-13-40", ""])))
def test_post_code_answers_a_record_or_a_coded_error(client: TestClient, body: bytes,
                                                     kind: str, pub_date: str | None) -> None:
    params = {"pub_date": pub_date} if pub_date is not None else {}
    response = client.post("/code", content=body, headers={"content-type": kind},
                           params=params)
    assert response.headers["content-type"].startswith("application/json")
    _check(response.json(), response.status_code)


@FUZZ
@given(route=st.sampled_from(["/events", "/events/timeline", "/events/network", "/places",
                              "/actors", "/documents"]),
       params=st.dictionaries(st.sampled_from(["actor", "recipient", "type", "since", "until",
                                               "place", "q", "doc_id", "sort", "limit",
                                               "offset", "bucket", "max_nodes"]),
                              st.text(max_size=30), max_size=4))
def test_read_endpoints_answer_data_or_a_coded_error(client: TestClient, route: str,
                                                     params: dict[str, str]) -> None:
    response = client.get(route, params=params)
    body = response.json()
    if response.status_code >= 400:
        _check(body, response.status_code)
    else:
        assert isinstance(body, dict | list)


@pytest.mark.parametrize("kind", ["multipart/form-data", "multipart/form-data; boundary=xyz"])
def test_a_malformed_multipart_body_is_E104(client: TestClient, kind: str) -> None:
    response = client.post("/code", content=b"--abc\r\nnot a part", headers={"content-type": kind})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "E104"
