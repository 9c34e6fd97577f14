"""The outbox's SQL: statements for the writer, and reads.

Table ``outbox`` (``store/migrations.py``), one row per thing to deliver:

- ``target``: ``cloud`` (a result, numbered by ``seq``: per host, from 1, no
  gaps) or ``webhook`` (a notification, no ``seq``);
- ``kind``: ``result``, ``notify``, or ``withdrawn`` (a cloud result the host
  marked "do not sync" before it went: its number still travels, without the
  document, so the receiver's numbering stays gapless);
- ``body``: the exact bytes to send (kept after delivery, so a receiver that
  lost them can be given them again); ``sent``: how many bytes of a large body
  the receiver has acknowledged;
- ``state``: ``pending``, ``delivered``, ``failed`` (refused for good, with
  ``last_error``) or ``withdrawn``.

``sync_state`` holds each target's backoff (failures, next try, last error);
``sync_skip`` the rooms marked "do not sync".

Writes are statements handed to the writer (``Writer.execute`` or a
``GameEnded`` batch's ``extra``), so they share its transactions.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from partyhost.store.writer import Statement

CLOUD = "cloud"
WEBHOOK = "webhook"
STATES = ("pending", "delivered", "failed", "withdrawn")

_NOT_SKIPPED = "NOT EXISTS (SELECT 1 FROM sync_skip WHERE room = ?)"


def queue_result(code: str, body: bytes, sha256: str, now_ms: int, *, again: bool = False) -> Statement:
    """The next cloud item (``seq`` = last + 1, decided inside the transaction).

    At the end of a room, nothing is queued for a room marked "do not sync"; ``again`` (the mark
    was lifted after the end) queues it unless its result is already waiting or delivered.
    """
    guard = (
        "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE target = 'cloud' AND room = ? AND kind = 'result' "
        "AND state IN ('pending', 'delivered'))"
        if again
        else f"WHERE {_NOT_SKIPPED}"
    )
    return (
        "INSERT INTO outbox (target, seq, room, kind, body, sha256, size, created_at) "
        "SELECT 'cloud', next, ?, 'result', ?, ?, ?, ? "
        f"FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox WHERE target = 'cloud') {guard}",
        (code, body, sha256, len(body), now_ms, code),
    )


def queue_notification(code: str, body: bytes, now_ms: int) -> Statement:
    return (
        "INSERT INTO outbox (target, room, kind, body, size, created_at) "
        f"SELECT 'webhook', ?, 'notify', ?, ?, ? WHERE {_NOT_SKIPPED}",
        (code, body, len(body), now_ms, code),
    )


def skip(code: str, now_ms: int) -> list[Statement]:
    """Mark a room "do not sync"; what it has waiting is withdrawn (its cloud number still travels)."""
    return [
        ("INSERT INTO sync_skip (room, at) VALUES (?, ?) ON CONFLICT (room) DO NOTHING", (code, now_ms)),
        (
            "UPDATE outbox SET kind = 'withdrawn', body = NULL, sha256 = NULL, size = 0, sent = 0 "
            "WHERE target = 'cloud' AND room = ? AND state = 'pending' AND kind = 'result'",
            (code,),
        ),
        ("UPDATE outbox SET state = 'withdrawn' WHERE target = 'webhook' AND room = ? AND state = 'pending'", (code,)),
    ]


def unskip(code: str) -> list[Statement]:
    return [("DELETE FROM sync_skip WHERE room = ?", (code,))]


# ------------------------------------------------------------- bookkeeping


def attempted(ids: list[int]) -> Statement:
    marks = ",".join("?" * len(ids))
    return (f"UPDATE outbox SET attempts = attempts + 1 WHERE id IN ({marks})", tuple(ids))


def delivered(item_id: int, now_ms: int, *, withdrawn: bool = False) -> Statement:
    state = "withdrawn" if withdrawn else "delivered"
    return (
        "UPDATE outbox SET state = ?, sent = size, delivered_at = ?, last_error = NULL WHERE id = ?",
        (state, now_ms, item_id),
    )


def progressed(item_id: int, sent: int) -> Statement:
    return ("UPDATE outbox SET sent = ? WHERE id = ?", (sent, item_id))


def failed(item_id: int, reason: str) -> Statement:
    return ("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", (reason, item_id))


def rewind(mark: int) -> Statement:
    """The receiver holds only up to ``mark``: everything after it goes again, from its first byte."""
    return (
        "UPDATE outbox SET state = 'pending', sent = 0, delivered_at = NULL "
        "WHERE target = 'cloud' AND seq > ? AND (state <> 'pending' OR sent <> 0)",
        (mark,),
    )


def lane_failed(target: str, failures: int, next_try_ms: int, error: str, now_ms: int) -> Statement:
    return (
        "INSERT INTO sync_state (target, failures, next_try_at, last_error, last_error_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (target) DO UPDATE SET failures = excluded.failures, next_try_at = excluded.next_try_at, "
        "last_error = excluded.last_error, last_error_at = excluded.last_error_at",
        (target, failures, next_try_ms, error, now_ms),
    )


def lane_ok(target: str, delivered_ms: int | None) -> Statement:
    """No failure to wait out any more; ``delivered_ms``: when something was last delivered, if now."""
    return (
        "INSERT INTO sync_state (target, failures, next_try_at, last_success_at) VALUES (?, 0, NULL, ?) "
        "ON CONFLICT (target) DO UPDATE SET failures = 0, next_try_at = NULL, "
        "last_success_at = COALESCE(excluded.last_success_at, sync_state.last_success_at)",
        (target, delivered_ms),
    )


def lane_due_now(target: str) -> Statement:
    return ("UPDATE sync_state SET next_try_at = NULL WHERE target = ?", (target,))


# ------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class Pending:
    id: int
    seq: int | None
    room: str
    kind: str
    size: int
    sha256: str | None
    sent: int
    #: the body from byte ``sent`` on, at most as many bytes as asked for
    chunk: bytes


def pending(conn: sqlite3.Connection, target: str, *, limit: int, chunk: int) -> list[Pending]:
    """The first ``limit`` items waiting for ``target``, in order, each with up to ``chunk`` bytes of body."""
    order = "seq" if target == CLOUD else "id"
    rows = conn.execute(
        "SELECT id, seq, room, kind, size, sha256, sent, substr(body, sent + 1, ?) FROM outbox "
        f"WHERE target = ? AND state = 'pending' ORDER BY {order} LIMIT ?",
        (chunk, target, limit),
    ).fetchall()
    return [Pending(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bytes(r[7] or b"")) for r in rows]


def counts(conn: sqlite3.Connection, target: str) -> dict[str, int]:
    found = dict.fromkeys(STATES, 0)
    for state, number in conn.execute("SELECT state, COUNT(*) FROM outbox WHERE target = ? GROUP BY state", (target,)):
        found[state] = number
    return found


def remaining_bytes(conn: sqlite3.Connection, target: str) -> int:
    row = conn.execute(
        "SELECT COALESCE(SUM(size - sent), 0) FROM outbox WHERE target = ? AND state = 'pending'", (target,)
    ).fetchone()
    return int(row[0])


def lane(conn: sqlite3.Connection, target: str) -> dict[str, Any]:
    row = conn.execute(
        "SELECT failures, next_try_at, last_error, last_error_at, last_success_at FROM sync_state WHERE target = ?",
        (target,),
    ).fetchone()
    names = ("failures", "next_try_at", "last_error", "last_error_at", "last_success_at")
    return dict(zip(names, row, strict=True)) if row else {"failures": 0} | dict.fromkeys(names[1:])


_ITEM_COLUMNS = "id, target, seq, room, kind, state, size, sent, attempts, last_error, created_at, delivered_at"


def _items(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM outbox {where}", params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def recent(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    """The newest items, and every failed one (a failure stays in view until it is dealt with)."""
    return _items(
        conn,
        "WHERE id IN (SELECT id FROM outbox ORDER BY id DESC LIMIT ?) OR state = 'failed' ORDER BY id DESC",
        (limit,),
    )


def room_items(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    return _items(conn, "WHERE room = ? ORDER BY id", (code,))


def skipped(conn: sqlite3.Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM sync_skip WHERE room = ?", (code,)).fetchone() is not None


def has_result(conn: sqlite3.Connection, code: str) -> bool:
    """Whether the room's result is waiting or delivered (so it must not be queued again)."""
    row = conn.execute(
        "SELECT 1 FROM outbox WHERE target = 'cloud' AND room = ? AND kind = 'result' "
        "AND state IN ('pending', 'delivered')",
        (code,),
    ).fetchone()
    return row is not None


def stored_settings(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT key, value FROM settings WHERE key LIKE 'sync.%'").fetchall()
    return {str(k): str(v) for k, v in rows}


def save_settings(values: dict[str, str]) -> list[Statement]:
    """Upsert the given ``sync.*`` settings; an empty value deletes the row."""
    statements: list[Statement] = []
    for key, value in values.items():
        if value:
            statements.append(
                (
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            )
        else:
            statements.append(("DELETE FROM settings WHERE key = ?", (key,)))
    return statements


def host_identity_statement(host_id: str) -> Statement:
    return ("INSERT INTO settings (key, value) VALUES ('sync.host_id', ?) ON CONFLICT (key) DO NOTHING", (host_id,))
