"""Organizations and their keys.

A key belongs to one organization; whoever holds it can push results into that
organization and read them back, and nothing else. An organization is made the
first time a key is created for it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from partyhost.cloud.db import Database, Tx
from partyhost.cloud.signing import Key, new_key

ORG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")


class KeyProblem(Exception):
    """A key command was given something it cannot use."""


@dataclass(frozen=True, slots=True)
class StoredKey:
    id: str
    org: str
    secret: str
    created_at: int
    revoked_at: int | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def check_org(name: str) -> str:
    org = name.strip().lower()
    if not ORG.match(org):
        raise KeyProblem(
            f"{name!r} is not an organization name: use 1 to 63 lower-case letters, digits, '.', '_' or '-'"
        )
    return org


def create(db: Database, org_name: str) -> tuple[str, Key]:
    """A new key for ``org_name`` (made if new); returns the organization and the key."""
    org = check_org(org_name)
    key = new_key()
    now = _now_ms()
    with db.transaction() as tx:
        tx.execute("INSERT INTO orgs (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", (org, now))
        tx.execute(
            "INSERT INTO keys (id, org_id, secret, created_at) VALUES (?, ?, ?, ?)", (key.id, org, key.secret, now)
        )
    return org, key


def find(tx: Tx, key_id: str) -> StoredKey | None:
    row = tx.one("SELECT id, org_id, secret, created_at, revoked_at FROM keys WHERE id = ?", (key_id,))
    if row is None:
        return None
    return StoredKey(row["id"], row["org_id"], row["secret"], row["created_at"], row["revoked_at"])


def listing(db: Database, org_name: str | None = None) -> list[StoredKey]:
    sql = "SELECT id, org_id, secret, created_at, revoked_at FROM keys"
    params: tuple[str, ...] = ()
    if org_name is not None:
        sql += " WHERE org_id = ?"
        params = (check_org(org_name),)
    with db.read() as tx:
        rows = tx.all(sql + " ORDER BY org_id, created_at", params)
    return [StoredKey(r["id"], r["org_id"], r["secret"], r["created_at"], r["revoked_at"]) for r in rows]


def revoke(db: Database, key_id: str) -> StoredKey:
    with db.transaction() as tx:
        key = find(tx, key_id)
        if key is None:
            raise KeyProblem(f"there is no key {key_id!r}")
        if key.active:
            tx.execute("UPDATE keys SET revoked_at = ? WHERE id = ?", (_now_ms(), key_id))
    return key


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
