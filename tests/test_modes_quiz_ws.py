"""Typed, numeric and ordering questions played over real WebSockets against a real host process.

Three phones play a pack of one question of each type: every answer travels in its own field,
every ``ack`` echoes it in that field, bad answers get a documented error and change nothing,
no phone or screen frame holds a key before its reveal, and the scores and the export follow
``docs/scoring.md``.
"""

from __future__ import annotations

import json
from typing import Any

from support import Party, Phone, Server, pack_room, walk

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "more-types",
    "title": "More Types",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "typed", "text": "Capital of Iceland?", "accepted": ["Reykjavík"], "explanation": "Smoky bay."},
        {"type": "number", "text": "Sweets in the jar?", "answer": 480, "closest": True, "min": 0, "max": 1000},
        {"type": "order", "text": "Smallest first", "items": ["Ant", "Mouse", "Cat", "Horse"]},
    ],
}
#: strings that only the host may see before each question's reveal
KEYS = {0: ["Reykjav", "Smoky bay", "accepted"], 1: ["480", "tolerance"]}


def start(host: Server, party: Party) -> tuple[str, Phone, Phone, dict[str, Phone]]:
    code = pack_room(host, PACK)
    boss = party.control(code)
    screen = party.screen(code)
    phones = {name: party.player(code, name) for name in ("Ada", "Bob", "Cy")}
    boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
    boss.command("start")
    return code, boss, screen, phones


def send(phone: Phone, answer_id: str, question: int, **fields: Any) -> dict[str, Any]:
    phone.send({"type": "answer", "id": answer_id, "question": question, **fields})
    # A frame the protocol cannot read is refused with the frame's type as its ref, not the answer id.
    return phone.wait_for(
        lambda f: (
            (f["type"] == "ack" and f["id"] == answer_id)
            or (f["type"] == "error" and f.get("ref") in (answer_id, "answer"))
        ),
        what=f"ack or error for {answer_id}",
    )


def test_typed_number_and_ordering_questions_play_over_websockets(host: Server) -> None:
    with Party(host.ws_url) as party:
        code, boss, screen, phones = start(host, party)
        ada, bob, cy = phones["Ada"], phones["Bob"], phones["Cy"]

        # Typed answer: case, accents and a typo do not matter; the ack echoes the trimmed text.
        opened = ada.state("question", 0)
        assert opened["question"]["type"] == "typed" and opened["question"]["max_length"] == 100
        assert "accepted" in boss.state("question", 0)["question"]
        bad = send(ada, "ada-typed-empty", 0, text="   ")
        assert bad["type"] == "error" and bad["error"]["code"] == "bad_answer"
        two = send(ada, "ada-typed-twofields", 0, text="Oslo", choice=[0])
        assert two["type"] == "error" and two["error"]["code"] == "bad_message"
        wrong_field = send(ada, "ada-typed-choice", 0, choice=[0])
        assert wrong_field["type"] == "error" and wrong_field["error"]["code"] == "bad_answer"
        ack = send(ada, "ada-typed-answer", 0, text="  reykjavik ")
        assert ack["status"] == "accepted" and ack["text"] == "reykjavik" and "choice" not in ack, ack
        again = send(ada, "ada-typed-answer", 0, text="something else")
        assert again["status"] == "duplicate" and again["text"] == "reykjavik", again
        assert send(bob, "bob-typed-answer", 0, text="Reykjavk")["status"] == "accepted"
        assert send(cy, "cy-typed-answer", 0, text="Oslo")["status"] == "accepted"
        revealed = screen.state("reveal", 0)["reveal"]
        assert revealed["accepted"] == ["Reykjavík"] and revealed["right"] == 2
        assert ada.state("reveal", 0)["me"]["result"]["correct"] is True
        assert cy.state("reveal", 0)["me"]["result"]["correct"] is False
        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")

        # Number on a slider, closest wins: Bob (470) and Cy (490) tie nearest to 480.
        slider = bob.state("question", 1)["question"]
        assert (slider["min"], slider["max"], slider["closest"]) == (0, 1000, True) and "answer" not in slider
        out = send(ada, "ada-number-big", 1, number=1001)
        assert out["type"] == "error" and out["error"]["code"] == "bad_answer"
        assert send(ada, "ada-number-answer", 1, number=300)["number"] == 300
        assert send(bob, "bob-number-answer", 1, number=470.0)["number"] == 470
        assert send(cy, "cy-number-answer", 1, number=490)["status"] == "accepted"
        revealed = screen.state("reveal", 1)["reveal"]
        assert (revealed["answer"], revealed["right"], revealed["closest"], revealed["median"]) == (480, 2, 470, 470)
        assert [p.state("reveal", 1)["me"]["result"]["correct"] for p in (ada, bob, cy)] == [False, True, True]
        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")

        # Ordering: shown shuffled; the key reaches phones only at the reveal.
        shown = ada.state("question", 2)["question"]["options"]
        assert sorted(shown) == sorted(PACK["questions"][2]["items"]) and shown != PACK["questions"][2]["items"]
        key = boss.state("question", 2)["question"]["correct"]
        assert [shown[i] for i in key] == PACK["questions"][2]["items"]
        swapped = [key[1], key[0], key[2], key[3]]
        bad = send(ada, "ada-order-short", 2, order=key[:3])
        assert bad["type"] == "error" and bad["error"]["code"] == "bad_answer"
        assert send(ada, "ada-order-answer", 2, order=key)["order"] == key
        assert send(bob, "bob-order-answer", 2, order=swapped)["status"] == "accepted"
        assert send(cy, "cy-order-answer", 2, order=list(reversed(key)))["status"] == "accepted"
        revealed = screen.state("reveal", 2)["reveal"]
        assert revealed["correct"] == key and revealed["right"] == 1 and revealed["partly"] == 1
        bob_result = bob.state("reveal", 2)["me"]["result"]
        assert bob_result["partial"] is True and bob_result["correct"] is False and bob_result["points"] > 0
        boss.command("next")
        final = boss.state("leaderboard")
        boss.command("next")
        ended = boss.state("ended")
        scores = {row["nickname"]: row["score"] for row in ended["leaderboard"]}
        # Bob: right, closest, partly right; Ada: right, far off, right; Cy: wrong, closest, reversed.
        assert scores["Bob"] > scores["Ada"] > scores["Cy"] > 0, (scores, final)

        # Before each reveal, no phone and no screen frame holds the key.
        for name, phone in {**phones, "screen": screen}.items():
            for text in phone.frames:
                frame = json.loads(text)
                if frame["type"] != "state" or frame["room"]["phase"] != "question":
                    continue
                index = frame["question"]["index"]
                assert not any(k in text for k in KEYS.get(index, [])), (name, text[:300])
                assert not [path for path, k, _ in walk(frame) if k in ("correct", "accepted", "reveal")], name

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    rows = {(row["question_number"], row["player"]): row for row in document["answers"]}
    assert rows[(1, "Ada")]["answer"] == "reykjavik" and rows[(1, "Ada")]["correct"] is True
    assert rows[(2, "Bob")]["answer"] == "470" and rows[(2, "Bob")]["correct"] is True
    assert rows[(3, "Bob")]["correct"] is False and rows[(3, "Bob")]["points"] > 0
    assert " > " in rows[(3, "Ada")]["answer"]
    summary = {row["player"]: row["score"] for row in document["summary"]}
    assert summary == scores
