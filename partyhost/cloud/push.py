"""Storing a push: exactly once per (organization, host, seq), in order, never with a gap.

A push carries consecutive outbox items of one host. For each host the
receiver keeps a high-water mark: every ``seq`` up to it is settled. In one
transaction, with the host's row locked (so several receiver instances can
share one PostgreSQL):

- a push whose first ``seq`` is past ``mark + 1`` is refused (``seq_gap``) with
  the mark, and the host resends from there;
- an item at or below the mark is a replay: acknowledged again (``duplicate``),
  stored once; a different document under a settled ``seq`` is ``seq_conflict``;
- the item at ``mark + 1`` is settled: stored, withdrawn, or refused for good
  (``bad_item``, remembered, so the numbering stays gapless and the items
  behind it are not blocked);
- a large document arrives in pieces (``offset`` + ``data``); pieces wait in
  ``parts`` until the last one, and the answer says how many bytes are held,
  so a host that stopped half-way resumes there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from partyhost.cloud.db import Tx
from partyhost.cloud.errors import Refusal

RESULT_FORMAT = "partyhost-result/1"
MAX_ITEMS = 1000


@dataclass(frozen=True, slots=True)
class Limits:
    #: the largest request body taken
    max_push_bytes: int = 1024 * 1024
    #: the largest result document taken (in pieces); a larger one is refused as a bad item
    max_document_bytes: int = 64 * 1024 * 1024


# ------------------------------------------------------------------ the envelope

HostId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{4,64}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class HostInfo(_Strict):
    id: HostId
    name: Annotated[str, Field(max_length=100)] = ""


class Item(_Strict):
    seq: Annotated[int, Field(ge=1, le=2**53)]
    kind: Annotated[str, Field(min_length=1, max_length=32)]
    size: Annotated[int, Field(ge=0, le=2**53)] | None = None
    sha256: Sha256 | None = None
    offset: Annotated[int, Field(ge=0, le=2**53)] | None = None
    data: str | None = None

    @model_validator(mode="after")
    def _piece(self) -> Item:
        if self.kind == "result":
            missing = [name for name in ("size", "sha256", "offset", "data") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a result item needs {', '.join(missing)}")
        return self


class Push(_Strict):
    host: HostInfo
    items: Annotated[list[Item], Field(min_length=1, max_length=MAX_ITEMS)]

    @model_validator(mode="after")
    def _consecutive(self) -> Push:
        for before, after in zip(self.items, self.items[1:], strict=False):
            if after.seq != before.seq + 1:
                raise ValueError(f"items must have consecutive seq numbers ({before.seq} is followed by {after.seq})")
        return self


def parse(body: bytes) -> Push:
    """The push in ``body``, or ``bad_json`` / ``bad_request``."""
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_not_json)
    except (ValueError, RecursionError):
        raise Refusal(400, "bad_json", "The body is not JSON (UTF-8, RFC 8259).") from None
    try:
        return Push.model_validate(data)
    except ValidationError as exc:
        raise Refusal(400, "bad_request", _first_error(exc)) from None


# ------------------------------------------------------------------ the document


class SummaryRow(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    rank: int | None
    player: Annotated[str, Field(max_length=200)]
    score: int


class AnswerRow(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    question_number: int
    player: Annotated[str, Field(max_length=200)]
    correct: bool
    points: int


class RoomInfo(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    code: Annotated[str, Field(min_length=1, max_length=16)]
    title: Annotated[str, Field(max_length=200)]
    pack: Annotated[str, Field(max_length=200)]
    created_at: Annotated[str, Field(max_length=40)]
    ended_at: Annotated[str, Field(max_length=40)]
    questions_asked: int
    players: int


class ResultDocument(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    format: Literal["partyhost-result/1"]
    room: RoomInfo
    summary: list[SummaryRow]
    answers: list[AnswerRow]


class BadItem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_document(raw: bytes) -> ResultDocument:
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
    except (ValueError, RecursionError):
        raise BadItem("bad_document", "the document is not JSON") from None
    try:
        return ResultDocument.model_validate(data)
    except ValidationError as exc:
        raise BadItem("bad_document", f"the document is not a {RESULT_FORMAT} result: {_first_error(exc)}") from None


# ------------------------------------------------------------------ storing


@dataclass(slots=True)
class Outcome:
    status: int
    body: dict[str, Any]


def store(tx: Tx, org: str, push: Push, now_ms: int, limits: Limits) -> Outcome:
    """Settle the push's items; the caller commits. Raises ``Refusal`` for ``seq_gap``/``seq_conflict``."""
    host = push.host
    tx.execute(
        "INSERT INTO hosts (org_id, host_id, name, high_water, first_seen, last_seen) VALUES (?, ?, ?, 0, ?, ?) "
        "ON CONFLICT (org_id, host_id) DO NOTHING",
        (org, host.id, host.name, now_ms, now_ms),
    )
    row = tx.one(
        "SELECT high_water FROM hosts WHERE org_id = ? AND host_id = ?" + tx.dialect.for_update, (org, host.id)
    )
    assert row is not None
    mark = int(row["high_water"])
    first = push.items[0].seq
    if first > mark + 1:
        raise Refusal(
            409,
            "seq_gap",
            f"This push starts at seq {first}, but everything up to {mark} is all this receiver holds "
            f"from host {host.id}: send from {mark + 1}.",
            {"high_water": mark},
        )
    statuses: list[dict[str, Any]] = []
    refused: tuple[int, BadItem] | None = None
    for item in push.items:
        if item.seq <= mark:
            status = _replayed(tx, org, host.id, item, mark)
        else:
            status = _settle(tx, org, host.id, item, now_ms, limits)
            if status["status"] != "partial":
                mark = item.seq
        if status["status"] == "rejected":
            refused = (item.seq, BadItem(status["code"], status["message"]))
            break
        statuses.append(status)
        if status["status"] == "partial":
            break
    tx.execute(
        "UPDATE hosts SET high_water = ?, name = ?, last_seen = ? WHERE org_id = ? AND host_id = ?",
        (mark, host.name, now_ms, org, host.id),
    )
    if refused is not None:
        seq, problem = refused
        return Outcome(
            422,
            {
                "error": {"code": "bad_item", "message": problem.message},
                "seq": seq,
                "reason": problem.code,
                "high_water": mark,
                "items": statuses,
            },
        )
    return Outcome(200, {"high_water": mark, "items": statuses})


