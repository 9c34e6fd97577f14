"""Choice questions: single choice, multiple select and true/false.

An answer is a sorted tuple of option indexes, sent as ``choice``. A single
choice or true/false answer has exactly one index; a multiple-select answer is
correct only when it holds every correct option and nothing else.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import FULL, NONE, Mode
from partyhost.core.questions import Question


class ChoiceMode(Mode):
    kinds = ("single", "multi", "truefalse")
    field = "choice"

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> tuple[int, ...]:
        choice = raw.get("choice")
        if not isinstance(choice, list | tuple) or not choice:
            raise BadAnswer("Pick at least one option.")
        picked: set[int] = set()
        for item in choice:
            if not isinstance(item, int) or isinstance(item, bool):
                raise BadAnswer("Options are given by their number.")
            if not 0 <= item < len(question.options):
                raise BadAnswer(f"There is no option {item} in this question.")
            picked.add(item)
        if question.type != "multi" and len(picked) != 1:
            raise BadAnswer("This question takes exactly one option.")
        return tuple(sorted(picked))

    def credit(self, question: Question, answer: Any) -> Fraction:
        return FULL if tuple(answer) == tuple(sorted(question.correct)) else NONE

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "options": list(question.options)}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"correct": sorted(question.correct)}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        counts = [0] * len(question.options)
        for answer in answers:
            for index in answer:
                counts[index] += 1
        return {
            "correct": sorted(question.correct),
            "counts": counts,
            "explanation": question.explanation,
        }

    def describe(self, question: Question, answer: Any) -> str:
        return " + ".join(question.options[i] for i in answer)
