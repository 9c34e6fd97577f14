"""Bad input gets a clear, documented error code and changes nothing else.

Each test sends bad frames from one connection, checks the error frame's shape and code, checks
that connection still works (a ``ping`` gets its ``pong``), and then checks that another
player's game went on as if nothing had happened. Every error frame is also checked by
``support.Phone`` for the one error shape and for traceback text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from support import KEY, TRIO_PACK, Party, Phone, Server, assert_error_body, trio_room

#: a code no room can have: partyhost never uses I, L, O, U or V in codes
NO_ROOM = "IOLU"


@dataclass
class Table:
    """A room with the host page and two players: Ada (who misbehaves) and Bob (who does not)."""

    server: Server
    party: Party
    code: str
    boss: Phone
    ada: Phone
    bob: Phone

    def start(self) -> None:
        self.boss.command("start")
        for phone in (self.boss, self.ada, self.bob):
            phone.state("question", 0)

    def host_view(self, predicate: Any, what: str) -> dict[str, Any]:
        return self.boss.wait_for(lambda f: f["type"] == "state" and predicate(f), what=what)

    def lobby_unaffected(self) -> None:
        """A new player can still join, and the room holds exactly Ada, Bob and them."""
        self.ada.ping()
        self.bob.ping()
        self.party.player(self.code, "Cy")
        view = self.host_view(lambda f: f["room"]["players"] == 3, "Cy joining")
        assert [p["nickname"] for p in view["players"]] == ["Ada", "Bob", "Cy"]
        assert view["room"]["phase"] == "lobby"

    def question_unaffected(self, answered_before: int = 0) -> None:
        """Bob can still answer question 0, and only the answers really given are counted."""
        self.ada.ping()
        self.bob.ping()
        ack = self.bob.answer("bob-answer-0001", 0, KEY[0])
        assert ack["type"] == "ack" and ack["status"] == "accepted", ack
        expected = answered_before + 1
        bob = self.bob.seat["id"]

        def counted(frame: dict[str, Any]) -> bool:
            if frame["type"] != "state":
                return False
            if frame["room"]["phase"] == "reveal":
                return bool(frame["reveal"]["answered"] == expected)
            bob_answered = any(p["id"] == bob and p["answered"] for p in frame["players"])
            return bool(frame["room"]["phase"] == "question" and bob_answered)

        view = self.boss.wait_for(counted, what="Bob's answer on the host", newest_state=True)
        shown = view["reveal"]["answered"] if view["room"]["phase"] == "reveal" else view["question"]["answered"]
        assert shown == expected, view


@pytest.fixture
def table(host: Server) -> Iterator[Table]:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        bob = party.player(code, "Bob")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="2 players on the host")
        yield Table(host, party, code, boss, ada, bob)


def send_bad(phone: Phone, data: str | bytes, code: str, ref: str | None = None) -> dict[str, Any]:
    """Send one bad frame: the reply is ``code`` and the connection still answers a ping."""
    phone.send_raw(data)
    frame = phone.error(code)
    if ref is not None:
        assert frame.get("ref") == ref, frame
    phone.ping()
    return frame


# --------------------------------------------------------------------- frames

MALFORMED: list[tuple[str | bytes, str, str | None]] = [
    ("{not json", "bad_json", None),
    ('{"type": "join", "room": ', "bad_json", None),
    ("", "bad_json", None),
    ('"just a string"', "bad_message", None),
    ("[1, 2]", "bad_message", None),
    ('{"room": "ABCD"}', "bad_message", None),
    ('{"type": 7}', "bad_message", None),
    ('{"type": "dance"}', "unknown_type", "dance"),
    ('{"type": "JOIN", "room": "ABCD", "nickname": "Zed"}', "unknown_type", "JOIN"),
    ('{"type": "join", "room": 123, "nickname": "Zed"}', "bad_message", "join"),
    ('{"type": "join", "room": "ABCD"}', "bad_message", "join"),
    ('{"type": "join", "room": "ABCD", "nickname": null}', "bad_message", "join"),
    ('{"type": "answer", "id": "abcdefgh", "question": "0", "choice": [1]}', "bad_message", "answer"),
    ('{"type": "answer", "id": "abcdefgh", "question": true, "choice": [1]}', "bad_message", "answer"),
    ('{"type": "answer", "id": "abcdefgh", "question": 0, "choice": 1}', "bad_message", "answer"),
    ('{"type": "answer", "id": "abcdefgh", "question": 0, "choice": ["1"]}', "bad_message", "answer"),
    ('{"type": "answer", "id": "short", "question": 0, "choice": [1]}', "bad_message", "answer"),
    ('{"type": "answer", "id": "abcdefgh", "question": 0, "choice": []}', "bad_message", "answer"),
    ('{"type": "command", "action": "explode"}', "bad_message", "command"),
    ('{"type": "command", "action": "extend", "seconds": 500}', "bad_message", "command"),
    ('{"type": "ping", "t": [1]}', "bad_message", "ping"),
    (b'{"type": "ping", "t": 1}', "bad_message", None),
    (b"\x00\xff\x00", "bad_message", None),
]


#: bad frames sent on one connection before a fresh one is used: each case costs two frames (the
#: bad one and a ping), and a connection may send 30 frames at once (``rate_limited``)
CASES_PER_CONNECTION = 12


def test_malformed_frames_get_their_documented_code_and_change_nothing(table: Table) -> None:
    strangers = []
    for first in range(0, len(MALFORMED), CASES_PER_CONNECTION):
        if first:
            # Ada carries on from a fresh connection (same seat), with a fresh frame budget.
            table.ada = table.party.resume(table.code, table.ada.seat["token"])
        strangers.append(table.party.connect())
        for data, code, ref in MALFORMED[first : first + CASES_PER_CONNECTION]:
            send_bad(table.ada, data, code, ref)
            send_bad(strangers[-1], data, code, ref)
    # Each stranger is still a fresh connection: it can take a seat now.
    names = [f"Stranger {number}" for number in range(1, len(strangers) + 1)]
    for stranger, name in zip(strangers, names, strict=True):
        stranger.hello({"type": "join", "room": table.code, "nickname": name})
    view = table.host_view(lambda f: f["room"]["players"] == 2 + len(strangers), "the strangers joining")
    assert [p["nickname"] for p in view["players"]] == ["Ada", "Bob", *names]
    table.start()
    table.question_unaffected()


def test_a_deeply_nested_frame_is_refused_and_the_connection_stays_open(table: Table) -> None:
    # Under 4 KiB, but nested deeper than Python's json module recurses.
    for text in ("[" * 2000 + "]" * 2000, '{"type": "ping", "t": ' + "[" * 2000 + "]" * 2000 + "}"):
        assert len(text.encode()) < 4096
        table.ada.send_raw(text)
        frame = table.ada.wait_for(lambda f: f["type"] == "error", what="an error for a deeply nested frame")
        assert frame["error"]["code"] in ("bad_json", "bad_message"), frame
        table.ada.ping()
    table.lobby_unaffected()


def test_non_json_numbers_are_refused_and_never_sent_back(table: Table) -> None:
    # NaN and Infinity are not JSON, though Python's json module reads them.
    for text in ('{"type": "ping", "t": NaN}', '{"type": "ping", "t": Infinity}', '{"type": "ping", "t": -Infinity}'):
        send_bad(table.ada, text, "bad_json")
    # 1e999 is JSON but no double holds it: whatever comes back must still be JSON (Phone checks).
    table.ada.send_raw('{"type": "ping", "t": 1e999}')
    table.ada.wait_for(lambda f: f["type"] in ("pong", "error"), what="a reply to a ping of 1e999")
    table.ada.ping()
    table.lobby_unaffected()


def test_a_frame_over_4_kib_is_refused_with_too_large(table: Table) -> None:
    overhead = len(json.dumps({"type": "ping", "t": ""}))
    at_limit = json.dumps({"type": "ping", "t": "x" * (4096 - overhead)})
    assert len(at_limit.encode()) == 4096
    table.ada.send_raw(at_limit)
    table.ada.wait_for(lambda f: f["type"] == "pong", what="the pong of a 4096-byte ping")

    send_bad(table.ada, json.dumps({"type": "ping", "t": "x" * (4097 - overhead)}), "too_large")
    # The limit is in bytes: 2,100 two-byte letters are fewer than 4096 characters but over 4 KiB.
    wide = json.dumps({"type": "join", "room": table.code, "nickname": "é" * 2100}, ensure_ascii=False)
    assert len(wide) < 4096 < len(wide.encode())
    send_bad(table.ada, wide, "too_large")
    big_answer = {"type": "answer", "id": "ada-big-0001", "question": 0, "choice": [1], "pad": "x" * 5000}
    send_bad(table.ada, json.dumps(big_answer), "too_large")
    table.lobby_unaffected()


def test_a_frame_over_the_transport_limit_closes_only_that_connection(table: Table) -> None:
    # Over 64 KiB the connection is closed (1009), as documented; the seat survives and the room goes on.
    table.ada.send_raw(json.dumps({"type": "ping", "t": "x" * 70_000}))
    assert table.ada.wait_closed() == 1009
    ada = table.party.resume(table.code, table.ada.seat["token"])
    assert ada.seat["id"] == table.ada.seat["id"]
    table.ada = ada
    table.lobby_unaffected()


# ------------------------------------------------------------------ nicknames


def test_an_empty_or_too_long_nickname_is_nickname_invalid(table: Table) -> None:
    newcomer = table.party.connect()
    for nickname in ("", "   ", "\u200b\u200b", "\t\n", "x" * 25, "Ångström-and-friends-1234"):
        newcomer.send({"type": "join", "room": table.code, "nickname": nickname})
        newcomer.error("nickname_invalid")
        newcomer.ping()
    # 24 characters after trimming is allowed, on the same connection.
    newcomer.hello({"type": "join", "room": table.code, "nickname": "  " + "y" * 24 + "  "})
    assert newcomer.seat["nickname"] == "y" * 24
    view = table.host_view(lambda f: f["room"]["players"] == 3, "the 24-letter player joining")
    assert [p["nickname"] for p in view["players"]] == ["Ada", "Bob", "y" * 24]


def test_a_nickname_far_over_24_characters_is_nickname_invalid_too(table: Table) -> None:
    newcomer = table.party.connect()
    for nickname in ("x" * 201, "Ada " * 250):
        newcomer.send({"type": "join", "room": table.code, "nickname": nickname})
        newcomer.error("nickname_invalid")
        newcomer.ping()
    table.lobby_unaffected()


def test_a_nickname_taken_ignoring_case_is_nickname_taken(table: Table) -> None:
    newcomer = table.party.connect()
    for nickname in ("Ada", "ada", "ADA", "  aDa  ", "bob"):
        newcomer.send({"type": "join", "room": table.code, "nickname": nickname})
        newcomer.error("nickname_taken")
        newcomer.ping()
    table.lobby_unaffected()


# ---------------------------------------------------------------- who you are


def test_an_unknown_room_is_no_such_room(table: Table) -> None:
    stranger = table.party.connect()
    for hello in (
        {"type": "join", "room": NO_ROOM, "nickname": "Zed"},
        {"type": "resume", "room": NO_ROOM, "token": table.ada.seat["token"]},
        {"type": "watch", "room": NO_ROOM},
        {"type": "host", "room": NO_ROOM},
    ):
        stranger.send(hello)
        assert stranger.error("no_such_room")["ref"] == hello["type"]
        stranger.ping()
    table.lobby_unaffected()


def test_an_answer_before_joining_is_not_joined(table: Table) -> None:
    table.start()
    stranger = table.party.connect()
    screen = table.party.screen(table.code)
    for phone in (stranger, screen):
        phone.send({"type": "answer", "id": "stranger-0001", "question": 0, "choice": KEY[0]})
        assert phone.error("not_joined")["ref"] == "stranger-0001"
        phone.ping()
    table.question_unaffected(answered_before=0)


def test_a_host_command_from_a_player_is_not_allowed(table: Table) -> None:
    screen = table.party.screen(table.code)
    stranger = table.party.connect()
    for phone in (table.ada, screen, stranger):
        for action in ("start", "end", "lock"):
            phone.send({"type": "command", "action": action})
            phone.error("not_allowed")
            phone.ping()
        phone.send({"type": "command", "action": "kick", "player": table.bob.seat["id"]})
        phone.error("not_allowed")
    table.bob.ping()
    # Nothing started, ended, locked or kicked: the room is still an open lobby of two.
    table.lobby_unaffected()


def test_a_second_hello_on_one_connection_is_already_joined(table: Table) -> None:
    for hello in (
        {"type": "join", "room": table.code, "nickname": "Zed"},
        {"type": "resume", "room": table.code, "token": table.ada.seat["token"]},
        {"type": "resume", "room": table.code, "token": table.bob.seat["token"]},
        {"type": "watch", "room": table.code},
        {"type": "host", "room": table.code},
    ):
        for phone in (table.ada, table.boss):
            phone.send(hello)
            assert phone.error("already_joined")["ref"] == hello["type"]
            phone.ping()
    # Ada is still Ada: her seat answers the first question as hers.
    table.start()
    ack = table.ada.answer("ada-answer-0001", 0, KEY[0])
    assert ack["status"] == "accepted", ack
    mine = table.ada.wait_for(
        lambda f: f["type"] == "state" and (f["me"]["answer"] or {}).get("question") == 0, what="Ada's own answer"
    )
    assert mine["me"]["id"] == table.ada.seat["id"]
    table.question_unaffected(answered_before=1)


# -------------------------------------------------------------------- answers


def test_an_answer_that_does_not_fit_the_question_is_bad_answer(table: Table) -> None:
    table.start()
    for choice in ([4], [-1], [99], [0, 1], [1, 1, 0]):
        table.ada.send({"type": "answer", "id": "ada-answer-0001", "question": 0, "choice": choice})
        assert table.ada.error("bad_answer")["ref"] == "ada-answer-0001"
        table.ada.ping()
    table.question_unaffected(answered_before=0)
    # Nothing was stored for Ada, not even the id: she can still answer, with that same id.
    ack = table.ada.answer("ada-answer-0001", 0, [3])
    assert (ack["status"], ack["choice"]) == ("accepted", [3]), ack
    reveal = table.bob.state("reveal", 0)["reveal"]
    assert reveal["answered"] == 2
    assert reveal["counts"] == [0, 1, 0, 1]


def test_an_answer_to_a_closed_question_gets_a_late_ack_and_is_not_stored(table: Table) -> None:
    table.start()
    assert table.ada.answer("ada-q0-0001", 0, KEY[0])["status"] == "accepted"
    table.boss.command("reveal")
    table.bob.state("reveal", 0)
    late = table.bob.answer("bob-q0-0001", 0, KEY[0])
    assert late["type"] == "ack" and late["status"] == "late" and late["question"] == 0, late
    assert "elapsed_ms" not in late and "choice" not in late, late

    table.boss.command("next")
    table.boss.state("leaderboard")
    table.boss.command("next")
    opened = table.bob.state("question", 1)
    # A stale question index, while question 1 is open: late, and question 1 is untouched.
    stale = table.bob.answer("bob-q0-0002", 0, KEY[0])
    assert (stale["type"], stale["status"], stale["question"]) == ("ack", "late", 0), stale
    # An index that has not been asked yet is the wrong phase.
    table.bob.send({"type": "answer", "id": "bob-q2-0001", "question": 2, "choice": KEY[2]})
    table.bob.error("wrong_phase")
    table.bob.ping()
    assert opened["me"]["score"] == 0 and opened["me"]["result"] is None
    ack = table.bob.answer("bob-q1-0001", 1, KEY[1])
    assert (ack["status"], ack["question"]) == ("accepted", 1), ack
    table.boss.wait_for(
        lambda f: f["type"] == "state" and f["room"]["phase"] == "question" and f["question"]["answered"] == 1,
        what="one answer to question 1",
    )
    status, document = table.server.get_json(f"/api/rooms/{table.code}/export?format=json")
    assert status == 200
    bob_rows = [(row["question_number"], row["answer"]) for row in document["answers"] if row["player"] == "Bob"]
    assert bob_rows == [(1, "")]


def test_the_same_answer_id_twice_is_a_duplicate_ack_with_the_stored_choice(table: Table) -> None:
    table.start()
    first = table.ada.answer("ada-answer-0001", 0, [2])
    assert first["status"] == "accepted", first
    again = table.ada.answer("ada-answer-0001", 0, [1])
    assert again["status"] == "duplicate", again
    assert (again["question"], again["choice"], again["elapsed_ms"]) == (0, [2], first["elapsed_ms"])
    other_id = table.ada.answer("ada-answer-0002", 0, [1])
    assert (other_id["status"], other_id["choice"]) == ("duplicate", [2]), other_id
    table.question_unaffected(answered_before=1)
    reveal = table.ada.state("reveal", 0)
    assert reveal["reveal"]["counts"] == [0, 1, 1, 0]
    assert reveal["me"]["result"]["correct"] is False


# ----------------------------------------------------------------- host rights


def test_a_locked_room_refuses_to_join_until_unlocked(table: Table) -> None:
    table.boss.command("lock")
    assert table.bob.wait_for(lambda f: f["type"] == "state" and f["room"]["locked"], what="locked")
    newcomer = table.party.connect()
    newcomer.send({"type": "join", "room": table.code, "nickname": "Cy"})
    newcomer.error("room_locked")
    newcomer.ping()
    # A seat that exists can still come back while the room is locked.
    ada = table.party.resume(table.code, table.ada.seat["token"])
    assert ada.seat["id"] == table.ada.seat["id"]
    table.ada = ada
    table.boss.command("unlock")
    table.bob.wait_for(lambda f: f["type"] == "state" and not f["room"]["locked"], what="unlocked")
    table.lobby_unaffected()


def test_a_kicked_phone_is_told_and_its_token_cannot_resume(table: Table) -> None:
    table.boss.send({"type": "command", "action": "kick", "player": "p99"})
    table.boss.error("unknown_player")
    table.boss.send({"type": "command", "action": "kick"})
    table.boss.error("bad_message")

    table.boss.command("kick", player=table.bob.seat["id"])
    kicked = table.bob.wait_for(lambda f: f["type"] == "kicked", what="the kicked frame")
    assert isinstance(kicked["message"], str) and kicked["message"]
    table.bob.wait_closed()
    view = table.host_view(lambda f: f["room"]["players"] == 1, "Bob gone from the host")
    assert [p["nickname"] for p in view["players"]] == ["Ada"]

    comeback = table.party.connect()
    comeback.send({"type": "resume", "room": table.code, "token": table.bob.seat["token"]})
    comeback.error("kicked")
    comeback.ping()
    table.boss.send({"type": "command", "action": "kick", "player": table.bob.seat["id"]})
    table.boss.error("unknown_player")
    table.ada.ping()
    # Ada's game goes on without Bob: her answer alone closes the question.
    table.boss.command("start")
    table.ada.state("question", 0)
    assert table.ada.answer("ada-answer-0001", 0, KEY[0])["status"] == "accepted"
    assert table.ada.state("reveal", 0)["reveal"]["answered"] == 1


# ----------------------------------------------------------------------- HTTP


def test_an_unknown_route_is_a_404_json_envelope(host: Server) -> None:
    for path in ("/api/nope", "/nope", f"/api/rooms/{NO_ROOM}/export?format=json", f"/api/rooms/{NO_ROOM}/qr.svg"):
        status, body = host.get_json(path)
        assert status == 404, (path, body)
        assert assert_error_body(body)["code"] in ("not_found", "no_such_room"), body
    status, body = host.post_json("/api/health", {})
    assert status == 405
    assert assert_error_body(body)["code"] == "method_not_allowed"


def test_creating_a_room_from_bad_input_is_a_json_envelope(host: Server) -> None:
    cases: list[tuple[Any, int, str]] = [
        (b"{not json", 400, "bad_json"),
        (b"\xff\xfe", 400, "bad_json"),
        ({"pack": "no-such-pack"}, 404, "no_such_pack"),
        ({}, 400, "bad_message"),
        ({"pack": 5}, 400, "bad_message"),
        ({"pack": "science", "settings": {"time_limit": 2}}, 400, "bad_message"),
        ({"pack": "science", "settings": {"colour": "red"}}, 400, "bad_message"),
    ]
    for data, status, code in cases:
        got_status, body = host.post_json("/api/rooms", data)
        assert (got_status, assert_error_body(body)["code"]) == (status, code), (data, body)
    status, body = host.get_json("/api/rooms")
    assert (status, body) == (200, {"rooms": []})


def test_a_deeply_nested_request_body_is_a_400_not_a_500(host: Server) -> None:
    nested = ("[" * 2000 + "]" * 2000).encode()
    for path in ("/api/rooms", "/api/packs"):
        status, body = host.post_json(path, nested)
        assert (status, assert_error_body(body)["code"]) in ((400, "bad_json"), (400, "bad_message"), (400, "bad_pack"))


BROKEN_PACKS: list[tuple[int, dict[str, Any], tuple[str, ...]]] = [
    (2, {"correct": 9}, ("question 2", "correct")),
    (3, {"text": None}, ("question 3", "text")),
    (1, {"type": "essay"}, ("question 1", "type")),
    (2, {"options": ["Only one"]}, ("question 2", "options")),
]


def test_a_broken_pack_is_refused_naming_the_question_and_field(host: Server) -> None:
    for number, change, words in BROKEN_PACKS:
        pack = json.loads(json.dumps(TRIO_PACK))
        question = pack["questions"][number - 1]
        for key, value in change.items():
            if value is None:
                del question[key]
            else:
                question[key] = value
        status, body = host.post_json("/api/packs", pack)
        error = assert_error_body(body)
        assert (status, error["code"]) == (400, "bad_pack"), body
        for word in words:
            assert word in error["message"], (word, error["message"])
    status, body = host.get_json("/api/packs")
    assert status == 200
    assert TRIO_PACK["id"] not in [pack["id"] for pack in body["packs"]]
