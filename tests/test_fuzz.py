"""Fuzzing a running host: whatever an attacker sends, the host stays up and the game goes on.

One real host process serves the whole module. In each test two honest players (Ada and Bob)
and the host page sit in a room with the first question open, while an attacker sends frames
made by Hypothesis (random JSON values; objects shaped like protocol messages with wrong
types, unknown types and huge strings; random bytes as binary frames; text frames that are not
UTF-8; deep nesting) or hand-written floods, both before saying who it is and after joining
the room as a player. After every frame:

- the reply is a documented error code (the table in ``docs/protocol.md``), and the one the
  docs name for that kind of frame when they name one, or a normal reply (``pong``,
  ``welcome``, ``ack``) when the frame was in fact valid; never ``internal_error``, never a
  stack trace (``support.Phone`` checks every error frame's shape and text);
- or the connection is closed with a documented close code (1009 over 64 KiB, 1007 for text
  that is not UTF-8, 1008 for a client that keeps breaking the rules); the attacker then
  reconnects (and resumes its seat, if it has one).

Afterwards the host still answers ``/api/health`` with 200, its process is alive and has
logged no traceback, and Ada and Bob finish the question: they answer, get their acks, the
question closes and their scores are the documented ones.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from hosting import Host, start_host
from support import KEY, OPTIONS, Party, Phone, trio_room

# When a Hypothesis test fails, its pytest plugin imports libcst to suggest a patch, and that
# import warns; with warnings as errors that would hide the real failure.
# Reporting a failing 100 kB frame warns that its repr is large; the failure is what matters.
pytestmark = [
    pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 60_000
BASE = 1000
EXAMPLES = 150

#: the message types, host actions and error codes of ``docs/protocol.md``
CLIENT_TYPES = ("join", "resume", "watch", "host", "answer", "command", "ping")
ACTIONS = ("start", "next", "reveal", "pause", "resume", "skip", "extend", "kick", "rename", "lock", "unlock", "end")
#: what a frame the server understood may be answered with, besides an error
SUCCESS = {"ping": {"pong"}, "join": {"welcome"}, "resume": {"welcome"}, "watch": {"welcome"},
           "host": {"welcome"}, "answer": {"ack"}, "command": set()}  # fmt: skip
#: errors that mean the host failed, not the frame: a fuzzer must never see them
FAULTS = {"internal_error", "storage_error"}
#: close codes documented for a client that sends what it must not
CLOSE_TOO_BIG, CLOSE_NOT_UTF8, CLOSE_RULES = 1009, 1007, 1008
#: a code no room can have: partyhost never uses I, L, O, U or V in codes
NO_ROOM = "IOLU"
#: frames one attacker connection sends before it reconnects, to stay inside the rate limit
#: (30 at once): the hello, then a fuzzed frame and a ping per probe
FRAMES_PER_CONNECTION = 28


def documented_error_codes() -> set[str]:
    text = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    table = text.split("### `error`", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))


DOCUMENTED = documented_error_codes()


def documented_points(elapsed_ms: int, limit_ms: int = LIMIT_MS, base: int = BASE) -> int:
    """``base * (1 - elapsed / limit / 2)``, rounded half up (``docs/scoring.md``)."""
    exact = Fraction(base) * (1 - Fraction(min(max(elapsed_ms, 0), limit_ms), limit_ms) / 2)
    return int((exact + Fraction(1, 2)) // 1)


# ------------------------------------------------------------------- frames


@dataclass(frozen=True)
class Raw:
    """One frame as it goes on the wire: text, binary, or bytes sent as a text frame."""

    data: str | bytes
    kind: str = "text"  # "text", "binary" or "bad-utf8"

    def __repr__(self) -> str:
        return f"Raw({self.kind}, {len(self.data)} long: {self.data[:200]!r})"


@dataclass(frozen=True)
class Expect:
    """What the docs say must happen to a frame."""

    codes: frozenset[str] | None = None  # None: any documented code, or the type's normal reply
    close: int | None = None
    kind: str | None = None  # the frame's type, when it is one of the documented ones
    ref: str | None = None


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _walk(value: Any) -> Iterator[tuple[int, Any]]:
    """Every item of a decoded JSON value with its depth, keys included (no recursion)."""
    stack = [(0, value)]
    while stack:
        depth, item = stack.pop()
        yield depth, item
        if isinstance(item, list):
            stack.extend((depth + 1, v) for v in item)
        elif isinstance(item, dict):
            stack.extend((depth + 1, k) for k in item)
            stack.extend((depth + 1, v) for v in item.values())


def _has_surrogate(value: Any) -> bool:
    return any(isinstance(s, str) and any("\ud800" <= ch <= "\udfff" for ch in s) for _, s in _walk(value))


def _depth(value: Any) -> int:
    return max(depth for depth, _ in _walk(value))


def expect(frame: Raw) -> Expect:
    """The documented outcome of ``frame``, decided here from the docs, not by the server's parser."""
    if frame.kind == "binary":
        return Expect(frozenset({"bad_message"}))
    if frame.kind == "bad-utf8":
        return Expect(close=CLOSE_NOT_UTF8)
    assert isinstance(frame.data, str)
    size = len(frame.data.encode("utf-8"))
    if size > 65536:
        return Expect(close=CLOSE_TOO_BIG)
    if size > 4096:
        return Expect(frozenset({"too_large"}))
    try:
        value = json.loads(frame.data, parse_constant=_refuse, parse_float=_finite)
    except RecursionError:
        return Expect(frozenset({"bad_json", "bad_message"}))
    except ValueError:
        return Expect(frozenset({"bad_json"}))
    if _has_surrogate(value):
        return Expect(frozenset({"bad_json"}))
    # Nesting near Python's recursion limit may be refused while it is read: bad_json is fine then.
    deep = {"bad_json"} if _depth(value) > 400 else set()
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        return Expect(frozenset({"bad_message", *deep}))
    kind = value["type"]
    if kind not in CLIENT_TYPES:
        return Expect(frozenset({"unknown_type", *deep}), ref=kind[:40])
    return Expect(kind=kind)


