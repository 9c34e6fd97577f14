"""Every activity a room plays ends up in its export, in one per-player-per-question shape.

Real games over real WebSockets against a real ``partyhost serve``; the export is then read over
HTTP and with ``partyhost export``. Each row is checked against what the phones were told (their
``ack`` and their ``me.result`` at the reveal), each activity against what the projector showed at
its reveal, and each player's rows against their final score, so an export that disagrees with
the game fails.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from partyhost import export
from partyhost.cli import cli
from partyhost.core.modes import MODES

from support import KEY, Party, Phone, Server, pack_room, trio_room

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("Ada", "Bob", "Cy")
ANSWER_HEADER = [
    "question_number",
    "type",
    "question",
    "player",
    "answer",
    "correct",
    "points",
    "streak_bonus",
    "response_ms",
    "answered_at",
]
SUMMARY_HEADER = ["rank", "player", "score", "correct_count", "answered", "kicked"]

EVERY_MODE: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "every-mode",
    "title": "Every Mode",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "single", "text": "Which planet is red?", "options": ["Venus", "Mars", "Jupiter"], "correct": 1},
        {"type": "multi", "text": "Noble gases?", "options": ["Neon", "Nitrogen", "Argon"], "correct": [0, 2]},
        {"type": "truefalse", "text": "Sound travels through a vacuum.", "correct": False},
        {"type": "typed", "text": "Capital of Iceland?", "accepted": ["Reykjavík"]},
        {"type": "number", "text": "Sweets in the jar?", "answer": 480, "tolerance": 10, "unit": "sweets"},
        {"type": "order", "text": "Smallest first", "items": ["Ant", "Mouse", "Cat", "Horse"]},
        {"type": "poll", "text": "Tea or coffee?", "options": ["Tea", "Coffee"]},
        {"type": "poll", "text": "Lunch?", "options": ["Soup", "Pasta"], "anonymous": False},
        {"type": "scale", "text": "How was the week?", "min": 1, "max": 5},
        {"type": "wordcloud", "text": "The week in a word?", "max_entries": 2, "anonymous": False},
        {"type": "poker", "text": "Story 42: export as PDF"},
        {"type": "buzzer", "category": "Moons", "value": 300, "text": "Saturn's largest moon", "answer": "Titan"},
    ],
}
TYPES = [q["type"] for q in EVERY_MODE["questions"]]
#: the reveal's keys that are about the frame, not the activity's results (``votes``: poker's names,
#: which the export gives as rows)
NOT_RESULTS = {"index", "answered", "explanation", "votes"}


def send(phone: Phone, answer_id: str, question: int, **fields: Any) -> dict[str, Any]:
    """Answer and return the ``ack`` (failing on an error)."""
    phone.send({"type": "answer", "id": answer_id, "question": question, **fields})
    reply = phone.wait_for(
        lambda f: (f["type"] == "ack" and f["id"] == answer_id) or (f["type"] == "error" and f.get("ref") == answer_id),
        what=f"ack for {answer_id}",
    )
    assert reply["type"] == "ack" and reply["status"] == "accepted", reply
    return reply


def cell(value: Any) -> str:
    """A JSON value as docs/export.md says the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return str(value)


def get_text(host: Server, path: str) -> tuple[dict[str, str], str]:
    status, headers, body = host.get(path)
    assert status == 200, body
    return headers, body.decode("utf-8")


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


def assert_csv_matches(text: str, header: list[str], table: list[dict[str, Any]]) -> None:
    """The CSV has exactly ``header`` and says what the JSON rows say, cell for cell."""
    fields, rows = read_csv(text)
    assert fields == header
    assert len(rows) == len(table)
    for csv_row, json_row in zip(rows, table, strict=True):
        assert csv_row == {k: cell(json_row[k]) for k in header}


