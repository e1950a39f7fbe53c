"""``eventwire serve``: the HTTP API and the analysts' page over a store."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import UsageError

if TYPE_CHECKING:
    from eventwire.web.app import ServeConfig

TOKEN_ENV = "EVENTWIRE_TOKEN"
TILES_ENV = "EVENTWIRE_TILES"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="serve the events API and the web page",
        description="Serve a JSON API (OpenAPI docs at /docs) and a web page with an events "
        "table, a map, a timeline, an actor network and an article view over a store. Binds "
        "127.0.0.1 and is read-only unless a token is given; it keeps answering while an "
        "ingest writes to the same store (from a snapshot taken before the ingest).",
    )
    p.add_argument("--db", metavar="PATH", help="store to serve (default: setting 'db')")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free)")
    p.add_argument("--token", help=f"enable writing endpoints with this bearer token (or set "
                   f"${TOKEN_ENV})")
    p.add_argument("--tiles", metavar="URL", help="map tile URL template, e.g. "
                   "https://tile.example.org/{z}/{x}/{y}.png (default: offline country "
                   f"outlines only; or set ${TILES_ENV})")
    p.add_argument("--tiles-attribution", metavar="TEXT", help="attribution shown for the tiles")
    p.add_argument("--max-body", type=int, default=2_000_000, metavar="BYTES",
                   help="largest request body accepted (default 2000000)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another Host name to answer to (e.g. behind a proxy); repeatable")
    p.set_defaults(func=run)


def build_config(args: argparse.Namespace) -> ServeConfig:
    """The server's :class:`~eventwire.web.app.ServeConfig` from command-line arguments."""
    from eventwire.store import default_path
    from eventwire.web.app import ServeConfig
    from eventwire.web.security import allowed_hosts

    if not 0 <= args.port <= 65535 or args.max_body < 1:
        raise UsageError("--port expects 0..65535 and --max-body a positive size", code="E501")
    tiles = args.tiles or os.environ.get(TILES_ENV)
    if tiles and not tiles.startswith(("http://", "https://", "/")):
        raise UsageError(f"--tiles expects an http(s) URL template, got {tiles!r}", code="E501")
    return ServeConfig(
        db=Path(args.db) if args.db else default_path(),
        token=args.token or os.environ.get(TOKEN_ENV) or None,
        tile_url=tiles, tile_attribution=args.tiles_attribution,
        max_body_bytes=args.max_body,
        hosts=tuple(allowed_hosts(args.host, args.allow_host)),
    )


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from eventwire.web.app import create_app
    except ImportError as exc:
        raise UsageError(f"'eventwire serve' needs the serve extra: pip install "
                         f"'eventwire[serve]' ({exc.name} is missing)", code="E501") from exc
    config = build_config(args)
    if config.token is None:
        print("eventwire: serving read-only (no --token)", file=sys.stderr)
    elif not config.db.exists():  # a writable server may start on an empty store
        from eventwire.store import Store

        Store(config.db).close()
    port = args.port or _free_port(args.host)
    print(f"eventwire: serving {config.db} on http://{_url_host(args.host)}:{port}/ "
          "(API docs at /docs)", file=sys.stderr)
    uvicorn.run(create_app(config), host=args.host, port=port, log_level="warning")
    return 0


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _free_port(host: str) -> int:
    # Port 0 asks for any free port; pick it here so that the address printed is the real one.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
