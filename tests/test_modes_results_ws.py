"""Polls, scales and word clouds over real WebSockets against a real host process.

The screen sees results live, phones only after the close and only when the host shows them;
a word the host hides never reaches a phone, and leaves the screen; anonymous stays anonymous.
"""

from __future__ import annotations

import json
from typing import Any

from support import Party, Phone, Server, pack_room

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "room-voice",
    "title": "The Room's Voice",
    "questions": [
        {"type": "poll", "text": "Tea or coffee?", "options": ["Tea", "Coffee"], "show_results": False},
        {"type": "scale", "text": "How was the week?", "min": 1, "max": 5},
        {"type": "wordcloud", "text": "One word for the week?", "max_entries": 2},
    ],
}
SECRET_WORD = "Dreadful"


def send(phone: Phone, answer_id: str, question: int, **fields: Any) -> dict[str, Any]:
    phone.send({"type": "answer", "id": answer_id, "question": question, **fields})
    return phone.wait_for(
        lambda f: (
            (f["type"] == "ack" and f["id"] == answer_id)
            or (f["type"] == "error" and f.get("ref") in (answer_id, "answer"))
        ),
        what=f"ack or error for {answer_id}",
    )


def test_polls_scales_and_word_clouds_over_websockets(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in ("Ada", "Bob", "Cy")}
        ada, bob, cy = phones.values()
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
        boss.command("start")

        # Poll: no timer; the screen sees the votes live; phones do not, and not after the close either.
        opened = ada.state("question", 0)["question"]
        assert opened["time_limit_ms"] == 0 and opened["scored"] is False
        assert send(ada, "ada-poll-0001", 0, choice=[1])["choice"] == [1]
        assert send(bob, "bob-poll-0001", 0, choice=[1])["status"] == "accepted"
        live = screen.wait_for(
            lambda f: f["type"] == "state" and (f.get("question") or {}).get("live", {}).get("counts") == [0, 2],
            what="two votes live on the screen",
        )
        assert live["question"]["answered"] == 2
        boss.command("reveal")
        assert cy.state("reveal", 0)["reveal"] == {"index": 0, "answered": 2, "results_hidden": True}
        assert screen.state("reveal", 0)["reveal"]["counts"] == [0, 2]
        boss.command("show_results")
        shown = cy.wait_for(
            lambda f: f["type"] == "state" and "counts" in (f.get("reveal") or {}), what="results shown"
        )
        assert shown["reveal"]["counts"] == [0, 2] and shown["me"]["result"] is None
        assert shown["me"]["score"] == 0
        boss.command("next")  # no leaderboard after a poll: straight to the scale
        ada.state("question", 1)

        # Scale: whole numbers from 1 to 5, the mean at the reveal.
        bad = send(ada, "ada-scale-bad1", 1, number=6)
        assert bad["type"] == "error" and bad["error"]["code"] == "bad_answer"
        for phone, value in ((ada, 5), (bob, 4), (cy, 4)):
            send(phone, f"{phone.seat['nickname']}-scale-0001", 1, number=value)
        revealed = ada.state("reveal", 1)["reveal"]
        assert revealed["counts"] == [0, 0, 0, 2, 1] and revealed["mean"] == 4.33
        boss.command("next")
        ada.state("question", 2)

        # Word cloud: grouped ignoring case; the host hides a word and it reaches no phone.
        assert send(ada, "ada-cloud-0001", 2, entries=["Busy", SECRET_WORD])["entries"] == ["Busy", SECRET_WORD]
        too_many = send(bob, "bob-cloud-bad1", 2, entries=["a", "b", "c"])
        assert too_many["type"] == "error" and too_many["error"]["code"] == "bad_answer"
        send(bob, "bob-cloud-0001", 2, entries=["busy!"])
        boss.wait_for(
            lambda f: f["type"] == "state" and len((f.get("question") or {}).get("live", {}).get("words", [])) == 2,
            what="two words on the host",
        )
        boss.command("hide_entry", entry="nothing like this")
        assert boss.error("bad_message")["error"]["message"] == "There is no such entry in this question."
        boss.command("hide_entry", entry=SECRET_WORD.lower())
        hidden = screen.wait_for(
            lambda f: (
                f["type"] == "state"
                and [w["key"] for w in (f.get("question") or {}).get("live", {}).get("words", [])] == ["busy"]
            ),
            what="the hidden word gone from the screen",
        )
        assert hidden["question"]["live"]["words"] == [{"key": "busy", "text": "Busy", "count": 2}]
        host_view = boss.wait_for(
            lambda f: f["type"] == "state" and (f.get("question") or {}).get("live", {}).get("hidden") == ["dreadful"],
            what="the hidden word marked on the host",
        )
        assert len(host_view["question"]["live"]["words"]) == 2
        hidden_at = len(screen.frames)
        send(cy, "cy-cloud-0001", 2, entries=["DREADFUL"])  # the everyone-answered close follows
        assert cy.state("reveal", 2)["reveal"]["words"] == [{"key": "busy", "text": "Busy", "count": 2}]
        screen.state("reveal", 2)
        boss.command("next")
        ada.state("ended")

    # Phones never held the hidden word, except the phone that sent it, in its own answer.
    for name, phone in phones.items():
        for text in phone.frames:
            frame = json.loads(text)
            if SECRET_WORD.lower() in text.lower():
                assert name in ("Ada", "Cy") and frame["type"] in ("ack", "state"), (name, text[:200])
                own = frame.get("entries") or (frame.get("me") or {}).get("answer", {}).get("entries")
                assert own and SECRET_WORD.lower() in " ".join(own).lower(), (name, text[:200])
                assert "live" not in json.dumps(frame.get("question", {})), text[:200]
                assert SECRET_WORD.lower() not in json.dumps(frame.get("reveal", {})).lower(), text[:200]
    # The screen held it only before the host hid it.
    assert not any(SECRET_WORD.lower() in text.lower() for text in screen.frames[hidden_at:])
    # Phones never got live results.
    for phone in phones.values():
        assert not any('"live"' in text for text in phone.frames)

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    assert {row["answer"] for row in document["answers"]} <= {"(anonymous)", ""}
    results = {a["type"]: a["results"] for a in document["activities"]}
    assert results["poll"] == {"counts": [0, 2]}
    assert results["wordcloud"]["words"] == [{"key": "busy", "text": "Busy", "count": 2}]
