"""Ordering questions: put the items in the right order.

The pack lists ``items`` in the right order; players see them shuffled (the
question's ``options``, in an order the pack layer drew at random when the room
was made) and answer with ``order``: every option index once, first to last.

Partial credit: of all the pairs of items, the share the player put the right way
round. Four items make six pairs; one neighbouring swap gets five of six right
(credit 5/6), a reversed list none. Only the whole order in place counts as right
(for the streak and the correct count); a partial answer earns its share of the
speed points.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import NONE, Mode
from partyhost.core.questions import Question


def pair_credit(order: Sequence[int], correct: Sequence[int]) -> Fraction:
    """Share of item pairs that ``order`` puts the same way round as ``correct``."""
    n = len(correct)
    if n < 2:
        return Fraction(1)
    place = {item: i for i, item in enumerate(order)}
    right = sum(1 for i in range(n) for j in range(i + 1, n) if place[correct[i]] < place[correct[j]])
    return Fraction(right, n * (n - 1) // 2)


class OrderMode(Mode):
    kinds = ("order",)
    field = "order"

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> tuple[int, ...]:
        value = self.field_of(raw, "order", "an order of the items (order)")
        n = len(question.options)
        if not isinstance(value, list | tuple) or any(not isinstance(i, int) or isinstance(i, bool) for i in value):
            raise BadAnswer("Give the order as a list of item numbers.")
        if sorted(value) != list(range(n)):
            raise BadAnswer(f"Put each of the {n} items in the order exactly once.")
        return tuple(value)

    def credit(self, question: Question, answer: Any) -> Fraction:
        if len(answer) != len(question.correct):
            return NONE
        return pair_credit(answer, question.correct)

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "options": list(question.options)}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"correct": list(question.correct)}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        credits = [self.credit(question, a) for a in answers]
        return {
            "correct": list(question.correct),
            "right": sum(1 for c in credits if c == 1),
            "partly": sum(1 for c in credits if 0 < c < 1),
            "explanation": question.explanation,
        }

    def describe(self, question: Question, answer: Any) -> str:
        return " > ".join(question.options[i] for i in answer)
