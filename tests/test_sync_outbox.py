"""The outbox is written in the same transaction as the event that ends a room, or not at all."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from partyhost.core.events import GameEnded, RoomCreated
from partyhost.store.db import Database
from partyhost.store.writer import Batch, StorageError, Writer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Database, Writer]]:
    db = Database.open(tmp_path)
    writer = Writer(db.path)
    writer.start()
    yield db, writer
    writer.stop()


def _created(code: str) -> Batch:
    event = RoomCreated(code, "Title", "pack", [{"type": "truefalse", "text": "?", "correct": True}], {}, 1)
    return Batch(code, 1, [event], 1, "lobby", 0)


def _count(db: Database, sql: str) -> int:
    conn = sqlite3.connect(db.path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_extra_statements_of_a_batch_commit_with_its_events(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> None:
        await writer.append(_created("ROOM"))
        ended = Batch("ROOM", 2, [GameEnded(5)], 5, "ended", 0)
        ended.extra = [("INSERT INTO settings (key, value) VALUES (?, ?)", ("marker", "ROOM ended"))]
        await writer.append(ended)

    asyncio.run(go())
    assert [e.name for e in db.events("ROOM")] == ["room_created", "game_ended"]
    assert db.setting("marker") == "ROOM ended"


def test_a_failing_extra_statement_stores_none_of_its_batch(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> None:
        await writer.append(_created("ROOM"))
        ended = Batch("ROOM", 2, [GameEnded(5)], 5, "ended", 0)
        ended.extra = [("INSERT INTO no_such_table VALUES (?)", (1,))]
        with pytest.raises(StorageError):
            await writer.append(ended)

    asyncio.run(go())
    assert [e.name for e in db.events("ROOM")] == ["room_created"]
    assert _count(db, "SELECT phase = 'lobby' FROM rooms WHERE code = 'ROOM'") == 1


def test_statements_alone_go_through_the_writer_and_a_failure_poisons_no_room(
    store: tuple[Database, Writer],
) -> None:
    db, writer = store

    async def go() -> None:
        with pytest.raises(StorageError):
            await writer.execute([("INSERT INTO no_such_table VALUES (?)", (1,))])
        await writer.execute([("INSERT INTO settings (key, value) VALUES (?, ?)", ("after", "yes"))])
        await writer.append(_created("ROOM"))

    asyncio.run(go())
    assert db.setting("after") == "yes"
    assert [e.name for e in db.events("ROOM")] == ["room_created"]
