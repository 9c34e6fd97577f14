"""The receiver's tables, created and migrated by numbered steps that are never edited.

The same steps run on SQLite and PostgreSQL (``{serial}`` is the dialect's
auto-numbered key). Several instances may start at once against one
PostgreSQL: the migration holds an advisory lock (SQLite: the write lock), and
a step already recorded in ``cloud_migrations`` is skipped.

Times are Unix milliseconds. Tables:

- ``orgs``, ``keys``: organizations and their keys (the secret is needed to
  check HMAC signatures, so it is stored as it is: protect the database);
- ``hosts``: per organization and host, the high-water mark: every ``seq`` up
  to it is settled (stored, refused or withdrawn);
- ``items``: one row per (organization, host, seq) ever settled, kept forever
  so a replay weeks later is still recognised;
- ``results``: the stored result documents, with the columns the dashboard needs;
- ``parts``: pieces of a large document until its last piece arrives;
- ``nonces``: nonces seen in the last minutes, so a captured request cannot be replayed.
"""

from __future__ import annotations

import time

from partyhost.cloud.db import POSTGRESQL, Database, Tx

STEPS: list[list[str]] = [
    [
        "CREATE TABLE orgs (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
        """CREATE TABLE keys (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES orgs (id),
            secret TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        )""",
        """CREATE TABLE hosts (
            org_id TEXT NOT NULL REFERENCES orgs (id),
            host_id TEXT NOT NULL,
            name TEXT NOT NULL,
            high_water BIGINT NOT NULL,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            PRIMARY KEY (org_id, host_id)
        )""",
        """CREATE TABLE items (
            org_id TEXT NOT NULL,
            host_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            kind TEXT NOT NULL,
            sha256 TEXT,
            status TEXT NOT NULL,
            error_code TEXT,
            error TEXT,
            received_at BIGINT NOT NULL,
            PRIMARY KEY (org_id, host_id, seq)
        )""",
        """CREATE TABLE results (
            id {serial},
            org_id TEXT NOT NULL,
            host_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            room_code TEXT NOT NULL,
            title TEXT NOT NULL,
            pack TEXT NOT NULL,
            players INTEGER NOT NULL,
            questions INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            ended_day TEXT NOT NULL,
            podium TEXT NOT NULL,
            document TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            UNIQUE (org_id, host_id, seq)
        )""",
        "CREATE INDEX results_by_org ON results (org_id, id)",
        "CREATE INDEX results_by_day ON results (org_id, ended_day, host_id)",
        """CREATE TABLE parts (
            org_id TEXT NOT NULL,
            host_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            start_byte BIGINT NOT NULL,
            length BIGINT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (org_id, host_id, seq, start_byte)
        )""",
        """CREATE TABLE nonces (
            key_id TEXT NOT NULL,
            nonce TEXT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (key_id, nonce)
        )""",
        "CREATE INDEX nonces_by_age ON nonces (at)",
    ],
]

#: an arbitrary number naming the migration lock in ``pg_advisory_xact_lock``
LOCK_ID = 0x70617274


def migrate(db: Database) -> int:
    """Create or update the tables; returns how many steps ran."""
    ran = 0
    with db.transaction() as tx:
        if db.dialect is POSTGRESQL:
            tx.one("SELECT pg_advisory_xact_lock(?)", (LOCK_ID,))
        tx.execute("CREATE TABLE IF NOT EXISTS cloud_migrations (step INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)")
        done = {row["step"] for row in tx.all("SELECT step FROM cloud_migrations")}
        for number, statements in enumerate(STEPS, start=1):
            if number in done:
                continue
            _run(tx, statements)
            tx.execute("INSERT INTO cloud_migrations (step, applied_at) VALUES (?, ?)", (number, _now_ms()))
            ran += 1
    return ran


def _run(tx: Tx, statements: list[str]) -> None:
    for statement in statements:
        tx.execute(statement.replace("{serial}", tx.dialect.serial))


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
