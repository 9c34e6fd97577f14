"""Numeric questions: type a number, or pick it on a slider.

An answer is one finite number, sent as ``number``. It is right when it is within
``tolerance`` of ``answer`` (0 by default: exactly). With ``closest: true`` the
guesses nearest the answer are right too, even if outside the tolerance: that can
only be decided when the question closes, so it happens in :meth:`NumberMode.settle`.
A question with ``min`` and ``max`` is answered on a slider (with ``step``) and
refuses numbers outside them. Numbers are compared as the decimals they were
written as, so 0.1 + 0.2 is never a rounding error away from 0.3.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import FULL, NONE, Mode
from partyhost.core.questions import Question


def exact(value: float | int) -> Fraction:
    """A number as the decimal it was written as (``0.1`` is one tenth, not a binary float)."""
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def tidy(value: float | int) -> float | int:
    """Whole numbers as ints, so ``3.0`` and ``3`` are one answer."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class NumberMode(Mode):
    kinds = ("number",)
    field = "number"

    @staticmethod
    def _key(question: Question) -> Fraction:
        return exact(question.extra["answer"])

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> float | int:
        value = self.field_of(raw, "number", "a number")
        if not is_number(value):
            raise BadAnswer("The answer must be a number.")
        low, high = question.extra.get("min"), question.extra.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise BadAnswer(f"The answer must be between {low} and {high}.")
        return tidy(value)

    def distance(self, question: Question, answer: Any) -> Fraction:
        return abs(exact(answer) - self._key(question))

    def credit(self, question: Question, answer: Any) -> Fraction:
        tolerance = exact(question.extra.get("tolerance", 0))
        return FULL if self.distance(question, answer) <= tolerance else NONE

    def settle(self, question: Question, answers: Sequence[Any]) -> set[int]:
        if not question.extra.get("closest") or not answers:
            return set()
        distances = [self.distance(question, a) for a in answers]
        best = min(distances)
        return {i for i, d in enumerate(distances) if d == best}

    def public(self, question: Question) -> dict[str, Any]:
        view: dict[str, Any] = {"type": question.type, "text": question.text}
        for key in ("min", "max", "step", "unit"):
            if question.extra.get(key) is not None:
                view[key] = question.extra[key]
        view["closest"] = bool(question.extra.get("closest"))
        return view

    def secret(self, question: Question) -> dict[str, Any]:
        return {"answer": question.extra["answer"], "tolerance": question.extra.get("tolerance", 0)}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        winners = self.settle(question, answers)
        right = sum(1 for i, a in enumerate(answers) if i in winners or self.credit(question, a) == FULL)
        closest = None
        if answers:
            best = min(answers, key=lambda a: (self.distance(question, a), a))
            closest = best
        return {
            "answer": question.extra["answer"],
            "tolerance": question.extra.get("tolerance", 0),
            "right": right,
            "closest": closest,
            "median": tidy(statistics.median(answers)) if answers else None,
            "explanation": question.explanation,
        }

    def describe(self, question: Question, answer: Any) -> str:
        unit = question.extra.get("unit")
        return f"{answer} {unit}" if unit else str(answer)
