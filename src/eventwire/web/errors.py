"""One JSON error shape for every failure the server reports.

Every error response has the body ``{"error": {"code": "E###", "message": "...", "status": N}}``
(plus ``"stage"`` when the pipeline rejected a document), with the codes of
:mod:`eventwire.errors`. Exceptions become responses here, and nowhere else.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import EventwireError

log = logging.getLogger(__name__)

#: HTTP status per error code, most specific first (exact code, then its hundred).
STATUS: dict[str, int] = {
    "E108": 415, "E401": 503, "E403": 404, "E701": 413, "E702": 403, "E703": 401, "E704": 503,
    "E705": 404, "E706": 503, "E1": 422, "E2": 422, "E3": 500, "E4": 500, "E5": 400,
    "E6": 500, "E7": 500,
}  # fmt: skip

#: Errors a client may simply retry after a while get a Retry-After header (seconds).
RETRY_AFTER: dict[str, str] = {"E401": "5", "E704": "5", "E706": "5"}


class ErrorDetail(BaseModel):
    """What went wrong: a stable code, a readable message and the HTTP status."""

    code: str
    message: str
    status: int
    stage: str | None = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


#: OpenAPI description of the error responses, for the routes' ``responses=``.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    s: {"model": ErrorBody, "description": d}
    for s, d in ((400, "bad parameter (E5xx)"), (404, "not found (E403, E705)"),
                 (503, "store unavailable or busy (E401, E704)"))
}


def status_of(code: str) -> int:
    """The HTTP status of an eventwire error code."""
    return STATUS.get(code) or STATUS.get(code[:2], 500)


def error_response(code: str, message: str, stage: str | None = None,
                   status: int | None = None) -> JSONResponse:
    """The JSON error response for ``code``."""
    status = status or status_of(code)
    detail = ErrorDetail(code=code, message=message, status=status, stage=stage)
    headers = {"Retry-After": RETRY_AFTER[code]} if code in RETRY_AFTER else None
    body = ErrorBody(error=detail).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers)


async def _eventwire_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EventwireError)  # registered for this class only
    return error_response(exc.code, exc.message)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
    return error_response("E501", "; ".join(parts) or "bad request")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response("E705", f"no such API route: {request.url.path}")
    if exc.status_code == 405:
        return error_response("E705", f"{request.method} is not allowed on {request.url.path}",
                              status=405)
    return error_response("E700", str(exc.detail), status=exc.status_code)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected failure on %s %s", request.method, request.url.path)
    return error_response("E700", f"unexpected server failure: {type(exc).__name__}")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""
    app.add_exception_handler(EventwireError, _eventwire_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
