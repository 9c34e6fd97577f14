"""Async glue: commands go to the core, events to the store, views to the hub.

For each command the engine, without awaiting anything in between, asks the
room what the command means (``handle``), applies the events in memory and
queues them for the writer; only then does it wait for the commit. So many
commands in flight share one commit (group commit), and the room's state is
always the state its queued log describes.

Side effects wait for the disk: the caller's reply (an ``ack``) comes after
the commit, and views are broadcast only when the room has nothing left
uncommitted, so no phone ever sees a state that is not in the log. If a write
fails, the room is rebuilt from the log and the command fails with
``StorageError``.

Timers: each room with an open, running question has one loop timer set for
its deadline (monotonic clock); it sends the room a ``Tick``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from partyhost import protocol
from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.clock import Now
from partyhost.core.errors import RoomError
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Room
from partyhost.hub import Hub
from partyhost.store.db import Database
from partyhost.store.writer import Batch, Statement, StorageError, Writer

log = logging.getLogger(__name__)

#: letters that cannot be mistaken for each other or for digits (no I, L, O, U, V)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 4
#: views are broadcast at most this often per room; changes in between coalesce
FLUSH_INTERVAL = 0.05


class NoSuchRoom(Exception):
    code = "no_such_room"


class Outbox(Protocol):
    """The shell's part of a room ending (``partyhost/sync``): rows stored with its ``GameEnded``."""

    def on_game_end(self, room: Room) -> list[Statement]: ...

    def committed(self) -> None: ...


def system_clock() -> Now:
    return Now(time.monotonic_ns() // 1_000_000, time.time_ns() // 1_000_000)


def make_code(taken: set[str], length: int = CODE_LENGTH) -> str:
    """A fresh join code; grows by a letter if codes of this length run short."""
    while True:
        for _ in range(50):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
            if code not in taken:
                return code
        length += 1


@dataclass(slots=True)
class Actor:
    room: Room
    next_seq: int
    pending: int = 0
    epoch: int = 0
    reset_next: bool = False
    dirty: bool = False
    last_flush: float = 0.0
    flush_handle: asyncio.TimerHandle | None = None
    timer: asyncio.TimerHandle | None = None
    timer_deadline: int | None = None
    #: the last sequence number known to be on disk
    committed_seq: int = 0
    waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)
    #: players not kicked, as last counted (``None``: count again)
    active: int | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)


