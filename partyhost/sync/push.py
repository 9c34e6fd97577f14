"""One push to the receiver: which pieces go, the signed body, and what the answer means.

Pieces: whole items in ``seq`` order while they fit in the byte budget; an
item larger than the budget goes alone, one piece at a time from the byte the
receiver last acknowledged, so a push cut off half-way resumes there.
"""

from __future__ import annotations

import base64
import email.utils
import json
from dataclasses import dataclass, field
from typing import Any

from partyhost.sync.outbox import Pending

#: raw bytes of documents per push; base64 makes it a third larger, well under a receiver's 1 MiB
DEFAULT_BUDGET = 512 * 1024
MIN_BUDGET = 2 * 1024
MAX_ITEMS = 100
#: the longest ``Retry-After`` honoured, in seconds
MAX_RETRY_AFTER = 3600.0


@dataclass(frozen=True, slots=True)
class Piece:
    item: Pending
    offset: int
    data: bytes

    @property
    def completes(self) -> bool:
        return self.offset + len(self.data) >= self.item.size


def plan(items: list[Pending], budget: int) -> list[Piece]:
    """The pieces of the next push: consecutive items from the first, within ``budget`` bytes."""
    pieces: list[Piece] = []
    left = budget
    for item in items[:MAX_ITEMS]:
        if pieces and item.seq != (pieces[-1].item.seq or 0) + 1:
            break
        if item.kind == "withdrawn":
            pieces.append(Piece(item, 0, b""))
            continue
        remaining = item.size - item.sent
        if remaining <= left:
            pieces.append(Piece(item, item.sent, item.chunk[:remaining]))
            left -= remaining
            continue
        if not pieces:
            pieces.append(Piece(item, item.sent, item.chunk[:budget]))
        break
    return pieces


def body(host_id: str, host_name: str, pieces: list[Piece]) -> bytes:
    items: list[dict[str, Any]] = []
    for piece in pieces:
        item = piece.item
        if item.kind == "withdrawn":
            items.append({"seq": item.seq, "kind": "withdrawn"})
        else:
            items.append(
                {
                    "seq": item.seq,
                    "kind": item.kind,
                    "size": item.size,
                    "sha256": item.sha256,
                    "offset": piece.offset,
                    "data": base64.b64encode(piece.data).decode("ascii"),
                }
            )
    envelope = {"host": {"id": host_id, "name": host_name}, "items": items}
    return json.dumps(envelope, separators=(",", ":")).encode("utf-8")


@dataclass(slots=True)
class Reply:
    """What the receiver's answer means for the host.

    ``kind`` is one of: ``acked`` (``statuses`` per item), ``gap`` (resend from
    ``high_water + 1``), ``bad_item`` (``seq`` is refused for good, with
    ``message``; ``statuses`` of the items before it), ``conflict`` (``seq``
    holds another document there), ``skew`` (the clocks disagree),
    ``too_large`` (send less, at most ``max_bytes``), ``retry`` (try again
    later) and ``refused`` (the key or the request is wrong: try later, and
    show why).
    """

    kind: str
    message: str = ""
    statuses: list[dict[str, Any]] = field(default_factory=list)
    high_water: int | None = None
    seq: int | None = None
    retry_after: float | None = None
    server_time: float | None = None
    max_bytes: int | None = None


def interpret(status: int, headers: dict[str, str], content: bytes) -> Reply:
    """The meaning of an HTTP answer to a push (``headers`` with lower-case names)."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        data = {}
    error: dict[str, Any] = data["error"] if isinstance(data.get("error"), dict) else {}
    code = str(error.get("code", ""))
    message = str(error.get("message", "")) or f"HTTP {status}"
    retry_after = _retry_after(headers.get("retry-after", ""))
    if status == 200 and isinstance(data.get("items"), list):
        return Reply("acked", statuses=[s for s in data["items"] if isinstance(s, dict)])
    if status == 409 and code == "seq_gap" and isinstance(data.get("high_water"), int):
        return Reply("gap", message, high_water=data["high_water"])
    if status == 409 and code == "seq_conflict" and isinstance(data.get("seq"), int):
        return Reply("conflict", message, seq=data["seq"], high_water=data.get("high_water"))
    if status == 422 and code == "bad_item" and isinstance(data.get("seq"), int):
        statuses = [s for s in data.get("items") or [] if isinstance(s, dict)]
        return Reply("bad_item", message, statuses=statuses, seq=data["seq"], high_water=data.get("high_water"))
    if status == 401 and code == "clock_skew":
        return Reply("skew", message, server_time=_server_time(headers, data))
    if status == 413:
        limit = data.get("max_bytes")
        return Reply("too_large", message, max_bytes=limit if isinstance(limit, int) else None)
    if status == 429 or status >= 500 or status == 408:
        return Reply("retry", f"the cloud answered {status}: {message}", retry_after=retry_after)
    refusal = f"the cloud refused the push ({status} {code or 'error'}): {message}"
    return Reply("refused", refusal, retry_after=retry_after)


def _retry_after(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import time

    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))


def _server_time(headers: dict[str, str], data: dict[str, Any]) -> float | None:
    """The receiver's clock: its ``Date`` header, else ``server_time`` in the answer."""
    date = headers.get("date", "")
    if date:
        try:
            return email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            pass
    value = data.get("server_time")
    return float(value) if isinstance(value, int | float) else None
