"""The group-commit writer: durable before resolved, batched under load, failures isolated."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from partyhost.core.events import JoiningLocked, PlayerJoined, RoomCreated
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


def _join(code: str, seq: int, name: str) -> Batch:
    return Batch(code, seq, [PlayerJoined(f"p{seq}", name, "h" * 64, 2)], 2, "lobby", seq - 1)


def test_an_append_is_readable_from_another_connection_once_it_returns(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> None:
        await writer.append(_created("ROOM"))
        await writer.append(_join("ROOM", 2, "Ada"))

    asyncio.run(go())
    events = db.events("ROOM")
    assert [type(e) for e in events] == [RoomCreated, PlayerJoined]
    row = sqlite3.connect(db.path).execute("SELECT players, last_seq FROM rooms WHERE code = 'ROOM'").fetchone()
    assert row == (1, 2)


def test_concurrent_appends_share_commits(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> None:
        await writer.append(_created("ROOM"))
        before = writer.stats.commits
        await asyncio.gather(*(writer.append(_join("ROOM", seq, f"n{seq}")) for seq in range(2, 502)))
        # 500 appends waiting together cannot each have needed a commit of their own.
        assert writer.stats.commits - before < 250

    asyncio.run(go())
    assert len(db.events("ROOM")) == 501
    assert db.last_seq("ROOM") == 501


def test_a_failing_batch_fails_alone_and_the_others_in_its_commit_are_stored(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> list[BaseException | None]:
        await writer.append(_created("AAAA"))
        await writer.append(_created("BBBB"))
        results = await asyncio.gather(
            writer.append(_join("AAAA", 2, "ok")),
            writer.append(_join("BBBB", 1, "clashes with room_created")),
            writer.append(Batch("AAAA", 3, [JoiningLocked(True)], 3, "lobby", 1)),
            return_exceptions=True,
        )
        return list(results)

    ok, clash, locked = asyncio.run(go())
    assert ok is None and locked is None
    assert isinstance(clash, StorageError)
    assert len(db.events("AAAA")) == 3
    assert len(db.events("BBBB")) == 1


def test_after_a_failure_the_room_is_refused_until_a_reset_batch(store: tuple[Database, Writer]) -> None:
    db, writer = store

    async def go() -> None:
        await writer.append(_created("ROOM"))
        with pytest.raises(StorageError):
            await writer.append(_join("ROOM", 1, "clash"))
        # Decided on a state that never reached the disk: refused.
        with pytest.raises(StorageError, match="earlier write"):
            await writer.append(_join("ROOM", 3, "stale"))
        reset = _join("ROOM", 2, "fresh")
        reset.reset = True
        await writer.append(reset)

    asyncio.run(go())
    names = [getattr(e, "nickname", None) for e in db.events("ROOM")]
    assert names == [None, "fresh"]


def test_stop_writes_what_is_queued_before_returning(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    writer = Writer(db.path)
    writer.start()

    async def go() -> None:
        await writer.append(_created("ROOM"))
        pending = [asyncio.ensure_future(writer.append(_join("ROOM", s, f"n{s}"))) for s in range(2, 12)]
        await asyncio.sleep(0)  # let every append reach the writer's queue
        writer.stop()
        await asyncio.gather(*pending)

    asyncio.run(go())
    assert len(db.events("ROOM")) == 11