def run_cli(host: Server, code: str, *options: str) -> str:
    command = [sys.executable, "-m", "partyhost", "export", code, *options, "--data", str(host.data_dir)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def row_points_add_up_to_scores(document: dict[str, Any]) -> None:
    totals: dict[str, int] = {}
    for row in document["answers"]:
        totals[row["player"]] = totals.get(row["player"], 0) + row["points"] + row["streak_bonus"]
    assert totals == {row["player"]: row["score"] for row in document["summary"]}


# ---------------------------------------------------------------------------------- every mode


def test_every_mode_exports_readable_answers_its_type_and_the_points_the_phones_were_told(host: Server) -> None:
    code = pack_room(host, EVERY_MODE)
    #: per question index: per player, the answer text the export should show and the ack
    said: dict[int, dict[str, tuple[str, dict[str, Any]]]] = {}
    #: per question index: per player, ``me.result`` at the reveal
    told: dict[int, dict[str, Any]] = {}
    #: per question index: the projector's reveal, and its buzzer queue
    shown: dict[int, dict[str, Any]] = {}
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in NAMES}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
        boss.command("start")

        def play(index: int, answers: dict[str, tuple[str, dict[str, Any]]]) -> None:
            """Everyone in ``answers`` answers question ``index`` with those fields, in that order."""
            said[index] = {}
            for name, (text, fields) in answers.items():
                phones[name].state("question", index)
                ack = send(phones[name], f"{name}-q{index}-answer", index, **fields)
                said[index][name] = (text, ack)

        def close(index: int) -> None:
            """Wait for the reveal, note what everyone was told, and go on to the next question."""
            reveal = screen.state("reveal", index)
            shown[index] = reveal
            told[index] = {name: phone.state("reveal", index)["me"]["result"] for name, phone in phones.items()}
            boss.state("reveal", index)
            boss.command("next")
            if TYPES[index] in ("poll", "scale", "wordcloud", "poker"):
                return  # no leaderboard after an activity with no right answer
            boss.state("leaderboard")
            boss.command("next")

        play(0, {"Ada": ("Mars", {"choice": [1]}), "Bob": ("Venus", {"choice": [0]}), "Cy": ("Mars", {"choice": [1]})})
        close(0)
        play(
            1,
            {
                "Ada": ("Neon + Argon", {"choice": [2, 0]}),
                "Bob": ("Neon", {"choice": [0]}),
                "Cy": ("Neon + Nitrogen + Argon", {"choice": [0, 1, 2]}),
            },
        )
        close(1)
        play(2, {"Ada": ("False", {"choice": [1]}), "Bob": ("True", {"choice": [0]}), "Cy": ("False", {"choice": [1]})})
        close(2)
        # Cy does not answer: the host reveals, and Cy's row is empty.
        play(3, {"Ada": ("reykjavik", {"text": "  reykjavik "}), "Bob": ("Oslo", {"text": "Oslo"})})
        boss.command("reveal")
        close(3)
        play(
            4,
            {
                "Ada": ("475 sweets", {"number": 475}),
                "Bob": ("300 sweets", {"number": 300}),
                "Cy": ("490 sweets", {"number": 490}),
            },
        )
        close(4)
        opened = boss.state("question", 5)["question"]
        items, key = opened["options"], opened["correct"]
        swapped = [key[1], key[0], key[2], key[3]]
        play(
            5,
            {
                "Ada": (" > ".join(items[i] for i in key), {"order": key}),
                "Bob": (" > ".join(items[i] for i in swapped), {"order": swapped}),
                "Cy": (" > ".join(items[i] for i in reversed(key)), {"order": list(reversed(key))}),
            },
        )
        close(5)
        play(
            6,
            {
                "Ada": ("(anonymous)", {"choice": [0]}),
                "Bob": ("(anonymous)", {"choice": [1]}),
                "Cy": ("(anonymous)", {"choice": [1]}),
            },
        )
        close(6)
        play(7, {"Ada": ("Soup", {"choice": [0]}), "Bob": ("Pasta", {"choice": [1]}), "Cy": ("Pasta", {"choice": [1]})})
        close(7)
        play(
            8,
            {
                "Ada": ("(anonymous)", {"number": 5}),
                "Bob": ("(anonymous)", {"number": 4}),
                "Cy": ("(anonymous)", {"number": 4}),
            },
        )
        close(8)
        play(
            9,
            {
                "Ada": ("Busy | Tired", {"entries": ["Busy", "Tired"]}),
                "Bob": ("busy!", {"entries": ["busy!"]}),
                "Cy": ("Calm", {"entries": ["Calm"]}),
            },
        )
        close(9)
        play(10, {"Ada": ("13", {"card": "13"}), "Bob": ("3", {"card": "3"}), "Cy": ("5", {"card": "5"})})
        close(10)

        # The buzzer: Bob buzzes first and is wrong (-300), Ada is right (+300), Cy never gets a turn.
        play(
            11,
            {
                "Bob": ("buzzed", {"buzz": True}),
                "Ada": ("buzzed", {"buzz": True}),
                "Cy": ("buzzed", {"buzz": True}),
            },
        )
        screen.wait_for(
            lambda f: f["type"] == "state" and len((f.get("question") or {}).get("buzzers", [])) == 3, what="3 buzzes"
        )
        boss.command("judge", right=False)
        boss.wait_for(
            lambda f: (
                f["type"] == "state"
                and [b["status"] for b in (f.get("question") or {}).get("buzzers", [])] == ["wrong", "up", "waiting"]
            ),
            what="Bob wrong, Ada up",
        )
        boss.command("judge", right=True)
        close(11)
        final = boss.state("ended")

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, document
    assert "teams" not in document
    rows = document["answers"]
    assert len(rows) == len(TYPES) * len(NAMES)
    for row in rows:
        index, name = row["question_number"] - 1, row["player"]
        assert "team" not in row, row
        assert row["type"] == TYPES[index], row
        assert row["question"] == EVERY_MODE["questions"][index]["text"], row
        text, ack = said[index].get(name, ("", None))
        assert row["answer"] == text, row
        assert row["response_ms"] == (ack["elapsed_ms"] if ack else None), row
        result = told[index][name] or {"correct": False, "points": 0, "streak_bonus": 0}
        assert (row["correct"], row["points"], row["streak_bonus"]) == (
            result["correct"],
            result["points"],
            result["streak_bonus"],
        ), (row, result)

    by_key = {(row["question_number"] - 1, row["player"]): row for row in rows}
    # Partial credit: Bob's ordering with one pair swapped earns points without being correct.
    assert by_key[(5, "Bob")]["correct"] is False and by_key[(5, "Bob")]["points"] > 0
    # The buzzer: the judgments' points, not the nothing a buzz earns when it arrives.
    assert [(by_key[(11, n)]["correct"], by_key[(11, n)]["points"]) for n in NAMES] == [
        (True, 300),
        (False, -300),
        (False, 0),
    ]
    # Activities with no right answer are never correct and score nothing.
    for index, kind in enumerate(TYPES):
        if kind in ("poll", "scale", "wordcloud", "poker"):
            assert all(not by_key[(index, n)]["correct"] and by_key[(index, n)]["points"] == 0 for n in NAMES)

    # Each player's rows add up to the score the final leaderboard showed.
    row_points_add_up_to_scores(document)
    assert {r["player"]: r["score"] for r in document["summary"]} == {
        r["nickname"]: r["score"] for r in final["leaderboard"]
    }
    assert {r["player"]: r["correct_count"] for r in document["summary"]} == {
        r["nickname"]: r["correct"] for r in final["leaderboard"]
    }
    assert {r["player"]: r["answered"] for r in document["summary"]} == {"Ada": 12, "Bob": 12, "Cy": 11}

    # Each activity's results are what the projector showed at its reveal; the buzzer's also say
    # who buzzed, in order, and how the host judged them.
    activities = document["activities"]
    assert [(a["question_number"], a["type"]) for a in activities] == [(i + 1, t) for i, t in enumerate(TYPES)]
    for activity in activities:
        index = activity["question_number"] - 1
        reveal = shown[index]["reveal"]
        assert activity["question"] == EVERY_MODE["questions"][index]["text"]
        assert activity["answered"] == reveal["answered"]
        expected = {k: v for k, v in reveal.items() if k not in NOT_RESULTS}
        if TYPES[index] == "buzzer":
            queue = shown[index]["question"]["buzzers"]
            statuses = {"right": "right", "wrong": "wrong", "waiting": "not_judged"}
            points = {"right": 300, "wrong": -300, "waiting": 0}
            expected["buzzers"] = [
                {"player": b["nickname"], "status": statuses[b["status"]], "points": points[b["status"]]} for b in queue
            ]
        assert activity["results"] == expected, (TYPES[index], activity["results"], reveal)
    buzzer = activities[11]["results"]
    assert buzzer == {
        "answer": "Titan",
        "buzzers": [
            {"player": "Bob", "status": "wrong", "points": -300},
            {"player": "Ada", "status": "right", "points": 300},
            {"player": "Cy", "status": "not_judged", "points": 0},
        ],
    }

    # The CSV says the same; its type column filters one kind of activity.
    _, answers_csv = get_text(host, f"/api/rooms/{code}/export?format=csv")
    assert_csv_matches(answers_csv, ANSWER_HEADER, rows)
    _, csv_rows = read_csv(answers_csv)
    polls = [r for r in csv_rows if r["type"] == "poll"]
    assert [(r["question_number"], r["player"], r["answer"]) for r in polls] == [
        ("7", "Ada", "(anonymous)"),
        ("7", "Bob", "(anonymous)"),
        ("7", "Cy", "(anonymous)"),
        ("8", "Ada", "Soup"),
        ("8", "Bob", "Pasta"),
        ("8", "Cy", "Pasta"),
    ]
    # A wrong buzz's negative points stay a number a spreadsheet can add, not text.
    bob_buzz = next(r for r in csv_rows if r["type"] == "buzzer" and r["player"] == "Bob")
    assert bob_buzz["points"] == "-300"
    _, summary_csv = get_text(host, f"/api/rooms/{code}/export?format=csv&table=summary")
    assert_csv_matches(summary_csv, SUMMARY_HEADER, document["summary"])
    assert run_cli(host, code, "--format", "csv") == answers_csv


