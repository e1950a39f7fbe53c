"""Store faults: a damaged or foreign file gives a clear E401, nothing is lost silently, and
``eventwire doctor`` finds the damage and rebuilds the store from what can still be read."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from eventwire.commands import doctor as doctor_command
from eventwire.dedup import BANDS
from eventwire.errors import StoreError
from eventwire.store import Reader, Store
from eventwire.store.doctor import DERIVED, check, repair
from eventwire.store.duck import damage_hint
from eventwire.store.schema import SCHEMA_VERSION

HEADER = 3 * 4096  # DuckDB's file header; data blocks of 256 KiB follow
BLOCK = 256 * 1024

MakeStore = Callable[[Path, int], Path]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory, make_store: MakeStore) -> Path:
    return make_store(tmp_path_factory.mktemp("store") / "good.duckdb", 300)


def _damage(healthy: Path, folder: Path, hit: Callable[[list[str]], bool]) -> Path:
    """A copy of the healthy store with the first used data block whose damage ``check``
    reports with problems that ``hit`` accepts overwritten by garbage."""
    data = healthy.read_bytes()
    for block in range((len(data) - HEADER) // BLOCK):
        at = HEADER + block * BLOCK + 1000
        broken = folder / f"block{block}.duckdb"
        broken.write_bytes(data[:at] + b"\xa5" * 4096 + data[at + 4096:])
        try:
            health = check(broken)
        except StoreError:
            continue  # the damage hit the catalogue: look for a block that holds table data
        if not health.ok and hit(health.problems):
            return broken
    pytest.fail("no data block of the store was found to damage")


def _bands_only(problems: list[str]) -> bool:
    return all("article_bands" in p for p in problems)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory, healthy: Path) -> Path:
    """A copy of the healthy store with a block of stored (not derived) rows damaged."""
    return _damage(healthy, tmp_path_factory.mktemp("damaged"), lambda p: not _bands_only(p))


def _copy(src: Path, folder: Path) -> Path:
    dst = folder / src.name
    shutil.copy(src, dst)
    return dst


def test_healthy_store_checks_ok(healthy: Path) -> None:
    health = check(healthy)
    assert health.ok, health.problems
    assert health.schema_version == SCHEMA_VERSION
    assert health.counts["documents"] == 300
    assert health.counts["rejected"] == 1
    assert health.orphans == {}


@pytest.mark.parametrize("content", [b"", b"this is not a database\n" * 500,
                                     b"\x00" * 20000])
def test_foreign_file_is_E401_everywhere(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "events.duckdb"
    path.write_bytes(content)
    for open_it in (Store, Reader, check):
        with pytest.raises(StoreError) as err:
            open_it(path)
        assert err.value.code == "E401"
    with pytest.raises(StoreError, match=r"eventwire doctor --db .*events\.duckdb"):
        Store(path)  # the message says how to check and repair the file
    assert path.read_bytes() == content  # nobody overwrote the file


def test_damage_hint_is_only_for_damage() -> None:
    assert "doctor" in damage_hint(RuntimeError("IO Error: Corrupt database file"), "x")
    assert damage_hint(RuntimeError("IO Error: No space left on device"), "x") == ""
    assert damage_hint(RuntimeError("Could not set lock on file"), "x") == ""


def test_truncated_store_is_found(tmp_path: Path, healthy: Path) -> None:
    path = tmp_path / "short.duckdb"
    data = healthy.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    try:
        health = check(path)
    except StoreError as err:
        assert err.code == "E401"
        return
    assert not health.ok
    assert any("cannot be read" in p for p in health.problems)


def test_damaged_block_is_reported(damaged: Path) -> None:
    health = check(damaged)
    assert not health.ok
    assert any("cannot be read" in p for p in health.problems)


def test_repair_keeps_the_damaged_file_and_saves_the_rest(tmp_path: Path, damaged: Path,
                                                          healthy: Path) -> None:
    path = _copy(damaged, tmp_path)
    before = path.read_bytes()
    done = repair(path)
    assert done.kept_aside.read_bytes() == before  # the old file is kept, unchanged
    after = check(path)
    assert after.ok, after.problems
    expected = check(healthy).counts
    for table, total in expected.items():
        if table in DERIVED:  # rebuilt for every link, not copied
            assert after.counts[table] == BANDS * after.counts["article_links"]
            continue
        assert done.copied[table] + done.lost[table] == total, table  # every row accounted
        assert after.counts[table] <= total
    assert sum(done.lost.values()) > 0 or done.relinked > 0
    only_links = {t for t, n in done.lost.items() if n} <= {"article_links"}
    assert done.complete == (only_links and done.relinked >= done.lost["article_links"])


def test_repair_rebuilds_damaged_band_keys_and_loses_nothing(tmp_path: Path,
                                                             healthy: Path) -> None:
    path = _damage(healthy, tmp_path, _bands_only)
    done = repair(path)
    after = check(path)
    assert after.ok, after.problems
    assert after.counts == check(healthy).counts
    assert done.complete


def test_repaired_store_can_be_written_and_read(tmp_path: Path, damaged: Path,
                                                document_for: Callable[..., object]) -> None:
    path = _copy(damaged, tmp_path)
    repair(path)
    with Store(path) as store:
        store.write(document_for(9999))  # type: ignore[arg-type]
    with Reader(path) as reader:
        assert reader.document("doc-09999").document.text.startswith("Report 9999")
        assert reader.schema_version() == SCHEMA_VERSION


def test_a_missing_store_is_E401_for_check_and_repair(tmp_path: Path) -> None:
    for action in (check, repair):
        with pytest.raises(StoreError) as err:
            action(tmp_path / "none.duckdb")
        assert err.value.code == "E401"
    assert not (tmp_path / "none.duckdb").exists()


HOLD = """
import sys
from eventwire.store import Store
with Store(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_repair_refuses_a_store_another_process_writes(tmp_path: Path, healthy: Path) -> None:
    path = _copy(healthy, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError) as err:
            repair(path)
        assert err.value.code == "E401" and "in use" in err.value.message
        assert path.exists() and not list(tmp_path.glob("*.broken-*"))
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=60)
        holder.stdout.close()


