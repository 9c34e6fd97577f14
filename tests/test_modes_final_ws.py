"""The final wager round and the Daily Double over real WebSockets.

Every frame each phone and the screen receive is kept (``Phone.frames``) and searched: the
final's clue reaches a phone first in the frame that answers its own wager, and the screen
first at the reveal. Wagers out of range are refused with ``bad_answer`` and change nothing;
a right answer adds the wager and a wrong one takes it away. A Daily Double belongs to the
player in control of the board (the last judged right): another player's wager is refused,
and the host judges it once.
"""

from __future__ import annotations

import json
from typing import Any

from support import Frame, Party, Phone, Server, pack_room

CLUE = "The planet whose day is longer than its year"
PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "board-with-final",
    "title": "Board and Final",
    "questions": [
        {"type": "buzzer", "category": "Rivers", "value": 100, "text": "Longest river in Africa", "answer": "Nile"},
        {"type": "buzzer", "category": "Moons", "value": 300, "text": "Saturn's largest moon", "answer": "Titan"},
        {
            "type": "buzzer",
            "category": "Rivers",
            "value": 200,
            "text": "The river of Vienna and Budapest",
            "answer": "Danube",
            "daily_double": True,
        },
        {"type": "final", "category": "Planets", "text": CLUE, "accepted": ["Venus"]},
    ],
}
#: a board that opens on a Daily Double, when nobody has the board yet
OPENER: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "daily-double-first",
    "title": "Daily Double First",
    "questions": [
        {"type": "buzzer", "category": "Rivers", "value": 500, "text": "It flows through Cairo", "answer": "Nile"},
        {"type": "buzzer", "category": "Rivers", "value": 300, "text": "Vienna's river", "answer": "Danube"},
    ],
}
OPENER["questions"][0]["daily_double"] = True


def answer_id(tag: str) -> str:
    return f"answer-{tag}"  # (an answer's id is 8 to 64 characters)


def give(phone: Phone, tag: str, question: int, **fields: Any) -> Frame:
    """Send an answer (or a step) and return its ``ack`` or its ``error``."""
    sent = answer_id(tag)
    phone.send({"type": "answer", "id": sent, "question": question, **fields})
    return phone.wait_for(
        lambda f: (f["type"] == "ack" and f["id"] == sent) or (f["type"] == "error" and f.get("ref") == sent),
        what=f"ack or error for {sent}",
    )


def refused(reply: Frame, code: str = "bad_answer") -> str:
    assert reply["type"] == "error" and reply["error"]["code"] == code, reply
    return str(reply["error"]["message"])


def scores(frame: Frame) -> dict[str, int]:
    return {p["nickname"]: p["score"] for p in frame["players"]}


def shown(frame: Frame, index: int) -> dict[str, Any]:
    """The open question of a ``state`` frame when it is question ``index``, else ``{}``."""
    if frame["type"] != "state" or frame["room"]["phase"] != "question":
        return {}
    question = frame.get("question") or {}
    return question if question.get("index") == index else {}


def race_of(frame: Frame) -> dict[str, Any]:
    return shown(frame, 3).get("race") or {}


def snapshot(party: Party, code: str) -> Frame:
    """The room as it is now: the first state of a new screen connection."""
    return party.screen(code).wait_for(lambda f: f["type"] == "state", what="a state")


def buzz_right(boss: Phone, phone: Phone, index: int, tag: str) -> Frame:
    """Open clue ``index``, let ``phone`` buzz, judge it right; returns the leaderboard after it."""
    boss.command("open", index=index)
    phone.state("question", index)
    assert give(phone, f"{tag}-buzz", index, buzz=True)["status"] == "accepted"
    boss.wait_for(lambda f: f["type"] == "state" and (f.get("question") or {}).get("buzzers"), what="a buzz")
    boss.command("judge", right=True)
    boss.state("reveal", index)
    boss.command("next")
    return boss.state("leaderboard")


def first_with(frames: list[str], text: str) -> tuple[int, Frame] | None:
    """The position and frame of the first frame holding ``text``, or None."""
    for position, raw in enumerate(frames):
        if text in raw:
            return position, json.loads(raw)
    return None


