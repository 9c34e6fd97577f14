"""What a role may not see is never sent to it (``docs/protocol.md``, "The three roles").

Every frame that every phone and the screen receive during a whole game is recorded and
searched afterwards, structurally and as raw text: before a question's reveal no frame holds
its answer key or explanation; no phone ever holds another player's answer or token; no frame
holds a token hash. The host's frames, by contrast, do hold the key while a question is open.
"""

from __future__ import annotations

import json
from typing import Any

from support import KEY, TRIO_PACK, Party, Phone, Server, token_hash, trio_room, walk

#: per question: who answers what (Cy answers question 0 only after resuming; Dee joins late)
PLANS: dict[int, dict[str, list[int]]] = {
    0: {"Ada": [1], "Bob": [0]},
    1: {"Ada": [0, 2], "Bob": [2], "Cy": [0, 2]},
    2: {"Bob": [1], "Cy": [0], "Dee": [1]},
}
EXPLANATIONS = {i: q["explanation"] for i, q in enumerate(TRIO_PACK["questions"])}
#: keys that may appear in a phone's or the screen's frames only after the reveal, if at all
SECRET_KEYS = {"correct", "explanation", "reveal"}


def answer_id(name: str, index: int) -> str:
    return f"{name}-secret-answer-{index}"


def reveal_position(frames: list[str], index: int) -> int:
    """Where in ``frames`` the reveal of question ``index`` first arrived (the end if it never did)."""
    for position, text in enumerate(frames):
        frame = json.loads(text)
        if frame["type"] == "state" and frame["room"]["phase"] == "reveal" and frame["reveal"]["index"] == index:
            return position
    return len(frames)


def play(host: Server) -> tuple[dict[str, list[Phone]], Phone, Phone]:
    """Play the whole game of ``PLANS``; returns every connection, by player, then screen and host."""
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        seats = {name: [party.player(code, name)] for name in ("Ada", "Bob", "Cy")}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players on the host")
        boss.command("start")
        for index, plan in PLANS.items():
            if index == 1:
                # Cy's phone drops between questions and comes back with its token.
                old = seats["Cy"][-1]
                old.close()
                seats["Cy"].append(party.resume(code, old.seat["token"]))
            for phones in seats.values():
                phones[-1].state("question", index)
            if index == 1:
                # Dee joins while question 1 is open.
                seats["Dee"] = [party.player(code, "Dee")]
                seats["Dee"][-1].state("question", 1)
            for name, choice in plan.items():
                ack = seats[name][-1].answer(answer_id(name, index), index, choice)
                assert ack["status"] == "accepted", ack
                mine = seats[name][-1].wait_for(
                    lambda f, i=index: (
                        f["type"] == "state"
                        and f["room"]["phase"] == "question"
                        and (f["me"]["answer"] or {}).get("question") == i
                    ),
                    what="the phone's own answer in its state",
                )
                assert mine["me"]["answer"] == {"question": index, "choice": sorted(choice)}
            boss.command("reveal")
            for phones in seats.values():
                phones[-1].state("reveal", index)
            screen.state("reveal", index)
            boss.state("reveal", index)
            boss.command("next")
            boss.state("leaderboard")
            boss.command("next")
        for phones in seats.values():
            phones[-1].state("ended")
        screen.state("ended")
    return seats, screen, boss


def test_a_whole_game_leaks_no_answer_key_other_answer_or_token_to_phones_or_the_screen(host: Server) -> None:
    seats, screen, boss = play(host)
    tokens = {name: phones[0].seat["token"] for name, phones in seats.items()}
    hashes = {token_hash(token) for token in tokens.values()}
    watchers: dict[str, list[Phone]] = {**seats, "screen": [screen]}

    for name, phones in watchers.items():
        others = [token for who, token in tokens.items() if who != name]
        foreign_ids = [answer_id(who, i) for i, plan in PLANS.items() for who in plan if who != name]
        for phone in phones:
            reveals = {index: reveal_position(phone.frames, index) for index in PLANS}
            for position, text in enumerate(phone.frames):
                where = f"{name} frame {position}: {text[:200]}"
                # No token but the phone's own, and no token hash, ever.
                assert "token_hash" not in text, where
                assert not any(token in text for token in others), where
                assert not any(digest in text for digest in hashes), where
                # No other player's answer, ever: not even its id.
                assert not any(foreign in text for foreign in foreign_ids), where
                # No explanation before its question's reveal.
                for index, at in reveals.items():
                    if position < at:
                        assert EXPLANATIONS[index] not in text, where
                frame = json.loads(text)
                if frame["type"] != "state":
                    continue
                phase = frame["room"]["phase"]
                if phase in ("lobby", "question"):
                    secret = [path for path, key, _ in walk(frame) if key in SECRET_KEYS]
                    assert secret == [], (secret, where)
                if phase == "reveal":
                    assert frame["reveal"]["index"] == frame["question"]["index"], where
                answers = [path for path, key, _ in walk(frame) if key in ("answer", "answers", "choice")]
                if name == "screen":
                    assert answers == [], where
                    for player in frame.get("players", []):
                        assert set(player) <= {"id", "nickname", "score", "connected"}, where
                    continue
                assert set(answers) <= {"me.answer", "me.answer.choice"}, where
                assert frame["me"]["nickname"] == name, where
                own = frame["me"]["answer"]
                if own is not None:
                    assert name in PLANS[own["question"]], where
                    assert own == {"question": own["question"], "choice": sorted(PLANS[own["question"]][name])}, where
    # Each phone saw its own token in its own welcome; the screen saw no token at all.
    for name, phones in seats.items():
        assert [phone.seat["token"] for phone in phones] == [tokens[name]] * len(phones)
    assert not any(token in text for text in screen.frames for token in tokens.values())

    # The control: the same search finds the key in the host's frames while each question is open.
    open_keys: dict[int, list[Any]] = {}
    for text in boss.frames:
        assert "token_hash" not in text and not any(token in text for token in tokens.values())
        frame = json.loads(text)
        if frame["type"] == "state" and frame["room"]["phase"] == "question":
            open_keys.setdefault(frame["question"]["index"], []).append(frame["question"].get("correct"))
    assert open_keys.keys() == PLANS.keys()
    for index, keys in open_keys.items():
        assert keys == [KEY[index]] * len(keys), (index, keys)
