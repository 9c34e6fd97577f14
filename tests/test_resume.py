"""A phone that drops comes back to its own seat with its token, and only with its token."""

from __future__ import annotations

import secrets
from typing import Any

from support import KEY, Party, Phone, Server, trio_room


def host_sees(boss: Phone, name: str, **fields: Any) -> dict[str, Any]:
    """Wait until the host's player list shows ``name`` with ``fields`` (e.g. ``connected=False``)."""

    def match(frame: dict[str, Any]) -> bool:
        if frame["type"] != "state":
            return False
        player = next((p for p in frame["players"] if p["nickname"] == name), None)
        return player is not None and all(player[k] == v for k, v in fields.items())

    return boss.wait_for(match, what=f"{name} with {fields} on the host", newest_state=True)


def test_resume_with_the_token_gives_back_the_seat_with_score_and_streak(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada, bob = party.player(code, "Ada"), party.player(code, "Bob")
        host_sees(boss, "Bob", connected=True)
        boss.command("start")
        ada.state("question", 0)
        assert ada.answer("ada-q0-0001", 0, KEY[0])["status"] == "accepted"
        assert bob.answer("bob-q0-0001", 0, [0])["status"] == "accepted"
        before = ada.state("reveal", 0)["me"]
        assert before["score"] > 0 and before["streak"] == 1 and before["rank"] == 1

        seat = ada.seat
        ada.close()
        host_sees(boss, "Ada", connected=False)
        ada = party.resume(code, seat["token"])
        assert ada.welcome == {"type": "welcome", "role": "player", "room": code, "player": seat}
        back = ada.state("reveal", 0)["me"]
        assert back == before
        host_sees(boss, "Ada", connected=True)

        # The streak really carried over: a second correct answer in a row earns the 100 bonus.
        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")
        ada.state("question", 1)
        assert ada.answer("ada-q1-0001", 1, KEY[1])["status"] == "accepted"
        assert bob.answer("bob-q1-0001", 1, [1])["status"] == "accepted"
        me = ada.state("reveal", 1)["me"]
        assert me["streak"] == 2 and me["result"]["streak_bonus"] == 100
        assert me["score"] == before["score"] + me["result"]["points"] + 100
        status, body = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200
        assert [row["player"] for row in body["summary"]] == ["Ada", "Bob"]
        assert body["room"]["players"] == 2


def test_resume_with_a_wrong_token_is_bad_token(host: Server) -> None:
    code = trio_room(host)
    other_room = trio_room(host)
    with Party(host.ws_url) as party:
        stranger = party.player(other_room, "Ada")
        phone = party.connect()
        for token in (secrets.token_urlsafe(24), stranger.seat["token"], stranger.seat["token"].upper() + "x"):
            phone.send({"type": "resume", "room": code, "token": token})
            phone.error("bad_token")
            phone.ping()
        # The refused connection still has no seat, and can take a new one.
        assert phone.hello({"type": "join", "room": code, "nickname": "Ada"})["player"]["id"] == "p1"


def test_the_nickname_alone_never_reclaims_a_seat(host: Server) -> None:
    code = trio_room(host)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        ada.close()
        host_sees(boss, "Ada", connected=False)
        impostor = party.connect()
        for nickname in ("Ada", "ada"):
            impostor.send({"type": "join", "room": code, "nickname": nickname})
            impostor.error("nickname_taken")
        # A fresh host page sees the room as it is now: one seat, Ada's, still empty.
        view = party.control(code).state("lobby")
        assert [(p["nickname"], p["connected"]) for p in view["players"]] == [("Ada", False)]


def test_an_answer_resent_after_reconnecting_is_counted_once(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada, bob = party.player(code, "Ada"), party.player(code, "Bob")
        host_sees(boss, "Bob", connected=True)
        boss.command("start")
        ada.state("question", 0)

        # The answer leaves, then the phone drops before it reads the ack.
        ada.send({"type": "answer", "id": "ada-q0-retry1", "question": 0, "choice": KEY[0]})
        seat = ada.seat
        ada.close()
        host_sees(boss, "Ada", answered=True, connected=False)

        ada = party.resume(code, seat["token"])
        assert ada.state("question", 0)["me"]["answer"] == {"question": 0, "choice": KEY[0]}
        retry = ada.answer("ada-q0-retry1", 0, KEY[0])
        assert (retry["type"], retry["status"], retry["question"], retry["choice"]) == ("ack", "duplicate", 0, KEY[0])

        assert bob.answer("bob-q0-0001", 0, [0])["status"] == "accepted"
        reveal = ada.state("reveal", 0)
        assert reveal["reveal"]["answered"] == 2
        assert reveal["reveal"]["counts"] == [1, 1, 0, 0]
        assert reveal["me"]["streak"] == 1
        assert reveal["me"]["score"] == reveal["me"]["result"]["points"]

    status, body = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    ada_rows = [row for row in body["answers"] if row["player"] == "Ada"]
    assert len(ada_rows) == 1 and ada_rows[0]["response_ms"] == retry["elapsed_ms"]
    assert body["summary"][0]["answered"] == 1


def test_a_resume_on_a_new_connection_replaces_the_old_one(host: Server) -> None:
    code = trio_room(host)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        second = party.resume(code, ada.seat["token"])
        assert ada.wait_closed() is not None
        second.ping()
        view = host_sees(boss, "Ada", connected=True)
        assert len(view["players"]) == 1
        boss.command("start")
        assert second.state("question", 0)["me"]["id"] == ada.seat["id"]
