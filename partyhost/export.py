"""Results of a room, as a projection of its log: JSON and CSV.

One row per player per question asked (a player who did not answer has an
empty answer and 0 points), a per-player summary with the final rank, and,
when the room plays in teams, the team standings. Every activity type gives
rows of the same shape; its own results (counts, words, who buzzed) are in
``activities``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from partyhost.core.modes import mode_for
from partyhost.core.room import Phase, Player, Room, StoredAnswer

ANSWER_COLUMNS = (
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
)
SUMMARY_COLUMNS = ("rank", "player", "score", "correct_count", "answered", "kicked")
TEAM_COLUMNS = ("rank", "team", "score", "members")
#: the tables a CSV export can hold: one row per player per question, per player, per team
TABLES = ("answers", "summary", "teams")
NO_ANSWERS = "No answers were given in this room."
#: the answer of a player in an anonymous poll, scale or word cloud: that they took part, not what they said
ANONYMOUS = "(anonymous)"


def _iso(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def asked(room: Room) -> list[int]:
    """Indexes of the questions that were opened and not skipped."""
    last = room.index if room.phase is not Phase.LOBBY else -1
    return [i for i in range(last + 1) if i not in room.skipped]


def settled(room: Room) -> list[int]:
    """Indexes of the questions whose results are final, so the export shows them.

    A question asked and closed; not the one still open. A skipped question gives no points,
    except a buzzer clue the host already judged: each judgment moved a score at once, and a
    skip (or the end of the game while it was open) does not take that back, so its rows stay.
    """
    last = room.index if room.phase is not Phase.LOBBY else -1
    open_question = room.index if room.phase is Phase.QUESTION else None
    return [i for i in range(last + 1) if i != open_question and (i not in room.skipped or room.judgments.get(i))]


def _buzzers(room: Room, index: int, counted: list[StoredAnswer]) -> list[dict[str, Any]]:
    """Who buzzed, in the order the buzzes reached the host, and how the host judged each."""
    judgments = room.judgments.get(index, {})
    found = []
    for stored in counted:
        right = judgments.get(stored.player_id)
        found.append(
            {
                "player": room.players[stored.player_id].nickname,
                "status": "not_judged" if right is None else "right" if right else "wrong",
                "points": stored.points,  # what the judgment gave (the room keeps it on the buzz)
            }
        )
    return found


def _team(room: Room, player: Player) -> str:
    return room.teams[player.team] if player.team is not None else ""


def build(room: Room) -> dict[str, Any]:
    """The whole export as one JSON-able document."""
    answers: list[dict[str, Any]] = []
    players = sorted(room.players.values(), key=lambda p: p.order)
    shown = settled(room)
    for index in shown:
        question = room.questions[index]
        mode = mode_for(question.type)
        for player in players:
            stored = room.answers.get((index, player.id))
            answers.append(
                {
                    "question_number": index + 1,
                    "type": question.type,
                    "question": question.text,
                    "player": player.nickname,
                    **({"team": _team(room, player)} if room.teams else {}),
                    "answer": ""
                    if stored is None
                    else ANONYMOUS
                    if mode.anonymous(question)
                    else mode.describe(question, stored.answer),
                    "correct": bool(stored and stored.correct),
                    # a partly right ordering earns points without being correct; a buzz, what
                    # the host's judgment gave (its value, or a Daily Double's wager, taken away when wrong)
                    "points": stored.points if stored else 0,
                    "streak_bonus": stored.streak_bonus if stored else 0,
                    "response_ms": stored.elapsed_ms if stored else None,
                    "answered_at": _iso(stored.answered_at) if stored else "",
                }
            )
    ranks = {s.player.id: s.rank for s in room.standings()}
    exported = set(shown)
    answered = Counter(pid for (i, pid) in room.answers if i in exported)  # (once, not once per player)
    summary = [
        {
            "rank": ranks.get(p.id),
            "player": p.nickname,
            "score": p.score,
            "correct_count": p.correct_count,
            "answered": answered[p.id],
            "kicked": p.kicked,
            **({"team": _team(room, p)} if room.teams else {}),
        }
        for p in sorted(players, key=lambda p: (ranks.get(p.id) or 10**9, p.order))
    ]
    document: dict[str, Any] = {
        "room": {
            "code": room.code,
            "title": room.title,
            "pack": room.pack_id,
            "phase": room.phase.value,
            "created_at": _iso(room.created_at),
            "ended_at": _iso(room.ended_at),
            "questions_asked": len(asked(room)),
            "players": len(players),
        },
        "summary": summary,
        "answers": answers,
        "activities": activities(room),
    }
    if room.teams:
        document["teams"] = [
            {"rank": t.rank, "team": t.name, "score": t.score, "members": t.members} for t in room.team_standings()
        ]
    if not any(a["answer"] for a in answers):
        document["note"] = NO_ANSWERS
    return document


def activities(room: Room) -> list[dict[str, Any]]:
    """Per question in the export: its type, text and results as the reveal showed them
    (counts, words, the key), with word-cloud entries the host hid left out; for a buzzer
    clue also who buzzed, in order, and how the host judged each."""
    found = []
    for index in settled(room):
        question = room.questions[index]
        counted = room.counted_answers(index)
        answers = [a.answer for a in counted]
        mode = mode_for(question.type)
        results = mode.tally(question, answers, room.hidden.get(index, set()))
        results.pop("explanation", None)
        if mode.judged_by_host:
            results["buzzers"] = _buzzers(room, index, counted)
        found.append(
            {
                "question_number": index + 1,
                "type": question.type,
                "question": question.text,
                "answered": len(answers),
                "results": results,
            }
        )
    return found


def columns(document: dict[str, Any], table: str) -> tuple[str, ...]:
    """The CSV columns of ``table``: with ``team`` after ``player`` when the room plays in teams."""
    if table not in TABLES:
        raise ValueError(f"no table {table!r}: the tables are {', '.join(TABLES)}")
    if table == "teams":
        return TEAM_COLUMNS
    base = SUMMARY_COLUMNS if table == "summary" else ANSWER_COLUMNS
    if "teams" not in document:
        return base
    after = base.index("player") + 1
    return (*base[:after], "team", *base[after:])


def to_csv(document: dict[str, Any], table: str = "answers") -> str:
    """``answers`` (one row per player per question), ``summary`` (one per player) or
    ``teams`` (one per team; only the header when the room plays without teams) as CSV."""
    fields = columns(document, table)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in document.get(table, []):
        writer.writerow({k: _cell(row[k]) for k in fields})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # A nickname like "=HYPERLINK(...)" must stay text in a spreadsheet.
        return "'" + value
    return value