# ---------------------------------------------------------------- strategies

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
wrong = json_leaves | st.lists(json_leaves, max_size=3) | st.dictionaries(st.text(max_size=5), json_leaves, max_size=3)
huge = st.integers(min_value=100, max_value=5000).map(lambda n: "x" * n)
answer_ids = st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True)
UNKNOWN_TYPES = ["JOIN", "dance", "", " ping", "state", "ack", "error", "welcome"]
unknown_types = st.sampled_from(UNKNOWN_TYPES) | st.text(max_size=12)
NOT_JSON = [
    "NaN",
    '{"type": "ping", "t": NaN}',
    '{"type": "ping", "t": -Infinity}',
    '{"type": "ping", "t": 1e999}',
    '{"type": "ping"',
    "{'type': 'ping'}",
    "",
]


def shaped(rooms: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects shaped like client messages, with fields of the right and of wrong types."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "room": st.sampled_from(rooms) | st.text(max_size=16) | huge | wrong,
        "nickname": st.text(max_size=30) | huge | wrong,
        "token": st.text(max_size=40) | huge | wrong,
        "key": st.text(max_size=40) | wrong,
        "id": answer_ids | st.text(max_size=70) | wrong,
        "question": st.integers(min_value=-2, max_value=4) | st.integers() | wrong,
        "choice": st.lists(st.integers(min_value=-1, max_value=5), max_size=12) | wrong,
        "action": st.sampled_from([*ACTIONS, "explode"]) | wrong,
        "player": st.sampled_from(["p1", "p2", "p3", "p99"]) | st.text(max_size=50) | wrong,
        "seconds": st.integers(min_value=-5, max_value=200) | wrong,
        "t": json_values | huge,
    }
    types = st.sampled_from(CLIENT_TYPES) | unknown_types | wrong
    return st.builds(lambda t, rest: {"type": t, **rest}, types, st.fixed_dictionaries({}, optional=fields))