# -------------------------------------------------------------------------------- buzzer board

BOARD: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "export-board",
    "title": "Export Board",
    "questions": [
        {"type": "buzzer", "category": "Rivers", "value": 100, "text": "Longest river in Africa", "answer": "Nile"},
        {"type": "buzzer", "category": "Rivers", "value": 200, "text": "Flows through Baghdad", "answer": "Tigris"},
        {"type": "buzzer", "category": "Moons", "value": 300, "text": "Saturn's largest moon", "answer": "Titan"},
        {"type": "buzzer", "category": "Moons", "value": 400, "text": "Jupiter's volcanic moon", "answer": "Io"},
    ],
}


def buzz(phone: Phone, index: int) -> None:
    send(phone, f"{phone.seat['nickname']}-buzz-{index}", index, buzz=True)


def test_judged_buzzes_keep_their_points_in_the_export_even_when_the_clue_is_skipped_or_the_game_ends(
    host: Server,
) -> None:
    code = pack_room(host, BOARD)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in NAMES}
        ada, bob, cy = phones.values()
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")

        def queued(count: int) -> None:
            screen.wait_for(
                lambda f: f["type"] == "state" and len((f.get("question") or {}).get("buzzers", [])) == count,
                what=f"{count} buzzes",
            )

        # Clue 1 (100): Ada is wrong, Cy waits; the host skips it. Ada's -100 stands.
        boss.command("start")
        boss.state("question", 0)
        buzz(ada, 0)
        buzz(cy, 0)
        queued(2)
        boss.command("judge", right=False)
        assert ada.wait_for(lambda f: f["type"] == "state" and f["me"]["score"] == -100, what="Ada at -100")
        boss.command("skip")
        boss.state("leaderboard")

        # Clue 2 (200): Bob buzzes, nobody judges, the host skips: nothing to export.
        boss.command("next")
        boss.state("question", 1)
        buzz(bob, 1)
        queued(1)
        boss.command("skip")
        boss.state("leaderboard")

        # Clue 3 (300): Bob is wrong, Ada right.
        boss.command("next")
        boss.state("question", 2)
        buzz(bob, 2)
        buzz(ada, 2)
        queued(2)
        boss.command("judge", right=False)
        boss.wait_for(
            lambda f: (
                f["type"] == "state"
                and [b["status"] for b in (f.get("question") or {}).get("buzzers", [])] == ["wrong", "up"]
            ),
            what="Ada up",
        )
        boss.command("judge", right=True)
        boss.state("reveal", 2)
        boss.command("next")
        boss.state("leaderboard")

        # Clue 4 (400): Cy is wrong, then the host ends the game with the clue still open.
        boss.command("next")
        boss.state("question", 3)
        buzz(cy, 3)
        queued(1)
        boss.command("judge", right=False)
        assert cy.wait_for(lambda f: f["type"] == "state" and f["me"]["score"] == -400, what="Cy at -400")
        boss.command("end")
        final = boss.state("ended")

    scores = {row["nickname"]: row["score"] for row in final["leaderboard"]}
    assert scores == {"Ada": 200, "Bob": -300, "Cy": -400}
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, document
    got = [(r["question_number"], r["player"], r["answer"], r["correct"], r["points"]) for r in document["answers"]]
    assert got == [
        (1, "Ada", "buzzed", False, -100),
        (1, "Bob", "", False, 0),
        (1, "Cy", "buzzed", False, 0),
        (3, "Ada", "buzzed", True, 300),
        (3, "Bob", "buzzed", False, -300),
        (3, "Cy", "", False, 0),
        (4, "Ada", "", False, 0),
        (4, "Bob", "", False, 0),
        (4, "Cy", "buzzed", False, -400),
    ]
    assert {r["type"] for r in document["answers"]} == {"buzzer"}
    row_points_add_up_to_scores(document)
    assert {r["player"]: r["score"] for r in document["summary"]} == scores
    assert {r["player"]: (r["correct_count"], r["answered"]) for r in document["summary"]} == {
        "Ada": (1, 2),
        "Bob": (0, 1),
        "Cy": (0, 2),
    }
    assert [(a["question_number"], a["results"]) for a in document["activities"]] == [
        (
            1,
            {
                "answer": "Nile",
                "buzzers": [
                    {"player": "Ada", "status": "wrong", "points": -100},
                    {"player": "Cy", "status": "not_judged", "points": 0},
                ],
            },
        ),
        (
            3,
            {
                "answer": "Titan",
                "buzzers": [
                    {"player": "Bob", "status": "wrong", "points": -300},
                    {"player": "Ada", "status": "right", "points": 300},
                ],
            },
        ),
        (4, {"answer": "Io", "buzzers": [{"player": "Cy", "status": "wrong", "points": -400}]}),
    ]
    _, answers_csv = get_text(host, f"/api/rooms/{code}/export?format=csv")
    assert_csv_matches(answers_csv, ANSWER_HEADER, document["answers"])
    assert [r["points"] for r in read_csv(answers_csv)[1]] == ["-100", "0", "0", "300", "-300", "0", "0", "0", "-400"]


