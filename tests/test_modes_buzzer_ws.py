"""Buzzers over real WebSockets: the first buzz to reach the host is up, even when five phones
buzz within a few milliseconds of each other; the host's judgments move scores both ways."""

from __future__ import annotations

import threading
from typing import Any

from support import Party, Phone, Server, pack_room

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "buzzer-board",
    "title": "Buzzer Board",
    "questions": [
        {"type": "buzzer", "category": "Rivers", "value": 100, "text": "Longest river in Africa", "answer": "The Nile"},
        {"type": "buzzer", "category": "Rivers", "value": 200, "text": "It flows through Baghdad", "answer": "Tigris"},
        {"type": "buzzer", "category": "Moons", "value": 300, "text": "Saturn's largest moon", "answer": "Titan"},
    ],
}
NAMES = ["Ada", "Bob", "Cy", "Dee", "Eve"]


def queue_of(frame: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["nickname"], b["status"]) for b in (frame.get("question") or {}).get("buzzers", [])]


def test_the_first_buzz_to_arrive_is_up_when_phones_buzz_within_milliseconds(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in NAMES}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 5, what="5 players")
        board = boss.wait_for(lambda f: f["type"] == "state" and "board" in f, what="the board")["board"]
        assert [c["category"] for c in board] == ["Rivers", "Moons"]

        # The host opens the Moons clue first, out of turn.
        boss.command("open", index=2)
        opened = phones["Ada"].state("question", 0)["question"]
        assert opened["text"] == "Saturn's largest moon" and opened["value"] == 300 and "answer" not in opened

        # Five phones buzz at once: each thread waits at a barrier, then sends.
        barrier = threading.Barrier(len(NAMES))
        acks: dict[str, dict[str, Any]] = {}

        def press(name: str, phone: Phone) -> None:
            barrier.wait()
            phone.send({"type": "answer", "id": f"{name}-buzz-clue0", "question": 0, "buzz": True})
            acks[name] = phone.ack(f"{name}-buzz-clue0")

        threads = [threading.Thread(target=press, args=(n, p)) for n, p in phones.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(ack["status"] == "accepted" and ack["buzz"] is True for ack in acks.values())
        full = screen.wait_for(
            lambda f: f["type"] == "state" and len((f.get("question") or {}).get("buzzers", [])) == 5, what="5 buzzes"
        )
        order = [name for name, _ in queue_of(full)]
        # The queue is the order the host handled them: by its own clock, never out of order.
        elapsed = [acks[name]["elapsed_ms"] for name in order]
        assert elapsed == sorted(elapsed), (order, elapsed)
        assert sorted(order) == sorted(NAMES) and queue_of(full)[0][1] == "up"
        assert [s for _, s in queue_of(full)[1:]] == ["waiting"] * 4

        # Wrong: the first loses 300 and the second is up; right: the second gains 300, the clue closes.
        first, second = order[0], order[1]
        boss.command("judge", right=False)
        after = phones[second].wait_for(
            lambda f: f["type"] == "state" and queue_of(f)[:2] == [(first, "wrong"), (second, "up")],
            what="the second buzz up",
        )
        assert after["room"]["phase"] == "question"
        assert phones[first].wait_for(lambda f: f["type"] == "state" and f["me"]["score"] == -300, what="-300")
        boss.command("judge", right=True)
        revealed = phones[second].state("reveal", 0)
        assert revealed["reveal"]["answer"] == "Titan" and revealed["me"]["score"] == 300
        assert revealed["me"]["result"] == {"question": 0, "correct": True, "points": 300, "streak_bonus": 0}

        # A buzz sent well before the others is up, whatever they do after.
        boss.command("next")
        boss.state("leaderboard")
        boss.command("open", index=1)
        phones["Eve"].state("question", 1)
        phones["Eve"].send({"type": "answer", "id": "Eve-buzz-clue1", "question": 1, "buzz": True})
        phones["Eve"].ack("Eve-buzz-clue1")
        for name in ("Ada", "Bob"):
            phones[name].send({"type": "answer", "id": f"{name}-buzz-clue1", "question": 1, "buzz": True})
            phones[name].ack(f"{name}-buzz-clue1")
        queued = screen.wait_for(
            lambda f: f["type"] == "state" and len((f.get("question") or {}).get("buzzers", [])) == 3, what="3 buzzes"
        )
        assert queue_of(queued)[0] == ("Eve", "up")
        phones["Eve"].send({"type": "answer", "id": "Eve-buzz-again", "question": 1, "buzz": True})
        assert phones["Eve"].ack("Eve-buzz-again")["status"] == "duplicate"
        boss.command("judge", right=True)
        boss.state("reveal", 1)
        boss.command("judge", right=True)
        assert boss.error("wrong_phase")["error"]["message"] == "No question is open."
        boss.command("open", index=0)
        assert "not asked yet" in boss.error("bad_message")["error"]["message"]
