"""Nothing secret reaches a phone or the screen, in every mode (the idea of ``test_leak.py``).

One room plays a typed answer, a closest-wins number, an ordering, planning poker and a word
cloud with a word the host hides. Every frame every phone and the screen receive is recorded and
searched afterwards: no answer key before its reveal (nor the host's own view of it), no poker
card before the reveal, no hidden word ever on a phone, and no other player's answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from support import Party, Phone, Server, pack_room, walk

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "secrets-everywhere",
    "title": "Secrets Everywhere",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "typed", "text": "Name the secret river", "accepted": ["Quillabamba"], "explanation": "Zephyrine"},
        {"type": "number", "text": "Secret number?", "answer": 48213, "tolerance": 7, "closest": True},
        {"type": "order", "text": "Secret order", "items": ["Xanthe", "Yorrick", "Zebulon"]},
        {"type": "poker", "text": "Estimate"},
        {"type": "wordcloud", "text": "A word"},
    ],
}
#: per question: text that must not reach a phone or the screen before that question's reveal
KEYS: dict[int, list[str]] = {
    0: ["Quillabamba", "Zephyrine", '"accepted":['],
    1: ["48213", '"tolerance"'],
    2: ['"correct":['],
    3: ['"votes":[', '"cards"'],
}
#: what each player answers, per question
PLAYS: dict[int, dict[str, dict[str, Any]]] = {
    0: {"Ada": {"text": "quillabamba"}, "Bob": {"text": "Amazon"}},
    1: {"Ada": {"number": 40000}, "Bob": {"number": 90000}},
    3: {"Ada": {"card": "21"}, "Bob": {"card": "89"}},
    4: {"Ada": {"entries": ["Vexillology"]}, "Bob": {"entries": ["Tangerine"]}},
}
HIDDEN = "Vexillology"


def reveal_at(frames: list[str], index: int) -> int:
    for position, text in enumerate(frames):
        frame = json.loads(text)
        if frame["type"] == "state" and frame["room"]["phase"] == "reveal" and frame["reveal"]["index"] == index:
            return position
    return len(frames)


def frames_without_secrets(name: str, phone: Phone, keys: dict[int, list[str]]) -> Iterator[tuple[str, str]]:
    """Every frame ``phone`` got, as (text, where), each checked to hold no secret of
    ``keys`` (per question index) before that question's reveal."""
    reveals = {index: reveal_at(phone.frames, index) for index in keys}
    for position, text in enumerate(phone.frames):
        where = f"{name} frame {position}: {text[:240]}"
        for index, secrets in keys.items():
            if position < reveals[index]:
                for secret in secrets:
                    assert secret not in text, (secret, where)
        yield text, where


def test_no_mode_leaks_a_key_a_card_a_hidden_word_or_another_answer(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones: dict[str, Phone] = {name: party.player(code, name) for name in ("Ada", "Bob")}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="2 players")
        boss.command("start")
        for index in range(len(PACK["questions"])):
            opened = phones["Ada"].state("question", index)
            if index == 2:
                key = boss.state("question", 2)["question"]["correct"]
                plays = {"Ada": {"order": key}, "Bob": {"order": list(reversed(key))}}
            else:
                plays = PLAYS[index]
            assert opened["question"]["type"] == PACK["questions"][index]["type"]
            for name, fields in plays.items():
                answer_id = f"{name}-secret-{index}"
                phones[name].send({"type": "answer", "id": answer_id, "question": index, **fields})
                assert phones[name].ack(answer_id)["status"] == "accepted"
                if index == 4 and name == "Ada":
                    boss.wait_for(
                        lambda f: f["type"] == "state" and (f.get("question") or {}).get("live", {}).get("words"),
                        what="the word on the host",
                    )
                    boss.command("hide_entry", entry=HIDDEN.lower())
                    boss.wait_for(
                        lambda f: f["type"] == "state" and (f.get("question") or {}).get("live", {}).get("hidden"),
                        what="the word hidden",
                    )
            for phone in (*phones.values(), screen):
                phone.state("reveal", index)
            boss.command("next")
            if PACK["questions"][index]["type"] in ("typed", "number", "order"):
                boss.state("leaderboard")
                boss.command("next")
        phones["Ada"].state("ended")

    watchers: dict[str, Phone] = {**phones, "screen": screen}
    for name, phone in watchers.items():
        for text, where in frames_without_secrets(name, phone, KEYS):
            frame = json.loads(text)
            # The hidden word: never on another phone or (after the hide) anywhere but its writer's own answer.
            if HIDDEN in text:
                assert name in ("Ada", "screen"), where
                if name == "Ada":
                    own = frame.get("entries") or ((frame.get("me") or {}).get("answer") or {}).get("entries")
                    assert own == [HIDDEN] and HIDDEN not in json.dumps(frame.get("reveal", {})), where
            if frame["type"] != "state" or name == "screen":
                continue
            # A phone holds no other player's answer: answers appear only as its own me.answer, and in
            # a reveal (the key, the closest guess, and a poker round's cards, named on purpose).
            paths = [
                path for path, key, _ in walk(frame) if key in ("answer", "text", "number", "order", "card", "entries")
            ]
            for path in paths:
                assert path.startswith(("me.answer", "reveal.")) or path in ("question.text", "question.number"), (
                    path,
                    where,
                )
            if name == "Ada":
                assert "Amazon" not in text and "90000" not in text, where
    # The screen held the hidden word only before the host hid it; phones never got live results.
    hidden_at = next(i for i, t in enumerate(boss.frames) if '"hidden":["vexillology"]' in t)
    assert hidden_at > 0
    assert not any(HIDDEN in text and '"reveal"' in text for text in screen.frames)
    for phone in phones.values():
        assert not any('"live"' in text for text in phone.frames)


