"""The receiver's refusals, one exception carrying the HTTP status and the error body.

Every error the receiver sends has the shape ``{"error": {"code", "message"}}``,
plus, for some codes, fields the host acts on (``high_water``, ``seq``,
``max_bytes``, ``server_time``)::

    Refusal
    ├── 400 bad_json, bad_request
    ├── 401 unsigned, unknown_key, key_revoked, clock_skew, bad_signature, replayed
    ├── 404 not_found          405 method_not_allowed
    ├── 409 seq_gap, seq_conflict
    ├── 413 too_large
    ├── 422 bad_item
    └── 503 unavailable        (the database failed; try again)
"""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}, **self.extra}


#: every code the receiver may answer with (docs/sync.md lists each)
CODES = (
    "bad_json",
    "bad_request",
    "unsigned",
    "unknown_key",
    "key_revoked",
    "clock_skew",
    "bad_signature",
    "replayed",
    "not_found",
    "method_not_allowed",
    "seq_gap",
    "seq_conflict",
    "too_large",
    "bad_item",
    "unavailable",
    "internal_error",
)
