"""Coding on request: turn a posted article (text or HTML) into a coded document.

The pipeline is the default one, loaded on first use and shared. Requests are coded one at a
time (the machine is small and the models are not made for concurrent calls); a few may wait,
more are told to retry (E706) instead of piling up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from eventwire.commands._options import iso_date
from eventwire.errors import InputError, WebError
from eventwire.pipeline import Pipeline, Result, default_pipeline
from eventwire.records import Document


@dataclass(frozen=True)
class Article:
    """A posted article: exactly one of ``text`` or ``html``, and optional metadata."""

    text: str | None = None
    html: str | None = None
    pub_date: str | None = None
    title: str | None = None
    url: str | None = None

    def document(self) -> Document:
        """The raw :class:`Document` the pipeline starts from."""
        if (self.text is None) == (self.html is None):
            raise InputError("send exactly one of 'text' or 'html'", code="E109")
        if not (self.text or self.html or "").strip():
            raise InputError("the article is empty", code="E101")
        return Document(raw_text=self.text, raw_html=self.html, source="request",
                        pub_date=iso_date(self.pub_date, "pub_date"), title=self.title,
                        url=self.url)


class Coder:
    """Runs the pipeline on one article at a time, with at most ``max_waiting`` queued."""

    def __init__(self, pipeline: Pipeline | None = None, max_waiting: int = 4) -> None:
        self._pipeline = pipeline
        self._run = threading.Lock()
        self._count = threading.Lock()
        self._waiting = 0
        self.max_waiting = max_waiting

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = default_pipeline()
        return self._pipeline

    def code(self, article: Article) -> Result:
        """Code ``article``; a document the pipeline cannot process comes back Rejected."""
        doc = article.document()
        with self._count:
            if self._waiting >= self.max_waiting:
                raise WebError("too many articles waiting to be coded; retry shortly",
                               code="E706")
            self._waiting += 1
        try:
            with self._run:
                return self.pipeline.run(doc)
        finally:
            with self._count:
                self._waiting -= 1
