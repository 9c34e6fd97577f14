"""partyhost backup: a consistent, checked copy of the database, also while it is written."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from hosting import ROOT, Host


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
