"""A lightning round over real WebSockets: each phone goes through the items at its own pace, each
``ack`` brings the next item; no item's key reaches a phone or the screen before the reveal (every
frame is searched); an item answered before the one before it is refused; the screen's race ranks
by right answers; the round closes once everyone has finished; the points follow
``docs/scoring.md``; the export lists each player's answer to every item."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from support import Frame, Party, Phone, Server, pack_room, walk

SECONDS = 60
ITEMS: list[dict[str, Any]] = [
    {"type": "single", "text": "Capital of Australia?", "options": ["Sydney", "Canberra", "Perth"], "correct": 1},
    {"type": "typed", "text": "Capital of Japan?", "accepted": ["Tokyo"]},
    {"type": "number", "text": "How many countries border Germany?", "answer": 9},
    {"type": "order", "text": "From north to south", "items": ["Oslo", "Berlin", "Rome"]},
]
PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "lightning-capitals",
    "title": "Lightning Capitals",
    "questions": [{"type": "lightning", "text": "Capitals in a minute", "time_limit": SECONDS, "questions": ITEMS}],
}
#: the fields that hold an item's key; none may reach a phone or the screen before the reveal
KEY_FIELDS = {"correct", "accepted", "answer", "tolerance", "items"}
NORTH_TO_SOUTH = ["Oslo", "Berlin", "Rome"]


def step(phone: Phone, answer_id: str, at: int, **fields: Any) -> Frame:
    """Send step ``at`` of the round (its item ``at + 1``) and return its ``ack`` or ``error``."""
    phone.send({"type": "answer", "id": answer_id, "question": 0, "step": at, **fields})
    return phone.wait_for(
        lambda f: (f["type"] == "ack" and f["id"] == answer_id) or (f["type"] == "error" and f.get("ref") == answer_id),
        what=f"ack or error for {answer_id}",
    )


def ordered(item: dict[str, Any], labels: list[str]) -> list[int]:
    """An ordering as option indexes of the item as the phone shows it (shuffled)."""
    return [item["options"].index(label) for label in labels]


def next_item(ack: Frame, number: int) -> dict[str, Any]:
    """An accepted step whose ack holds item ``number`` (counted from 1) as the phone's next."""
    assert ack["type"] == "ack" and ack["status"] == "accepted", ack
    item = ack["progress"]["item"]
    assert item["number"] == number and item["text"] == ITEMS[number - 1]["text"], ack
    assert item["type"] == ITEMS[number - 1]["type"]
    return item  # type: ignore[no-any-return]


def finished(ack: Frame, results: list[str]) -> None:
    assert ack["type"] == "ack" and ack["status"] == "accepted", ack
    assert ack["progress"]["done"] is True and "item" not in ack["progress"], ack
    assert ack["progress"]["results"] == results


def while_open(phone: Phone) -> list[tuple[str, Frame]]:
    """The frames a connection received before the round's reveal (raw text and decoded)."""
    found = []
    for text in phone.frames:
        frame = json.loads(text)
        if frame["type"] == "state" and frame["room"]["phase"] not in ("lobby", "question"):
            break
        found.append((text, frame))
    return found


def documented_points(times_ms: list[int], credits: list[Fraction], base: int = 1000) -> int:
    """docs/scoring.md, "Lightning round": each item scores as a quiz question, timed from the
    player's previous answer against the round's time divided by its number of items; partial
    credit earns that share; the round's points are the sum."""
    share = SECONDS * 1000 / len(ITEMS)
    total = 0
    previous = 0
    for at, credit in zip(times_ms, credits, strict=True):
        elapsed = min(max(at - previous, 0), share)
        speed = int(Fraction(base) * (1 - Fraction(elapsed) / Fraction(share) / 2) + Fraction(1, 2))
        total += int(speed * credit + Fraction(1, 2))
        previous = at
    return total


