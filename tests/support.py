"""A small synchronous WebSocket client for tests that talk to a real partyhost server.

A :class:`Phone` records the raw text of every frame it receives, in order, so a test can
inspect all of them afterwards. Nothing here sleeps: :meth:`Phone.wait_for` reads frames until
one matches, and fails with the frames it saw once its deadline passes.

Open connections through a :class:`Party` so every one of them is closed when the test ends::

    with Party(host.ws_url) as party:
        ada = party.player(code, "Ada")
        ada.wait_for(lambda f: f["type"] == "state" and f["room"]["phase"] == "question")
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

#: how long a test waits for a frame it expects, unless it says otherwise
TIMEOUT = 10.0

Frame = dict[str, Any]
Predicate = Callable[[Frame], bool]

_pings = itertools.count(1)


class Server(Protocol):
    """What the tests use of ``hosting.Host`` (a real ``partyhost serve`` process)."""

    url: str
    data_dir: Path

    @property
    def ws_url(self) -> str: ...

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]: ...

    def get_json(self, path: str) -> tuple[int, Any]: ...

    def post_json(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]: ...

    def create_room(self, pack: str = "science", **settings: Any) -> dict[str, Any]: ...


class Phone:
    """One WebSocket connection to ``/ws``; use it as a context manager or call :meth:`close`."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        #: the raw text of every frame received, in order of arrival
        self.frames: list[str] = []
        #: the close code once the server has closed the connection
        self.close_code: int | None = None
        #: the ``welcome`` frame, once a ``join``/``resume``/``watch``/``host`` was accepted
        self.welcome: Frame | None = None
        self._pending: list[Frame] = []
        self._stack = contextlib.ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(
            connect(url, open_timeout=timeout, close_timeout=2, compression=None, proxy=None, max_size=2**20)
        )

    def __enter__(self) -> Phone:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    # --------------------------------------------------------------- sending

    def send(self, frame: Frame) -> None:
        self.ws.send(json.dumps(frame))

    def send_raw(self, data: str | bytes) -> None:
        """Send exactly ``data``: text as a text frame, bytes as a binary frame."""
        self.ws.send(data)

    # ------------------------------------------------------------- receiving

    def _read(self, timeout: float) -> Frame:
        try:
            data = self.ws.recv(timeout=max(timeout, 0.0))
        except ConnectionClosed as exc:
            self.close_code = exc.rcvd.code if exc.rcvd is not None else None
            raise
        if isinstance(data, bytes):
            raise AssertionError(f"the server sent a binary frame: {data[:80]!r}")
        self.frames.append(data)
        frame = json.loads(data, parse_constant=_not_json)
        assert isinstance(frame, dict) and isinstance(frame.get("type"), str), f"not a typed frame: {data[:200]}"
        if frame["type"] == "error":
            assert_error_frame(frame, data)
        return frame

    def recv(self, timeout: float | None = None) -> Frame:
        """The next frame not yet taken by :meth:`recv` or :meth:`wait_for`."""
        if self._pending:
            return self._pending.pop(0)
        return self._read(self.timeout if timeout is None else timeout)

    def wait_for(
        self,
        predicate: Predicate,
        timeout: float | None = None,
        what: str = "a matching frame",
        *,
        newest_state: bool = False,
    ) -> Frame:
        """Take the first frame (waiting or already received) that matches ``predicate``.

        Frames that do not match stay available to later calls, in order; with
        ``newest_state``, ``state`` frames older than the match are dropped, since a state
        is a snapshot that a later one replaces.
        """
        for position, frame in enumerate(self._pending):
            if predicate(frame):
                del self._pending[position]
                if newest_state:
                    self._drop_states(position)
                return frame
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                frame = self._read(left)
            except TimeoutError:
                raise AssertionError(f"no {what} within the deadline; last frames:\n{self._tail()}") from None
            except ConnectionClosed:
                raise AssertionError(
                    f"connection closed ({self.close_code}) while waiting for {what}; last frames:\n{self._tail()}"
                ) from None
            if predicate(frame):
                if newest_state:
                    self._drop_states(len(self._pending))
                return frame
            self._pending.append(frame)

    def _drop_states(self, before: int) -> None:
        self._pending = [f for i, f in enumerate(self._pending) if i >= before or f["type"] != "state"]

    def wait_closed(self, timeout: float | None = None) -> int | None:
        """Read until the server closes the connection; returns its close code."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                self._pending.append(self._read(left))
            except TimeoutError:
                raise AssertionError(f"the connection stayed open; last frames:\n{self._tail()}") from None
            except ConnectionClosed:
                return self.close_code

    def _tail(self, count: int = 8) -> str:
        return "\n".join(text[:300] for text in self.frames[-count:]) or "(none)"

    @property
    def pending(self) -> list[Frame]:
        """Frames received but not yet taken, oldest first."""
        return list(self._pending)

    # ---------------------------------------------------------------- shortcuts

    def state(self, phase: str, index: int | None = None, timeout: float | None = None) -> Frame:
        """Wait for a ``state`` frame in ``phase`` (and, if given, on question ``index``).

        Older ``state`` frames still waiting are dropped: after this, only newer states remain.
        """

        def match(frame: Frame) -> bool:
            if frame["type"] != "state" or frame["room"]["phase"] != phase:
                return False
            if index is None:
                return True
            shown = frame.get("question") or frame.get("reveal") or {}
            return shown.get("index") == index

        where = f"{phase}" if index is None else f"{phase} of question {index}"
        return self.wait_for(match, timeout, what=f"state in {where}", newest_state=True)

    def error(self, code: str, timeout: float | None = None) -> Frame:
        """Wait for an ``error`` frame and check it carries ``code``."""
        frame = self.wait_for(lambda f: f["type"] == "error", timeout, what=f"error {code}")
        assert frame["error"]["code"] == code, frame
        return frame

    def ack(self, answer_id: str, timeout: float | None = None) -> Frame:
        return self.wait_for(lambda f: f["type"] == "ack" and f["id"] == answer_id, timeout, what=f"ack {answer_id}")

    def answer(self, answer_id: str, question: int, choice: list[int]) -> Frame:
        """Answer and wait for the ``ack``."""
        self.send({"type": "answer", "id": answer_id, "question": question, "choice": choice})
        return self.wait_for(
            lambda f: (
                (f["type"] == "ack" and f["id"] == answer_id) or (f["type"] == "error" and f.get("ref") == answer_id)
            ),
            what=f"ack or error for {answer_id}",
        )

    def ping(self) -> None:
        """Prove the connection still works: a ``ping`` is answered by its ``pong``."""
        t = next(_pings)
        self.send({"type": "ping", "t": t})
        self.wait_for(lambda f: f["type"] == "pong" and f.get("t") == t, what=f"pong {t}")

    def command(self, action: str, **extra: Any) -> None:
        self.send({"type": "command", "action": action, **extra})

    def hello(self, frame: Frame) -> Frame:
        """Send ``join``/``resume``/``watch``/``host`` and return the ``welcome`` (or fail on an error)."""
        self.send(frame)
        reply = self.wait_for(lambda f: f["type"] in ("welcome", "error"), what=f"welcome after {frame['type']}")
        assert reply["type"] == "welcome", reply
        self.welcome = reply
        return reply

    @property
    def seat(self) -> Frame:
        """``welcome.player`` of a player connection: ``id``, ``nickname`` and ``token``."""
        assert self.welcome is not None and "player" in self.welcome, self.welcome
        return self.welcome["player"]  # type: ignore[no-any-return]


def _not_json(constant: str) -> Any:
    raise AssertionError(f"the server sent {constant}, which is not JSON (RFC 8259)")


def assert_error_frame(frame: Frame, raw: str) -> None:
    """Every error is ``{"type": "error", "error": {"code", "message"}}`` (plus ``ref``), no traceback."""
    assert set(frame) <= {"type", "error", "ref"}, raw
    assert set(frame["error"]) == {"code", "message"}, raw
    assert isinstance(frame["error"]["code"], str) and frame["error"]["code"], raw
    assert isinstance(frame["error"]["message"], str) and frame["error"]["message"].strip(), raw
    assert_no_traceback(raw)


def assert_error_body(body: Any) -> dict[str, str]:
    """The HTTP error envelope ``{"error": {"code", "message"}}``; returns the inner object."""
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] and body["error"]["message"].strip(), body
    assert_no_traceback(json.dumps(body))
    return body["error"]  # type: ignore[no-any-return]


def assert_no_traceback(text: str) -> None:
    for marker in ("Traceback (most recent call last)", 'File "/', "partyhost/", "site-packages"):
        assert marker not in text, f"{marker!r} in {text[:300]}"


def token_hash(token: str) -> str:
    """How the server stores a seat token (sha256 hex); it must never be sent to anyone."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Party:
    """The connections of one test: opened through it, all closed when it closes."""

    def __init__(self, ws_url: str) -> None:
        self.ws_url = ws_url
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Party:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def connect(self) -> Phone:
        """A connection that has not said who it is yet."""
        return self._stack.enter_context(Phone(self.ws_url))

    def player(self, code: str, nickname: str) -> Phone:
        """A phone that joined ``code`` as ``nickname``; its seat is ``phone.seat``."""
        phone = self.connect()
        phone.hello({"type": "join", "room": code, "nickname": nickname})
        return phone

    def resume(self, code: str, token: str) -> Phone:
        phone = self.connect()
        phone.hello({"type": "resume", "room": code, "token": token})
        return phone

    def screen(self, code: str) -> Phone:
        phone = self.connect()
        phone.hello({"type": "watch", "room": code})
        return phone

    def control(self, code: str) -> Phone:
        """The host page's connection (from loopback, so no key is needed)."""
        phone = self.connect()
        phone.hello({"type": "host", "room": code})
        return phone