def _replayed(tx: Tx, org: str, host: str, item: Item, mark: int) -> dict[str, Any]:
    row = tx.one(
        "SELECT kind, sha256, status, error_code, error FROM items WHERE org_id = ? AND host_id = ? AND seq = ?",
        (org, host, item.seq),
    )
    if row is None:  # settled before items were kept: nothing to compare with
        return {"seq": item.seq, "status": "duplicate"}
    if row["status"] == "rejected":
        return {"seq": item.seq, "status": "rejected", "code": row["error_code"], "message": row["error"]}
    if row["status"] == "withdrawn" or item.kind == "withdrawn":
        return {"seq": item.seq, "status": "withdrawn" if row["status"] == "withdrawn" else "duplicate"}
    if row["sha256"] != item.sha256:
        raise Refusal(
            409,
            "seq_conflict",
            f"seq {item.seq} of host {host} already holds a different document here. Was this host's data "
            "folder copied to another laptop, or restored from an old backup?",
            {"seq": item.seq, "high_water": mark},
        )
    return {"seq": item.seq, "status": "duplicate"}


def _settle(tx: Tx, org: str, host: str, item: Item, now_ms: int, limits: Limits) -> dict[str, Any]:
    where = (org, host, item.seq)
    if item.kind == "withdrawn":
        tx.execute("DELETE FROM parts WHERE org_id = ? AND host_id = ? AND seq = ?", where)
        _record(tx, where, item, "withdrawn", now_ms)
        return {"seq": item.seq, "status": "withdrawn"}
    try:
        if item.kind != "result":
            raise BadItem("unknown_kind", f"this receiver does not take items of kind {item.kind!r}")
        return _settle_result(tx, where, item, now_ms, limits)
    except BadItem as problem:
        tx.execute("DELETE FROM parts WHERE org_id = ? AND host_id = ? AND seq = ?", where)
        _record(tx, where, item, "rejected", now_ms, problem)
        return {"seq": item.seq, "status": "rejected", "code": problem.code, "message": problem.message}


