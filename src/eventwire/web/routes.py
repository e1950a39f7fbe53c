"""The JSON API: events (filters, paging, sorting, aggregates), documents, actors, places,
rejections, on-the-fly coding and, with a token, storing coded articles.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from eventwire import __version__
from eventwire.errors import EventwireError, InputError
from eventwire.records import Rejected
from eventwire.store import EventFilter
from eventwire.web import queries
from eventwire.web.coding import Article
from eventwire.web.errors import ERROR_RESPONSES, error_response
from eventwire.web.security import require_token
from eventwire.web.source import SnapshotSource

router = APIRouter()

Opt = str | None


def event_filters(
    actor: Annotated[Opt, Query(description="actor code, e.g. RUS (any of the event's actors)")]
    = None,
    recipient: Annotated[Opt, Query(description="recipient code, e.g. USA")] = None,
    type: Annotated[Opt, Query(description="PLOVER event type, e.g. CONSULT")] = None,
    since: Annotated[Opt, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[Opt, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    place: Annotated[Opt, Query(description="location name part, or country code")] = None,
    q: Annotated[Opt, Query(description="text in the event text, title or actor names")] = None,
    doc_id: Annotated[Opt, Query(description="only the events of this document")] = None,
) -> queries.EventQuery:
    """The event filters of ``eventwire events`` plus place and free text."""
    flt = EventFilter.parse(actor=actor or None, recipient=recipient or None, type=type or None,
                            since=since or None, until=until or None, doc_id=doc_id or None)
    return queries.EventQuery(flt, place or None, q or None)


FiltersDep = Annotated[queries.EventQuery, Depends(event_filters)]


def event_page(
    filters: FiltersDep,
    sort: Annotated[str, Query(description=f"one of {', '.join(queries.SORTS)}")] = "date",
    limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> queries.EventQuery:
    """The event filters with sorting and paging."""
    return replace(filters, sort=sort, limit=limit, offset=offset)


PageDep = Annotated[queries.EventQuery, Depends(event_page)]


def source(request: Request) -> SnapshotSource:
    src: SnapshotSource = request.app.state.source
    return src


SourceDep = Annotated[SnapshotSource, Depends(source)]


@router.get("/status", tags=["server"])
def status(request: Request, src: SourceDep) -> dict[str, Any]:
    """Version, whether writing is enabled, the map tiles to use and the store being served."""
    config = request.app.state.config
    out: dict[str, Any] = {"version": __version__, "read_only": not config.token,
                           "tiles": {"url": config.tile_url,
                                     "attribution": config.tile_attribution}}
    try:
        with src.reader() as reader:
            out["counts"] = reader.counts()
    except (EventwireError, duckdb.Error) as exc:  # the page still loads and shows why
        out["counts"], out["problem"] = None, str(exc)
    return {**out, **src.status()}


@router.get("/events", tags=["events"], responses=ERROR_RESPONSES)
def events(query: PageDep, src: SourceDep) -> dict[str, Any]:
    """One page of events matching the filters: ``total``, paging and ``items``."""
    with src.reader() as reader:
        return queries.events_page(reader, query)


@router.get("/events/timeline", tags=["events"], responses=ERROR_RESPONSES)
def events_timeline(query: FiltersDep, src: SourceDep,
                    bucket: Annotated[str, Query(description="auto, day, month or year")]
                    = "auto") -> dict[str, Any]:
    """Counts of matching events by period and type."""
    with src.reader() as reader:
        return queries.timeline(reader, query, bucket)


@router.get("/events/network", tags=["events"], responses=ERROR_RESPONSES)
def events_network(query: FiltersDep, src: SourceDep,
                   max_nodes: Annotated[int, Query(ge=2, le=200)] = 40) -> dict[str, Any]:
    """Who acts on whom in the matching events: nodes and weighted, directed edges."""
    with src.reader() as reader:
        return queries.network(reader, query, max_nodes)


@router.get("/places", tags=["places"], responses=ERROR_RESPONSES)
def places(query: FiltersDep, src: SourceDep) -> list[dict[str, Any]]:
    """Locations of the matching events, with coordinates and counts by event type."""
    with src.reader() as reader:
        return queries.event_places(reader, query)


@router.get("/actors", tags=["actors"], responses=ERROR_RESPONSES)
def actors(query: FiltersDep, src: SourceDep,
           name: Annotated[Opt, Query(description="part of a code or name")] = None,
           limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 200,
           ) -> list[dict[str, Any]]:
    """Actors of the matching events, busiest first, with how often each acts and is acted
    upon."""
    with src.reader() as reader:
        return queries.actors(reader, query, name, limit)


@router.get("/documents", tags=["documents"], responses=ERROR_RESPONSES)
def documents(src: SourceDep, q: Annotated[Opt, Query(description="text in title or body")]
              = None, limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 50,
              offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Stored documents, newest first, with their event and flag counts."""
    with src.reader() as reader:
        return queries.documents_page(reader, q, limit, offset)


