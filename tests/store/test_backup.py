"""partyhost backup: a consistent, checked copy of the database, also while it is written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from hosting import ROOT, Host
from support import Phone


def test_backup_while_the_host_runs_copies_every_room(host: Host, tmp_path: Path) -> None:
    codes = {host.create_room()["code"] for _ in range(3)}
    target = tmp_path / "copy.db"
    result = subprocess.run(
        [sys.executable, "-m", "partyhost", "backup", str(target), "--data", str(host.data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Backed up 3 rooms" in result.stdout
    copy = sqlite3.connect(target)
    assert {r[0] for r in copy.execute("SELECT code FROM rooms")} == codes
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_never_overwrites_a_file(host: Host, tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = subprocess.run(
        [sys.executable, "-m", "partyhost", "backup", str(target), "--data", str(host.data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "exists" in result.stderr
    assert target.read_text() == "keep me"


def test_backup_during_a_join_storm_is_a_consistent_snapshot(host: Host, tmp_path: Path) -> None:
    code = host.create_room()["code"]
    joined: list[str] = []
    stop = threading.Event()

    def join_players() -> None:
        number = 0
        while not stop.is_set() and number < 400:
            number += 1
            # Each phone joins and leaves: its seat is stored either way.
            with Phone(host.ws_url) as phone:
                phone.hello({"type": "join", "room": code, "nickname": f"Player {number}"})
            joined.append(f"Player {number}")

    writer = threading.Thread(target=join_players)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(joined) < 20 and time.monotonic() < deadline:
            writer.join(0.01)  # let the storm get going before the copy starts
        target = tmp_path / "copy.db"
        result = subprocess.run(
            [sys.executable, "-m", "partyhost", "backup", str(target), "--data", str(host.data_dir)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        stop.set()
        writer.join()
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    seqs = [row[0] for row in copy.execute("SELECT seq FROM events WHERE room = ? ORDER BY seq", (code,))]
    assert seqs == list(range(1, len(seqs) + 1)), "the copy holds a prefix of the log with no gaps"
    rows = copy.execute("SELECT data FROM events WHERE room = ? AND type = 'player_joined' ORDER BY seq", (code,))
    names = [json.loads(row[0])["nickname"] for row in rows]
    assert names == joined[: len(names)], "the copy holds the joins in the order they were acknowledged"
    assert 20 <= len(names) <= len(joined)
