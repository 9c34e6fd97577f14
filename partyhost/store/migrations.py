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


@migrations()
def m002_sync_outbox(db: UtilsDatabase) -> None:
    """The cloud outbox (docs/sync.md): items to deliver, the delivery state, rooms not to send."""
    db.executescript(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            seq INTEGER,
            room TEXT NOT NULL,
            kind TEXT NOT NULL,
            body BLOB,
            sha256 TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            sent INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            delivered_at INTEGER,
            UNIQUE (target, seq)
        );
        CREATE INDEX outbox_by_state ON outbox (target, state, id);
        CREATE INDEX outbox_by_room ON outbox (room);
        CREATE TABLE sync_state (
            target TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            next_try_at INTEGER,
            last_error TEXT,
            last_error_at INTEGER,
            last_success_at INTEGER
        );
        CREATE TABLE sync_skip (
            room TEXT PRIMARY KEY,
            at INTEGER NOT NULL
        );
        """
    )