# ---------------------------------------------------------------------------------------- teams


def test_teams_are_a_column_of_both_tables_and_a_table_of_their_own(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        phones = {name: party.player(code, name) for name in NAMES}
        ada, bob = phones["Ada"], phones["Bob"]
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")
        # A team name that looks like a formula must stay text in a spreadsheet.
        boss.command("teams", names=["Owls", "=Foxes"])
        ada.wait_for(lambda f: f["type"] == "state" and f["room"].get("teams") == ["Owls", "=Foxes"], what="teams")
        ada.send({"type": "team", "team": 0})
        bob.send({"type": "team", "team": 1})  # Cy picks no team
        boss.wait_for(
            lambda f: f["type"] == "state" and [p["team"] for p in f["players"]] == [0, 1, None], what="Ada and Bob"
        )
        boss.command("start")
        results = {}
        for name, choice in (("Ada", KEY[0]), ("Bob", [0]), ("Cy", KEY[0])):
            send(phones[name], f"{name}-teams-q0", 0, choice=choice)
        for name, phone in phones.items():
            results[name] = phone.state("reveal", 0)["me"]["result"]
        boss.command("end")
        final = boss.state("ended")

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, document
    teams_of = {"Ada": "Owls", "Bob": "=Foxes", "Cy": ""}
    assert [(r["player"], r["team"], r["points"]) for r in document["answers"]] == [
        (name, teams_of[name], results[name]["points"]) for name in NAMES
    ]
    assert {r["player"]: r["team"] for r in document["summary"]} == teams_of
    scores = {r["nickname"]: r["score"] for r in final["leaderboard"]}
    assert document["teams"] == [
        {"rank": 1, "team": "Owls", "score": scores["Ada"], "members": 1},
        {"rank": 2, "team": "=Foxes", "score": 0, "members": 1},
    ]

    with_team = [*ANSWER_HEADER[:4], "team", *ANSWER_HEADER[4:]]
    _, answers_csv = get_text(host, f"/api/rooms/{code}/export?format=csv")
    assert_csv_matches(answers_csv, with_team, document["answers"])
    assert [r["team"] for r in read_csv(answers_csv)[1]] == ["Owls", "'=Foxes", ""]
    _, summary_csv = get_text(host, f"/api/rooms/{code}/export?format=csv&table=summary")
    assert_csv_matches(summary_csv, ["rank", "player", "team", *SUMMARY_HEADER[2:]], document["summary"])
    headers, teams_csv = get_text(host, f"/api/rooms/{code}/export?format=csv&table=teams")
    assert_csv_matches(teams_csv, ["rank", "team", "score", "members"], document["teams"])
    disposition = next(v for k, v in headers.items() if k.lower() == "content-disposition")
    assert disposition == f'attachment; filename="partyhost-{code}-teams.csv"'

    # The command line gives the same tables.
    assert run_cli(host, code, "--table", "teams") == teams_csv
    assert run_cli(host, code.lower(), "--table", "summary") == summary_csv
    assert run_cli(host, code) == answers_csv


def test_without_teams_there_is_no_team_column_and_the_teams_table_is_only_its_header(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 1, what="Ada")
        boss.command("start")
        send(ada, "ada-noteams-q0", 0, choice=KEY[0])
        boss.state("reveal", 0)
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, document
    assert "teams" not in document
    assert all("team" not in row for row in (*document["answers"], *document["summary"]))
    _, answers_csv = get_text(host, f"/api/rooms/{code}/export?format=csv")
    assert read_csv(answers_csv)[0] == ANSWER_HEADER
    _, teams_csv = get_text(host, f"/api/rooms/{code}/export?format=csv&table=teams")
    assert teams_csv == "rank,team,score,members\n"
    assert run_cli(host, code, "--table", "teams") == teams_csv
    status, body = host.get_json(f"/api/rooms/{code}/export?format=csv&table=players")
    assert status == 400 and body["error"]["code"] == "bad_message", body


# ----------------------------------------------------------------------------------------- docs

EXPORT_MD = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")


def _documented_columns(heading: str) -> list[str]:
    """The first column of the table under ``## heading`` in docs/export.md."""
    section = EXPORT_MD.split(f"\n## {heading}")[1].split("\n## ")[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_docs_list_every_column_of_every_table_in_csv_order() -> None:
    assert _documented_columns("Answers") == [*ANSWER_HEADER[:4], "team", *ANSWER_HEADER[4:]]
    assert _documented_columns("Summary") == ["rank", "player", "team", *SUMMARY_HEADER[2:]]
    assert _documented_columns("Teams") == list(export.TEAM_COLUMNS)
    assert list(export.ANSWER_COLUMNS) == ANSWER_HEADER and list(export.SUMMARY_COLUMNS) == SUMMARY_HEADER


def test_docs_name_only_real_activity_types_and_the_export_offers_every_table_everywhere() -> None:
    type_row = next(line for line in EXPORT_MD.splitlines() if line.startswith("| `type` |"))
    named = set(re.findall(r"`([a-z]+)`", type_row)) - {"type"}
    assert set(TYPES) <= named <= set(MODES), named ^ set(MODES)
    command = cli.commands["export"]
    table = next(p for p in command.params if p.name == "table")
    assert isinstance(table.type, click.Choice) and tuple(table.type.choices) == export.TABLES
    assert f"--table {'|'.join(export.TABLES)}" in EXPORT_MD
    assert f"table={'|'.join(export.TABLES)}" in EXPORT_MD
