"""Running the host: bind the port, print where to go, serve until asked to stop.

HTTP, WebSockets and the game engine share one asyncio loop (``uvicorn.Server``
run from code). Protocol classes are passed to uvicorn as classes, not names,
so a frozen binary contains them.

Stopping (SIGTERM, or Ctrl-C which is SIGINT): uvicorn closes every connection
first and runs the app's shutdown after, too late to tell a phone anything. So
:class:`PartyServer` says goodbye before uvicorn's own shutdown starts: it stops
listening, pauses every open question through the engine (the pause is stored,
so the timer stops), sends each connection its last view and a ``closing``
frame, and closes it once those have gone out. Then uvicorn's shutdown runs and
the app's lifespan stops the writer after it has written what is queued. The
process exits with 0: a stop the user asked for is not an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import HANDLED_SIGNALS

from partyhost import __version__, protocol, qr
from partyhost.app import State, candidate_urls, create_app
from partyhost.config import Config

log = logging.getLogger("partyhost")

#: the goodbye to phones may take this long before uvicorn closes what is left
GOODBYE_SECONDS = 0.5
#: then uvicorn waits this long for connections and requests to end
GRACEFUL_SECONDS = 1
CLOSING_MESSAGE = "The host is pausing the game. You will be reconnected."
#: WebSocket close code for a host that is stopping (RFC 6455: going away)
CLOSE_GOING_AWAY = 1001


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


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, except that a phone which breaks the WebSocket protocol (a
    frame over 64 KiB, text that is not UTF-8) really receives the close frame (1009, 1007).

    uvicorn closes the socket right after writing that frame; with the rest of the phone's data
    still unread, the kernel answers with a reset, which can destroy the close frame before the
    phone reads it. Here the host stops writing instead (EOF), drops whatever still arrives
    (``websockets`` discards it), and closes once the phone hangs up, or after the close timeout.
    """

    def handle_parser_exception(self) -> None:
        if self.close_sent:
            return  # already closing: later data is dropped
        close = self.conn.close_sent
        assert close is not None
        self.queue.put_nowait({"type": "websocket.disconnect", "code": close.code, "reason": close.reason})
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.close)


def uvicorn_config(app: object, *, log_level: str = "warning") -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        http=H11Protocol,
        ws=WebSocketProtocol,
        ws_per_message_deflate=False,  # costs CPU and memory per phone on a LAN
        ws_max_size=65536,  # 4-64 KiB: too_large from the protocol layer; over 64 KiB: close 1009
        ws_ping_interval=20,
        ws_ping_timeout=20,
        lifespan="on",
        loop="asyncio",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )


class _NoTracebackForClientErrors(logging.Filter):
    """uvicorn logs a text frame that is not UTF-8 with a traceback; it is the sender's fault,
    not a fault in partyhost, so one line is enough (the phone is closed with 1007)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Invalid UTF-8"):
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_client_errors() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _NoTracebackForClientErrors) for f in logger.filters):
        logger.addFilter(_NoTracebackForClientErrors())


async def say_goodbye(state: State) -> None:
    """Pause open questions, then send every connection its last view and ``closing``, and close it."""
    await state.engine.suspend()
    frame = protocol.encode({"type": "closing", "message": CLOSING_MESSAGE})
    clients = list(state.hub.connections)
    for client in clients:
        client.send(frame)
        client.close(CLOSE_GOING_AWAY, "host stopping")
    # ``finish`` returns once a client's queued frames and its close have gone out.
    await asyncio.gather(*(client.finish() for client in clients))


class PartyServer(uvicorn.Server):
    """``uvicorn.Server`` that says goodbye before it closes connections, and exits cleanly on a signal."""

    def __init__(self, config: uvicorn.Config, goodbye: Callable[[], Awaitable[None]] | None = None) -> None:
        super().__init__(config)
        self.goodbye = goodbye

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # no new connections while phones are told
        # Also after a second Ctrl-C (uvicorn's force exit): the goodbye is short and bounded.
        if self.goodbye is not None:
            try:
                await asyncio.wait_for(self.goodbye(), GOODBYE_SECONDS)
            except TimeoutError:
                log.warning("some phones were not told in time that the host is stopping")
            except Exception:
                log.exception("fault while telling phones the host is stopping")
        await super().shutdown(sockets)

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """As uvicorn's, but the signal is not raised again once the server has stopped.

        uvicorn re-raises it so an embedding program sees it; here it would end a clean stop
        with death by SIGTERM or a ``KeyboardInterrupt`` (exit code 1 via click).
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        original = {sig: signal.signal(sig, self.handle_exit) for sig in HANDLED_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


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
    state: State = app.state.partyhost
    server = PartyServer(uvicorn_config(app), goodbye=lambda: say_goodbye(state))
    quiet_client_errors()
    if config.open_browser:
        _open_when_ready(server, f"{local}/host")
    try:
        asyncio.run(server.serve(sockets=[bound.sock]))
    finally:
        bound.sock.close()
    out("partyhost stopped. Everything is saved; start it again to carry on.")


def _open_when_ready(server: uvicorn.Server, url: str) -> None:
    def wait_and_open() -> None:
        for _ in range(200):
            if server.started:
                webbrowser.open(url)
                return
            threading.Event().wait(0.05)

    threading.Thread(target=wait_and_open, daemon=True).start()
