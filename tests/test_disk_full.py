"""A full disk: answers are refused with ``storage_error``, never falsely acknowledged.

The data dir lives on a small tmpfs of its own, so "full" is the real ``ENOSPC`` that
SQLite gets from the kernel, not a simulation. The WAL only grows while the disk fills
(it is far below the auto-checkpoint size), so the next commit needs new blocks and fails.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hosting import Host, start_host
from support import KEY, Party, trio_room

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small filesystem needs root")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=False)


@pytest.fixture
def host_on_small_disk(small_disk: Path) -> Iterator[Host]:
    running = start_host(small_disk / "data")
    yield running
    running.stop()


def fill(disk: Path) -> Path:
    """Write a file until the filesystem has no block left; returns it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    return filler


def answer_events(data_dir: Path, code: str) -> list[str]:
    db = sqlite3.connect(data_dir / "partyhost.db")
    try:
        return [
            row[0]
            for row in db.execute(
                "SELECT data FROM events WHERE room = ? AND type = 'answer_recorded' ORDER BY seq", (code,)
            )
        ]
    finally:
        db.close()


def test_answers_on_a_full_disk_are_refused_and_stored_once_space_returns(
    host_on_small_disk: Host, small_disk: Path
) -> None:
    host = host_on_small_disk
    code = trio_room(host, time_limit=120)
    with Party(host.ws_url) as party:
        control = party.control(code)
        ada = party.player(code, "Ada")
        bob = party.player(code, "Bob")
        control.command("start")
        ada.state("question", 0)
        bob.state("question", 0)

        filler = fill(small_disk)
        refused = ada.answer("ada-q0-0001", 0, KEY[0])
        assert refused["type"] == "error", f"a write to a full disk was acknowledged: {refused}"
        assert refused["error"]["code"] == "storage_error"
        assert refused["ref"] == "ada-q0-0001"
        assert answer_events(host.data_dir, code) == [], "nothing was stored"

        # The room is still live and open for the answer, and nothing else changed: a fresh
        # view of the seat (the phone reconnecting) shows no answer.
        ada = party.resume(code, ada.seat["token"])
        live = ada.state("question", 0)
        assert live["me"]["answer"] is None
        assert live["question"]["answered"] == 0

        filler.unlink()
        # The phone retries with the same id once the disk has room again: stored once.
        accepted = ada.answer("ada-q0-0001", 0, KEY[0])
        assert (accepted["type"], accepted["status"]) == ("ack", "accepted"), accepted
        assert bob.answer("bob-q0-0001", 0, [0])["status"] == "accepted"
        reveal = ada.state("reveal", 0)
        assert reveal["me"]["result"]["correct"] is True
        assert reveal["reveal"]["answered"] == 2

    stored = answer_events(host.data_dir, code)
    assert len(stored) == 2
    assert sum('"ada-q0-0001"' in data for data in stored) == 1
    db = sqlite3.connect(host.data_dir / "partyhost.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
