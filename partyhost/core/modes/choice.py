"""Choice questions: single choice, multiple select and true/false.

An answer is a sorted tuple of option indexes, sent as ``choice``. A single
choice or true/false answer has exactly one index; a multiple-select answer is
correct only when it holds every correct option and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.questions import Question


class ChoiceMode:
    kinds: tuple[str, ...] = ("single", "multi", "truefalse")
    scored: bool = True

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

    def is_correct(self, question: Question, answer: Any) -> bool:
        return tuple(answer) == tuple(sorted(question.correct))

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "options": list(question.options)}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"correct": sorted(question.correct)}

    def tally(self, question: Question, answers: Sequence[Any]) -> dict[str, Any]:
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