def _settle_result(tx: Tx, where: tuple[str, str, int], item: Item, now_ms: int, limits: Limits) -> dict[str, Any]:
    assert item.size is not None and item.sha256 is not None and item.offset is not None and item.data is not None
    if item.size > limits.max_document_bytes:
        raise BadItem(
            "too_large", f"the document is {item.size} bytes; this receiver takes at most {limits.max_document_bytes}"
        )
    try:
        data = base64.b64decode(item.data, validate=True)
    except (binascii.Error, ValueError):
        raise Refusal(400, "bad_request", f"items[seq={item.seq}].data is not base64.") from None
    if item.offset + len(data) > item.size:
        raise Refusal(400, "bad_request", f"items[seq={item.seq}]: offset + data is past its size.")
    tx.execute("DELETE FROM parts WHERE org_id = ? AND host_id = ? AND seq = ? AND sha256 <> ?", (*where, item.sha256))
    held = tx.one(
        "SELECT COALESCE(SUM(length), 0) AS held FROM parts WHERE org_id = ? AND host_id = ? AND seq = ?", where
    )
    received = int(held["held"]) if held else 0
    if item.offset != received:
        return {"seq": item.seq, "status": "partial", "received": received}
    if item.offset + len(data) < item.size:
        tx.execute(
            "INSERT INTO parts (org_id, host_id, seq, sha256, start_byte, length, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*where, item.sha256, item.offset, len(data), item.data),
        )
        return {"seq": item.seq, "status": "partial", "received": item.offset + len(data)}
    if received:
        pieces = tx.all(
            "SELECT data FROM parts WHERE org_id = ? AND host_id = ? AND seq = ? ORDER BY start_byte", where
        )
        data = b"".join(base64.b64decode(p["data"]) for p in pieces) + data
        tx.execute("DELETE FROM parts WHERE org_id = ? AND host_id = ? AND seq = ?", where)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise BadItem("bad_hash", "the document does not match its sha256")
    document = check_document(data)
    room = document.room
    podium = [{"rank": r.rank, "player": r.player, "score": r.score} for r in document.summary[:3] if r.rank]
    ended = room.ended_at or room.created_at
    tx.execute(
        "INSERT INTO results (org_id, host_id, seq, room_code, title, pack, players, questions, created_at, "
        "ended_at, ended_day, podium, document, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            *where,
            room.code,
            room.title,
            room.pack,
            room.players,
            room.questions_asked,
            room.created_at,
            ended,
            ended[:10],
            json.dumps(podium, ensure_ascii=False),
            data.decode("utf-8"),
            now_ms,
        ),
    )
    _record(tx, where, item, "stored", now_ms)
    return {"seq": item.seq, "status": "stored"}


def _record(
    tx: Tx, where: tuple[str, str, int], item: Item, status: str, now_ms: int, problem: BadItem | None = None
) -> None:
    tx.execute(
        "INSERT INTO items (org_id, host_id, seq, kind, sha256, status, error_code, error, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            *where,
            item.kind,
            item.sha256,
            status,
            problem.code if problem else None,
            problem.message if problem else None,
            now_ms,
        ),
    )


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg']}"


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")
