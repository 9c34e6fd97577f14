"""A flaky HTTP/1.1 proxy for tests: an asyncio TCP server that forwards requests to a target,
but gives each request a fate first.

Fates:

- ``pass``: forward the request and the answer;
- ``delay``: wait ``delay`` seconds, then forward;
- ``drop``: close the connection without answering;
- ``reset``: reset the connection (RST) without answering;
- ``error``: answer ``500`` itself, without forwarding;
- ``lose``: forward the request, wait for the whole answer, then close without passing it on
  (the receiver did the work; the client never hears of it);
- ``hang``: say nothing until the client gives up.

It parses just enough HTTP (a head and a ``Content-Length`` body) to apply fates per request,
also on kept-alive connections. Everything it does is recorded in :attr:`FlakyProxy.log`.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

FATES = ("pass", "delay", "drop", "reset", "error", "lose", "hang")


@dataclass
class Exchange:
    """One request through the proxy: its fate, the request body and the target's answer (if any)."""

    fate: str
    request: bytes
    status: int | None = None
    answer: bytes = b""


@dataclass
class FlakyProxy:
    target_port: int
    #: the fate of the next request; by default every request passes
    choose: Callable[[], str] = field(default=lambda: "pass")
    delay: float = 0.3
    port: int = 0
    log: list[Exchange] = field(default_factory=list)
    #: set while a request is held by ``delay`` or ``hang`` (a push is in flight)
    holding: threading.Event = field(default_factory=threading.Event)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    def start(self) -> FlakyProxy:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="flaky-proxy", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return

        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            # Close the connections, so each task ends by itself (a cancelled one would be logged).
            for writer in list(self._writers):
                writer.transport.abort()
            if self._tasks:
                _, late = await asyncio.wait(set(self._tasks), timeout=self.delay + 2)
                for task in late:
                    task.cancel()
            asyncio.get_running_loop().stop()

        self._loop.call_soon_threadsafe(lambda: asyncio.ensure_future(shutdown()))
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fates(self) -> list[str]:
        return [exchange.fate for exchange in self.log]

    # ------------------------------------------------------------------ serving

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                request = await _read_message(reader)
                if request is None:
                    return
                fate = self.choose()
                exchange = Exchange(fate, request)
                self.log.append(exchange)
                if fate in ("delay", "hang"):
                    self.holding.set()
                    try:
                        if fate == "hang":
                            await reader.read()  # until the client gives up and closes
                            return
                        await asyncio.sleep(self.delay)
                    finally:
                        self.holding.clear()
                if fate == "drop":
                    return
                if fate == "reset":
                    _reset(writer)
                    return
                if fate == "error":
                    body = b'{"error": {"code": "proxy", "message": "the flaky proxy failed this request"}}'
                    writer.write(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                    )
                    await writer.drain()
                    return
                if upstream is None:
                    upstream = await asyncio.open_connection("127.0.0.1", self.target_port)
                    self._writers.add(upstream[1])
                upstream[1].write(request)
                await upstream[1].drain()
                answer = await _read_message(upstream[0])
                if answer is None:
                    return
                exchange.answer = answer
                exchange.status = int(answer.split(b" ", 2)[1])
                if fate == "lose":
                    _reset(writer)
                    return
                writer.write(answer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            return
        finally:
            self._tasks.discard(task)
            for w in (writer, upstream[1] if upstream else None):
                if w is not None:
                    self._writers.discard(w)
                    with contextlib.suppress(Exception):
                        w.close()


async def _read_message(reader: asyncio.StreamReader) -> bytes | None:
    """One HTTP/1.1 message (head and ``Content-Length`` body), or ``None`` at the end of the stream."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return head + body


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def random_fates(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    names = list(weights)
    values = [weights[n] for n in names]
    return lambda: rng.choices(names, values)[0]


def scripted(*fates: str, then: str | Callable[[], str] = "pass") -> Callable[[], str]:
    """The given fates in order, then ``then`` (a fate, or a chooser) for ever."""
    queue = list(fates)
    after = then if callable(then) else lambda: then
    return lambda: queue.pop(0) if queue else after()
