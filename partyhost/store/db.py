"""Opening the database: pragmas, migrations, and the reads the shell needs."""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database as UtilsDatabase

from partyhost.core.events import Event, event_from_dict
from partyhost.store.migrations import migrations

FILENAME = "partyhost.db"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every partyhost connection uses."""
    if readonly:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


class Database:
    """The host's SQLite file. Reads happen here; writes go through :class:`Writer`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, data_dir: Path) -> Database:
        """Create or migrate ``DATA/partyhost.db`` and return it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / FILENAME
        conn = connect(path)
        try:
            migrations.apply(UtilsDatabase(conn))
        finally:
            conn.close()
        return cls(path)

    def reader(self) -> sqlite3.Connection:
        return connect(self.path)

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def host_key(self) -> str:
        """The host key, made once per data dir and kept across restarts."""
        conn = connect(self.path)
        try:
            key = secrets.token_urlsafe(18)
            conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('host_key', ?)", (key,))
            row = conn.execute("SELECT value FROM settings WHERE key = 'host_key'").fetchone()
            return str(row[0])
        finally:
            conn.close()

    def rooms(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                "SELECT code, title, pack_id, created_at, phase, players FROM rooms ORDER BY created_at DESC"
            ).fetchall()
        return [dict(r) for r in rows]

    def room_codes(self) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT code FROM rooms ORDER BY created_at")]

    def events(self, code: str) -> list[Event]:
        """A room's log in order; empty if there is no such room."""
        with self._read() as conn:
            rows = conn.execute("SELECT type, data FROM events WHERE room = ? ORDER BY seq", (code,)).fetchall()
        return [event_from_dict(name, json.loads(data)) for name, data in rows]

    def last_seq(self, code: str) -> int:
        with self._read() as conn:
            row = conn.execute("SELECT MAX(seq) FROM events WHERE room = ?", (code,)).fetchone()
        return int(row[0] or 0)

    def backup(self, target: Path) -> int:
        """Copy the database to ``target`` with SQLite's online backup; returns the room count."""
        source = connect(self.path)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
            rooms = destination.execute("SELECT COUNT(*) FROM rooms").fetchone()[0]
            ok = destination.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its integrity check: {ok}")
            return int(rooms)
        finally:
            destination.close()
            source.close()

    def check(self) -> dict[str, Any]:
        """The database state for ``/api/health``."""
        try:
            with self._read() as conn:
                rooms = conn.execute("SELECT COUNT(*) FROM rooms").fetchone()[0]
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            return {"ok": True, "rooms": rooms, "journal_mode": mode}
        except sqlite3.Error as exc:
            return {"ok": False, "error": str(exc)}

    class _Reader:
        def __init__(self, path: Path) -> None:
            self.conn = connect(path)

        def __enter__(self) -> sqlite3.Connection:
            return self.conn

        def __exit__(self, *exc: object) -> None:
            self.conn.close()

    def _read(self) -> Database._Reader:
        return Database._Reader(self.path)
