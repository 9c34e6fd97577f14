"""Joining after the start: a late player plays what is left; a room can say no.

The room setting ``late_join`` is on by default: a phone that joins once the game has started
gets a seat and plays the remaining questions, timed from each question's opening like
everyone else. With ``late_join`` off, a join after the start is refused with ``room_locked``
(``docs/protocol.md``), whatever the lock says; the host's lock stops late joiners too, and
unlocking lets them in again.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

from support import KEY, Party, Phone, Server, trio_room

LIMIT_MS = 60_000
BASE = 1000


def documented_points(elapsed_ms: int, limit_ms: int = LIMIT_MS, base: int = BASE) -> int:
    """``base * (1 - elapsed / limit / 2)``, rounded half up (``docs/scoring.md``)."""
    exact = Fraction(base) * (1 - Fraction(min(max(elapsed_ms, 0), limit_ms), limit_ms) / 2)
    return int((exact + Fraction(1, 2)) // 1)


def documented_bonus(streak: int) -> int:
    return min(100 * (streak - 1), 500) if streak > 1 else 0


def host_players(boss: Phone, count: int) -> dict[str, Any]:
    return boss.wait_for(
        lambda f: f["type"] == "state" and f["room"]["players"] == count, what=f"{count} players on the host"
    )


def refused(party: Party, code: str, nickname: str) -> dict[str, Any]:
    """A fresh phone tries to join as ``nickname``: the error frame it gets (it must get one)."""
    phone = party.connect()
    phone.send({"type": "join", "room": code, "nickname": nickname})
    frame = phone.wait_for(lambda f: f["type"] in ("welcome", "error"), what=f"the answer to {nickname}'s join")
    assert frame["type"] == "error", frame
    assert frame["ref"] == "join", frame
    phone.ping()  # refused, not dropped
    return frame


def test_a_player_who_joins_after_the_start_plays_the_remaining_questions(host: Server) -> None:
    code = trio_room(host, time_limit=LIMIT_MS // 1000)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        phones = {"Ada": party.player(code, "Ada"), "Bob": party.player(code, "Bob")}
        host_players(boss, 2)
        boss.command("start")
        for phone in phones.values():
            phone.state("question", 0)
        assert phones["Ada"].answer("ada-q0-0001", 0, KEY[0])["status"] == "accepted"
        assert phones["Bob"].answer("bob-q0-0001", 0, KEY[0])["status"] == "accepted"
        phones["Ada"].state("reveal", 0)

        # Cy joins during the reveal of question 0: a seat with nothing to show for it yet.
        phones["Cy"] = party.player(code, "Cy")
        first = phones["Cy"].state("reveal", 0)
        assert first["me"]["score"] == 0 and first["me"]["result"] is None and first["me"]["answer"] is None
        assert first["me"]["rank"] == 3
        host_players(boss, 3)
        boss.command("next")
        board = phones["Cy"].state("leaderboard")["leaderboard"]
        assert [(row["nickname"], row["score"]) for row in board][-1] == ("Cy", 0)

        # Question 1 waits for Cy too: with Ada and Bob in, it is still open.
        boss.command("next")
        for phone in phones.values():
            phone.state("question", 1)
        acks = {"Ada": phones["Ada"].answer("ada-q1-0001", 1, KEY[1])}
        acks["Bob"] = phones["Bob"].answer("bob-q1-0001", 1, [1])
        boss.wait_for(
            lambda f: f["type"] == "state" and f["room"]["phase"] == "question" and f["question"]["answered"] == 2,
            what="two answers in, question 1 still open",
        )
        acks["Cy"] = phones["Cy"].answer("cy-q1-0001", 1, KEY[1])
        assert all(ack["status"] == "accepted" for ack in acks.values()), acks
        reveal = phones["Cy"].state("reveal", 1)
        assert reveal["reveal"]["answered"] == 3
        cy_points = documented_points(acks["Cy"]["elapsed_ms"])
        assert reveal["me"]["result"] == {"question": 1, "correct": True, "points": cy_points, "streak_bonus": 0}
        assert reveal["me"]["score"] == cy_points and reveal["me"]["streak"] == 1
        ada = phones["Ada"].state("reveal", 1)["me"]
        assert ada["result"]["streak_bonus"] == documented_bonus(2)
        boss.command("next")
        boss.state("leaderboard")

        # Dee joins while question 2 is open: timed from the question's opening, like everyone.
        boss.command("next")
        opened = boss.state("question", 2)
        opened_at = time.monotonic() - (LIMIT_MS - opened["question"]["remaining_ms"]) / 1000
        phones["Dee"] = party.player(code, "Dee")
        assert phones["Dee"].state("question", 2)["me"]["answer"] is None
        for name in ("Ada", "Bob", "Cy"):
            acks[name] = phones[name].answer(f"{name.lower()}-q2-0001", 2, KEY[2] if name != "Bob" else [0])
        boss.wait_for(
            lambda f: f["type"] == "state" and f["room"]["phase"] == "question" and f["question"]["answered"] == 3,
            what="three answers in, question 2 still open for Dee",
        )
        joined_after_ms = (time.monotonic() - opened_at) * 1000
        acks["Dee"] = phones["Dee"].answer("dee-q2-0001", 2, KEY[2])
        assert acks["Dee"]["status"] == "accepted", acks["Dee"]
        assert acks["Dee"]["elapsed_ms"] >= joined_after_ms - 50, (acks["Dee"], joined_after_ms)
        dee = phones["Dee"].state("reveal", 2)
        assert dee["reveal"]["answered"] == 4
        assert dee["me"]["score"] == documented_points(acks["Dee"]["elapsed_ms"])
        cy = phones["Cy"].state("reveal", 2)["me"]
        cy_bonus = documented_bonus(2)
        assert cy["score"] == cy_points + documented_points(acks["Cy"]["elapsed_ms"]) + cy_bonus

        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")
        final = boss.state("ended")
        scores = {row["nickname"]: row["score"] for row in final["leaderboard"]}
        assert set(scores) == {"Ada", "Bob", "Cy", "Dee"}
        assert scores["Cy"] == cy["score"] and scores["Dee"] == dee["me"]["score"]
        # Once the game is over nobody joins any more.
        assert refused(party, code, "Eve")["error"]["code"] == "game_over"

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    played = {(row["player"], row["question_number"]): row["answer"] != "" for row in document["answers"]}
    assert [played.get(("Cy", n)) for n in (1, 2, 3)] == [False, True, True], document["answers"]
    assert [played.get(("Dee", n)) for n in (1, 2, 3)] == [False, False, True], document["answers"]


def test_with_late_join_off_a_join_after_the_start_is_refused(host: Server) -> None:
    code = trio_room(host, time_limit=LIMIT_MS // 1000, late_join=False)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        assert boss.state("lobby")["room"]["settings"]["late_join"] is False
        ada = party.player(code, "Ada")  # in the lobby anyone may join
        host_players(boss, 1)
        boss.command("start")
        ada.state("question", 0)
        frame = refused(party, code, "Cy")
        assert frame["error"]["code"] == "room_locked", frame
        assert "started" in frame["error"]["message"], frame
        # Unlocking is about the host's lock; it does not turn late join on.
        boss.command("lock")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["locked"], what="locked")
        boss.command("unlock")
        boss.wait_for(lambda f: f["type"] == "state" and not f["room"]["locked"], what="unlocked")
        assert refused(party, code, "Cy")["error"]["code"] == "room_locked"
        # A seat that exists still comes back.
        again = party.resume(code, ada.seat["token"])
        assert again.seat["id"] == ada.seat["id"]
        assert again.answer("ada-q0-0001", 0, KEY[0])["status"] == "accepted"
        again.state("reveal", 0)
        assert refused(party, code, "Cy")["error"]["code"] == "room_locked"
        view = boss.state("reveal", 0)
        assert [p["nickname"] for p in view["players"]] == ["Ada"]


def test_the_hosts_lock_stops_late_joiners_until_unlocked(host: Server) -> None:
    code = trio_room(host, time_limit=LIMIT_MS // 1000)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        host_players(boss, 1)
        boss.command("start")
        ada.state("question", 0)
        boss.command("lock")
        ada.wait_for(lambda f: f["type"] == "state" and f["room"]["locked"], what="locked")
        assert refused(party, code, "Cy")["error"]["code"] == "room_locked"
        boss.command("unlock")
        ada.wait_for(lambda f: f["type"] == "state" and not f["room"]["locked"], what="unlocked")
        cy = party.player(code, "Cy")
        assert cy.state("question", 0)["room"]["players"] == 2
        # Ada alone no longer closes the question: Cy is in the game now.
        assert ada.answer("ada-q0-0001", 0, KEY[0])["status"] == "accepted"
        boss.wait_for(
            lambda f: f["type"] == "state" and f["room"]["phase"] == "question" and f["question"]["answered"] == 1,
            what="question 0 still open for Cy",
        )
        ack = cy.answer("cy-q0-0001", 0, [0])
        assert ack["status"] == "accepted", ack
        reveal = cy.state("reveal", 0)
        assert reveal["reveal"]["answered"] == 2 and reveal["me"]["result"]["correct"] is False
