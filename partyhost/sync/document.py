"""What is sent: a room's result document and its end-of-room notification, built from the room.

The result document is the export (``docs/export.md``) with a ``format`` field:
room, pack, players by nickname, every answer with its timing and points, and
the final ranks. It is encoded once, when the room ends, and those exact bytes
are what the outbox keeps, hashes and sends.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from partyhost import export
from partyhost.core.room import Room

FORMAT = "partyhost-result/1"


def result(room: Room) -> dict[str, Any]:
    return {"format": FORMAT, **export.build(room)}


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def notification(room: Room) -> dict[str, Any]:
    """The few facts a chat message tells: the room, the top three and how many played."""
    top = [{"rank": s.rank, "player": s.player.nickname, "score": s.player.score} for s in room.standings()[:3]]
    ended = room.ended_at
    return {
        "room": room.code,
        "title": room.title,
        "players": len(room.active_players()),
        "top": top,
        "ended_at": datetime.fromtimestamp(ended / 1000, tz=UTC).isoformat(timespec="seconds") if ended else "",
    }
