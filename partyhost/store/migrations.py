"""Schema migrations: registered steps, tracked in the database, never edited once released.

Add a new step at the end for every change; an old database is migrated
forward when partyhost opens it.
"""

from __future__ import annotations

from sqlite_utils import Database as UtilsDatabase
from sqlite_utils.migrations import Migrations

migrations = Migrations("partyhost")


@migrations()
def m001_event_log(db: UtilsDatabase) -> None:
    db.executescript(
        """
        CREATE TABLE rooms (
            code TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            phase TEXT NOT NULL DEFAULT 'lobby',
            players INTEGER NOT NULL DEFAULT 0,
            last_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE events (
            room TEXT NOT NULL REFERENCES rooms(code),
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (room, seq)
        ) WITHOUT ROWID;
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )
