"""The engine with a real SQLite file: nothing is reported before it is on disk."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core.errors import DuplicateAnswer
from partyhost.core.questions import Settings
from partyhost.core.room import Phase
from partyhost.engine import Engine
from partyhost.hub import Hub
from partyhost.store.db import Database
from partyhost.store.writer import StorageError, Writer

QUESTIONS = [{"type": "single", "text": f"Q{i}?", "options": ["a", "b"], "correct": 0} for i in range(3)]


async def _engine(data: Path) -> tuple[Engine, str, str]:
    db = Database.open(data)
    writer = Writer(db.path)
    writer.start()
    engine = Engine(db, writer, Hub())
    room = await engine.create_room(title="T", pack_id="t", questions=QUESTIONS, settings=Settings(time_limit=60))
    events = await engine.execute(room.code, c.Join("Ada", "token-ada"))
    await engine.execute(room.code, c.Join("Bob", "token-bob"))
    await engine.execute(room.code, c.Start())
    return engine, room.code, events[0].player_id  # type: ignore[attr-defined]


def run(test: Callable[[Path], Coroutine[Any, Any, None]]) -> Callable[[Path], None]:
    def wrapper(tmp_path: Path) -> None:
        asyncio.run(test(tmp_path))

    wrapper.__name__ = test.__name__
    return wrapper


@run
async def test_a_duplicate_is_reported_only_once_the_original_is_committed(tmp_path: Path) -> None:
    engine, code, ada = await _engine(tmp_path)
    blocker = sqlite3.connect(engine.db.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # holds the write lock: the writer's commit must wait
    first = asyncio.ensure_future(engine.execute(code, c.Answer(ada, 0, "answer-0001", {"choice": [0]})))
    await asyncio.sleep(0)  # let the first answer be decided and queued
    with pytest.raises(DuplicateAnswer):
        await engine.execute(code, c.Answer(ada, 0, "answer-0001", {"choice": [0]}))
    settled = asyncio.ensure_future(engine.settled(code))
    done, _ = await asyncio.wait({settled, first}, timeout=0.3)
    assert not done, "nothing may be reported while the original answer is not on disk"
    blocker.execute("COMMIT")
    await asyncio.wait_for(asyncio.gather(settled, first), 10)
    assert [e.name for e in engine.db.events(code)][-1] == "answer_recorded"
    engine.close()
    engine.writer.stop()


@run
async def test_a_refused_write_is_not_acknowledged_and_the_room_is_rebuilt(tmp_path: Path) -> None:
    engine, code, ada = await _engine(tmp_path)
    db = sqlite3.connect(engine.db.path, isolation_level=None)
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'answer_recorded' "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(StorageError):
        await engine.execute(code, c.Answer(ada, 0, "answer-0002", {"choice": [0]}))
    room = engine.room(code)
    assert room.answers == {}, "the refused answer is not in the room's state"
    assert room.phase is Phase.QUESTION
    db.execute("DROP TRIGGER refuse")
    # The phone retries with the same id: now it is stored, once.
    events = await engine.execute(code, c.Answer(ada, 0, "answer-0002", {"choice": [0]}))
    assert events[0].name == "answer_recorded"
    stored = [e for e in engine.db.events(code) if e.name == "answer_recorded"]
    assert len(stored) == 1
    seqs = [r[0] for r in db.execute("SELECT seq FROM events WHERE room = ? ORDER BY seq", (code,))]
    assert seqs == list(range(1, len(seqs) + 1)), "the log has no gaps"
    engine.close()
    engine.writer.stop()


@run
async def test_a_room_is_rebuilt_from_the_log_after_a_restart_and_its_question_paused(tmp_path: Path) -> None:
    engine, code, ada = await _engine(tmp_path)
    await engine.execute(code, c.Answer(ada, 0, "answer-0003", {"choice": [0]}))
    before = engine.room(code)
    engine.close()
    engine.writer.stop()

    db = Database.open(tmp_path)
    writer = Writer(db.path)
    writer.start()
    again = Engine(db, writer, Hub())
    again.load()
    await again.recover()
    room = again.room(code)
    assert room.phase is Phase.QUESTION and room.index == 0
    assert room.paused, "an open question comes back paused"
    assert room.remaining_ms >= 5000
    assert room.answers.keys() == before.answers.keys()
    again.close()
    writer.stop()
