"""The outbox is written in the same transaction as the event that ends a room, or not at all."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from partyhost.cloud.signing import parse_key
from partyhost.core import commands as c
from partyhost.core.events import GameEnded, RoomCreated
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Room
from partyhost.engine import Engine
from partyhost.hub import Hub
from partyhost.store.db import Database
from partyhost.store.writer import Batch, StorageError, Writer
from partyhost.sync import document
from partyhost.sync.outbox import Pending
from partyhost.sync.push import interpret, plan
from partyhost.sync.service import SyncService
from partyhost.sync.settings import SyncSettings
from partyhost.sync.worker import Worker, backoff


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


# ------------------------------------------------------------------ the engine's hook

QUESTIONS = [{"type": "single", "text": f"Q{i}?", "options": ["a", "b"], "correct": 0} for i in range(2)]
CLOUD = SyncSettings(cloud_url="http://127.0.0.1:9", key=parse_key("pk_test0000:" + "s" * 43), source="flags")


async def _room(engine: Engine, players: int = 2) -> str:
    room = await engine.create_room(title="T", pack_id="t", questions=QUESTIONS, settings=Settings(time_limit=60))
    for i in range(players):
        await engine.execute(room.code, c.Join(f"P{i}", f"token-{room.code}-{i}"))
    return room.code


def _engine(tmp_path: Path, settings: SyncSettings) -> tuple[Engine, SyncService, Writer]:
    db = Database.open(tmp_path)
    writer = Writer(db.path)
    writer.start()
    engine = Engine(db, writer, Hub())
    sync = SyncService(db, writer, settings, host_name="test-laptop")
    engine.outbox = sync
    return engine, sync, writer


def _outbox(db: Database) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db.path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM outbox ORDER BY id")]
    finally:
        conn.close()


def test_a_rooms_result_is_queued_with_its_game_ended_as_the_document_of_its_log(tmp_path: Path) -> None:
    async def go() -> None:
        engine, _, writer = _engine(tmp_path, CLOUD)
        code = await _room(engine)
        await engine.execute(code, c.Start())
        await engine.execute(code, c.End())
        rows = _outbox(engine.db)
        assert [(r["target"], r["seq"], r["room"], r["kind"], r["state"]) for r in rows] == [
            ("cloud", 1, code, "result", "pending")
        ]
        replayed = Room.replay(engine.db.events(code))
        assert rows[0]["body"] == document.encode(document.result(replayed))
        assert rows[0]["sha256"] == hashlib.sha256(rows[0]["body"]).hexdigest()
        assert json.loads(rows[0]["body"])["format"] == "partyhost-result/1"
        engine.close()
        writer.stop()

    asyncio.run(go())


def test_a_room_whose_outbox_row_cannot_be_written_does_not_end(tmp_path: Path) -> None:
    async def go() -> None:
        engine, _, writer = _engine(tmp_path, CLOUD)
        code = await _room(engine)
        conn = sqlite3.connect(engine.db.path)
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END")
        conn.commit()
        with pytest.raises(StorageError):
            await engine.execute(code, c.End())
        assert "game_ended" not in [e.name for e in engine.db.events(code)]
        assert engine.room(code).phase is Phase.LOBBY  # rebuilt from the log
        conn.execute("DROP TRIGGER refuse")
        conn.commit()
        conn.close()
        await engine.execute(code, c.End())
        assert [e.name for e in engine.db.events(code)][-1] == "game_ended"
        assert len(_outbox(engine.db)) == 1
        engine.close()
        writer.stop()

    asyncio.run(go())


def test_with_no_cloud_configured_nothing_is_queued(tmp_path: Path) -> None:
    async def go() -> None:
        engine, sync, writer = _engine(tmp_path, SyncSettings())
        code = await _room(engine)
        await engine.execute(code, c.End())
        assert _outbox(engine.db) == []
        assert (await sync.status())["state"] == "off"
        engine.close()
        writer.stop()

    asyncio.run(go())


def test_do_not_sync_keeps_a_room_out_and_its_number_still_travels(tmp_path: Path) -> None:
    async def go() -> None:
        engine, sync, writer = _engine(tmp_path, CLOUD)
        kept = await _room(engine)
        await sync.set_room(engine.room(kept), False)  # before the end: nothing is queued
        await engine.execute(kept, c.End())
        assert _outbox(engine.db) == []
        first, later = await _room(engine), await _room(engine)
        await engine.execute(first, c.End())
        await engine.execute(later, c.End())
        await sync.set_room(engine.room(first), False)  # after the end: withdrawn, numbered
        rows = _outbox(engine.db)
        assert [(r["seq"], r["room"], r["kind"], r["body"]) for r in rows[:1]] == [(1, first, "withdrawn", None)]
        assert [(r["seq"], r["room"], r["kind"]) for r in rows[1:]] == [(2, later, "result")]
        await sync.set_room(engine.room(kept), True)  # lifted after the end: queued now, next number
        await sync.set_room(engine.room(kept), True)  # and only once
        rows = _outbox(engine.db)
        assert [(r["seq"], r["room"], r["kind"]) for r in rows] == [
            (1, first, "withdrawn"),
            (2, later, "result"),
            (3, kept, "result"),
        ]
        assert (await sync.room_status(kept))["sync"] is True
        engine.close()
        writer.stop()

    asyncio.run(go())


# ------------------------------------------------------------------ pushes and backoff


def _pending(seq: int, size: int, sent: int = 0, kind: str = "result") -> Pending:
    body = bytes(range(256)) * (size // 256 + 1)
    return Pending(seq, seq, f"R{seq}", kind, size, "0" * 64, sent, body[sent:size])


def test_a_push_takes_whole_items_in_order_while_they_fit_and_a_large_one_alone_in_pieces() -> None:
    small = [_pending(1, 100), _pending(2, 200), _pending(3, 300)]
    assert [(p.item.seq, p.offset, len(p.data)) for p in plan(small, 350)] == [(1, 0, 100), (2, 0, 200)]
    large = [_pending(1, 1000, sent=400), _pending(2, 10)]
    assert [(p.item.seq, p.offset, len(p.data)) for p in plan(large, 256)] == [(1, 400, 256)]
    last = [_pending(1, 1000, sent=800), _pending(2, 10), _pending(4, 10)]
    pieces = plan(last, 256)
    assert [(p.item.seq, p.offset, len(p.data), p.completes) for p in pieces] == [
        (1, 800, 200, True),
        (2, 0, 10, True),
    ]
    withdrawn = plan([_pending(1, 0, kind="withdrawn"), _pending(2, 50)], 10)
    assert [(p.item.seq, p.item.kind) for p in withdrawn] == [(1, "withdrawn")]


def test_backoff_is_full_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    for failures in range(1, 12):
        waits = [backoff(failures, 60.0, rng) for _ in range(200)]
        window = min(60.0, 2.0**failures)
        assert all(0 <= w <= window for w in waits)
        assert max(waits) > window * 0.8 and min(waits) < window * 0.2  # spread over the whole window


@pytest.mark.parametrize(
    "status,headers,body,kind,retry_after",
    [
        (503, {"retry-after": "7"}, b'{"error": {"code": "unavailable", "message": "down"}}', "retry", 7.0),
        (429, {"retry-after": "99999"}, b"", "retry", 3600.0),
        (502, {}, b"<html>bad gateway</html>", "retry", None),
        (401, {}, b'{"error": {"code": "bad_signature", "message": "no"}}', "refused", None),
        (409, {}, b'{"error": {"code": "seq_gap", "message": "m"}, "high_water": 4}', "gap", None),
        (422, {}, b'{"error": {"code": "bad_item", "message": "m"}, "seq": 5, "items": []}', "bad_item", None),
        (413, {}, b'{"error": {"code": "too_large", "message": "m"}, "max_bytes": 8192}', "too_large", None),
    ],
)
def test_each_answer_of_the_receiver_means_what_the_protocol_says(
    status: int, headers: dict[str, str], body: bytes, kind: str, retry_after: float | None
) -> None:
    reply = interpret(status, headers, body)
    assert reply.kind == kind
    assert reply.retry_after == retry_after


def test_a_retry_after_longer_than_the_backoff_is_honoured(tmp_path: Path) -> None:
    async def go() -> None:
        db = Database.open(tmp_path)
        writer = Writer(db.path)
        writer.start()
        worker = Worker(db, writer, lambda: replace(CLOUD, max_wait=0.5), "h_test", "laptop", clock=lambda: 1000.0)
        lane = worker.lanes["cloud"]
        await worker._failed(lane, "the cloud answered 503", retry_after=30.0)
        assert lane.next_try_at == 1030.0
        await worker._failed(lane, "the cloud answered 503")
        assert lane.next_try_at is not None and 1000.0 <= lane.next_try_at <= 1000.5
        # The state is in SQLite: a new worker (after a restart) knows it.
        again = Worker(db, writer, lambda: CLOUD, "h_test", "laptop")
        await again.load()
        assert again.lanes["cloud"].failures == 2 and again.lanes["cloud"].last_error == "the cloud answered 503"
        writer.stop()

    asyncio.run(go())
