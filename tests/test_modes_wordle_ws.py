"""A Wordle race over real WebSockets: each guess comes back coloured in its ``ack``; the hidden
word reaches no phone and no screen before the reveal (every frame is searched); a word not in
the list is refused and changes nothing; a resent step is reported as a duplicate; the screen's
race ranks solved players by tries, then time; the export lists each player's guesses."""

from __future__ import annotations

import json
from typing import Any

from support import Frame, Party, Phone, Server, pack_room, walk

WORD = "crane"
PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "wordle-race",
    "title": "Wordle Race",
    "questions": [{"type": "wordle", "word": WORD, "time_limit": 300}],
}
#: each player's guesses, in order (all words of the allowed list)
GUESSES = {
    "Cy": ["house", "crane"],  # two tries, but after Ada: joined first, so only time puts Ada ahead
    "Ada": ["slate", "crane"],  # two tries
    "Bob": ["crane"],  # one try, last to finish: still first
    "Dee": ["about", "light"],  # not solved, not finished
}
#: the colours of each guess against the word (g right place, y elsewhere, - absent)
COLOURS = {"house": "----g", "slate": "--g-g", "crane": "ggggg", "about": "y----", "light": "-----"}


def guess(phone: Phone, answer_id: str, step: int, word: str) -> Frame:
    """Send one guess and return its ``ack`` or ``error``."""
    phone.send({"type": "answer", "id": answer_id, "question": 0, "guess": word, "step": step})
    return phone.wait_for(
        lambda f: (f["type"] == "ack" and f["id"] == answer_id) or (f["type"] == "error" and f.get("ref") == answer_id),
        what=f"ack or error for {answer_id}",
    )


def frames_before_reveal(phone: Phone, upto: int | None = None) -> list[tuple[str, Frame]]:
    """The frames a connection received while the race was open (raw text and decoded)."""
    found = []
    for text in phone.frames[:upto]:
        frame = json.loads(text)
        if frame["type"] == "state" and frame["room"]["phase"] in ("reveal", "leaderboard", "ended"):
            break
        found.append((text, frame))
    return found


def run_of(frame: Frame) -> dict[str, Any]:
    return (frame.get("me") or {}).get("progress") or {}


def race_of(frame: Frame) -> dict[str, Any]:
    return (frame.get("question") or {}).get("race") or {"finished": 0, "rows": []}


def accepted(ack: Frame, step: int, word: str, rows: list[str]) -> None:
    """An accepted guess: its step, and the run so far with each guess's colours."""
    assert ack["type"] == "ack" and ack["status"] == "accepted", ack
    assert ack["step"] == step and ack["guess"] == word, ack
    assert ack["progress"]["rows"] == [{"guess": g, "colours": COLOURS[g]} for g in rows], ack
    assert ack["progress"]["steps"] == len(rows)
    assert ack["progress"]["solved"] is (rows[-1] == WORD)
    assert "word" not in ack["progress"], "the word comes only after the close"


