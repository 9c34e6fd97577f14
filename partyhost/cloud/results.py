"""Reading results back, always within one organization.

Every query here takes the organization of the key that asked and filters on
it; there is no way to name another organization's host or result.
"""

from __future__ import annotations

import json
from typing import Any

from partyhost.cloud.db import Database, Row

DEFAULT_PAGE = 50
MAX_PAGE = 500

_COLUMNS = (
    "r.id, r.host_id, h.name AS host_name, r.seq, r.room_code, r.title, r.pack, r.players, r.questions, "
    "r.created_at, r.ended_at, r.podium, r.received_at"
)


def _summary(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "host": {"id": row["host_id"], "name": row["host_name"]},
        "seq": row["seq"],
        "room": {
            "code": row["room_code"],
            "title": row["title"],
            "pack": row["pack"],
            "players": row["players"],
            "questions_asked": row["questions"],
            "created_at": row["created_at"],
            "ended_at": row["ended_at"],
        },
        "podium": json.loads(row["podium"]),
        "received_at": row["received_at"],
    }


def page(db: Database, org: str, *, after: int = 0, limit: int = DEFAULT_PAGE, host: str | None = None) -> list[Row]:
    """Results in the order they arrived, after the result with id ``after``."""
    sql = (
        f"SELECT {_COLUMNS} FROM results r JOIN hosts h ON h.org_id = r.org_id AND h.host_id = r.host_id "
        "WHERE r.org_id = ? AND r.id > ?"
    )
    params: list[Any] = [org, after]
    if host:
        sql += " AND r.host_id = ?"
        params.append(host)
    sql += " ORDER BY r.id LIMIT ?"
    params.append(limit)
    with db.read() as tx:
        return [_summary(row) for row in tx.all(sql, params)]


def one(db: Database, org: str, result_id: int) -> dict[str, Any] | None:
    with db.read() as tx:
        row = tx.one(
            f"SELECT {_COLUMNS}, r.document FROM results r "
            "JOIN hosts h ON h.org_id = r.org_id AND h.host_id = r.host_id WHERE r.org_id = ? AND r.id = ?",
            (org, result_id),
        )
    if row is None:
        return None
    found = _summary(row)
    found["document"] = json.loads(row["document"])
    return found


def by_day(db: Database, org: str, limit: int = 1000) -> list[dict[str, Any]]:
    """The newest rooms first, for the dashboard: each with its day (UTC), host and podium."""
    with db.read() as tx:
        rows = tx.all(
            f"SELECT {_COLUMNS}, r.ended_day FROM results r "
            "JOIN hosts h ON h.org_id = r.org_id AND h.host_id = r.host_id "
            "WHERE r.org_id = ? ORDER BY r.ended_day DESC, h.name, r.host_id, r.ended_at DESC LIMIT ?",
            (org, limit),
        )
    found = []
    for row in rows:
        summary = _summary(row)
        summary["day"] = row["ended_day"]
        found.append(summary)
    return found


def hosts(db: Database, org: str) -> list[Row]:
    with db.read() as tx:
        return tx.all(
            "SELECT host_id, name, high_water, first_seen, last_seen FROM hosts WHERE org_id = ? ORDER BY name",
            (org,),
        )


def count(db: Database, org: str) -> int:
    with db.read() as tx:
        row = tx.one("SELECT COUNT(*) AS n FROM results WHERE org_id = ?", (org,))
    return int(row["n"]) if row else 0