def test_a_lightning_round_at_each_phones_own_pace(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        ada, bob, cy = (party.player(code, name) for name in ("Ada", "Bob", "Cy"))
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
        boss.command("start")

        # Everyone starts on item 1; the question itself holds only the count.
        for phone in (ada, bob, cy):
            state = phone.state("question", 0)
            assert state["question"]["count"] == 4 and state["question"]["stepped"] is True
            progress = state["me"]["progress"]
            assert progress["steps"] == 0 and progress["results"] == [] and progress["points"] == 0
            assert progress["item"]["number"] == 1 and progress["item"]["options"] == ITEMS[0]["options"]
        # The host alone has the keys, while the round is open.
        hosted = boss.state("question", 0)["question"]
        assert [i["text"] for i in hosted["items"]] == [i["text"] for i in ITEMS]
        assert hosted["items"][1]["accepted"] == ["Tokyo"] and hosted["items"][2]["answer"] == 9

        # Item 2 before item 1 is refused, and changes nothing.
        refused = step(cy, "cy-skips-ahead", 1, text="Tokyo")
        assert refused["type"] == "error" and refused["error"]["code"] == "bad_answer", refused
        # An item's answer in another item's field is refused too.
        wrong_field = step(cy, "cy-wrong-field", 0, text="Canberra")
        assert wrong_field["type"] == "error" and wrong_field["error"]["code"] == "bad_answer", wrong_field

        # Ada is quick and right; Bob rushes ahead with one right; Cy is slow.
        ada_acks = [step(ada, "ada-item-1", 0, choice=[1])]
        next_item(ada_acks[0], 2)
        assert ada_acks[0]["progress"]["results"] == ["right"]
        again = step(ada, "ada-item-1-again", 0, choice=[0])
        assert again["type"] == "ack" and again["status"] == "duplicate" and again["choice"] == [1], again

        bob_acks = [step(bob, "bob-item-1", 0, choice=[0])]
        next_item(bob_acks[0], 2)
        bob_acks.append(step(bob, "bob-item-2", 1, text="Kyoto"))
        next_item(bob_acks[1], 3)
        bob_acks.append(step(bob, "bob-item-3", 2, number=9))
        bob_order = next_item(bob_acks[2], 4)
        assert bob_acks[2]["progress"]["results"] == ["wrong", "wrong", "right"]

        ada_acks.append(step(ada, "ada-item-2", 1, text="Tokyo"))
        next_item(ada_acks[1], 3)
        cy_first = step(cy, "cy-item-1", 0, choice=[1])
        cy_typed = next_item(cy_first, 2)
        assert cy_typed["max_length"] == 100

        # The race: Ada (2 right of 2) leads Bob (1 right of 3), who leads Cy (1 right of 1).
        race = screen.wait_for(
            lambda f: (
                f["type"] == "state"
                and [r["steps"] for r in (f.get("question") or {}).get("race", {}).get("rows", [])] == [2, 3, 1]
            ),
            what="the race after six answers",
        )["question"]["race"]
        assert [(r["nickname"], r["right"], r["count"]) for r in race["rows"]] == [
            ("Ada", 2, 4),
            ("Bob", 1, 4),
            ("Cy", 1, 4),
        ]
        assert race["started"] == 3 and race["finished"] == 0
        assert all(set(r) == {"nickname", "id", "steps", "count", "right", "ms"} for r in race["rows"])

        ada_acks.append(step(ada, "ada-item-3", 2, number=9))
        ada_order = next_item(ada_acks[2], 4)
        ada_acks.append(step(ada, "ada-item-4", 3, order=ordered(ada_order, NORTH_TO_SOUTH)))
        finished(ada_acks[3], ["right", "right", "right", "right"])
        late_extra = step(ada, "ada-item-5", 4, choice=[0])
        assert late_extra["type"] == "error" and late_extra["error"]["code"] == "wrong_phase", late_extra

        # Bob swaps the first two: 2 of 3 pairs the right way round.
        bob_acks.append(step(bob, "bob-item-4", 3, order=ordered(bob_order, ["Berlin", "Oslo", "Rome"])))
        finished(bob_acks[3], ["wrong", "wrong", "right", "partial"])
        # Two have finished, Cy has not: the round is still open.
        waiting = screen.wait_for(
            lambda f: f["type"] == "state" and (f.get("question") or {}).get("race", {}).get("finished") == 2,
            what="two finished",
        )
        assert waiting["room"]["phase"] == "question" and waiting["question"]["answered"] == 2

        # Cy finishes: the round closes at once, without the host.
        cy_acks = [cy_first, step(cy, "cy-item-2", 1, text="tokio")]
        next_item(cy_acks[1], 3)
        cy_acks.append(step(cy, "cy-item-3", 2, number=8))
        cy_order = next_item(cy_acks[2], 4)
        cy_acks.append(step(cy, "cy-item-4", 3, order=ordered(cy_order, ["Rome", "Berlin", "Oslo"])))
        finished(cy_acks[3], ["right", "right", "wrong", "wrong"])

        shown = screen.state("reveal", 0)
        items = shown["reveal"]["items"]
        assert [i["answered"] for i in items] == [3, 3, 3, 3] and shown["reveal"]["finished"] == 3
        assert items[0]["correct"] == [1] and items[0]["counts"] == [1, 2, 0]
        assert items[1]["accepted"] == ["Tokyo"] and items[1]["right"] == 2
        assert items[2]["answer"] == 9 and items[2]["right"] == 2
        assert [items[3]["options"][i] for i in items[3]["correct"]] == NORTH_TO_SOUTH
        assert items[3]["right"] == 1 and items[3]["partly"] == 1

        # Scores: docs/scoring.md, item by item, from the times the acks report.
        revealed = {name: phone.state("reveal", 0)["me"] for name, phone in (("Ada", ada), ("Bob", bob), ("Cy", cy))}
        ada_points = documented_points([a["elapsed_ms"] for a in ada_acks], [Fraction(1)] * 4)
        assert revealed["Ada"]["result"] == {"question": 0, "correct": True, "points": ada_points, "streak_bonus": 0}
        assert revealed["Ada"]["score"] == ada_points and revealed["Ada"]["progress"]["points"] == ada_points
        assert 4 * 500 <= ada_points <= 4 * 1000
        bob_points = documented_points(
            [a["elapsed_ms"] for a in bob_acks], [Fraction(0), Fraction(0), Fraction(1), Fraction(2, 3)]
        )
        assert revealed["Bob"]["result"] == {
            "question": 0,
            "correct": False,
            "partial": True,
            "points": bob_points,
            "streak_bonus": 0,
        }
        assert revealed["Cy"]["score"] == documented_points(
            [a["elapsed_ms"] for a in cy_acks], [Fraction(1), Fraction(1), Fraction(0), Fraction(0)]
        )
        assert revealed["Ada"]["rank"] == 1

        # No key reached a phone or the screen before the reveal, in any frame.
        for name, phone in (("Ada", ada), ("Bob", bob), ("Cy", cy), ("screen", screen)):
            frames = while_open(phone)
            assert any(f["type"] == "state" and f["room"]["phase"] == "question" for _, f in frames), name
            for text, frame in frames:
                if frame["type"] == "ack":
                    # The ack echoes the player's own answer; what came back besides it is the progress.
                    frame = {"progress": frame.get("progress")}
                    text = json.dumps(frame)
                assert "reveal" not in frame, (name, text[:300])
                for scope in (frame.get("question"), (frame.get("me") or {}).get("progress"), frame.get("progress")):
                    found = [(path, key) for path, key, _ in walk(scope or {}) if key in KEY_FIELDS]
                    assert not found, (name, found, text[:300])
                assert "Tokyo" not in text and "tolerance" not in text, (name, text[:300])
        # The key of the typed item was only ever in the host's frames, while open.
        assert any("Tokyo" in text for text, _ in while_open(boss))

        # The export: each player's answer to every item, in order, and the round's points.
        status, exported = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200, exported
        rows = {row["player"]: row for row in exported["answers"]}
        assert rows["Ada"]["answer"] == "Canberra | Tokyo | 9 | Oslo > Berlin > Rome (4 of 4 right)"
        assert rows["Bob"]["answer"] == "Sydney | Kyoto | 9 | Berlin > Oslo > Rome (1 of 4 right)"
        assert rows["Cy"]["answer"] == "Canberra | tokio | 8 | Rome > Berlin > Oslo (2 of 4 right)"
        assert rows["Ada"]["points"] == ada_points and rows["Ada"]["correct"] is True
        assert rows["Bob"]["points"] == bob_points and rows["Bob"]["correct"] is False
        assert all(row["type"] == "lightning" for row in exported["answers"])
        assert rows["Ada"]["response_ms"] == ada_acks[-1]["elapsed_ms"]
        status, _, csv = host.get(f"/api/rooms/{code}/export?format=csv")
        assert status == 200 and "Sydney | Kyoto | 9 | Berlin > Oslo > Rome (1 of 4 right)" in csv.decode()
