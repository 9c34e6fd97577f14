"""Whole games over real WebSockets against a real ``partyhost serve``, then their exports.

Scores are checked against the documented rule (``partyhost/core/scoring.py``), computed here
on its own from the ``elapsed_ms`` each ``ack`` reports, so a server that scores differently
fails.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from support import KEY, OPTIONS, TRIO_PACK, Party, Phone, Server, trio_room

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 5000
BASE = 1000
NO_ANSWERS_NOTE = "No answers were given in this room."


def documented_points(base: int, elapsed_ms: int, limit_ms: int) -> int:
    """``base * (1 - elapsed / limit / 2)``, elapsed clamped to ``[0, limit]``, rounded half up."""
    elapsed = min(max(elapsed_ms, 0), limit_ms)
    exact = Fraction(base) * (1 - Fraction(elapsed, limit_ms) / 2)
    return int((exact + Fraction(1, 2)) // 1)


def documented_bonus(streak: int) -> int:
    """Nothing for the first correct answer in a row, then 100 more per answer, at most 500."""
    return min(100 * (streak - 1), 500) if streak > 1 else 0


def competition_ranks(scores: dict[str, int]) -> dict[str, int]:
    """Best score first; equal scores share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(scores.values(), reverse=True)
    return {name: ordered.index(score) + 1 for name, score in scores.items()}


@dataclass
class Seat:
    """What the test knows one player has played, to check every view and export against."""

    name: str
    score: int = 0
    streak: int = 0
    correct: int = 0
    answered: int = 0
    #: per question index: the export row this seat should have
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)


def play_question(
    index: int,
    phones: dict[str, Phone],
    seats: dict[str, Seat],
    plan: dict[str, list[int]],
    *,
    points: bool = True,
) -> dict[str, dict[str, Any]]:
    """Everyone in ``plan`` answers question ``index``; returns their acks by name."""
    for phone in phones.values():
        opened = phone.state("question", index)
        assert opened["question"]["options"] == OPTIONS[index]
        assert "correct" not in opened["question"]
    acks: dict[str, dict[str, Any]] = {}
    for name, choice in plan.items():
        ack = phones[name].answer(f"{name}-q{index}-0001", index, choice)
        assert ack["type"] == "ack" and ack["status"] == "accepted", ack
        assert ack["question"] == index and ack["choice"] == sorted(choice), ack
        assert 0 <= ack["elapsed_ms"] <= LIMIT_MS, ack
        assert "points" not in ack and "correct" not in ack, ack
        acks[name] = ack
    for name, seat in seats.items():
        ack = acks.get(name)
        right = ack is not None and ack["choice"] == KEY[index]
        if right:
            assert ack is not None
            seat.streak += 1
            seat.correct += 1
            gained = documented_points(BASE, ack["elapsed_ms"], LIMIT_MS) if points else 1
            bonus = documented_bonus(seat.streak) if points else 0
            seat.score += gained + bonus
        else:
            seat.streak = 0
            gained = bonus = 0
        if ack is not None:
            seat.answered += 1
        seat.rows[index] = {
            "question_number": index + 1,
            "type": TRIO_PACK["questions"][index]["type"],
            "question": TRIO_PACK["questions"][index]["text"],
            "player": name,
            "answer": "" if ack is None else " + ".join(OPTIONS[index][i] for i in ack["choice"]),
            "correct": right,
            "points": gained,
            "streak_bonus": bonus,
            "response_ms": None if ack is None else ack["elapsed_ms"],
        }
    return acks


def check_reveal(
    index: int, frame: dict[str, Any], plan: dict[str, list[int]], seats: dict[str, Seat], name: str | None
) -> None:
    """A reveal shows the key, the counts and the explanation; a phone also its own result."""
    counts = [0] * len(OPTIONS[index])
    for choice in plan.values():
        for option in choice:
            counts[option] += 1
    reveal = frame["reveal"]
    assert reveal["index"] == index
    assert reveal["correct"] == KEY[index]
    assert reveal["counts"] == counts
    assert reveal["answered"] == len(plan)
    assert reveal["explanation"] == TRIO_PACK["questions"][index]["explanation"]
    if name is None:
        return
    seat, row, me = seats[name], seats[name].rows[index], frame["me"]
    if name in plan:
        assert me["result"] == {
            "question": index,
            "correct": row["correct"],
            "points": row["points"],
            "streak_bonus": row["streak_bonus"],
        }, (name, me)
    else:
        assert me["result"] is None, (name, me)
    assert (me["score"], me["streak"]) == (seat.score, seat.streak), (name, me)


