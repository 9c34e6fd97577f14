"""The group-commit writer: one thread owns the write connection.

Callers on the event loop hand it a :class:`Batch` (one command's events for
one room) and await its commit. The thread takes every batch that is waiting,
writes them all in one transaction and commits once, so a burst of a thousand
answers costs a handful of ``fsync`` calls, not a thousand. A batch's future
resolves only after the commit, so nothing is acknowledged before it is on disk.

If a transaction fails, each of its batches is retried alone, so one bad
batch cannot sink the others. After a room's batch fails, that room is
*poisoned*: its later batches, decided on a state that never reached the disk,
are refused until a batch marked ``reset`` (sent after the engine rebuilt the
room from the log) arrives.

A batch may carry ``extra`` statements, run in the same transaction after its
events: the outbox row of a room that ended is committed together with its
``GameEnded``, or not at all. :meth:`Writer.execute` queues statements alone
(no room, no events), so every write still goes through this one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import queue
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partyhost.core.events import Event, RoomCreated
from partyhost.store.db import connect

log = logging.getLogger(__name__)

MAX_BATCHES_PER_COMMIT = 2000

#: one SQL statement and its parameters
Statement = tuple[str, tuple[Any, ...]]


class StorageError(Exception):
    """The database refused a write; nothing of the batch was stored."""


@dataclass(slots=True)
class Batch:
    room: str
    first_seq: int
    events: list[Event]
    at: int
    phase: str
    players: int
    reset: bool = False
    #: more statements for the same transaction, run after the events
    extra: list[Statement] = field(default_factory=list)
    future: asyncio.Future[None] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    error: BaseException | None = field(default=None)


@dataclass(slots=True)
class WriterStats:
    commits: int = 0
    batches: int = 0
    events: int = 0
    failures: int = 0


class Writer:
    """Owns the only write connection; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stats = WriterStats()
        self._queue: queue.SimpleQueue[Batch | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="partyhost-writer", daemon=True)
        self._poisoned: set[str] = set()
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def stop(self) -> None:
        """Write what is queued, then end the thread."""
        if self._started:
            self._queue.put(None)
            self._thread.join()
            self._started = False

    async def append(self, batch: Batch) -> None:
        """Store ``batch``; returns after its commit, raises ``StorageError`` if refused."""
        loop = asyncio.get_running_loop()
        batch.loop = loop
        batch.future = loop.create_future()
        self._queue.put(batch)
        await batch.future

    async def execute(self, statements: list[Statement]) -> None:
        """Run ``statements`` in one transaction on the write connection; returns after the commit."""
        await self.append(Batch("", 0, [], 0, "", 0, extra=statements))

    # ------------------------------------------------------------ writer thread

    def _run(self) -> None:
        conn = connect(self.path)
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                batches = [first]
                stop = False
                while len(batches) < MAX_BATCHES_PER_COMMIT:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stop = True
                        break
                    batches.append(more)
                self._write(conn, batches)
                if stop:
                    return
        finally:
            conn.close()

    def _write(self, conn: sqlite3.Connection, batches: list[Batch]) -> None:
        live = [b for b in batches if self._admit(b)]
        if live:
            try:
                self._transaction(conn, live)
            except Exception as exc:  # noqa: BLE001 - every failure is reported per batch
                log.warning("group commit of %d batches failed (%s); retrying one by one", len(live), exc)
                for batch in live:
                    try:
                        self._transaction(conn, [batch])
                    except Exception as single:  # noqa: BLE001
                        self.stats.failures += 1
                        if batch.room:
                            self._poisoned.add(batch.room)
                        batch.error = StorageError(str(single))
        for batch in batches:
            self._resolve(batch)

    def _admit(self, batch: Batch) -> bool:
        if not batch.room:
            return True
        if batch.reset:
            self._poisoned.discard(batch.room)
        elif batch.room in self._poisoned:
            batch.error = StorageError("an earlier write for this room failed")
            return False
        return True

    def _transaction(self, conn: sqlite3.Connection, batches: list[Batch]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for batch in batches:
                self._insert(conn, batch)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self.stats.commits += 1
        self.stats.batches += len(batches)
        self.stats.events += sum(len(b.events) for b in batches)

    @staticmethod
    def _insert(conn: sqlite3.Connection, batch: Batch) -> None:
        if batch.events:
            Writer._insert_events(conn, batch)
        for sql, params in batch.extra:
            conn.execute(sql, params)

    @staticmethod
    def _insert_events(conn: sqlite3.Connection, batch: Batch) -> None:
        for event in batch.events:
            if isinstance(event, RoomCreated):
                conn.execute(
                    "INSERT INTO rooms (code, title, pack_id, created_at) VALUES (?, ?, ?, ?)",
                    (event.code, event.title, event.pack_id, event.created_at),
                )
        rows: list[tuple[Any, ...]] = [
            (
                batch.room,
                batch.first_seq + i,
                ev.name,
                json.dumps(ev.to_dict(), separators=(",", ":")),
                batch.at,
            )
            for i, ev in enumerate(batch.events)
        ]
        conn.executemany("INSERT INTO events (room, seq, type, data, at) VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute(
            "UPDATE rooms SET phase = ?, players = ?, last_seq = ? WHERE code = ?",
            (batch.phase, batch.players, batch.first_seq + len(batch.events) - 1, batch.room),
        )

    @staticmethod
    def _resolve(batch: Batch) -> None:
        loop, future, error = batch.loop, batch.future, batch.error
        if loop is None or future is None:
            return

        def settle() -> None:
            if future.done():
                return
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)

        # If the loop has closed, nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle)
