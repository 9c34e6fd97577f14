"""Per-room fan-out to WebSocket connections.

A frame is written to the socket at once when the connection has nothing
waiting to go out, which is almost always: a send only waits when the phone
has stopped reading and the socket's buffer is full. Then that send, and the
frames queued behind it (a bounded queue of already-encoded frames), finish in
a task of their own, so a broadcast never waits for the slowest phone; a phone
whose queue is full is dropped and resumes when it reconnects. No task per
connection, no loop wake-up per frame: a broadcast to 2,000 phones is 2,000
socket writes. One seat has at most one connection: a resume from a new
connection replaces the old one.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

QUEUE_SIZE = 64


class Client:
    """One WebSocket connection, whatever its role."""

    def __init__(
        self,
        send: Callable[[str], Coroutine[Any, Any, None]],
        close: Callable[[int, str], Coroutine[Any, Any, None]],
        *,
        local: bool,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        self._send = send
        self._close = close
        self.local = local
        self.role: str | None = None
        self.room: str | None = None
        self.player_id: str | None = None
        self.last_state: str | None = None
        self.closed = False
        self._close_with: tuple[int, str] | None = None
        self._backlog: collections.deque[str] = collections.deque()
        self._queue_size = queue_size
        #: the task finishing a send that had to wait, then the backlog (``None`` when nothing waits)
        self._task: asyncio.Task[None] | None = None

    def send(self, frame: str) -> None:
        """Send a frame now, or queue it behind one still going out; a client too slow to keep up is dropped."""
        if self.closed:
            return
        if self._task is not None:
            if len(self._backlog) >= self._queue_size:
                log.info("dropping a slow %s connection in room %s", self.role, self.room)
                self.close(1013, "too slow; reconnect to catch up")
                return
            self._backlog.append(frame)
            return
        coroutine = self._send(frame)
        try:
            waiting = coroutine.send(None)
        except StopIteration:
            return  # written to the socket: the usual case
        except Exception:  # noqa: BLE001 - a broken socket only ends this client
            self.closed = True
            return
        # The socket is full: finish this send, then what queues behind it, without holding up the caller.
        self._task = asyncio.get_running_loop().create_task(self._drain(coroutine, waiting))

    def send_state(self, frame: str) -> None:
        if frame != self.last_state:
            self.last_state = frame
            self.send(frame)

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send what is queued, then close."""
        if self.closed:
            return
        self.closed = True
        self._close_with = (code, reason)
        if self._task is not None and len(self._backlog) >= self._queue_size:
            # Too slow to take even its backlog: give up on it and close.
            self._backlog.clear()
            self._task.cancel()
            self._task = None
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain(None, None))

    async def _drain(self, coroutine: Coroutine[Any, Any, None] | None, waiting: Any) -> None:
        try:
            if coroutine is not None:
                await _resume(coroutine, waiting)
            while self._backlog:
                await self._send(self._backlog.popleft())
            if self._close_with is not None:
                await self._close(*self._close_with)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a broken socket only ends this client
            self.closed = True
        finally:
            if self._task is asyncio.current_task():
                self._task = None

    async def finish(self) -> None:
        """The connection is over: let a close we asked for go out, then stop the sender."""
        task = self._task
        if task is not None and not task.done():
            if self.closed:
                with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(task), timeout=2)
            task.cancel()
        self.closed = True


async def _resume(coroutine: Coroutine[Any, Any, None], waiting: Any) -> None:
    """Run a coroutine that was started by hand and is waiting on ``waiting`` to its end.

    This is what a task does, for a send started without one (the way Python 3.12's
    eager tasks start): wait for what it waits on, then step it on.
    """
    try:
        while True:
            if waiting is None:
                await asyncio.sleep(0)  # a bare ``yield``: give the loop a turn
            else:
                with contextlib.suppress(Exception):
                    await waiting  # its outcome reaches the coroutine when it resumes
            waiting = coroutine.send(None)
    except StopIteration:
        return
    finally:
        coroutine.close()


@dataclass(slots=True)
class RoomClients:
    players: dict[str, Client] = field(default_factory=dict)
    screens: set[Client] = field(default_factory=set)
    hosts: set[Client] = field(default_factory=set)


class Hub:
    """Who is connected to which room, in which role."""

    def __init__(self) -> None:
        self.rooms: dict[str, RoomClients] = {}
        self.connections: set[Client] = set()

    def add(self, client: Client) -> None:
        self.connections.add(client)

    def attach(self, client: Client, room: str, role: str, player_id: str | None = None) -> None:
        clients = self.rooms.setdefault(room, RoomClients())
        client.room, client.role, client.player_id = room, role, player_id
        if role == "player" and player_id is not None:
            old = clients.players.get(player_id)
            if old is not None and old is not client:
                old.player_id = None
                old.close(4000, "this seat was resumed on another connection")
            clients.players[player_id] = client
        elif role == "screen":
            clients.screens.add(client)
        elif role == "host":
            clients.hosts.add(client)

    def remove(self, client: Client) -> None:
        self.connections.discard(client)
        if client.room is None:
            return
        clients = self.rooms.get(client.room)
        if clients is None:
            return
        if client.player_id is not None and clients.players.get(client.player_id) is client:
            del clients.players[client.player_id]
        clients.screens.discard(client)
        clients.hosts.discard(client)

    def connected_players(self, room: str) -> set[str]:
        clients = self.rooms.get(room)
        return set(clients.players) if clients else set()

    def player(self, room: str, player_id: str) -> Client | None:
        clients = self.rooms.get(room)
        return clients.players.get(player_id) if clients else None

    def room(self, room: str) -> RoomClients | None:
        return self.rooms.get(room)

    def everyone(self, frame: str) -> None:
        for client in list(self.connections):
            client.send(frame)
