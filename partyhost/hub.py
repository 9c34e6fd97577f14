"""Per-room fan-out to WebSocket connections.

Each connection has a bounded queue of already-encoded frames and one sender
task. A broadcast only puts strings on queues, so it never waits for the
slowest phone; a phone whose queue is full is dropped and resumes when it
reconnects. One seat has at most one connection: a resume from a new
connection replaces the old one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

QUEUE_SIZE = 64


class Client:
    """One WebSocket connection, whatever its role."""

    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
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
        self._close_with: tuple[int, str] = (1000, "")
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(queue_size)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._pump())

    def send(self, frame: str) -> None:
        """Queue a frame; a client too slow to keep up is disconnected."""
        if self.closed:
            return
        try:
            self._queue.put_nowait(frame)
        except asyncio.QueueFull:
            log.info("dropping a slow %s connection in room %s", self.role, self.room)
            self.close(1013, "too slow; reconnect to catch up")

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
        try:
            self._queue.put_nowait(None)
        except asyncio.QueueFull:
            if self._task is not None:
                self._task.cancel()
            asyncio.get_running_loop().create_task(self._close(code, reason))

    async def _pump(self) -> None:
        try:
            while True:
                frame = await self._queue.get()
                if frame is None:
                    code, reason = self._close_with
                    await self._close(code, reason)
                    return
                await self._send(frame)
        except Exception:  # noqa: BLE001 - a broken socket only ends this client
            self.closed = True

    async def finish(self) -> None:
        """The connection is over: let a close we asked for go out, then stop the sender."""
        task = self._task
        if task is not None and not task.done():
            if self.closed:
                with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(task), timeout=2)
            task.cancel()
        self.closed = True


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
