"""The Python API: code a text, open a store, get events as a DataFrame.

>>> import eventwire
>>> doc = eventwire.code("Russia's foreign minister met his Indian counterpart ...",
...                      pub_date="2023-03-02")            # doctest: +SKIP
>>> with eventwire.open("eventwire.duckdb") as store:        # doctest: +SKIP
...     frame = store.events(actor="RUS", type="CONSULT", since="2023-01")
...     reported = store.clusters(type="CONSULT")  # one row per event across articles

``events()`` and ``clusters()`` return a pandas DataFrame by default, a pyarrow Table with
``output="arrow"`` and a polars DataFrame with ``output="polars"`` (when polars is installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from eventwire.commands._options import iso_date
from eventwire.errors import UsageError
from eventwire.records import Document, Rejected
from eventwire.store import EventFilter, Reader
from eventwire.store.query import clusters_relation

OUTPUTS: tuple[str, ...] = ("pandas", "arrow", "polars")


def code(text: str, pub_date: str | None = None, *, html: bool = False,
         doc_id: str | None = None) -> Document:
    """Code one article (plain text, or HTML with ``html=True``) with the full pipeline.

    Raises the pipeline's coded error (an :class:`eventwire.errors.EventwireError`) when the
    text cannot be coded, e.g. E101 for an empty text.
    """
    from eventwire.pipeline import default_pipeline  # loads the models on first use only

    doc = Document(id=doc_id or "", pub_date=iso_date(pub_date, "pub_date"), source="<api>")
    if html:
        doc.raw_html = text
    else:
        doc.raw_text = text
    return default_pipeline()(doc)


class EventStore:
    """A read-only view of a store file (see :func:`open`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.reader = Reader(path)

    def events(self, actor: str | None = None, recipient: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None, output: str = "pandas") -> Any:
        """Events matching every given filter, oldest first, one row per event.

        ``actor``/``recipient`` match any of the event's codes (e.g. "RUS", "IGO"); ``type`` is
        a PLOVER event type; ``since``/``until`` take YYYY, YYYY-MM or YYYY-MM-DD.
        """
        flt = EventFilter.parse(actor=actor, recipient=recipient, type=type, since=since,
                                until=until)
        _check_output(output)
        return _frame(self.reader.relation(flt, limit), output)

    def clusters(self, actor: str | None = None, recipient: str | None = None,
                 type: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = None, output: str = "pandas") -> Any:
        """Events reported by several articles, one row per cluster, most articles first.

        A cluster is one event type, actors, recipients, day and place; its ``mentions``,
        ``articles`` and ``sources`` count original articles only (GDELT's NumMentions,
        NumArticles, NumSources), ``copies`` the syndicated copies, and ``example_doc`` and
        ``doc_ids`` name the documents. Filters as for :meth:`events` (dates: the cluster's day).
        """
        flt = EventFilter.parse(actor=actor, recipient=recipient, type=type, since=since,
                                until=until)
        _check_output(output)
        return _frame(clusters_relation(self.reader.con, flt, limit), output)

    def export(self, format: str, output: str | Path | None = None, *, fips: bool = False,
               header: bool = False, **filters: str | None) -> int:
        """Export the events matching ``filters`` (as for :meth:`events`) in ``format``
        (plover, gdelt-events, gdelt-mentions, gkg, phoenix, parquet, csv); returns rows."""
        from eventwire.export import export

        flt = EventFilter.parse(**filters)
        target = Path(output) if output is not None else None
        return export(self.reader, format, flt, target, fips=fips, header=header)

    def document(self, doc_id: str) -> Document:
        """One stored document (E403 if there is none with that id)."""
        return self.reader.document(doc_id).document

    def documents(self) -> Iterator[Document]:
        """Every stored document, in id order."""
        return (stored.document for stored in self.reader.documents())

    def rejected(self) -> list[Rejected]:
        """The documents that could not be coded, with stage, code and reason."""
        return self.reader.rejected()

    def close(self) -> None:
        self.reader.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _check_output(output: str) -> None:
    if output not in OUTPUTS:
        raise UsageError(f"output must be one of {', '.join(OUTPUTS)}, got {output!r}",
                         code="E501")


def _frame(rel: Any, output: str) -> Any:
    """A DuckDB relation as a pandas DataFrame, a pyarrow Table or a polars DataFrame."""
    if output == "pandas":
        return rel.df()
    table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()
    return table if output == "arrow" else _polars(table)


def _polars(table: Any) -> Any:
    try:
        import polars
    except ImportError as exc:
        raise UsageError("output='polars' needs polars: pip install polars", code="E501") from exc
    return polars.from_arrow(table)


def open(db_path: str | Path | None = None) -> EventStore:  # noqa: A001 - eventwire.open
    """Open a store file read-only (default: setting ``db``, ./eventwire.duckdb)."""
    return EventStore(db_path)