def expected_leaderboard(seats: dict[str, Seat]) -> list[dict[str, Any]]:
    ranks = competition_ranks({name: seat.score for name, seat in seats.items()})
    order = sorted(seats, key=lambda name: (ranks[name], list(seats).index(name)))
    return [
        {"rank": ranks[name], "nickname": name, "score": seats[name].score, "correct": seats[name].correct}
        for name in order
    ]


def to_cell(value: Any) -> str:
    """How the CSV export writes a JSON value: yes/no, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def open_with(index: int, answered: int) -> Callable[[dict[str, Any]], bool]:
    """Matches a ``state`` with question ``index`` still open and ``answered`` answers in."""

    def match(frame: dict[str, Any]) -> bool:
        return bool(
            frame["type"] == "state"
            and frame["room"]["phase"] == "question"
            and frame["question"]["index"] == index
            and frame["question"]["answered"] == answered
        )

    return match


def run_cli(server: Server, code: str, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "partyhost", "export", code, *options, "--data", str(server.data_dir)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


def get_text(server: Server, path: str) -> str:
    status, _, body = server.get(path)
    assert status == 200, body
    return body.decode("utf-8")


def test_three_players_play_a_whole_game_to_the_podium_and_the_export_matches(host: Server) -> None:
    code = trio_room(host)
    names = ("Ada", "Bob", "Cy")
    seats = {name: Seat(name) for name in names}
    # Ada is always right; Bob is wrong, then right twice; Cy is right, then silent, then wrong.
    plans: dict[int, dict[str, list[int]]] = {
        0: {"Ada": [1], "Bob": [0], "Cy": [1]},
        1: {"Ada": [2, 0], "Bob": [0, 2]},  # Cy does not answer: the timer closes the question
        2: {"Ada": [1], "Bob": [1], "Cy": [0]},
    }
    started = time.time()
    with Party(host.ws_url) as party:
        screen = party.screen(code)
        boss = party.control(code)
        phones = {name: party.player(code, name) for name in names}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players on the host")
        boss.command("start")
        for index, plan in plans.items():
            opened = boss.state("question", index)
            assert opened["question"]["correct"] == KEY[index]
            play_question(index, phones, seats, plan)
            if len(plan) < len(names):
                # Still open once everyone in the plan has answered: only the timer can close it.
                boss.wait_for(open_with(index, len(plan)), what="the question still open, everyone else answered")
            for name, phone in phones.items():
                check_reveal(index, phone.state("reveal", index), plan, seats, name)
            check_reveal(index, screen.state("reveal", index), plan, seats, None)
            boss.state("reveal", index)
            boss.command("next")
            board = expected_leaderboard(seats)
            for phone in (*phones.values(), screen):
                assert phone.state("leaderboard")["leaderboard"] == board
            assert boss.state("leaderboard")["leaderboard"] == board
            boss.command("next")

        board = expected_leaderboard(seats)
        final = screen.state("ended")
        assert final["leaderboard"] == board
        assert final["podium"] == [{k: row[k] for k in ("rank", "nickname", "score")} for row in board[:3]]
        assert [row["nickname"] for row in board] == ["Ada", "Bob", "Cy"]
        assert [row["rank"] for row in board] == [1, 2, 3]
        for name, phone in phones.items():
            ended = phone.state("ended")
            assert ended["leaderboard"] == board
            assert "podium" not in ended
            assert ended["me"]["score"] == seats[name].score
            assert ended["me"]["rank"] == next(row["rank"] for row in board if row["nickname"] == name)
        boss.state("ended")
    finished = time.time()

    # The JSON export holds exactly what was played.
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, document
    assert "note" not in document
    room = document["room"]
    assert {k: room[k] for k in ("code", "title", "pack", "phase", "questions_asked", "players")} == {
        "code": code,
        "title": TRIO_PACK["title"],
        "pack": TRIO_PACK["id"],
        "phase": "ended",
        "questions_asked": 3,
        "players": 3,
    }
    for stamp in (room["created_at"], room["ended_at"]):
        assert started - 5 <= datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() <= finished + 1
    rows = document["answers"]
    for row in rows:
        stamp = row.pop("answered_at")
        if row["answer"]:
            at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            assert at.tzinfo == UTC and started - 1 <= at.timestamp() <= finished + 1, stamp
        else:
            assert stamp == ""
    assert rows == [seats[name].rows[index] for index in plans for name in names]
    ranks = competition_ranks({name: seat.score for name, seat in seats.items()})
    assert document["summary"] == [
        {
            "rank": ranks[name],
            "player": name,
            "score": seats[name].score,
            "correct_count": seats[name].correct,
            "answered": seats[name].answered,
            "kicked": False,
        }
        for name in names
    ]

    # The CSV exports say the same, cell for cell.
    answers_csv = get_text(host, f"/api/rooms/{code}/export?format=csv")
    summary_csv = get_text(host, f"/api/rooms/{code}/export?format=csv&table=summary")
    for text, table in ((answers_csv, document["answers"]), (summary_csv, document["summary"])):
        reader = csv.DictReader(io.StringIO(text))
        got = list(reader)
        assert reader.fieldnames is not None and len(got) == len(table)
        for csv_row, json_row in zip(got, table, strict=True):
            assert {k: csv_row[k] for k in json_row} == {k: to_cell(v) for k, v in json_row.items()}
    answered_at = [row["answered_at"] for row in csv.DictReader(io.StringIO(answers_csv))]
    assert sum(1 for stamp in answered_at if stamp) == sum(len(plan) for plan in plans.values())

    # The command line, reading the same data dir while the server runs, agrees byte for byte.
    cli_answers = run_cli(host, code, "--format", "csv")
    assert cli_answers.returncode == 0, cli_answers.stderr
    assert cli_answers.stdout == answers_csv
    cli_summary = run_cli(host, code.lower(), "--format", "csv", "--table", "summary")
    assert cli_summary.returncode == 0, cli_summary.stderr
    assert cli_summary.stdout == summary_csv


def test_with_points_off_a_correct_answer_scores_one_and_equal_scores_share_a_rank(host: Server) -> None:
    code = trio_room(host, points=False)
    names = ("Ada", "Bob", "Cy")
    seats = {name: Seat(name) for name in names}
    plans: dict[int, dict[str, list[int]]] = {
        0: {"Ada": [1], "Bob": [1], "Cy": [1]},
        1: {"Ada": [0, 2], "Bob": [2, 0], "Cy": [0]},
    }
    with Party(host.ws_url) as party:
        screen = party.screen(code)
        boss = party.control(code)
        phones = {name: party.player(code, name) for name in names}
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players on the host")
        boss.command("start")
        for index, plan in plans.items():
            play_question(index, phones, seats, plan, points=False)
            for name, phone in phones.items():
                check_reveal(index, phone.state("reveal", index), plan, seats, name)
            boss.state("reveal", index)
            if index == 0:
                boss.command("next")
                for phone in phones.values():
                    board = phone.state("leaderboard")["leaderboard"]
                    assert [(row["rank"], row["score"]) for row in board] == [(1, 1), (1, 1), (1, 1)]
                boss.state("leaderboard")
                boss.command("next")
        # The host ends the game from the reveal of question 2 of 3.
        boss.command("end")
        final = screen.state("ended")
    assert [(s.score, s.correct) for s in seats.values()] == [(2, 2), (2, 2), (1, 1)]
    assert final["podium"] == [
        {"rank": 1, "nickname": "Ada", "score": 2},
        {"rank": 1, "nickname": "Bob", "score": 2},
        {"rank": 3, "nickname": "Cy", "score": 1},
    ]
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    assert document["room"]["questions_asked"] == 2
    assert [(row["rank"], row["player"], row["score"]) for row in document["summary"]] == [
        (1, "Ada", 2),
        (1, "Bob", 2),
        (3, "Cy", 1),
    ]
    assert all(row["streak_bonus"] == 0 for row in document["answers"])


def test_export_of_a_room_with_no_answers_is_valid_and_says_so(host: Server) -> None:
    code = trio_room(host)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        party.player(code, "Ada")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 1, what="Ada on the host")

        # In the lobby nothing was asked yet.
        status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200, document
        assert document["note"] == NO_ANSWERS_NOTE
        assert document["answers"] == []
        assert document["room"]["questions_asked"] == 0
        assert [row["player"] for row in document["summary"]] == ["Ada"]
        text = get_text(host, f"/api/rooms/{code}/export?format=csv")
        assert list(csv.DictReader(io.StringIO(text))) == [] and text.startswith("question_number,")

        # A question asked and closed with no answer: one empty row, still "no answers".
        boss.command("start")
        boss.state("question", 0)
        boss.command("reveal")
        boss.state("reveal", 0)
        status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200, document
        assert document["note"] == NO_ANSWERS_NOTE
        assert document["room"]["questions_asked"] == 1
        assert [
            (row["player"], row["answer"], row["correct"], row["points"], row["response_ms"])
            for row in document["answers"]
        ] == [("Ada", "", False, 0, None)]
        cli = run_cli(host, code, "--format", "csv")
        assert cli.returncode == 0, cli.stderr
        assert cli.stdout == get_text(host, f"/api/rooms/{code}/export?format=csv")
        assert NO_ANSWERS_NOTE in cli.stderr
