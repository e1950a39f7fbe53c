"""Input readers: every format, every error code, streaming, and any bytes never raising."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.inputs import read_inputs, read_path, read_stdin
from eventwire.inputs.readers import read_jsonl_stream
from eventwire.records import Document, Rejected

DATA = Path(__file__).parent / "data" / "inputs"
LIMIT = 1_000_000


def _read(*paths: Path | str, pub_date: str | None = None) -> list[Document | Rejected]:
    return list(read_inputs([str(p) for p in paths], pub_date))


def _docs(items: list[Document | Rejected]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _codes(items: list[Document | Rejected]) -> list[str]:
    return [i.code for i in items if isinstance(i, Rejected)]


def _gzip(src: Path, dest: Path) -> Path:
    dest.write_bytes(gzip.compress(src.read_bytes()))
    return dest


# --- formats ---------------------------------------------------------------------------------


def test_txt_file_is_one_raw_text_document() -> None:
    [doc] = _read(DATA / "article.txt")
    assert isinstance(doc, Document)
    assert doc.raw_text is not None and doc.raw_text.startswith("Finland and Estonia agree")
    assert doc.raw_html is None
    assert doc.source == str(DATA / "article.txt")
    assert doc.id == "" and doc.pub_date is None


def test_html_file_is_one_raw_html_document() -> None:
    [doc] = _read(DATA / "page.html")
    assert isinstance(doc, Document)
    assert doc.raw_html is not None and "<article>" in doc.raw_html
    assert doc.raw_text is None


def test_pub_date_fills_documents_without_one() -> None:
    items = _read(DATA / "article.txt", DATA / "batch.jsonl", pub_date="2023-03-02")
    dates = {d.id or d.source: d.pub_date for d in _docs(items)}
    assert dates[str(DATA / "article.txt")] == "2023-03-02"
    assert dates["a1"] == "2024-02-19"  # the record's own date wins
    assert dates["a2"] == "2023-03-02"


def test_jsonl_records_lines_and_fields() -> None:
    items = _read(DATA / "batch.jsonl")
    docs = _docs(items)
    assert [d.id for d in docs] == ["a1", "a2", "5"]
    a1 = docs[0]
    assert a1.source == f"{DATA / 'batch.jsonl'}:1"
    assert a1.url == "https://example.org/a1" and a1.title == "Brazil recalls ambassador"
    assert a1.raw_text is not None and a1.raw_text.startswith("Brazil recalled")
    assert docs[1].title is None
    assert docs[2].raw_html is not None and docs[2].raw_text is None
    assert docs[2].source.endswith(":6")  # the blank line 4 still counts


def test_jsonl_bad_lines_are_rejected_and_the_rest_goes_on() -> None:
    items = _read(DATA / "batch.jsonl")
    rejected = {r.source.rsplit(":", 1)[1]: r for r in items if isinstance(r, Rejected)}
    assert rejected["3"].code == "E104"
    assert rejected["5"].code == "E105" and rejected["5"].id == "a4"
    assert rejected["7"].code == "E109" and rejected["7"].id == "a6"
    assert all(r.stage == "read" for r in rejected.values())
    assert len(_docs(items)) == 3


def test_jsonl_iso_datetime_keeps_its_date(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "Talks ended.", "pub_date": "2023-03-02T10:00:00Z"}\n')
    [doc] = _read(path)
    assert isinstance(doc, Document) and doc.pub_date == "2023-03-02"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("[1, 2, 3]", "E104"),
        ('{"text": 42}', "E105"),
        ('{"text": "   "}', "E101"),
        ('{"text": "ok text", "title": ["a"]}', "E109"),
        ('{"text": "ok text", "id": 1.5}', "E109"),
    ],
)
def test_jsonl_record_errors(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(line + "\n")
    assert _codes(_read(path)) == [code]


def test_csv_rows_with_optional_columns() -> None:
    items = _read(DATA / "batch.csv")
    docs = _docs(items)
    assert [d.id for d in docs] == ["c1", "c2"]
    assert docs[0].title == "Chile protests" and docs[0].pub_date == "2019-10-25"
    assert docs[0].source == f"{DATA / 'batch.csv'}:2"
    assert docs[1].title is None and docs[1].pub_date is None
    assert docs[1].raw_text is not None and docs[1].raw_text.startswith("Nigeria's senate")
    assert _codes(items) == ["E101"]  # the row with an empty text cell


def test_csv_without_text_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,hello\n")
    assert _codes(_read(path)) == ["E105"]


def test_csv_with_html_column(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text('id,html\nh1,"<p>Talks in Oslo ended.</p>"\n')
    [doc] = _read(path)
    assert isinstance(doc, Document) and doc.raw_html == "<p>Talks in Oslo ended.</p>"


@pytest.mark.parametrize("name", ["article.txt", "page.html", "batch.jsonl", "batch.csv"])
def test_gzipped_inputs_read_like_plain_ones(tmp_path: Path, name: str) -> None:
    packed = _gzip(DATA / name, tmp_path / (name + ".gz"))
    plain, zipped = _read(DATA / name), _read(packed)
    assert len(plain) == len(zipped)
    for a, b in zip(plain, zipped, strict=True):
        assert type(a) is type(b)
        if isinstance(a, Document) and isinstance(b, Document):
            assert (a.raw_text, a.raw_html, a.id) == (b.raw_text, b.raw_html, b.id)


def test_directory_is_read_recursively_sorted_by_extension() -> None:
    items = _read(DATA)
    sources = [i.source for i in items]
    files = sorted({s.rsplit(":", 1)[0] if s.endswith(tuple("0123456789")) else s for s in sources})
    names = [Path(f).relative_to(DATA).as_posix() for f in files]
    assert names == [
        "article.txt", "batch.csv", "batch.jsonl", "nested/deeper/story.htm", "nested/note.txt",
        "page.html",
    ]  # fmt: skip
    assert sources == sorted(sources, key=lambda s: (s.rsplit(":", 1)[0], len(s), s))


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not an input")
    assert _codes(_read(tmp_path)) == ["E108"]


# --- stdin -----------------------------------------------------------------------------------


def test_stdin_text_html_and_jsonl() -> None:
    text = list(read_stdin(io.BytesIO(b"Talks in Oslo ended.\n"), LIMIT, "2023-01-05"))
    html = list(read_stdin(io.BytesIO(b"<html><body><p>Hi</p></body></html>"), LIMIT, None))
    jsonl = list(read_stdin(io.BytesIO(b'{"id": "s1", "text": "A"}\n{"id": "s2", "text": "B"}\n'),
                            LIMIT, None))  # fmt: skip
    assert isinstance(text[0], Document) and text[0].raw_text == "Talks in Oslo ended.\n"
    assert text[0].source == "<stdin>" and text[0].pub_date == "2023-01-05"
    assert isinstance(html[0], Document) and html[0].raw_html is not None
    assert [d.id for d in _docs(jsonl)] == ["s1", "s2"]


@pytest.mark.parametrize("paths", [[], ["-"]])
def test_no_path_or_dash_reads_stdin(paths: list[str]) -> None:
    [doc] = list(read_inputs(paths, stdin=io.BytesIO(b"Ministers met in Rome.")))
    assert isinstance(doc, Document) and doc.raw_text == "Ministers met in Rome."


def test_empty_stdin_is_rejected() -> None:
    assert _codes(list(read_inputs([], stdin=io.BytesIO(b"")))) == ["E101"]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", b" \n\t\n", "E101"),
        ("nul.txt", b"abc\x00\x01\x02def" * 20, "E102"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "E102"),
        ("latin1.txt", "Präsident Müller traf Außenminister.".encode("latin-1"), "E103"),
        ("empty.jsonl", b"\n\n", "E101"),
        ("binary.jsonl", b"\x00\x01\x02\x03" * 100, "E102"),
        ("empty.csv", b"", "E101"),
        ("blank.csv", b"\t\n \n", "E101"),
        ("headless.csv", b" \nfoo,bar\n1,2\n", "E105"),
        ("notes.md", b"# heading", "E108"),
        ("broken.txt.gz", b"not gzip at all", "E106"),
    ],
)
def test_bad_files_get_coded_rejections(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [item] = _read(path)
    assert isinstance(item, Rejected)
    assert (item.code, item.stage, item.source) == (code, "read", str(path))
    assert item.reason


def test_missing_file_is_e106(tmp_path: Path) -> None:
    [item] = _read(tmp_path / "nope.txt")
    assert isinstance(item, Rejected) and item.code == "E106"


def test_unreadable_file_is_e106(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Talks ended.")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    [item] = _read(path)
    assert isinstance(item, Rejected) and item.code == "E106"
    assert "Permission denied" in item.reason


def test_truncated_gzip_jsonl_keeps_lines_before_the_damage(tmp_path: Path) -> None:
    lines = b"".join(b'{"id": "%d", "text": "Story number %d."}\n' % (i, i) for i in range(3000))
    packed = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = _read(path)
    assert len(_docs(items)) > 100
    assert _codes(items) == ["E106"] and isinstance(items[-1], Rejected)


def test_too_large_file_and_jsonl_line_are_e107(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    lines = tmp_path / "big.jsonl"
    lines.write_text('{"text": "short"}\n{"text": "' + "x" * 200 + '"}\n{"text": "after"}\n')
    assert [i.code for i in read_path(big, 50, None) if isinstance(i, Rejected)] == ["E107"]
    items = list(read_path(lines, 100, None))
    assert [type(i).__name__ for i in items] == ["Document", "Rejected", "Document"]
    assert items[1].source.endswith(":2") and _codes(items) == ["E107"]


def test_too_large_gzip_is_e107(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 10_000))  # small on disk, large unpacked
    assert _codes(list(read_path(path, 1000, None))) == ["E107"]


def test_html_with_declared_charset_decodes(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Außenminister</p></body></html>'
    path.write_bytes(html.encode("latin-1"))
    [doc] = _read(path)
    assert isinstance(doc, Document) and "Außenminister" in (doc.raw_html or "")


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffKyiv talks".encode())
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Kyiv talks".encode("utf-16"))
    docs = _docs(_read(bom, wide))
    assert [d.raw_text for d in docs] == ["Kyiv talks", "Kyiv talks"]


@pytest.mark.parametrize("value", ["2023-3-2", "02/03/2023", "2023-02-30", "yesterday"])
def test_bad_pub_date_argument_raises_e109_at_once(value: str) -> None:
    with pytest.raises(InputError) as info:
        read_inputs([str(DATA / "article.txt")], value)
    assert info.value.code == "E109"


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\xff" * 64)
    (tmp_path / "c_bad.jsonl").write_text('{"text": "Good line."}\n{oops\n')
    (tmp_path / "d_latin.txt").write_bytes("café crème".encode("latin-1"))
    shutil.copy(DATA / "article.txt", tmp_path / "e_good.txt")
    items = _read(tmp_path)
    assert _codes(items) == ["E101", "E102", "E104", "E103"]
    names = [Path(d.source.split(":")[0]).name for d in _docs(items)]
    assert names == ["c_bad.jsonl", "e_good.txt"]


def test_jsonl_is_streamed() -> None:
    lines = b"".join(b'{"id": "%d", "text": "Story %d."}\n' % (i, i) for i in range(5000))
    stream = io.BytesIO(lines)
    first = next(read_jsonl_stream(stream, "s", LIMIT, None))
    assert isinstance(first, Document) and first.id == "0"
    assert stream.tell() < len(lines) // 10  # only the first line(s) were read


# --- any bytes -------------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=400) | st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".txt.gz", ".jsonl.gz", ".csv.gz"]),
    packed=st.booleans(),
)
def test_any_bytes_give_documents_or_rejections(
    tmp_path: Path, content: bytes, suffix: str, packed: bool
) -> None:
    path = tmp_path / ("input" + suffix)
    path.write_bytes(gzip.compress(content) if suffix.endswith(".gz") and packed else content)
    items = _read(path)
    assert items, "every input gives at least one document or rejection"
    for item in items:
        assert isinstance(item, Document | Rejected)
        if isinstance(item, Rejected):
            assert item.code.startswith("E1") and item.stage == "read"
        else:
            assert (item.raw_text is None) != (item.raw_html is None)
