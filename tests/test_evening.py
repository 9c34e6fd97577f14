"""A whole evening in one room: every kind of activity, one set of players, one running score.

The issue's "done when": a host runs an evening mixing every mode in one room, and players keep
one identity and one running score across them. Three phones play a show with a question of
every type (teams on), one phone drops and resumes its seat halfway, the host adds a poll live,
and at the end each player's score is the sum of what each activity gave them, and the export
holds one row per player per activity.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from support import Party, Phone, Server, pack_room

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "an-evening-of-everything",
    "title": "An Evening of Everything",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "single", "text": "Which planet is red?", "options": ["Venus", "Mars"], "correct": 1},
        {"type": "typed", "text": "Capital of Iceland?", "accepted": ["Reykjavík"]},
        {"type": "number", "text": "Legs on a spider?", "answer": 8},
        {"type": "order", "text": "Smallest first", "items": ["Ant", "Cat", "Horse"]},
        {"type": "poll", "text": "Tea or coffee?", "options": ["Tea", "Coffee"]},
        {"type": "scale", "text": "How is it going?", "min": 1, "max": 5},
        {"type": "wordcloud", "text": "One word for tonight?"},
        {"type": "poker", "text": "How long is this evening?"},
        {"type": "buzzer", "category": "Rivers", "value": 200, "text": "It flows through Cairo", "answer": "Nile"},
        {
            "type": "buzzer",
            "category": "Rivers",
            "value": 400,
            "text": "It flows through Vienna",
            "answer": "Danube",
            "daily_double": True,
        },
        {"type": "wordle", "word": "crane", "time_limit": 120},
        {
            "type": "lightning",
            "text": "Quick fire",
            "time_limit": 90,
            "questions": [
                {"type": "truefalse", "text": "The sun is a star.", "correct": True},
                {"type": "typed", "text": "Opposite of cold?", "accepted": ["hot"]},
            ],
        },
        {
            "type": "final",
            "category": "Music",
            "text": "The composer of the Moonlight Sonata",
            "accepted": ["Beethoven"],
        },
    ],
}
NAMES = ("Ada", "Bob", "Cy")


def play(phone: Phone, index: int, fields: dict[str, Any], step: int = 0) -> dict[str, Any]:
    answer_id = f"{phone.seat['nickname']}-answer-{index}-{step}"
    phone.send({"type": "answer", "id": answer_id, "question": index, "step": step, **fields})
    ack = phone.wait_for(
        lambda f: (f["type"] == "ack" and f["id"] == answer_id) or (f["type"] == "error" and f.get("ref") == answer_id),
        what=f"ack for {answer_id}",
    )
    assert ack["type"] == "ack" and ack["status"] == "accepted", ack
    return ack


def test_an_evening_of_every_mode_keeps_one_identity_and_one_running_score(host: Server) -> None:
    code = pack_room(host, PACK)
    gained: dict[str, int] = dict.fromkeys(NAMES, 0)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in NAMES}
        ids = {name: phones[name].seat["id"] for name in NAMES}
        boss.command("teams", names=["Owls", "Foxes"])
        boss.wait_for(lambda f: f["type"] == "state" and f["room"].get("teams"), what="teams")
        boss.command("balance_teams")
        boss.wait_for(
            lambda f: f["type"] == "state" and all(p.get("team") is not None for p in f["players"]), what="teams dealt"
        )
        # The host types a poll on the spot, to come right after the first question.
        boss.command(
            "add", question={"type": "poll", "text": "Pizza or pasta?", "options": ["Pizza", "Pasta"]}, position=1
        )
        show = boss.wait_for(lambda f: f["type"] == "state" and len(f.get("show", [])) == 14, what="the poll added")
        assert [item["type"] for item in show["show"]][:3] == ["single", "poll", "typed"]
        boss.command("start")

        opened: dict[str, dict[str, Any]] = {}

        def everyone(index: int, answers: dict[str, dict[str, Any]]) -> None:
            for name, fields in answers.items():
                play(phones[name], index, fields)

        def settle(index: int) -> None:
            """Wait for the reveal, note each player's result, and go on to the next question."""
            for name, phone in phones.items():
                frame = phone.state("reveal", index)
                result = frame["me"]["result"]
                if result is not None:
                    gained[name] += result["points"] + result.get("streak_bonus", 0)
            boss.command("next")
            frame = boss.wait_for(
                lambda f: (
                    f["type"] == "state"
                    and (
                        f["room"]["phase"] in ("leaderboard", "ended")
                        or (f["room"]["phase"] == "question" and f["question"]["index"] == index + 1)
                    )
                ),
                what="after the reveal",
                newest_state=True,
            )
            if frame["room"]["phase"] == "leaderboard":
                boss.command("next")
            if index + 1 < 14:
                for name, phone in phones.items():
                    opened[name] = phone.state("question", index + 1)

        phones["Ada"].state("question", 0)
        everyone(0, {"Ada": {"choice": [1]}, "Bob": {"choice": [1]}, "Cy": {"choice": [0]}})
        settle(0)
        everyone(1, {"Ada": {"choice": [0]}, "Bob": {"choice": [1]}, "Cy": {"choice": [0]}})
        settle(1)
        everyone(2, {"Ada": {"text": "reykjavik"}, "Bob": {"text": "Oslo"}, "Cy": {"text": "Reykjavik"}})
        settle(2)

        # Bob's phone drops; he comes back on his seat token with his score and team.
        token = phones["Bob"].seat["token"]
        score_before = opened["Bob"]["me"]["score"]
        assert score_before == gained["Bob"]
        phones["Bob"].close()
        phones["Bob"] = party.resume(code, token)
        back = phones["Bob"].state("question", 3)["me"]
        assert back["id"] == ids["Bob"] and back["score"] == score_before and back["team"] is not None

        everyone(3, {"Ada": {"number": 8}, "Bob": {"number": 6}, "Cy": {"number": 8}})
        settle(3)
        key = boss.state("question", 4)["question"]["correct"]
        everyone(4, {"Ada": {"order": key}, "Bob": {"order": list(reversed(key))}, "Cy": {"order": key}})
        settle(4)
        everyone(5, {"Ada": {"choice": [0]}, "Bob": {"choice": [1]}, "Cy": {"choice": [0]}})
        settle(5)
        everyone(6, {"Ada": {"number": 5}, "Bob": {"number": 4}, "Cy": {"number": 3}})
        settle(6)
        everyone(7, {"Ada": {"entries": ["fun"]}, "Bob": {"entries": ["long"]}, "Cy": {"entries": ["Fun"]}})
        settle(7)
        everyone(8, {"Ada": {"card": "3"}, "Bob": {"card": "5"}, "Cy": {"card": "3"}})
        settle(8)
        # The buzzer board: Cy buzzes first and is right, so the Daily Double is Cy's.
        for name in ("Cy", "Ada"):
            play(phones[name], 9, {"buzz": True})
        boss.wait_for(lambda f: f["type"] == "state" and f.get("question", {}).get("buzzers"), what="buzzes")
        boss.command("judge", right=True)
        settle(9)
        question = opened["Ada"]["question"]
        assert question["daily_double"] and question["control"] == ids["Cy"]
        play(phones["Cy"], 10, {"wager": 150})
        boss.wait_for(
            lambda f: (
                f["type"] == "state" and any(b["status"] == "up" for b in f.get("question", {}).get("buzzers", []))
            ),
            what="Cy up",
        )
        boss.command("judge", right=False)
        settle(10)
        # The Wordle race: Ada solves in two, Cy in one, Bob runs out of tries.
        for step, guess in enumerate(("slate", "crane")):
            play(phones["Ada"], 11, {"guess": guess}, step)
        play(phones["Cy"], 11, {"guess": "crane"})
        for step, guess in enumerate(("house", "about", "light", "money", "water", "plant")):
            play(phones["Bob"], 11, {"guess": guess}, step)
        settle(11)
        lightning = {"Ada": [{"choice": [0]}, {"text": "hot"}], "Bob": [{"choice": [1]}, {"text": "warm"}]}
        lightning["Cy"] = [{"choice": [0]}, {"text": "Hot"}]
        for name, steps in lightning.items():
            for step, fields in enumerate(steps):
                ack = play(phones[name], 12, fields, step)
                assert ack["progress"]["steps"] == step + 1
        settle(12)
        me = {name: opened[name]["me"] for name in NAMES}
        assert all(me[name]["progress"]["max_wager"] == max(0, me[name]["score"]) for name in NAMES)
        finals = {"Ada": (100, "Beethoven"), "Bob": (0, "Mozart"), "Cy": (min(50, max(0, me["Cy"]["score"])), "bach")}
        for name, (wager, answer) in finals.items():
            play(phones[name], 13, {"wager": wager})
            play(phones[name], 13, {"text": answer}, 1)
        settle(13)
        ended = {name: phones[name].state("ended")["me"] for name in NAMES}
        screen.state("ended")

    # One running score: each player's final score is the sum of what every activity gave them,
    # a lost wager and a wrong buzz included.
    assert {name: ended[name]["score"] for name in NAMES} == gained
    assert {name: ended[name]["id"] for name in NAMES} == ids
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    summary = {row["player"]: row for row in document["summary"]}
    assert {name: summary[name]["score"] for name in NAMES} == gained
    assert all(summary[name]["team"] for name in NAMES)
    rows = document["answers"]
    assert len(rows) == 14 * len(NAMES), "one row per player per activity"
    assert {row["question_number"] for row in rows} == set(range(1, 15))
    for name in NAMES:
        assert sum(row["points"] + row["streak_bonus"] for row in rows if row["player"] == name) == gained[name]
    wordle = next(r for r in rows if r["player"] == "Ada" and r["question_number"] == 12)
    assert wordle["answer"] == "SLATE CRANE (solved in 2)"
    assert len(document["activities"]) == 14
    status, _headers, raw = host.get(f"/api/rooms/{code}/export?format=csv")
    assert status == 200
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert len(table) == 14 * len(NAMES)