class Engine:
    def __init__(
        self,
        db: Database,
        writer: Writer,
        hub: Hub,
        *,
        clock: Callable[[], Now] = system_clock,
        base_url: Callable[[], str] = lambda: "",
    ) -> None:
        self.db = db
        self.writer = writer
        self.hub = hub
        self.clock = clock
        self.base_url = base_url
        self.actors: dict[str, Actor] = {}
        #: given the room that ends, the statements committed with its ``GameEnded`` (the outbox)
        self.outbox: Outbox | None = None

    # ---------------------------------------------------------------- lifecycle

    def load(self) -> None:
        """Rebuild every room from the log."""
        for code in self.db.room_codes():
            events = self.db.events(code)
            if events:
                self.actors[code] = Actor(Room.replay(events), len(events) + 1, committed_seq=len(events))

    async def recover(self) -> None:
        """After a restart, pause open questions so nobody loses time while phones return."""
        for code, actor in list(self.actors.items()):
            if actor.room.phase is Phase.QUESTION and not actor.room.paused:
                try:
                    await self.execute(code, c.Recover())
                except (RoomError, StorageError) as exc:
                    log.warning("could not pause room %s after restart: %s", code, exc)

    async def suspend(self) -> None:
        """The host is stopping: pause every running question, then send every room its views now.

        The pause is stored like the host's own, so each timer stops with the time that was
        left and phones see the question paused before they are told the host is going.
        """
        running = [code for code, a in self.actors.items() if a.room.phase is Phase.QUESTION and not a.room.paused]
        outcomes = await asyncio.gather(*(self.execute(code, c.Pause()) for code in running), return_exceptions=True)
        for code, outcome in zip(running, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.warning("could not pause room %s before stopping: %s", code, outcome)
        for actor in self.actors.values():
            if actor.flush_handle is not None:
                actor.flush_handle.cancel()
                actor.flush_handle = None
            self._flush(actor)

    def close(self) -> None:
        for actor in self.actors.values():
            for handle in (actor.timer, actor.flush_handle):
                if handle is not None:
                    handle.cancel()

    # ------------------------------------------------------------------- rooms

    def actor(self, code: str) -> Actor:
        actor = self.actors.get(code.strip().upper())
        if actor is None:
            raise NoSuchRoom(f"There is no game with the code {code.strip().upper()[:12]}.")
        return actor

    def room(self, code: str) -> Room:
        return self.actor(code).room

    async def create_room(
        self, *, title: str, pack_id: str, questions: list[dict[str, Any]], settings: Settings
    ) -> Room:
        code = make_code(set(self.actors) | set(self.db.room_codes()))
        created = Room.create(
            code=code, title=title, pack_id=pack_id, questions=questions, settings=settings, now=self.clock()
        )
        room = Room.from_created(created)
        batch = Batch(code, 1, [created], created.created_at, room.phase.value, 0)
        await self.writer.append(batch)
        self.actors[code] = Actor(room, 2, committed_seq=1)
        return room

    # ---------------------------------------------------------------- commands

    async def execute(self, code: str, command: c.Command) -> list[e.Event]:
        """Handle ``command`` in room ``code``; returns its events once they are committed."""
        actor = self.actor(code)
        room = actor.room
        now = self.clock()
        events = room.handle(command, now)
        if not events:
            return events
        for event in events:
            room.apply(event)
        ended = any(isinstance(event, e.GameEnded) for event in events)
        extra = self.outbox.on_game_end(room) if ended and self.outbox is not None else []
        batch = Batch(
            room.code,
            actor.next_seq,
            events,
            now.wall_ms,
            room.phase.value,
            self._active_players(actor, events),
            reset=actor.reset_next,
            extra=extra,
        )
        actor.reset_next = False
        actor.next_seq += len(events)
        actor.pending += 1
        epoch = actor.epoch
        self._reschedule(actor)
        try:
            await self.writer.append(batch)
        except StorageError:
            actor.pending -= 1
            if epoch == actor.epoch:
                self._rebuild(actor)
            self._mark_dirty(actor)
            raise
        actor.pending -= 1
        if epoch == actor.epoch:
            self._committed(actor, batch.first_seq + len(events) - 1)
        self._after_commit(actor, events)
        if extra and self.outbox is not None:
            self.outbox.committed()
        self._mark_dirty(actor)
        return events

    @staticmethod
    def _active_players(actor: Actor, events: list[e.Event]) -> int:
        """The room's players (for its row in ``rooms``): counted once, then kept up to date.

        Counting walks every seat: in a room of 2,000 that is 50 µs, for every answer and join.
        """
        if actor.active is None or any(isinstance(event, e.PlayerKicked) for event in events):
            actor.active = len(actor.room.active_players())
        else:
            actor.active += sum(1 for event in events if isinstance(event, e.PlayerJoined))
        return actor.active

    def _committed(self, actor: Actor, seq: int) -> None:
        actor.committed_seq = max(actor.committed_seq, seq)
        still: list[tuple[int, asyncio.Future[None]]] = []
        for target, future in actor.waiters:
            if target <= actor.committed_seq:
                if not future.done():
                    future.set_result(None)
            else:
                still.append((target, future))
        actor.waiters = still

    async def settled(self, code: str) -> None:
        """Wait until everything room ``code`` has decided so far is on disk.

        A reply that reports the room's state (a ``duplicate`` ack, a first view)
        waits for this, so it never reports what a failed write could undo.
        Raises ``StorageError`` if a pending write failed.
        """
        actor = self.actor(code)
        target = actor.next_seq - 1
        if actor.committed_seq >= target:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        actor.waiters.append((target, future))
        await future

    def _rebuild(self, actor: Actor) -> None:
        code = actor.room.code
        log.error("a write for room %s failed; rebuilding it from the log", code)
        events = self.db.events(code)
        actor.room = Room.replay(events)
        actor.next_seq = len(events) + 1
        actor.committed_seq = len(events)
        for _, future in actor.waiters:
            if not future.done():
                future.set_exception(StorageError("a write for this room failed"))
        actor.waiters = []
        actor.active = None
        actor.epoch += 1
        actor.reset_next = True
        self._reschedule(actor)

    def _after_commit(self, actor: Actor, events: list[e.Event]) -> None:
        for event in events:
            if isinstance(event, e.PlayerKicked):
                client = self.hub.player(actor.room.code, event.player_id)
                if client is not None:
                    client.send(protocol.encode({"type": "kicked", "message": "The host removed you from this game."}))
                    client.close(4001, "kicked")

    # ------------------------------------------------------------------ timers

    def _reschedule(self, actor: Actor) -> None:
        room = actor.room
        # A question without a timer (``room.timed`` false) has no deadline to wait for.
        deadline = room.deadline_ms if room.phase is Phase.QUESTION and not room.paused and room.timed else None
        if deadline == actor.timer_deadline:
            return
        if actor.timer is not None:
            actor.timer.cancel()
            actor.timer = None
        actor.timer_deadline = deadline
        if deadline is None:
            return
        delay = max(0, deadline - self.clock().mono_ms) / 1000
        loop = asyncio.get_running_loop()
        actor.timer = loop.call_later(delay, self._fire, room.code)

    def _fire(self, code: str) -> None:
        actor = self.actors.get(code)
        if actor is None:
            return
        actor.timer = None
        actor.timer_deadline = None
        task = asyncio.get_running_loop().create_task(self._tick(code))
        actor.tasks.add(task)
        task.add_done_callback(actor.tasks.discard)

    async def _tick(self, code: str) -> None:
        try:
            await self.execute(code, c.Tick())
        except (RoomError, StorageError) as exc:
            log.warning("timer in room %s: %s", code, exc)
        actor = self.actors.get(code)
        if actor is not None:
            self._reschedule(actor)

    # --------------------------------------------------------------- broadcast

    def _mark_dirty(self, actor: Actor) -> None:
        actor.dirty = True
        if actor.pending or actor.flush_handle is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, actor.last_flush + FLUSH_INTERVAL - loop.time())
        actor.flush_handle = loop.call_later(delay, self._flush, actor)

    def _flush(self, actor: Actor) -> None:
        actor.flush_handle = None
        if not actor.dirty or actor.pending:
            return
        actor.dirty = False
        actor.last_flush = asyncio.get_running_loop().time()
        self.broadcast(actor.room)

    def broadcast(self, room: Room) -> None:
        """Send every connection in the room its role's current view."""
        clients = self.hub.room(room.code)
        if clients is None:
            return
        now = self.clock()
        if clients.screens:
            frame = self.screen_frame(room, now)
            for client in clients.screens:
                client.send_state(frame)
        if clients.hosts:
            frame = self.host_frame(room, now)
            for client in clients.hosts:
                client.send_state(frame)
        if clients.players:
            # The shared part is encoded once; each phone's own part is spliced in.
            shared = {"type": "state", "role": "player", **views.player_shared(room, now)}
            shared["room"]["join_url"] = self.join_url(room.code)
            prefix = protocol.encode(shared)[:-1] + ',"me":'
            for player_id, client in list(clients.players.items()):
                player = room.players.get(player_id)
                if player is not None and not player.kicked:
                    client.send_state(prefix + protocol.encode(views.player_me(room, player)) + "}")

    def join_url(self, code: str) -> str:
        return f"{self.base_url()}/join/{code}"

    def screen_frame(self, room: Room, now: Now) -> str:
        view = views.screen_view(room, now)
        view["room"]["join_url"] = self.join_url(room.code)
        connected = self.hub.connected_players(room.code)
        for player in view["players"]:
            player["connected"] = player["id"] in connected
        return protocol.encode({"type": "state", "role": "screen", **view})

    def host_frame(self, room: Room, now: Now) -> str:
        view = views.host_view(room, now)
        base = self.base_url()
        view["room"]["join_url"] = self.join_url(room.code)
        view["room"]["screen_url"] = f"{base}/screen/{room.code}"
        view["room"]["host_url"] = f"{base}/host/{room.code}"
        connected = self.hub.connected_players(room.code)
        for player in view["players"]:
            player["connected"] = player["id"] in connected
        return protocol.encode({"type": "state", "role": "host", **view})

    def player_frame(self, room: Room, player_id: str, now: Now) -> str:
        view = views.player_view(room, room.players[player_id], now)
        view["room"]["join_url"] = self.join_url(room.code)
        return protocol.encode({"type": "state", "role": "player", **view})

    def touch(self, code: str) -> None:
        """Someone connected or left: refresh the screen and host views."""
        actor = self.actors.get(code)
        if actor is not None:
            self._mark_dirty(actor)
