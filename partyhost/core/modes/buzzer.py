"""Buzzers and a Jeopardy-style board: the first buzz to reach the host answers out loud.

A ``buzzer`` question is one clue of a board: its ``category`` and ``value`` place it on the
board, its ``answer`` is for the host. The host opens any clue of the board (not only the next
one). Players buzz (``buzz: true``); buzzes queue in the order they reach the host: its loop
handles one message at a time, so two buzzes are never tied, however close together they were
sent. The first in the queue answers out loud and the host marks it right (``+value``; the clue
closes) or wrong (``-value``; the next in the queue is up, and players who have not buzzed yet
still can). A player buzzes at most once per clue. Scores can go down here (and in a final
round's lost wager).

A Daily Double (``daily_double: true``) belongs to the player in control of the board: the
last one judged right on any clue, or, while nobody has been, the first to claim it. Instead
of buzzing they send a ``wager`` from 0 to the larger of their score and the board's highest
value; the host's judgment adds or takes the wager, and the clue closes either way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import Mode
from partyhost.core.questions import Question


def value(question: Question) -> int:
    return int(question.extra.get("value", 100))


class BuzzerMode(Mode):
    kinds = ("buzzer",)
    field = "buzz"
    timed_by_default = False
    judged_by_host = True

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> bool:
        # (A Daily Double's wager is checked by the room, which knows scores and the board.)
        if raw.get("buzz") is not True:
            raise BadAnswer("This question takes a buzz (buzz: true).")
        return True

    def public(self, question: Question) -> dict[str, Any]:
        view = {
            "type": question.type,
            "text": question.text,
            "category": str(question.extra.get("category", "")),
            "value": value(question),
        }
        if question.extra.get("daily_double"):
            view["daily_double"] = True
        return view

    def secret(self, question: Question) -> dict[str, Any]:
        return {"answer": str(question.extra.get("answer", ""))}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        return {"answer": str(question.extra.get("answer", "")), "explanation": question.explanation}

    def wire(self, answer: Any) -> dict[str, Any]:
        return {"buzz": True} if answer is True else {"wager": answer}

    def describe(self, question: Question, answer: Any) -> str:
        return "buzzed" if answer is True else f"wagered {answer}"
