"""Rows of the store's tables: doc_json is the full record, each events row its event's JSON,
encoded once and spliced into doc_json."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from eventwire.records import Document
from eventwire.store.rows import document_rows

AT = datetime(2026, 11, 29, 6, 0)


def test_doc_json_and_event_json_are_the_records(docs: list[Document]) -> None:
    for doc in docs:
        assert doc.events
        rows = document_rows(doc, "x1", AT)
        [row] = rows["documents"]
        assert row[8] == json.dumps({**doc.to_dict(), "id": "x1"}, ensure_ascii=False)
        assert [r[-1] for r in rows["events"]] == [
            json.dumps(ev.to_dict(), ensure_ascii=False) for ev in doc.events]


def test_a_text_that_quotes_the_events_key_is_kept_as_it_is(docs: list[Document]) -> None:
    doc = replace(docs[0], text='Leaked config: {"events": [], "ids": []} said "events": []')
    [row] = document_rows(doc, "x2", AT)["documents"]
    assert json.loads(row[8]) == {**doc.to_dict(), "id": "x2"}


def test_a_document_without_events_has_an_empty_list(docs: list[Document]) -> None:
    doc = replace(docs[0], events=[])
    rows = document_rows(doc, "x3", AT)
    assert json.loads(rows["documents"][0][8])["events"] == []
    assert rows["events"] == []