@router.get("/documents/{doc_id}", tags=["documents"], responses=ERROR_RESPONSES)
def document(doc_id: str, src: SourceDep) -> dict[str, Any]:
    """One document: its text and every span (entities, places, dates, quotes, events, flags)."""
    with src.reader() as reader:
        return queries.document(reader, doc_id)


@router.get("/rejected", tags=["documents"], responses=ERROR_RESPONSES)
def rejected(src: SourceDep) -> list[dict[str, Any]]:
    """Documents the pipeline could not process, with stage and error code."""
    with src.reader() as reader:
        return [r.to_dict() for r in reader.rejected()]


# --- coding -----------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """A pasted article (``text``) or an HTML page (``html``), with optional metadata."""

    text: str | None = Field(None, description="plain article text")
    html: str | None = Field(None, description="an HTML page")
    pub_date: str | None = Field(None, description="YYYY-MM-DD, to resolve relative dates")
    title: str | None = None
    url: str | None = None


_BODY_DOC: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": ArticleIn.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": ".html/.htm is read as HTML, anything else as text"},
        "text": {"type": "string"}, "pub_date": {"type": "string"}}}},
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
}}}


async def read_article(request: Request) -> Article:
    """The article of a request: JSON, a multipart upload, or a text/plain or text/html body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    pub_date = request.query_params.get("pub_date")
    if kind == "application/json":
        return _from_json(await request.body())
    if kind == "multipart/form-data":
        return await _from_form(request)
    if kind in ("text/plain", "text/html"):
        body = _decode(await request.body())
        return Article(text=body, pub_date=pub_date) if kind == "text/plain" else Article(
            html=body, pub_date=pub_date)
    raise InputError(f"unsupported content type {kind or '(none)'}: send JSON, a multipart "
                     "upload, text/plain or text/html", code="E108")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("the article is not valid UTF-8", code="E103") from exc


def _from_json(body: bytes) -> Article:
    try:
        data = ArticleIn.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"msg": str(exc)}
        raise InputError(f"bad JSON article: {first.get('msg')}", code="E109") from exc
    return Article(data.text, data.html, data.pub_date, data.title, data.url)


async def _from_form(request: Request) -> Article:
    try:
        return await _read_form(request)
    except HTTPException as exc:  # Starlette's answer to a malformed multipart body
        raise InputError(f"malformed multipart body: {exc.detail}", code="E104") from exc


async def _read_form(request: Request) -> Article:
    async with request.form(max_files=1, max_fields=8) as form:  # closes the spooled upload
        pub_date = _field(form.get("pub_date")) or request.query_params.get("pub_date")
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return Article(text=_field(form.get("text")), pub_date=pub_date)
        data = _decode(await upload.read())
        name = (upload.filename or "").lower()
    is_html = name.endswith((".html", ".htm")) or upload.content_type == "text/html"
    return Article(html=data, pub_date=pub_date) if is_html else Article(text=data,
                                                                         pub_date=pub_date)


def _field(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


@router.post("/code", tags=["coding"], openapi_extra=_BODY_DOC,
             responses={**ERROR_RESPONSES, 422: {"description": "document rejected (E1xx, E2xx)"}})
async def code(request: Request) -> JSONResponse:
    """Code an article on the fly (nothing is stored) and return its full record."""
    article = await read_article(request)
    result = await run_in_threadpool(request.app.state.coder.code, article)
    if isinstance(result, Rejected):
        return error_response(result.code, result.reason, stage=result.stage)
    return JSONResponse(result.to_dict())


@router.post("/documents", tags=["documents"], openapi_extra=_BODY_DOC, status_code=201,
             dependencies=[Depends(require_token)],
             responses={**ERROR_RESPONSES, 401: {"description": "missing or wrong token (E703)"},
                        403: {"description": "server is read-only (E702)"}})
async def store_document(request: Request, src: SourceDep) -> JSONResponse:
    """Code an article and store it (needs the server's token); re-posting replaces it."""
    article = await read_article(request)
    result = await run_in_threadpool(request.app.state.coder.code, article)
    await run_in_threadpool(src.write, result)
    if isinstance(result, Rejected):
        return error_response(result.code, result.reason, stage=result.stage)
    return JSONResponse({"id": result.id, "stored": True, "document": result.to_dict()},
                        status_code=201)