def test_a_daily_double_is_its_controllers_alone_judged_once_and_the_final_clue_comes_after_the_wager(
    host: Server,
) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        ada, bob, cy = (party.player(code, name) for name in ("Ada", "Bob", "Cy"))
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")

        # Ada takes the first clue (100), Bob the second (300): Bob has the board.
        buzz_right(boss, ada, 0, "ada-0")
        assert scores(buzz_right(boss, bob, 1, "bob-1")) == {"Ada": 100, "Bob": 300, "Cy": 0}

        # The Daily Double is Bob's: he is in control after his right answer.
        boss.command("open", index=2)
        dd = ada.state("question", 2)["question"]
        assert dd["daily_double"] is True and dd["control"] == bob.seat["id"] and dd["top_value"] == 300
        assert "answer" not in dd and "Danube" not in json.dumps(dd)
        assert dd["text"] == "", "as on television, the clue comes after the wager"
        assert "Bob's to answer" in refused(give(ada, "ada-dd", 2, wager=50))
        assert "wager" in refused(give(bob, "bob-dd-buzz", 2, buzz=True))
        # Up to the larger of his score (300) and the board's top value (300); nothing else.
        # (a negative wager too, refused by the room on the answer's own id, so the phone knows which)
        for bad in (301, 1_000_000, -1):
            assert "from 0 to 300" in refused(give(bob, f"bob-dd-{bad}", 2, wager=bad))
        refusals = snapshot(party, code)
        assert refusals["question"]["buzzers"] == [] and scores(refusals) == {"Ada": 100, "Bob": 300, "Cy": 0}
        boss.command("judge", right=True)
        assert boss.error("wrong_phase")["error"]["message"] == "Nobody is up: wait for a buzz."
        ack = give(bob, "bob-dd", 2, wager=250)
        assert ack["status"] == "accepted" and ack["wager"] == 250
        queued = screen.wait_for(lambda f: bool(shown(f, 2).get("buzzers")), what="Bob's wager")["question"]
        assert queued["buzzers"] == [{"id": bob.seat["id"], "nickname": "Bob", "status": "up", "wager": 250}]
        assert queued["text"] == "The river of Vienna and Budapest"
        # Wrong: Bob loses his wager (not the clue's value) and the clue closes at once.
        boss.command("judge", right=False)
        closed = bob.state("reveal", 2)
        assert closed["me"]["score"] == 50
        assert closed["me"]["result"] == {"question": 2, "correct": False, "points": -250, "streak_bonus": 0}
        assert closed["reveal"]["answer"] == "Danube"
        boss.command("judge", right=True)
        assert boss.error("wrong_phase")["error"]["message"] == "No question is open."
        boss.command("next")
        assert scores(boss.state("leaderboard")) == {"Ada": 100, "Bob": 50, "Cy": 0}

        # The final: each phone sees only the category until it wagers.
        boss.command("next")
        opened = {name: p.state("question", 3) for name, p in (("Ada", ada), ("Bob", bob), ("Cy", cy))}
        for frame in opened.values():
            assert frame["question"]["category"] == "Planets" and frame["question"]["text"] == ""
            assert frame["question"]["stepped"] is True and "race" not in frame["question"]
        assert opened["Ada"]["me"]["progress"] == {"steps": 0, "max_wager": 100, "done": False}
        assert opened["Cy"]["me"]["progress"]["max_wager"] == 0
        host_view = boss.state("question", 3)["question"]
        assert host_view["clue"] == CLUE and host_view["accepted"] == ["Venus"]

        # Out of range, or not a wager: refused, and nothing changes.
        for bad in (101, 5000, -5):
            assert "from 0 to 100" in refused(give(ada, f"ada-{bad}", 3, wager=bad, step=0))
        assert "wager" in refused(give(ada, "ada-text-first", 3, text="Venus", step=0))
        assert "from 0 to 0" in refused(give(cy, "cy-bad", 3, wager=1, step=0))
        assert "step 0 first" in refused(give(bob, "bob-skip", 3, text="Mars", step=1))
        unchanged = snapshot(party, code)
        assert unchanged["question"]["race"] == {"rows": [], "started": 0, "finished": 0}
        assert CLUE not in "".join(ada.frames + bob.frames + cy.frames + screen.frames)
        assert scores(unchanged) == {"Ada": 100, "Bob": 50, "Cy": 0}

        # Ada wagers everything: her ack carries the clue; nobody else gets it.
        wagered = give(ada, "ada-wager", 3, wager=100, step=0)
        assert wagered["status"] == "accepted" and wagered["progress"]["clue"] == CLUE
        assert wagered["progress"]["wager"] == 100 and wagered["progress"]["done"] is False
        assert give(bob, "bob-wager", 3, wager=40, step=0)["progress"]["clue"] == CLUE
        race = screen.wait_for(lambda f: race_of(f).get("started") == 2, what="two wagers")["question"]["race"]
        assert {r["nickname"]: r for r in race["rows"]}["Ada"] == {"nickname": "Ada", "id": ada.seat["id"], "steps": 1}
        assert give(ada, "ada-answer", 3, text="venus", step=1)["progress"]["done"] is True
        assert give(bob, "bob-answer", 3, text="Mars", step=1)["status"] == "accepted"
        assert give(ada, "ada-again", 3, wager=5, step=0)["status"] == "duplicate"
        assert give(cy, "cy-wager", 3, wager=0, step=0)["progress"]["clue"] == CLUE
        assert race_of(screen.wait_for(lambda f: race_of(f).get("finished") == 2, what="2 done"))["started"] == 3

        # Cy wagered 0 and does not answer: the host closes the round with Reveal.
        boss.command("reveal")
        final = screen.state("reveal", 3)
        assert final["reveal"]["clue"] == CLUE and final["reveal"]["accepted"] == ["Venus"]
        assert final["reveal"]["right"] == 1
        rows = {r["nickname"]: r for r in final["question"]["race"]["rows"]}
        assert {n: (r["wager"], r["answer"], r["right"]) for n, r in rows.items()} == {
            "Ada": (100, "venus", True),
            "Bob": (40, "Mars", False),
            "Cy": (0, "", False),
        }
        assert scores(final) == {"Ada": 200, "Bob": 10, "Cy": 0}
        bob_end = bob.state("reveal", 3)["me"]
        assert bob_end["result"] == {"question": 3, "correct": False, "points": -40, "streak_bonus": 0}
        assert bob_end["progress"]["right"] is False and bob_end["progress"]["accepted"] == ["Venus"]
        assert ada.state("reveal", 3)["me"]["result"]["points"] == 100

    # Every frame: the clue reached each phone first in its own wager's answer, the screen at the reveal.
    for name, phone, tag in (("Ada", ada, "ada-wager"), ("Bob", bob, "bob-wager"), ("Cy", cy, "cy-wager")):
        found = first_with(phone.frames, CLUE)
        assert found is not None, name
        frame = found[1]
        own_wager = (frame["type"] == "ack" and frame["id"] == answer_id(tag)) or (
            frame["type"] == "state" and frame["me"].get("progress", {}).get("steps", 0) >= 1
        )
        assert own_wager, (name, frame)
    found = first_with(screen.frames, CLUE)
    assert found is not None and found[1]["room"]["phase"] == "reveal", found
    assert all("Venus" not in raw for raw in screen.frames[: found[0]])