def walk(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """Every ``(path, key, value)`` in a decoded JSON value, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            yield where, key, item
            yield from walk(item, where)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from walk(item, f"{path}[{position}]")


# ------------------------------------------------------------------ a small pack

#: a pack with one question of each choice type, imported with ``POST /api/packs``
TRIO_PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "three-rounds",
    "title": "Three Rounds",
    "description": "One question of each choice type, for tests.",
    "settings": {"time_limit": 5, "points": True, "base_points": 1000},
    "questions": [
        {
            "type": "single",
            "text": "Which planet is red?",
            "options": ["Venus", "Mars", "Jupiter", "Mercury"],
            "correct": 1,
            "explanation": "Iron oxide dust gives Mars its colour.",
        },
        {
            "type": "multi",
            "text": "Which of these are noble gases?",
            "options": ["Neon", "Nitrogen", "Argon", "Oxygen"],
            "correct": [0, 2],
            "explanation": "Neon and argon have full outer shells.",
        },
        {
            "type": "truefalse",
            "text": "Sound travels through a vacuum.",
            "correct": False,
            "explanation": "Sound needs a medium to travel through.",
        },
    ],
}
#: the answer key of each question of ``TRIO_PACK``, as option indexes (true/false: 0 is True)
KEY: dict[int, list[int]] = {0: [1], 1: [0, 2], 2: [1]}
#: the options of each question of ``TRIO_PACK`` as players see them
OPTIONS: dict[int, list[str]] = {
    0: ["Venus", "Mars", "Jupiter", "Mercury"],
    1: ["Neon", "Nitrogen", "Argon", "Oxygen"],
    2: ["True", "False"],
}


def pack_room(server: Server, pack: dict[str, Any], **settings: Any) -> str:
    """Import ``pack`` into the server and open a room on it; returns the join code."""
    status, body = server.post_json("/api/packs", pack)
    assert status == 201, body
    return str(server.create_room(pack["id"], **settings)["code"])


def trio_room(server: Server, **settings: Any) -> str:
    """Import ``TRIO_PACK`` into the server and open a room on it; returns the join code."""
    return pack_room(server, TRIO_PACK, **{"time_limit": 5, **settings})
