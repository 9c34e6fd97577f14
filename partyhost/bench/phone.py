"""A simulated phone: one lean WebSocket client written straight on an asyncio protocol.

The load generator has to receive thousands of frames on one core while it
measures the host on another, so each phone costs as little as possible: no
task per connection, no reader coroutine, no message queue. ``data_received``
takes the clock reading first, cuts the bytes into frames (RFC 6455: server
frames are unmasked, client frames masked), decodes each text frame as JSON and
hands it to whoever listens (``Phone.listener``), with the time it arrived.

It speaks only the documented protocol (``docs/protocol.md``); it answers the
host's keep-alive pings, so thousands of phones can stay connected for as long
as a stress run holds them.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import time
from collections.abc import Callable
from typing import Any

#: RFC 6455, section 1.3
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG, CONTINUATION = 0x1, 0x8, 0x9, 0xA, 0x0

Listener = Callable[["Phone", float, dict[str, Any]], None]


class HandshakeError(Exception):
    """The host did not upgrade the connection to a WebSocket."""


def mask_frame(opcode: int, payload: bytes) -> bytes:
    """One final client frame, masked as the standard requires of clients."""
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 1 << 16:
        head = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    mask = os.urandom(4)
    if n:
        key = (mask * ((n + 3) // 4))[:n]
        payload = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return head + mask + payload


def _unmask(data: bytes, mask: bytes) -> bytes:
    n = len(data)
    key = (mask * ((n + 3) // 4))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")


class Phone(asyncio.Protocol):
    """One simulated phone (or the bench's host or screen connection)."""

    def __init__(self, index: int, host: str, port: int, path: str = "/ws") -> None:
        self.index = index
        self.host = host
        self.port = port
        self.path = path
        self.listener: Listener | None = None
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed = False
        self.close_code: int | None = None
        self.nickname = ""
        self.token = ""
        self.player_id = ""
        #: the question indexes this phone has been shown, and the options of the last one
        self.questions: set[int] = set()
        self.options = 0
        self.frames = 0
        self._key = base64.b64encode(os.urandom(16))
        self._buffer = bytearray()
        self._upgraded = False
        self._fragments: list[bytes] = []

    # ------------------------------------------------------------ connecting

    async def connect(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.wait_for(loop.create_connection(lambda: self, self.host, self.port), timeout)
        await asyncio.wait_for(asyncio.shield(self.opened), timeout)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        request = (
            f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {self._key.decode()}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        transport.write(request.encode())

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed before the WebSocket opened"))
        if self.listener is not None:
            self.listener(self, time.perf_counter(), {"type": "_closed", "code": self.close_code})

    # --------------------------------------------------------------- sending

    def send(self, frame: dict[str, Any]) -> None:
        if self.transport is not None and not self.closed:
            self.transport.write(mask_frame(TEXT, json.dumps(frame, separators=(",", ":")).encode()))

    def close(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.write(mask_frame(CLOSE, (1000).to_bytes(2, "big")))
            self.transport.close()
            self.closed = True

    # ------------------------------------------------------------- receiving

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        buffer = self._buffer
        buffer += data
        if not self._upgraded and not self._handshake():
            return
        while True:
            size = len(buffer)
            if size < 2:
                return
            first, second = buffer[0], buffer[1]
            length = second & 0x7F
            start = 2
            if length == 126:
                if size < 4:
                    return
                length = int.from_bytes(buffer[2:4], "big")
                start = 4
            elif length == 127:
                if size < 10:
                    return
                length = int.from_bytes(buffer[2:10], "big")
                start = 10
            mask = b""
            if second & 0x80:
                mask = bytes(buffer[start : start + 4])
                start += 4
            end = start + length
            if size < end:
                return
            payload = bytes(buffer[start:end])
            del buffer[:end]
            if mask:
                payload = _unmask(payload, mask)
            self._frame(now, first & 0x80, first & 0x0F, payload)

    def _handshake(self) -> bool:
        buffer = self._buffer
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        del buffer[: end + 4]
        status = head[0].split(" ")
        expected = base64.b64encode(hashlib.sha1(self._key + _GUID).digest()).decode()
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
        if len(status) < 2 or status[1] != "101" or headers.get("sec-websocket-accept") != expected:
            self.opened.set_exception(HandshakeError(head[0]))
            assert self.transport is not None
            self.transport.close()
            return False
        self._upgraded = True
        self.opened.set_result(None)
        return True

    def _frame(self, now: float, fin: int, opcode: int, payload: bytes) -> None:
        if opcode == PING:
            assert self.transport is not None
            self.transport.write(mask_frame(PONG, payload))
            return
        if opcode == CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self.close()
            return
        if opcode == PONG:
            return
        if opcode != CONTINUATION:
            self._fragments = []
        self._fragments.append(payload)
        if not fin:
            return
        message = json.loads(b"".join(self._fragments))
        self._fragments = []
        self.frames += 1
        if message.get("type") == "state":
            question = message.get("question")
            if question is not None:
                self.questions.add(question.get("index"))
                self.options = len(question.get("options") or ()) or 2  # true/false has no options
        if self.listener is not None:
            self.listener(self, now, message)
