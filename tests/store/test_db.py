"""The database file: pragmas, migrations tracked in the database, reads of the log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from partyhost.store.db import FILENAME, Database, connect
from partyhost.store.migrations import migrations


def test_open_creates_the_file_in_wal_mode_with_migrations_recorded(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "data")
    assert db.path == tmp_path / "data" / FILENAME
    raw = sqlite3.connect(db.path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [r[0] for r in raw.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'partyhost'")]
    assert applied == [m.name for m in migrations._migrations]
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"rooms", "events", "settings"} <= tables


def test_every_connection_uses_synchronous_full(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    conn = connect(db.path)
    # 2 is FULL: a commit is on disk before it returns.
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_opening_twice_applies_nothing_new_and_keeps_data(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    key = db.host_key()
    again = Database.open(tmp_path)
    assert again.host_key() == key
    raw = sqlite3.connect(again.path)
    assert raw.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(migrations._migrations)


def test_an_old_database_is_migrated_forward_on_open(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    # A database from before any migration: an empty file with an unrelated table.
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE leftover (x)")
    raw.commit()
    raw.close()
    db = Database.open(tmp_path)
    assert db.rooms() == []
    assert db.check()["ok"] is True


def test_the_host_key_is_long_and_random_per_data_dir(tmp_path: Path) -> None:
    first = Database.open(tmp_path / "a").host_key()
    second = Database.open(tmp_path / "b").host_key()
    assert first != second
    assert len(first) >= 20