def _mutations(template: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``template`` as it is, or with one field dropped, replaced by a wrong value, or one added."""
    keys = sorted(template)
    return st.one_of(
        st.just(template),
        st.sampled_from(keys).map(lambda gone: {k: v for k, v in template.items() if k != gone}),
        st.tuples(st.sampled_from(keys), wrong | huge).map(lambda kv: {**template, kv[0]: kv[1]}),
        st.tuples(st.text(max_size=8), json_values).map(lambda kv: {kv[0]: kv[1], **template}),
    )


def almost_valid(rooms: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Client messages with plausible values, often valid, sometimes with one field broken:
    these get past the parser into the game's own checks."""
    room = st.sampled_from(rooms) | st.text(max_size=14)
    nickname = st.sampled_from(["Ada", "ada", " BOB ", "Mallory", "x" * 25, "", "\u202e"]) | st.text(max_size=30)
    templates = st.one_of(
        st.fixed_dictionaries({"type": st.just("join"), "room": room, "nickname": nickname}),
        st.fixed_dictionaries({"type": st.just("resume"), "room": room, "token": st.text(min_size=1, max_size=60)}),
        st.fixed_dictionaries({"type": st.just("watch"), "room": room}),
        st.fixed_dictionaries({"type": st.just("host"), "room": room}, optional={"key": st.text(max_size=60)}),
        st.fixed_dictionaries(
            {
                "type": st.just("answer"),
                "id": answer_ids,
                "question": st.integers(min_value=-1, max_value=4),
                "choice": st.lists(st.integers(min_value=-1, max_value=5), min_size=1, max_size=10),
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("command"), "action": st.sampled_from(ACTIONS)},
            optional={
                "player": st.sampled_from(["p1", "p2", "p3", "p99"]),
                "seconds": st.integers(min_value=1, max_value=120),
                "nickname": nickname,
            },
        ),
        st.fixed_dictionaries({"type": st.just("ping")}, optional={"t": json_leaves}),
    )
    return templates.flatmap(_mutations)


def _nest(depth: int, core: str, use_objects: bool) -> str:
    if use_objects:
        return '{"a":' * depth + core + "}" * depth
    return "[" * depth + core + "]" * depth


def raw_frames(rooms: list[str]) -> st.SearchStrategy[Raw]:
    unknown = st.fixed_dictionaries(
        {"type": unknown_types}, optional={"room": st.sampled_from(rooms), "t": json_leaves}
    )
    as_text = st.tuples(almost_valid(rooms) | shaped(rooms) | unknown | json_values, st.booleans()).map(
        lambda pair: Raw(json.dumps(pair[0], ensure_ascii=pair[1]))
    )
    broken_json = st.one_of(
        st.text(max_size=60),
        as_text.map(lambda r: Raw(str(r.data)[: max(1, len(r.data) // 2)])),  # cut short
        st.sampled_from(NOT_JSON),
    ).map(lambda r: r if isinstance(r, Raw) else Raw(r))
    surrogates = st.tuples(st.sampled_from((*CLIENT_TYPES, "nope")), st.integers(0xD800, 0xDFFF)).map(
        lambda pair: Raw(f'{{"type": "{pair[0]}", "t": "\\u{pair[1]:04x}", "nickname": "\\u{pair[1]:04x}"}}')
    ) | st.integers(0xD800, 0xDFFF).map(lambda n: Raw(f'{{"type": "\\u{n:04x}"}}'))
    nested = st.tuples(st.integers(1, 2100), st.booleans(), st.sampled_from(['{"type": "ping"}', "1", '"x"'])).map(
        lambda t: Raw(_nest(t[0], t[2], t[1]))
    ) | st.integers(1, 1000).map(lambda d: Raw('{"type": "ping", "t": ' + _nest(d, "0", False) + "}"))
    oversized = st.sampled_from([4097, 5000, 60_000, 65_600, 70_000, 100_000]).map(
        lambda n: Raw(json.dumps({"type": "ping", "t": "y" * n}))
    )
    binary = st.binary(max_size=300).map(lambda b: Raw(b, "binary"))
    not_utf8 = st.tuples(st.binary(max_size=40), st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80"])).map(
        lambda pair: Raw(pair[0] + pair[1], "bad-utf8")
    )
    # Drawn by name, so the share of each kind stays as set here while Hypothesis explores.
    kinds: dict[str, tuple[int, st.SearchStrategy[Raw]]] = {
        "messages": (8, as_text),
        "not JSON": (2, broken_json),
        "lone surrogates": (1, surrogates),
        "deep nesting": (1, nested),
        "oversized": (2, oversized),
        "binary": (1, binary),
        "not UTF-8": (1, not_utf8),
    }
    names = [name for name, (weight, _) in kinds.items() for _ in range(weight)]
    return st.sampled_from(names).flatmap(lambda name: kinds[name][1])


# ------------------------------------------------------------------ attacker

_markers = itertools.count(1)


@dataclass
class Attacker:
    """A connection that sends what it likes; reconnects (and resumes its seat) when closed."""

    party: Party
    room: str | None = None
    nickname: str | None = None
    token: str | None = None
    #: start again from a fresh connection whenever a hello was accepted (a stranger stays one)
    anonymous: bool = False
    phone: Phone | None = None
    has_role: bool = False
    sent: int = 0
    #: the attacker's own accepted answers (question -> choice), from its acks
    answered: dict[int, list[int]] = field(default_factory=dict)
    #: every reply, in order: an error by its code, an ack by its status, anything else by type
    seen: list[str] = field(default_factory=list)
    #: the frames sent on the current connection, for failure reports
    history: list[Raw] = field(default_factory=list)
    #: how the current connection was closed, once it was (with or without a close frame)
    closed: ConnectionClosed | None = None

    def connect(self) -> Phone:
        if self.phone is not None:
            self.phone.close()
        self.phone = self.party.connect()
        self.sent = 0
        self.has_role = False
        self.history = []
        self.closed = None
        if self.token is not None:
            assert self.room is not None
            self.phone.hello({"type": "resume", "room": self.room, "token": self.token})
            self.sent = 1
        elif self.nickname is not None:
            assert self.room is not None
            self.phone.hello({"type": "join", "room": self.room, "nickname": self.nickname})
            self.token = self.phone.seat["token"]
            self.sent = 1
        return self.phone

    def ready(self, frames: int) -> Phone:
        """A connection that may send ``frames`` more without being rate limited."""
        phone = self.phone
        if phone is None or self.closed is not None or (self.anonymous and self.has_role):
            return self.connect()
        if self.sent + frames > FRAMES_PER_CONNECTION:
            return self.connect()
        return phone

    def note(self, reply: dict[str, Any]) -> None:
        """Remember what came back: errors by code, acks by status, other frames by type."""
        kind = reply["type"]
        if kind == "error":
            self.seen.append(reply["error"]["code"])
        else:
            self.seen.append(f"ack {reply['status']}" if kind == "ack" else kind)
        if kind == "ack" and reply["status"] == "accepted":
            self.answered[reply["question"]] = reply["choice"]
        if kind == "welcome":
            self.has_role = True

    def _send(self, phone: Phone, frame: Raw) -> None:
        self.sent += 1
        self.history.append(frame)
        if frame.kind == "bad-utf8":
            phone.ws.send(frame.data, text=True)
        else:
            phone.send_raw(frame.data)

    def probe(self, frame: Raw) -> tuple[list[dict[str, Any]], int | None]:
        """Send ``frame`` then a ping; the replies before the pong (``state`` aside), or the close code."""
        phone = self.ready(2)
        marker = f"probe-{next(_markers)}"
        try:
            self._send(phone, frame)
            self.sent += 1
            phone.send({"type": "ping", "t": marker})
        except ConnectionClosed:
            pass  # the server closed already; the reads below say how
        replies: list[dict[str, Any]] = []
        while True:
            try:
                reply = phone.recv()
            except ConnectionClosed as exc:
                self.closed = exc
                return replies, phone.close_code if phone.close_code is not None else -1
            except TimeoutError:
                raise AssertionError(f"no reply to {frame!r} within the deadline") from None
            self.note(reply)
            if reply["type"] == "pong" and reply.get("t") == marker:
                return replies, None
            if reply["type"] != "state":
                replies.append(reply)

    def flood(self, frames: list[Raw]) -> int | None:
        """Send ``frames`` as fast as possible without reading; then read until the pong of a ping
        (``None``) or the close (its code). Every error read is checked by ``Phone``."""
        phone = self.phone if self.phone is not None and self.closed is None else self.connect()
        try:
            for frame in frames:
                self._send(phone, frame)
            marker = f"flood-{next(_markers)}"
            phone.send({"type": "ping", "t": marker})
        except ConnectionClosed:
            marker = ""
        while True:
            try:
                reply = phone.recv()
            except ConnectionClosed as exc:
                self.closed = exc
                return phone.close_code if phone.close_code is not None else -1
            self.note(reply)
            if reply["type"] == "error":
                assert reply["error"]["code"] in DOCUMENTED - FAULTS, reply
            if reply["type"] == "pong" and reply.get("t") == marker:
                return None


def check(frame: Raw, replies: list[dict[str, Any]], closed: int | None) -> None:
    """The reply (or close) to ``frame`` is the documented one."""
    wanted = expect(frame)
    if wanted.close is not None:
        assert closed == wanted.close, (frame, replies, closed)
        return
    if closed is not None:
        # Only a client that keeps breaking the rules is closed; a probe sends too few frames for that.
        raise AssertionError(f"closed with {closed} after {frame!r}; replies {replies}")
    assert len(replies) <= 1, (frame, replies)
    for reply in replies:
        if reply["type"] == "error":
            code = reply["error"]["code"]
            assert code in DOCUMENTED and code not in FAULTS, (frame, reply)
            if wanted.codes is not None:
                assert code in wanted.codes, (frame, reply, wanted)
            if wanted.ref is not None:
                assert reply.get("ref") == wanted.ref, (frame, reply, wanted)
        else:
            assert wanted.kind is not None and reply["type"] in SUCCESS[wanted.kind], (frame, reply)
    if not replies:
        # Only a valid host command is answered by a new state rather than a reply of its own.
        assert wanted.kind == "command", (frame, "no reply")


# -------------------------------------------------------------------- arena


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    running = start_host(tmp_path_factory.mktemp("fuzz") / "data")
    yield running
    running.stop()


@dataclass
class Arena:
    """A room with the host page and two honest players, the first question open."""

    server: Host
    party: Party
    code: str
    decoy: str
    boss: Phone
    ada: Phone
    bob: Phone

    def attacker(self, *, joined: bool) -> Attacker:
        if joined:
            attacker = Attacker(self.party, room=self.code, nickname="Mallory")
            attacker.connect()
            self.boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="Mallory joining")
            return attacker
        return Attacker(self.party, anonymous=True)

    def host_is_healthy(self) -> None:
        assert self.server.process.poll() is None, "the host process died"
        status, body = self.server.get_json("/api/health")
        assert status == 200 and body["status"] == "ok", body
        log = "".join(self.server.output)
        assert "Traceback" not in log and "fault while handling" not in log, log[-3000:]

    def game_goes_on(self, attacker: Attacker) -> None:
        """Ada and Bob finish question 0: acks, the close, and the documented scores."""
        for phone in (self.ada, self.bob):
            phone.ping()
        right = self.ada.answer("ada-q0-honest", 0, KEY[0])
        wrong_choice = self.bob.answer("bob-q0-honest", 0, [0])
        assert right["type"] == "ack" and right["status"] == "accepted", right
        assert wrong_choice["type"] == "ack" and wrong_choice["status"] == "accepted", wrong_choice
        ada_id, bob_id = self.ada.seat["id"], self.bob.seat["id"]

        def both_in(frame: dict[str, Any]) -> bool:
            if frame["type"] != "state":
                return False
            if frame["room"]["phase"] == "reveal":
                return True
            answered = {p["id"] for p in frame["players"] if p["answered"]}
            return frame["room"]["phase"] == "question" and {ada_id, bob_id} <= answered

        if self.boss.wait_for(both_in, what="both answers on the host", newest_state=True)["room"]["phase"] != "reveal":
            self.boss.command("reveal")
        counts = [0] * len(OPTIONS[0])
        for choice in (KEY[0], [0], *([attacker.answered[0]] if 0 in attacker.answered else [])):
            for option in choice:
                counts[option] += 1
        ada_view = self.ada.state("reveal", 0)
        assert ada_view["reveal"]["counts"] == counts, (ada_view["reveal"], attacker.answered)
        assert ada_view["me"]["result"] == {
            "question": 0,
            "correct": True,
            "points": documented_points(right["elapsed_ms"]),
            "streak_bonus": 0,
        }
        assert ada_view["me"]["score"] == documented_points(right["elapsed_ms"])
        bob_view = self.bob.state("reveal", 0)
        assert bob_view["me"]["result"]["correct"] is False and bob_view["me"]["score"] == 0
        # The honest phones were never sent anything meant for someone else.
        for phone in (self.ada, self.bob):
            kinds = {json.loads(text)["type"] for text in phone.frames}
            assert kinds <= {"welcome", "state", "ack", "pong"}, kinds
        self.host_is_healthy()


@pytest.fixture
def arena(server: Host) -> Iterator[Arena]:
    code = trio_room(server, time_limit=LIMIT_MS // 1000)
    decoy = trio_room(server, time_limit=LIMIT_MS // 1000)
    with Party(server.ws_url) as party:
        boss = party.control(code)
        ada, bob = party.player(code, "Ada"), party.player(code, "Bob")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="Ada and Bob")
        boss.command("start")
        for phone in (boss, ada, bob):
            phone.state("question", 0)
        yield Arena(server, party, code, decoy, boss, ada, bob)


def fuzz(attacker: Attacker, rooms: list[str], server: Host) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw_frames(rooms))
    @example(Raw('{"type": "ping", "t": NaN}'))
    @example(Raw('{"type": "ping", "t": "\\udc00"}'))
    @example(Raw("[" * 2000 + "]" * 2000))
    @example(Raw("[1, 2]"))
    @example(Raw('{"type": "dance"}'))
    @example(Raw(json.dumps({"type": "join", "room": rooms[0], "nickname": "é" * 2100}, ensure_ascii=False)))
    @example(Raw(json.dumps({"type": "ping", "t": "x" * 70_000})))
    @example(Raw(b"\xc3\x28", "bad-utf8"))
    @example(Raw(b"\x00\xff", "binary"))
    def attack(frame: Raw) -> None:
        replies, closed = attacker.probe(frame)
        try:
            check(frame, replies, closed)
        except AssertionError as failure:
            sent = "\n".join(repr(f) for f in attacker.history[-6:])
            log = "".join(server.output)[-2000:]
            how = f" ({attacker.closed!r})" if attacker.closed else ""
            report = f"{failure}{how}\nlast frames on this connection:\n{sent}\nhost log:\n{log}"
            raise AssertionError(report) from None
        if closed is not None:
            outcomes[f"closed {closed}"] += 1
        for reply in replies:
            outcomes[reply["error"]["code"] if reply["type"] == "error" else reply["type"]] += 1

    outcomes: Counter[str] = Counter()
    attack()
    # Each documented refusal and close came up (the explicit examples see to it).
    wanted = {
        "bad_json",
        "bad_message",
        "unknown_type",
        "too_large",
        f"closed {CLOSE_NOT_UTF8}",
        f"closed {CLOSE_TOO_BIG}",
    }
    assert wanted <= set(outcomes), outcomes
    print(f"fuzzed {EXAMPLES} frames: {dict(outcomes)}")


# --------------------------------------------------------------------- tests


def test_fuzzed_frames_before_hello_get_documented_errors_and_the_game_goes_on(arena: Arena) -> None:
    # A stranger that has not said who it is; a valid hello only ever reaches the decoy room.
    stranger = arena.attacker(joined=False)
    fuzz(stranger, [arena.decoy, NO_ROOM, arena.decoy.lower(), ""], arena.server)
    assert stranger.answered == {}
    arena.game_goes_on(stranger)


def test_fuzzed_frames_from_a_joined_player_get_documented_errors_and_the_game_goes_on(arena: Arena) -> None:
    mallory = arena.attacker(joined=True)
    fuzz(mallory, [arena.code, arena.decoy, NO_ROOM], arena.server)
    # Still the same seat: Mallory was never anything but a player in this room.
    assert mallory.phone is not None
    mallory.phone.ping()
    arena.game_goes_on(mallory)


def floods(code: str) -> list[list[Raw]]:
    """Frames sent as fast as the socket takes them, 200 at a time, none of them read first."""
    return [
        [Raw("not json")] * 200,
        [Raw(bytes([n % 256]) * 50, "binary") for n in range(200)],
        [Raw(json.dumps({"type": "answer", "id": "x", "question": "0", "choice": 1}))] * 200,
        [Raw(json.dumps({"type": "ping", "t": "z" * 5000}))] * 200,
        [Raw(json.dumps({"type": f"kind-{n}"})) for n in range(200)],
        # Frames that are each fine once, but not 200 times in a burst:
        [Raw(json.dumps({"type": "command", "action": "end"}))] * 200,
        [Raw(json.dumps({"type": "watch", "room": code}))] * 200,
        [Raw(json.dumps({"type": "ping", "t": n})) for n in range(200)],
    ]


def test_a_flood_closes_the_attacker_who_resumes_and_the_game_goes_on(arena: Arena) -> None:
    mallory = arena.attacker(joined=True)
    for flood in floods(arena.code):
        assert mallory.flood(flood) == CLOSE_RULES, mallory.seen[-5:]
        arena.ada.ping()
        mallory.connect()  # the seat survives: resume with the token
    arena.game_goes_on(mallory)


def test_a_flood_before_hello_closes_the_stranger_and_the_game_goes_on(arena: Arena) -> None:
    stranger = arena.attacker(joined=False)
    for flood in floods(arena.decoy):
        assert stranger.flood(flood) == CLOSE_RULES, stranger.seen[-5:]
        arena.bob.ping()
        stranger.connect()
    arena.game_goes_on(stranger)


def test_a_flood_of_answers_stores_one_and_the_game_goes_on(arena: Arena) -> None:
    mallory = arena.attacker(joined=True)
    frames = [
        Raw(json.dumps({"type": "answer", "id": f"mallory-{n:04d}", "question": 0, "choice": [n % 4]}))
        for n in range(300)
    ]
    # The first answer is stored, the next ones of the burst are duplicates, then the rest is
    # rate limited; a connection that keeps going past the limit is closed like a rule breaker.
    assert mallory.flood(frames) == CLOSE_RULES
    assert list(mallory.answered) == [0], mallory.answered
    assert mallory.seen.count("ack accepted") == 1, mallory.seen
    assert mallory.seen.count("ack duplicate") >= 20 and "rate_limited" in mallory.seen, mallory.seen
    assert set(mallory.seen) <= {"welcome", "state", "ack accepted", "ack duplicate", "rate_limited"}, mallory.seen
    mallory.connect()
    assert mallory.phone is not None
    again = mallory.phone.answer("mallory-9999", 0, [3])
    assert (again["status"], again["choice"]) == ("duplicate", mallory.answered[0]), again
    arena.game_goes_on(mallory)
    status, document = arena.server.get_json(f"/api/rooms/{arena.code}/export?format=json")
    assert status == 200
    rows = [row for row in document["answers"] if row["player"] == "Mallory"]
    assert len(rows) == 1 and rows[0]["answer"] == OPTIONS[0][mallory.answered[0][0]], rows


def test_the_close_code_for_a_huge_frame_arrives_every_time(arena: Arena) -> None:
    # The phone is still sending when the host gives up on the frame: the close frame must not
    # be lost to a connection reset (the host used to close the socket with data unread).
    stranger = arena.attacker(joined=False)
    for size in (70_000, 300_000, 1_000_000) * 4:
        assert stranger.probe(Raw("x" * size))[1] == CLOSE_TOO_BIG, size
        assert stranger.probe(Raw(b"\xff" * size, "bad-utf8"))[1] in (CLOSE_TOO_BIG, CLOSE_NOT_UTF8), size
    for _ in range(12):
        assert stranger.probe(Raw(b"\xc3\x28" + b"x" * 3000, "bad-utf8"))[1] == CLOSE_NOT_UTF8
    arena.game_goes_on(stranger)


def test_huge_and_broken_frames_close_only_the_attacker(arena: Arena) -> None:
    mallory = arena.attacker(joined=True)
    for frame, code in (
        (Raw(json.dumps({"type": "join", "room": arena.code, "nickname": "N" * 70_000})), CLOSE_TOO_BIG),
        (Raw(b"\x80" * 1000, "bad-utf8"), CLOSE_NOT_UTF8),
        (Raw(b"\xff" * 70_000, "binary"), CLOSE_TOO_BIG),
    ):
        assert mallory.probe(frame)[1] == code, frame
        arena.ada.ping()
        arena.bob.ping()
    arena.game_goes_on(mallory)