def test_with_nobody_in_control_the_first_wager_claims_a_daily_double(host: Server) -> None:
    code = pack_room(host, OPENER)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        ada, cy = party.player(code, "Ada"), party.player(code, "Cy")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="2 players")
        boss.command("start")
        dd = cy.state("question", 0)["question"]
        assert dd["daily_double"] is True and dd["control"] is None and dd["top_value"] == 500
        # Cy has no points: up to the board's top value.
        assert "from 0 to 500" in refused(give(cy, "cy-too-much", 0, wager=501))
        assert give(cy, "cy-dd", 0, wager=500)["status"] == "accepted"
        assert "already answering" in refused(give(ada, "ada-dd", 0, wager=10))
        up = screen.wait_for(lambda f: bool(shown(f, 0).get("buzzers")), what="Cy's claim")
        assert [(b["nickname"], b["status"]) for b in up["question"]["buzzers"]] == [("Cy", "up")]
        boss.command("judge", right=True)
        won = cy.state("reveal", 0)
        assert won["me"]["score"] == 500 and won["me"]["result"]["points"] == 500
        # Cy now has the board: the next clue is an ordinary one, and anyone can buzz it.
        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")
        plain = ada.state("question", 1)["question"]
        assert "daily_double" not in plain and "control" not in plain
        assert give(ada, "ada-buzz", 1, buzz=True)["status"] == "accepted"