STEPPED_PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "secrets-in-steps",
    "title": "Secrets in Steps",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "truefalse", "text": "Warm-up: water is wet.", "correct": True},
        {"type": "wordle", "word": "quirk", "time_limit": 120},
        {
            "type": "lightning",
            "text": "Quick ones",
            "time_limit": 120,
            "questions": [
                {"type": "typed", "text": "Capital of Mongolia?", "accepted": ["Ulaanbaatar"]},
                {"type": "number", "text": "A secret number?", "answer": 73519},
                {"type": "single", "text": "Pick one", "options": ["Marigold", "Xylophone"], "correct": 1},
            ],
        },
        {
            "type": "final",
            "category": "Myths",
            "text": "The feathered serpent of the Aztecs",
            "accepted": ["Quetzalcoatl"],
        },
        {
            "type": "buzzer",
            "category": "Rivers",
            "value": 400,
            "text": "It drains into the Atlantic in Venezuela",
            "answer": "Orinoco",
            "daily_double": True,
        },
    ],
}
#: per question: text that must not reach a phone or the screen before that question's reveal
#: (the final's clue is checked on its own: a phone gets it once it has wagered)
STEPPED_KEYS: dict[int, list[str]] = {
    1: ["quirk", "QUIRK"],
    2: ["Ulaanbaatar", "73519", '"correct":[1]'],
    4: ["Orinoco"],
}
#: each player's steps, per question
STEPS: dict[int, dict[str, list[dict[str, Any]]]] = {
    0: {"Ada": [{"choice": [0]}], "Bob": [{"choice": [1]}]},
    1: {"Ada": [{"guess": "slate"}, {"guess": "crane"}], "Bob": [{"guess": "house"}, {"guess": "about"}]},
    2: {
        "Ada": [{"text": "Ulan Bator"}, {"number": 70000}, {"choice": [1]}],
        "Bob": [{"text": "Astana"}, {"number": 12}, {"choice": [0]}],
    },
    3: {"Ada": [{"wager": 100}, {"text": "Quetzalcoatl"}], "Bob": [{"wager": 0}, {"text": "Kukulkan"}]},
    4: {"Ada": [{"wager": 300}]},
}


def test_no_stepped_mode_leaks_a_word_an_item_key_a_clue_or_another_run(host: Server) -> None:
    code = pack_room(host, STEPPED_PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones: dict[str, Phone] = {name: party.player(code, name) for name in ("Ada", "Bob")}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="2 players")
        boss.command("start")
        for index, plays in STEPS.items():
            phones["Ada"].state("question", index)
            for name, steps in plays.items():
                for step, fields in enumerate(steps):
                    answer_id = f"{name}-step-{index}-{step}"
                    phones[name].send({"type": "answer", "id": answer_id, "question": index, "step": step, **fields})
                    assert phones[name].ack(answer_id)["status"] == "accepted"
            if index == 1:
                boss.command("reveal")  # nobody solved it: the host closes the race
            if index == 4:
                boss.wait_for(
                    lambda f: f["type"] == "state" and any(b["status"] == "up" for b in f["question"]["buzzers"]),
                    what="Ada up",
                )
                boss.command("judge", right=True)
            for phone in (*phones.values(), screen):
                phone.state("reveal", index)
            boss.command("next")
            boss.state("leaderboard")
            boss.command("next")
        phones["Ada"].state("ended")

    watchers: dict[str, Phone] = {**phones, "screen": screen}
    for name, phone in watchers.items():
        for text, where in frames_without_secrets(name, phone, STEPPED_KEYS):
            # Nobody sees another player's guesses or answers: the screen shows colours, not letters.
            others = [n for n in phones if n != name]
            for other in others:
                for index in (1, 2):
                    for fields in STEPS[index][other]:
                        for value in fields.values():
                            if isinstance(value, str):
                                assert value not in text, (other, value, where)
            if name != "Ada":
                assert "slate" not in text and "crane" not in text, where
    # The final's clue: on a phone only from the ack of its own wager, on the screen at the reveal;
    # its answer on no phone but the one that typed it while the final was open (Bob's last answer
    # closes it, so its ack already holds the key, as the reveal right after it does).
    clue = "feathered serpent"
    for name, phone in phones.items():
        wagered = next(i for i, t in enumerate(phone.frames) if f'"id":"{name}-step-3-0"' in t)
        assert not any(clue in text for text in phone.frames[:wagered]), name
    assert not any(clue in text for text in screen.frames[: reveal_at(screen.frames, 3)])
    bob = phones["Bob"].frames
    closing = next(i for i, t in enumerate(bob) if '"id":"Bob-step-3-1"' in t)
    assert not [text for text in bob[:closing] if "Quetzalcoatl" in text]
    # After the close the word and the clue are out, with the runs' colours on the screen.
    assert any("quirk" in text for text in screen.frames)
    assert any("feathered serpent" in text for text in phones["Bob"].frames)
