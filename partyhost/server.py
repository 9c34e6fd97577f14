"""Running the host: bind the port, print where to go, serve until asked to stop.

HTTP, WebSockets and the game engine share one asyncio loop (``uvicorn.Server``
run from code). Protocol classes are passed to uvicorn as classes, not names,
so a frozen binary contains them.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sys
import threading
import webbrowser
from dataclasses import dataclass

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from partyhost import __version__, qr
from partyhost.app import candidate_urls, create_app
from partyhost.config import Config

log = logging.getLogger("partyhost")


class PortError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Bound:
    sock: socket.socket
    port: int
    fell_back: bool


def bind(host: str, port: int) -> Bound:
    """Listen on ``port``; if it is taken, on a free one (``port=0`` asks for any)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for attempt, wanted in enumerate((port, 0) if port else (0,)):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, wanted))
        except OSError as exc:
            sock.close()
            if exc.errno in (errno.EADDRINUSE, errno.EACCES) and attempt == 0 and port:
                continue
            raise PortError(f"cannot listen on {host}:{wanted}: {exc.strerror}") from None
        sock.listen(2048)
        sock.set_inheritable(True)
        return Bound(sock, sock.getsockname()[1], fell_back=attempt > 0)
    raise PortError(f"cannot listen on {host}")


def uvicorn_config(app: object, *, log_level: str = "warning") -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        http=H11Protocol,
        ws=WebSocketsSansIOProtocol,
        ws_per_message_deflate=False,  # costs CPU and memory per phone on a LAN
        ws_max_size=65536,  # larger frames are refused by the protocol layer with too_large
        ws_ping_interval=20,
        ws_ping_timeout=20,
        lifespan="on",
        loop="asyncio",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
    )


def run(config: Config, *, echo: object = print) -> None:
    out = echo if callable(echo) else print
    bound = bind(config.host, config.port)
    urls = candidate_urls(bound.port, config.host, config.advertise_ip)
    local = f"http://127.0.0.1:{bound.port}"
    base = config.public_url.rstrip("/") or (urls[0] if urls else local)
    app = create_app(config, base_url=base, urls=urls, port=bound.port, report=out)
    if bound.fell_back:
        out(f"Port {config.port} is in use, so partyhost is using port {bound.port} instead.")
    out(f"partyhost {__version__}")
    out(f"  Host page (this laptop): {local}/host")
    if urls:
        out(f"  Phones join at:          {base}")
        for other in urls[1:]:
            out(f"  (also reachable at       {other})")
    else:
        out("  No local network found: phones cannot join until this laptop is on a Wi-Fi or LAN.")
        out(f"  Serving on this laptop only: {local}")
    out(f"  Data: {config.data_dir}")
    if urls and sys.stdout.isatty():
        out(qr.text(base + "/"))
    out("Press Ctrl-C to stop.")
    server = uvicorn.Server(uvicorn_config(app))
    if config.open_browser:
        _open_when_ready(server, f"{local}/host")
    try:
        asyncio.run(server.serve(sockets=[bound.sock]))
    finally:
        bound.sock.close()


def _open_when_ready(server: uvicorn.Server, url: str) -> None:
    def wait_and_open() -> None:
        for _ in range(200):
            if server.started:
                webbrowser.open(url)
                return
            threading.Event().wait(0.05)

    threading.Thread(target=wait_and_open, daemon=True).start()
