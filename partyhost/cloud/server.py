"""Running the receiver: open and migrate the database, bind the port, serve with uvicorn."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from partyhost.cloud import schema
from partyhost.cloud.app import create_app
from partyhost.cloud.db import Database, errors
from partyhost.cloud.push import Limits


class StartError(Exception):
    """The receiver cannot start; the message says why."""


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise StartError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(1024)
    return sock


def run(
    db_url: str,
    *,
    host: str,
    port: int,
    limits: Limits,
    log_level: str = "warning",
    echo: Callable[[str], None] = print,
) -> None:
    db = Database(db_url)
    try:
        schema.migrate(db)  # a wrong URL fails here, with a message, before anything listens
    except errors() as exc:
        raise StartError(f"cannot open the database {db.describe()}: {exc}") from None
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, limits),
        http=H11Protocol,
        lifespan="on",
        loop="asyncio",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    shown = f"[{host}]" if ":" in host else host
    echo(f"partyhost cloud listening on http://{shown}:{bound}")
    echo(f"  Database: {db.describe()}")
    echo("  Make a key for an organization: partyhost cloud keys create ORG")
    echo("Press Ctrl-C to stop.")
    try:
        asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))
    finally:
        sock.close()