def test_repair_of_an_unreadable_file_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    path.write_bytes(b"garbage" * 1000)
    done = repair(path)
    assert done.problems and not done.complete
    assert done.kept_aside.read_bytes() == b"garbage" * 1000
    assert check(path).ok


def test_orphans_are_counted_and_dropped_by_repair(tmp_path: Path, healthy: Path) -> None:
    path = _copy(healthy, tmp_path)
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM documents WHERE id = 'doc-00007'")
    con.close()
    health = check(path)
    assert health.orphans == {"entities": 1, "events": 1, "article_links": 1,
                              "article_bands": BANDS}
    done = repair(path)
    assert done.orphans_dropped == {"entities": 1, "events": 1, "article_links": 1}
    after = check(path)  # the band keys are rebuilt for the links that are left
    assert after.ok and after.counts["article_bands"] == BANDS * after.counts["article_links"]


def test_newer_schema_is_reported(tmp_path: Path, healthy: Path) -> None:
    path = _copy(healthy, tmp_path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    health = check(path)
    assert health.schema_version == 99
    assert any("schema version 99" in p for p in health.problems)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == "E401"


def test_missing_table_is_reported(tmp_path: Path, healthy: Path) -> None:
    path = _copy(healthy, tmp_path)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE quotes")
    con.close()
    assert "table quotes is missing" in check(path).problems


def test_doctor_command_exit_codes(tmp_path: Path, healthy: Path, damaged: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = _copy(healthy, tmp_path), tmp_path / "bad.duckdb"
    shutil.copy(damaged, bad)
    assert doctor_command.run(argparse.Namespace(db=str(good), repair=False)) == 0
    assert doctor_command.run(argparse.Namespace(db=str(bad), repair=False)) == 1
    assert "PROBLEMS" in capsys.readouterr().out
    doctor_command.run(argparse.Namespace(db=str(bad), repair=True))
    assert "kept as" in capsys.readouterr().out
    assert doctor_command.run(argparse.Namespace(db=str(bad), repair=False)) == 0


def test_doctor_registers_a_subcommand() -> None:
    parser = argparse.ArgumentParser()
    doctor_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["doctor", "--db", "x.duckdb", "--repair"])
    assert args.repair and args.db == "x.duckdb" and args.func is doctor_command.run


def test_writing_into_a_damaged_store_is_a_coded_error_not_a_crash(
        tmp_path: Path, damaged: Path, document_for: Callable[..., object]) -> None:
    path = _copy(damaged, tmp_path)
    before = check(path)
    try:
        store = Store(path)
    except StoreError as err:
        assert err.code == "E401"
        return
    with store:
        try:
            store.write(document_for(7777))  # type: ignore[arg-type]
        except StoreError as err:
            assert err.code == "E402"
    after = check(path)
    for table, count in before.counts.items():
        assert after.counts.get(table, 0) >= count  # nothing readable went missing


def test_the_web_api_over_a_damaged_store_answers_coded_errors(tmp_path: Path,
                                                               damaged: Path) -> None:
    from fastapi.testclient import TestClient

    from eventwire.web.app import ServeConfig, create_app

    path = _copy(damaged, tmp_path)
    app = create_app(ServeConfig(db=path, hosts=("testserver",)))
    with TestClient(app, raise_server_exceptions=False) as client:
        for route in ("/status", "/events", "/events/network", "/places", "/actors",
                      "/documents", "/rejected", "/documents/doc-00001"):
            response = client.get(route)
            if response.status_code >= 400:
                assert response.json()["error"]["code"].startswith("E"), route
