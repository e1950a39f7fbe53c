"""Safe defaults: request-size limit, allowed Host names, response headers, the write token.

The server binds 127.0.0.1 and answers only requests addressed to a local host name, which
keeps a web page elsewhere from reading it through DNS rebinding. It is read-only unless
started with a token; writing endpoints then require ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import WebError

#: Host names a local server answers to; anything else is refused (DNS rebinding).
LOCAL_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1", "[::1]")

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> list[str]:
    """Host names to accept for a server bound to ``bind`` (any, if bound to all addresses)."""
    if bind in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({*LOCAL_HOSTS, bind, *extra})


#: Paths whose pages need inline scripts: the OpenAPI docs (Swagger UI, ReDoc) start that way.
INLINE_SCRIPT_PATHS: tuple[str, ...] = ("/docs", "/redoc")


def content_security_policy(tile_url: str | None, inline_scripts: bool = False) -> str:
    """The page may load its own files only, plus images from the configured tile server.

    Scripts come from the server's own files; inline scripts only where ``inline_scripts``
    (the docs pages), so text that slipped into the page as HTML could not run.
    """
    img = "'self' data:"
    if tile_url and "://" in tile_url:
        scheme, rest = tile_url.split("://", 1)
        host = rest.split("/", 1)[0].replace("{s}", "*")
        img += f" {scheme}://{host}"
    script = "'self' 'unsafe-inline'" if inline_scripts else "'self'"
    return (f"default-src 'self'; img-src {img}; style-src 'self' 'unsafe-inline'; "
            f"script-src {script}; connect-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'self'")


class SecurityHeaders:
    """Adds CSP, nosniff, no-referrer and frame-denial headers to every response."""

    def __init__(self, app: ASGIApp, tile_url: str | None) -> None:
        self.app = app
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        self.strict = [(b"content-security-policy",
                        content_security_policy(tile_url).encode("latin-1")), *common]
        self.docs = [(b"content-security-policy",
                      content_security_policy(tile_url, True).encode("latin-1")), *common]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs if scope["path"] in INLINE_SCRIPT_PATHS else self.strict

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` (E701), declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        body = await self._read(receive)
        if body is None:
            await self._refuse(send)
            return
        await self.app(scope, _replay(body), send)

    async def _read(self, receive: Receive) -> bytes | None:
        # Buffer the body (it is small by construction) so that a stream that runs over the
        # limit is refused before the application sees any of it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse(self, send: Send) -> None:
        await send_error(send, 413, "E701", f"request body larger than {self.max_bytes} bytes")


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def require_token(request: Request) -> None:
    """FastAPI dependency of writing endpoints: the server's token must be presented."""
    token: str | None = request.app.state.config.token
    if not token:
        raise WebError("this server is read-only: start it with --token to enable writing",
                       code="E702")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(),
                                                             token.encode()):
        raise WebError("missing or wrong token: send 'Authorization: Bearer <token>'",
                       code="E703")


class HostGuard:
    """Answers only requests whose Host is one of ``hosts`` ("*" = any), and refuses requests
    that a page of another origin sends (its ``Origin`` header names another host): E707."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or "*" in self.hosts:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        origin = headers.get(b"origin", b"").decode("latin-1")
        if host not in self.hosts:
            await send_error(send, 400, "E707", f"this server does not answer to host {host!r}")
        elif origin not in ("", "null") and _origin_host(origin) not in self.hosts:
            await send_error(send, 403, "E707", f"requests from pages of {origin} are refused")
        else:
            await self.app(scope, receive, send)


def _origin_host(origin: str) -> str:
    return host_name(origin.split("://", 1)[-1])


def host_name(header: str) -> str:
    """The host part of a Host header, without port ("[::1]:8000" -> "[::1]")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    """Send the one JSON error shape from ASGI middleware (outside FastAPI's handlers)."""
    payload = json.dumps({"error": {"code": code, "message": message, "status": status}})
    body = payload.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode("ascii")),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
