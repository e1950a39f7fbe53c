"""Article de-duplication (exact and near copies) and cross-article event clusters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.dedup import (
    BANDS,
    NEAR_THRESHOLD,
    NUM_PERM,
    ROWS,
    ArticleIndex,
    band_keys,
    event_clusters,
    normalise,
    signature,
    text_hash,
)
from eventwire.records import Actor, Document, Event, EventPlace
from eventwire.store import Store

WIRE = (
    "The foreign ministers of Freedonia and Sylvania met in the capital on Tuesday to discuss "
    "the disputed river border, officials said. The two sides agreed to set up a joint "
    "commission that will survey the river and report within six months. Freedonia's minister "
    "told reporters the talks had been frank and useful, while his Sylvanian counterpart said "
    "more work was needed before any treaty could be signed. Both governments promised to "
    "keep troops away from the banks of the river while the commission does its work, and "
    "they agreed to meet again in the spring to review its findings."
)
OTHER = (
    "Farmers in the northern valley marched on the regional assembly on Friday to protest "
    "against new water charges, blocking the main road for several hours. Police said the "
    "march was peaceful and no arrests were made. The assembly speaker agreed to receive a "
    "delegation of farmers next week to hear their complaints about the charges."
)


def test_normalise_ignores_case_punctuation_and_spacing() -> None:
    assert normalise("  Hello,  WORLD!\n(again)") == "hello world again"
    assert text_hash("Talks end.") == text_hash("talks  END")
    assert text_hash("Talks end.") != text_hash("Talks began.")


@given(st.text(max_size=200))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


def test_exact_copy_links_to_the_first_article() -> None:
    index = ArticleIndex()
    assert index.link("a", WIRE).kind == "original"
    copy = index.link("b", WIRE.upper().replace(",", ""))
    assert (copy.canonical_id, copy.kind) == ("a", "exact")


def test_syndicated_copy_with_credit_and_cut_ending_is_a_near_copy() -> None:
    index = ArticleIndex()
    index.link("a", WIRE)
    index.link("other", OTHER)
    syndicated = "CAPITAL (Wire Agency) - " + WIRE.rsplit(" Both governments", 1)[0]
    link = index.link("b", syndicated)
    assert (link.canonical_id, link.kind) == ("a", "near")
    assert 0.6 <= link.similarity < 1.0


def test_own_report_of_the_same_meeting_is_original() -> None:
    own = ("Sylvania and Freedonia sent their foreign ministers to talks on Tuesday about the "
           "river border they dispute. A joint commission will survey the river and report "
           "within six months, the two governments agreed, and troops will stay away from "
           "the banks meanwhile. The ministers plan to meet again in the spring.")
    index = ArticleIndex()
    index.link("a", WIRE)
    assert index.link("b", own).kind == "original"


def test_a_different_story_is_original() -> None:
    index = ArticleIndex()
    index.link("a", WIRE)
    assert index.link("b", OTHER).kind == "original"


def test_copy_of_a_copy_links_to_the_original() -> None:
    index = ArticleIndex()
    index.link("a", WIRE)
    index.link("b", WIRE + " Reporting by A. Writer.")
    assert index.link("c", WIRE + " Reporting by A. Writer.").canonical_id == "a"


def test_reingested_article_does_not_copy_itself() -> None:
    index = ArticleIndex()
    index.link("a", WIRE)
    assert index.link("a", WIRE).kind == "original"


def _actor(code: str) -> Actor:
    return Actor(entity_text=code, name=code, code=code, sector="GOV")


def _event(eid: str, kind: str = "CONSULT") -> Event:
    place = EventPlace("the capital", "Fredonia City", 101, 1.0, 2.0, "FRE", "city")
    return Event(id=eid, event=kind, actor=[_actor("FRE")], recipient=[_actor("SYL")],
                 event_text="met", start=0, end=3, sequence=1, date="2024-03-05",
                 date_resolution="day", event_loc=place)


def _doc(doc_id: str, text: str, site: str, events: list[Event]) -> Document:
    return Document(id=doc_id, text=text, site=site, source=f"{doc_id}.txt",
                    url=f"https://{site}/{doc_id}", pub_date="2024-03-05", events=events)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "dedup.duckdb")


def test_store_links_copies_and_clusters_events_across_articles(store: Store) -> None:
    store.write_batch([
        _doc("a", WIRE, "wire.example", [_event("a-1"), _event("a-2", "REJECT")]),
        _doc("b", WIRE, "paper.example", [_event("b-1")]),  # syndicated copy
        _doc("c", OTHER + " The ministers also met.", "daily.example", [_event("c-1")]),
    ])
    links = store.con.execute(
        "SELECT doc_id, canonical_id, kind FROM article_links ORDER BY doc_id").fetchall()
    assert links == [("a", "a", "original"), ("b", "a", "exact"), ("c", "c", "original")]
    clusters = {c["event"]: c for c in event_clusters(store.con)}
    consult = clusters["CONSULT"]
    assert (consult["mentions"], consult["articles"], consult["sources"]) == (2, 2, 2)
    assert consult["copies"] == 1 and consult["actors"] == ["FRE"]
    assert clusters["REJECT"]["articles"] == 1


def test_duplicate_index_survives_reopening_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as first:
        first.write(_doc("a", WIRE, "wire.example", []))
    with Store(tmp_path / "s.duckdb") as again:
        again.write(_doc("b", WIRE, "paper.example", []))
        row = again.con.execute(
            "SELECT canonical_id, kind FROM article_links WHERE doc_id = 'b'").fetchone()
    assert row == ("a", "exact")


SYNDICATED = "CAPITAL (Wire Agency) - " + WIRE.rsplit(" Both governments", 1)[0]


def test_bands_are_the_lsh_optimum_for_the_threshold() -> None:
    from datasketch.lsh import _optimal_param

    assert _optimal_param(NEAR_THRESHOLD, NUM_PERM, 0.5, 0.5) == (BANDS, ROWS)


def test_band_keys_agree_exactly_where_bands_agree() -> None:
    a = signature(WIRE)
    b = a.copy()
    b[ROWS * 3] ^= 1  # one value of band 3 differs
    ka, kb = band_keys(a), band_keys(b)
    assert len(ka) == BANDS and all(0 <= k < 2**63 for k in ka)
    assert [x == y for x, y in zip(ka, kb, strict=True)] == [i != 3 for i in range(BANDS)]
    assert len(set(band_keys(np.zeros(NUM_PERM, dtype=np.uint32)))) == BANDS  # band in key


def test_near_copy_in_the_same_batch_and_in_a_later_one(store: Store) -> None:
    store.write_batch([_doc("a", WIRE, "wire.example", []),
                       _doc("b", SYNDICATED, "paper.example", [])])
    store.write(_doc("c", SYNDICATED + " Copyright Daily.", "daily.example", []))
    links = dict(store.con.execute(
        "SELECT doc_id, canonical_id || ':' || kind FROM article_links").fetchall())
    assert links == {"a": "a:original", "b": "a:near", "c": "a:near"}
    bands = store.con.execute("SELECT count(*), count(DISTINCT doc_id) FROM article_bands")
    assert bands.fetchone() == (3 * BANDS, 3)


def test_replaced_article_does_not_copy_its_old_version(store: Store) -> None:
    store.write(_doc("a", WIRE, "wire.example", []))
    store.write(_doc("a", SYNDICATED, "wire.example", []))
    assert store.con.execute("SELECT kind FROM article_links").fetchall() == [("original",)]
    assert store.con.execute("SELECT count(*) FROM article_bands").fetchone() == (BANDS,)


def test_a_store_without_band_keys_gets_them_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    with Store(path) as old:
        old.write_batch([_doc("a", WIRE, "wire.example", []),
                         _doc("o", OTHER, "daily.example", [])])
        old.con.execute("DROP TABLE article_bands")  # as schema version 2 left it
        old.con.execute("DELETE FROM schema_version")
        old.con.execute("INSERT INTO schema_version VALUES (2, now())")
    with Store(path) as store:
        assert store.con.execute("SELECT count(*) FROM article_bands").fetchone() == (
            2 * BANDS,)
        store.write(_doc("b", SYNDICATED, "paper.example", []))
        row = store.con.execute("SELECT canonical_id, kind FROM article_links "
                                "WHERE doc_id = 'b'").fetchone()
    assert row == ("a", "near")


def test_index_in_memory_forgets_a_replaced_article() -> None:
    index = ArticleIndex()
    index.link("a", WIRE)
    index.link("b", WIRE)
    index.forget(["a"])
    assert index.exact([text_hash(WIRE)]) == {text_hash(WIRE): "a"}  # b still names a
    assert all("a" not in ids for ids in index.by_key.values())
    index.forget(["b"])
    assert index.exact([text_hash(WIRE)]) == {} and not any(index.by_key.values())
