"""The wire protocol: client frames as pydantic models, server frame builders.

Every message type, host action and error code here has an entry in
``docs/protocol.md``; ``tests/test_docs.py`` keeps the two in step.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from partyhost.core import errors as core_errors

VERSION = 1
MAX_FRAME = 4096

RoomCode = Annotated[str, Field(min_length=1, max_length=12)]


class _Message(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class JoinMsg(_Message):
    type: Literal["join"]
    room: RoomCode
    # No length limit here: the core judges nicknames (``nickname_invalid``); the frame limit bounds it.
    nickname: str


class ResumeMsg(_Message):
    type: Literal["resume"]
    room: RoomCode
    token: Annotated[str, Field(min_length=1, max_length=200)]


class WatchMsg(_Message):
    type: Literal["watch"]
    room: RoomCode


class HostMsg(_Message):
    type: Literal["host"]
    room: RoomCode
    key: Annotated[str, Field(max_length=200)] | None = None


#: the fields an answer can travel in; each question type reads one (``docs/protocol.md``)
ANSWER_FIELDS: tuple[str, ...] = ("choice", "text", "number", "order", "entries", "card", "buzz", "guess", "wager")


class AnswerMsg(_Message):
    type: Literal["answer"]
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
    question: Annotated[int, Field(ge=0, le=10_000)]
    choice: Annotated[list[int], Field(min_length=1, max_length=10)] | None = None
    text: Annotated[str, Field(max_length=200)] | None = None
    number: int | float | None = None
    order: Annotated[list[int], Field(min_length=1, max_length=10)] | None = None
    entries: Annotated[list[Annotated[str, Field(max_length=200)]], Field(min_length=1, max_length=10)] | None = None
    card: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    buzz: Literal[True] | None = None
    guess: Annotated[str, Field(max_length=20)] | None = None
    # (the range is the room's to check: it depends on the score, and its error names the answer)
    wager: Annotated[int, Field(ge=-(10**12), le=10**12)] | None = None
    #: which answer this is, from 0, in a question that takes several (a Wordle race's guesses)
    step: Annotated[int, Field(ge=0, le=100)] = 0

    @model_validator(mode="after")
    def _one_answer(self) -> AnswerMsg:
        given = [name for name in ANSWER_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"an answer has exactly one of {', '.join(ANSWER_FIELDS)}")
        return self

    def raw(self) -> dict[str, Any]:
        """The answer's own field, for the core's mode to judge."""
        return {name: getattr(self, name) for name in ANSWER_FIELDS if getattr(self, name) is not None}


Action = Literal[
    "start",
    "next",
    "reveal",
    "pause",
    "resume",
    "skip",
    "extend",
    "kick",
    "rename",
    "lock",
    "unlock",
    "end",
    "hide_entry",
    "show_entry",
    "show_results",
    "hide_results",
    "revote",
    "judge",
    "open",
    "teams",
    "balance_teams",
    "assign_team",
    "add",
    "add_pack",
    "move",
    "remove",
]
ACTIONS: tuple[str, ...] = get_args(Action)


class CommandMsg(_Message):
    type: Literal["command"]
    action: Action
    player: Annotated[str, Field(max_length=40)] | None = None
    seconds: Annotated[int, Field(ge=1, le=120)] = 10
    nickname: str | None = None
    #: a word-cloud entry's key (``hide_entry``, ``show_entry``)
    entry: Annotated[str, Field(max_length=200)] | None = None
    #: the show: a question as in a pack (``add``), a pack's id (``add_pack``), where to put it
    question: dict[str, Any] | None = None
    pack: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    position: Annotated[int, Field(ge=0, le=10_000)] | None = None
    #: a buzz judged right or wrong (``judge``)
    right: bool | None = None
    #: teams: their names (``teams``; none: no teams), a player's team (``assign_team``, with ``player``)
    names: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] | None = None
    team: Annotated[int, Field(ge=0, le=100)] | None = None
    #: the show: which question (``move``, ``remove``) and where to (``move``)
    index: Annotated[int, Field(ge=0, le=10_000)] | None = None
    to: Annotated[int, Field(ge=0, le=10_000)] | None = None


class TeamMsg(_Message):
    type: Literal["team"]
    #: the team's number, counted from 0; ``null`` for no team
    team: Annotated[int, Field(ge=0, le=100)] | None


class PingMsg(_Message):
    type: Literal["ping"]
    t: int | float | str | None = None


ClientMessage = Annotated[
    JoinMsg | ResumeMsg | WatchMsg | HostMsg | AnswerMsg | CommandMsg | TeamMsg | PingMsg,
    Field(discriminator="type"),
]
_CLIENT: TypeAdapter[BaseModel] = TypeAdapter(ClientMessage)

CLIENT_TYPES: tuple[str, ...] = ("join", "resume", "watch", "host", "answer", "command", "team", "ping")
SERVER_TYPES: tuple[str, ...] = ("welcome", "state", "ack", "error", "kicked", "pong", "closing")
ACK_STATUSES: tuple[str, ...] = ("accepted", "duplicate", "late")

#: protocol-level error codes, with the core's (see ``partyhost.core.errors``)
ERROR_CODES: tuple[str, ...] = (
    "bad_json",
    "bad_message",
    "unknown_type",
    "too_large",
    "no_such_room",
    "nickname_invalid",
    "nickname_taken",
    "nickname_refused",
    "room_locked",
    "room_full",
    "game_over",
    "bad_token",
    "kicked",
    "not_joined",
    "already_joined",
    "not_allowed",
    "wrong_phase",
    "no_players",
    "bad_answer",
    "unknown_player",
    "bad_question",
    "no_such_pack",
    "unknown_team",
    "rate_limited",
    "server_full",
    "storage_error",
    "internal_error",
)


class ProtocolError(Exception):
    """A frame that cannot be understood; carries a wire error code."""

    def __init__(self, code: str, message: str, ref: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.ref = ref


def parse(text: str) -> BaseModel:
    """Decode one client frame, or raise :class:`ProtocolError` saying what is wrong."""
    if len(text.encode("utf-8")) > MAX_FRAME:
        raise ProtocolError("too_large", f"Frames are at most {MAX_FRAME} bytes.")
    try:
        data = loads(text)
    except ValueError:
        raise ProtocolError("bad_json", "That frame is not JSON.") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "A frame is a JSON object with a type.")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("bad_message", "A frame needs a type.")
    if kind not in CLIENT_TYPES:
        raise ProtocolError("unknown_type", f"Unknown message type {kind[:40]!r}.", ref=kind[:40])
    try:
        return _CLIENT.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "frame"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ProtocolError("bad_message", f"{where}: {message}", ref=kind) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("a number too large for JSON")
    return value


#: a ``\uXXXX`` escape of a UTF-16 surrogate (half of a pair, or alone)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(value: Any) -> bool:
    """Whether any string in a decoded JSON value holds a surrogate (walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
    return False


def loads(text: str | bytes) -> Any:
    """Strict JSON: no ``NaN`` or ``Infinity``, no numbers that overflow, no nesting past
    Python's recursion limit, no string holding a lone UTF-16 surrogate (I-JSON, RFC 7493:
    such a string has no UTF-8 form, so it could never be sent back). Raises ``ValueError``
    for anything else."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        # A pair of escapes decodes to one character; only a half left alone stays a surrogate.
        suspect = not isinstance(text, str) or _SURROGATE_ESCAPE.search(text) is not None
        if suspect and _lone_surrogate(value):
            raise ValueError("a string holds a lone UTF-16 surrogate")
        return value
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _not_json(value: Any) -> Any:
    raise TypeError(f"a {type(value).__name__} is not JSON")


# One encoder for every frame, made once. ``json.dumps`` with options makes a new encoder on
# every call, which costs more than encoding a phone's own ``me`` (docs/performance.md).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)
_MAKE_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)  # None without the C accelerator
_C_ENCODER = (
    None
    if _MAKE_C_ENCODER is None
    else _MAKE_C_ENCODER(None, _not_json, json.encoder.encode_basestring, None, ":", ",", False, False, False)
)


def encode(frame: dict[str, Any]) -> str:
    """A frame as compact JSON; ``NaN`` and infinities are refused (``ValueError``)."""
    if _C_ENCODER is None:
        return _ENCODER.encode(frame)
    return "".join(_C_ENCODER(frame, 0))


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error shape, shared by HTTP answers and WebSocket frames."""
    return {"error": {"code": code, "message": message}}


def error_frame(code: str, message: str, ref: str | None = None) -> str:
    frame: dict[str, Any] = {"type": "error", **error_body(code, message)}
    if ref is not None:
        frame["ref"] = ref
    return encode(frame)


def core_error_codes() -> set[str]:
    """Every code the core can raise, so the docs test covers them too."""
    codes: set[str] = set()
    stack: list[type[core_errors.RoomError]] = [core_errors.RoomError]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not issubclass(cls, core_errors.AnswerOutcome) and cls is not core_errors.RoomError:
            codes.add(cls.code)
    return codes
