"""The ``eventwire serve`` application: the JSON API, its docs and the analysts' page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from eventwire import __version__
from eventwire.web import errors, routes
from eventwire.web.coding import Coder
from eventwire.web.security import (
    LOCAL_HOSTS,
    BodyLimit,
    HostGuard,
    SecurityHeaders,
)
from eventwire.web.source import SnapshotSource

STATIC = Path(str(resources.files("eventwire.web").joinpath("static")))

DESCRIPTION = """Events, documents, actors and places of an eventwire store, and coding on the
fly. Errors always have the body `{"error": {"code", "message", "status"}}` with the codes of
`eventwire.errors` (E1xx input, E2xx extraction, E3xx stage, E4xx store, E5xx usage, E7xx web).
Writing endpoints need `Authorization: Bearer <token>` and are refused (E702) unless the server
was started with `--token`."""


@dataclass(frozen=True)
class ServeConfig:
    """How the server runs: store, write token, map tiles, limits and accepted Host names."""

    db: Path
    token: str | None = None
    tile_url: str | None = None
    tile_attribution: str | None = None
    max_body_bytes: int = 2_000_000
    max_waiting: int = 4
    hosts: tuple[str, ...] = field(default=LOCAL_HOSTS)


def create_app(config: ServeConfig, coder: Coder | None = None) -> FastAPI:
    """The ASGI application serving ``config.db`` (nothing is opened until a request)."""
    source = SnapshotSource(config.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        source.close()

    app = FastAPIOffline(title="eventwire", version=__version__, description=DESCRIPTION,
                         lifespan=lifespan)
    app.state.config = config
    app.state.source = source
    app.state.coder = coder or Coder(max_waiting=config.max_waiting)
    errors.install(app)
    app.include_router(routes.router)
    _page(app)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    app.add_middleware(SecurityHeaders, tile_url=config.tile_url)
    app.add_middleware(HostGuard, hosts=config.hosts)
    return app


def _page(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")
