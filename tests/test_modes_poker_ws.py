"""Planning poker over real WebSockets: no card reaches any page (the host's included) before the
reveal; the reveal names every card; a re-vote asks again with the same players."""

from __future__ import annotations

import json
from typing import Any

from support import Party, Phone, Server, pack_room

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "sprint-planning",
    "title": "Sprint Planning",
    "questions": [{"type": "poker", "text": "Story 42: export the report as PDF"}],
}
CARDS = {"Ada": "13", "Bob": "3", "Cy": "5"}


def card_frames(phone: Phone) -> list[tuple[int, dict[str, Any]]]:
    """Every state frame with its position, in order."""
    found = []
    for position, text in enumerate(phone.frames):
        frame = json.loads(text)
        if frame["type"] == "state":
            found.append((position, frame))
    return found


def test_poker_cards_stay_hidden_until_the_reveal_then_a_revote(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in CARDS}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
        boss.command("start")
        for name, card in CARDS.items():
            phone = phones[name]
            phone.state("question", 0)
            phone.send({"type": "answer", "id": f"{name}-card-round1", "question": 0, "card": card})
            ack = phone.ack(f"{name}-card-round1")
            assert ack["card"] == card
            if name == "Bob":
                down = screen.wait_for(
                    lambda f: f["type"] == "state" and (f.get("question") or {}).get("live", {}).get("votes") == 2,
                    what="two cards down",
                )
                assert down["question"]["live"]["voters"] == ["Ada", "Bob"]
        revealed = screen.state("reveal", 0)["reveal"]
        assert revealed["votes"] == [{"nickname": n, "card": c} for n, c in CARDS.items()]
        assert revealed["spread"] == {"low": "3", "high": "13"} and revealed["consensus"] is None
        assert revealed["mean"] == 7.0
        for phone in phones.values():
            assert phone.state("reveal", 0)["reveal"]["votes"] == revealed["votes"]

        # Before the reveal, no page held another player's card: not the phones, not the screen, not the host.
        watchers = {**phones, "screen": screen, "host": boss}
        for name, phone in watchers.items():
            for _, frame in card_frames(phone):
                if frame["room"]["phase"] != "question":
                    continue
                question = frame["question"]
                assert "votes" not in question and "reveal" not in frame, (name, question)
                assert set(question.get("live", {})) <= {"votes", "voters", "hidden"}, (name, question)
                own = (frame.get("me") or {}).get("answer")
                assert own is None or own == {"question": 0, "card": CARDS[name]}, (name, own)

        # Re-vote: the same question, straight after, with the same seats.
        boss.command("revote")
        again = phones["Ada"].state("question", 1)
        assert again["question"]["text"] == PACK["questions"][0]["text"] and again["me"]["answer"] is None
        for name in CARDS:
            phones[name].send({"type": "answer", "id": f"{name}-card-round2", "question": 1, "card": "8"})
            phones[name].ack(f"{name}-card-round2")
        second = screen.state("reveal", 1)["reveal"]
        assert second["consensus"] == "8" and second["spread"] == {"low": "8", "high": "8"}
        boss.command("revote")
        boss.wait_for(lambda f: f["type"] == "state" and len(f.get("show", [])) == 3, what="a third round in the show")
        boss.command("reveal")
        boss.command("next")
        phones["Cy"].state("ended")
