"""Scales and ratings: pick a whole number from ``min`` to ``max`` (1 to 5 by default).

An answer is one integer, sent as ``number``. There is no right answer: the screen
shows how many picked each value and the mean, live; phones see them after the
close if the host shows results. Anonymous unless the question says otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import Mode
from partyhost.core.questions import Question


def bounds(question: Question) -> tuple[int, int]:
    return int(question.extra.get("min", 1)), int(question.extra.get("max", 5))


class ScaleMode(Mode):
    kinds = ("scale",)
    scored = False
    field = "number"
    timed_by_default = False

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> int:
        value = self.field_of(raw, "number", "a number on the scale")
        low, high = bounds(question)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise BadAnswer(f"Pick a whole number from {low} to {high}.")
        return value

    def public(self, question: Question) -> dict[str, Any]:
        low, high = bounds(question)
        view: dict[str, Any] = {"type": question.type, "text": question.text, "min": low, "max": high}
        labels = question.extra.get("labels")
        if labels:
            view["labels"] = list(labels)
        view["scored"] = False
        return view

    def live(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        low, high = bounds(question)
        counts = [0] * (high - low + 1)
        for answer in answers:
            counts[answer - low] += 1
        # The mean to two decimals, rounded half up from the exact fraction.
        mean = None
        if answers:
            exact = Fraction(sum(answers), len(answers))
            mean = float(int(exact * 100 + Fraction(1, 2))) / 100
        return {"counts": counts, "mean": mean}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        return {**self.live(question, answers, hidden), "explanation": question.explanation}

    def anonymous(self, question: Question) -> bool:
        return bool(question.extra.get("anonymous", True))