def test_a_wordle_race_colours_guesses_hides_the_word_and_ranks_by_tries_then_time(host: Server) -> None:
    code = pack_room(host, PACK)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in GUESSES}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 4, what="4 players")
        boss.command("start")
        for name, phone in phones.items():
            question = phone.state("question", 0)["question"]
            assert question["type"] == "wordle" and question["stepped"] is True, (name, question)
            assert question["length"] == 5 and question["tries"] == 6
        assert boss.state("question", 0)["question"]["word"] == WORD, "the host page shows the word"

        ada, bob, cy, dee = phones["Ada"], phones["Bob"], phones["Cy"], phones["Dee"]
        # Where each phone's frames stood just before it sent the word itself.
        before_own_word: dict[str, int] = {}

        accepted(guess(ada, "ada-guess-0001", 0, "SLATE"), 0, "slate", ["slate"])

        # A word that is not in the list: refused, and the run is as it was.
        refused = guess(ada, "ada-guess-bad1", 1, "cranx")
        assert refused["type"] == "error" and refused["error"]["code"] == "bad_answer", refused
        assert refused["error"]["message"] == "CRANX is not in the word list. Try another word."
        short = guess(ada, "ada-guess-bad2", 1, "cran")
        assert short["type"] == "error" and short["error"]["code"] == "bad_answer", short
        # The same step again, with the same id: reported as a duplicate, counted once.
        again = guess(ada, "ada-guess-0001", 0, "slate")
        assert again["type"] == "ack" and again["status"] == "duplicate", again
        assert again["progress"]["steps"] == 1 and again["progress"]["rows"] == [{"guess": "slate", "colours": "--g-g"}]
        mid = screen.wait_for(
            lambda f: f["type"] == "state" and any(r["nickname"] == "Ada" for r in race_of(f)["rows"]),
            what="Ada in the race",
        )
        (ada_row,) = mid["question"]["race"]["rows"]
        assert ada_row["steps"] == 1 and ada_row["colours"] == ["--g-g"] and ada_row["solved"] is False

        accepted(guess(cy, "cy-guess-00001", 0, "house"), 0, "house", ["house"])
        accepted(guess(dee, "dee-guess-0001", 0, "about"), 0, "about", ["about"])
        before_own_word["Ada"] = len(ada.frames)
        accepted(guess(ada, "ada-guess-0002", 1, "crane"), 1, "crane", ["slate", "crane"])
        ada_done = screen.wait_for(lambda f: f["type"] == "state" and race_of(f)["finished"] == 1, what="Ada finished")
        before_own_word["Cy"] = len(cy.frames)
        accepted(guess(cy, "cy-guess-00002", 1, "crane"), 1, "crane", ["house", "crane"])
        accepted(guess(dee, "dee-guess-0002", 1, "light"), 1, "light", ["about", "light"])
        before_own_word["Bob"] = len(bob.frames)
        accepted(guess(bob, "bob-guess-0001", 0, "crane"), 0, "crane", ["crane"])
        solved = bob.wait_for(lambda f: f["type"] == "state" and run_of(f).get("done"), what="Bob's run finished")
        assert solved["me"]["progress"]["solved"] is True and solved["me"]["answer"] is None

        # A guess after the run finished is refused; the run stays one try.
        late = guess(bob, "bob-guess-0002", 1, "slate")
        assert late["type"] == "error" and late["error"]["code"] == "wrong_phase", late

        # The race on the screen: solved first, fewer tries first, then the earlier finish.
        race = screen.wait_for(
            lambda f: f["type"] == "state" and race_of(f)["finished"] == 3 and len(race_of(f)["rows"]) == 4,
            what="the race with three finished",
        )["question"]["race"]
        assert [r["nickname"] for r in race["rows"]] == ["Bob", "Ada", "Cy", "Dee"], race
        rows = {r["nickname"]: r for r in race["rows"]}
        assert rows["Ada"]["ms"] < rows["Cy"]["ms"] < rows["Bob"]["ms"], "Bob finished last, Ada before Cy"
        assert race["started"] == 4 and race["finished"] == 3
        for name, row in rows.items():
            assert row["colours"] == [COLOURS[g] for g in GUESSES[name]], row
            assert row["solved"] is (GUESSES[name][-1] == WORD) and row["steps"] == len(GUESSES[name])
        assert ada_done["question"]["race"]["rows"][0]["nickname"] == "Ada"

        boss.command("reveal")
        reveal = screen.state("reveal", 0)["reveal"]
        assert reveal["word"] == WORD and reveal["solved"] == 3 and reveal["by_tries"] == [1, 2, 0, 0, 0, 0]
        for name, phone in phones.items():
            me = phone.state("reveal", 0)["me"]
            assert me["progress"]["word"] == WORD, name
            assert [r["guess"] for r in me["progress"]["rows"]] == GUESSES[name]
            assert me["result"]["correct"] is (name != "Dee"), (name, me["result"])

        # Before the reveal, no frame held the word (unless the phone had just typed it itself),
        # a phone never saw another's guesses, and the screen never saw a letter of any guess.
        for name, phone in phones.items():
            others = {g for n, gs in GUESSES.items() if n != name for g in gs} - set(GUESSES[name])
            for position, (text, frame) in enumerate(frames_before_reveal(phone)):
                if position < before_own_word.get(name, len(phone.frames)):
                    assert WORD not in text.lower(), (name, text)
                assert not any(g in text.lower() for g in others), (name, text)
                assert not any(key == "word" for _, key, _ in walk(frame)), (name, text)
        for text, frame in frames_before_reveal(screen):
            assert not any(g in text.lower() for gs in GUESSES.values() for g in gs), text
            keys = {key for where, key, _ in walk(frame) if where != "question.race.rows"}
            assert not keys & {"word", "guess", "rows"}, text
        assert len(frames_before_reveal(screen)) < len(screen.frames), "the screen saw the reveal"

        boss.command("next")
        screen.state("leaderboard")

    # The export lists each player's guesses, in order, and whether they solved it.
    status, exported = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, exported
    answers = {row["player"]: row for row in exported["answers"]}
    assert answers["Bob"]["answer"] == "CRANE (solved in 1)"
    assert answers["Ada"]["answer"] == "SLATE CRANE (solved in 2)"
    assert answers["Cy"]["answer"] == "HOUSE CRANE (solved in 2)"
    assert answers["Dee"]["answer"] == "ABOUT LIGHT (not solved)"
    assert all(row["type"] == "wordle" for row in answers.values())
    assert [answers[n]["correct"] for n in ("Bob", "Ada", "Cy", "Dee")] == [True, True, True, False]
    points = {name: row["points"] for name, row in answers.items()}
    assert points["Bob"] > points["Ada"] >= points["Cy"] > points["Dee"] == 0, "one try fewer beats any speed"
    (activity,) = exported["activities"]
    assert activity["results"]["word"] == WORD and activity["results"]["by_tries"] == [1, 2, 0, 0, 0, 0]
