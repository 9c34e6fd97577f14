"""Nothing secret reaches a phone or the screen, in every mode (the idea of ``test_leak.py``).

One room plays a typed answer, a closest-wins number, an ordering, planning poker and a word
cloud with a word the host hides. Every frame every phone and the screen receive is recorded and
searched afterwards: no answer key before its reveal (nor the host's own view of it), no poker
card before the reveal, no hidden word ever on a phone, and no other player's answer.
"""

from __future__ import annotations

import json
from typing import Any

from support import Party, Phone, Server, walk

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


def test_no_mode_leaks_a_key_a_card_a_hidden_word_or_another_answer(host: Server) -> None:
    status, body = host.post_json("/api/packs", PACK)
    assert status == 201, body
    code = str(host.create_room(PACK["id"])["code"])
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
        reveals = {index: reveal_at(phone.frames, index) for index in KEYS}
        for position, text in enumerate(phone.frames):
            where = f"{name} frame {position}: {text[:240]}"
            for index, secrets in KEYS.items():
                if position < reveals[index]:
                    for secret in secrets:
                        assert secret not in text, (secret, where)
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
