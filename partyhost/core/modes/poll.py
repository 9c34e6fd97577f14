"""Polls: pick one option (or several, with ``multiple``); there is no right answer.

An answer is a sorted tuple of option indexes, sent as ``choice``. The screen shows
the votes per option live; phones see them after the poll closes, if the host shows
results. A poll is anonymous unless it says ``anonymous: false``: then the host page
and the export also say who voted for what.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import Mode
from partyhost.core.questions import Question


def option_indexes(question: Question, raw: Mapping[str, Any], *, several: bool) -> tuple[int, ...]:
    """The ``choice`` of an answer as sorted, distinct option indexes."""
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
    if not several and len(picked) != 1:
        raise BadAnswer("This question takes exactly one option.")
    return tuple(sorted(picked))


class PollMode(Mode):
    kinds = ("poll",)
    scored = False
    field = "choice"
    timed_by_default = False

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> tuple[int, ...]:
        return option_indexes(question, raw, several=bool(question.extra.get("multiple")))

    def public(self, question: Question) -> dict[str, Any]:
        return {
            "type": question.type,
            "text": question.text,
            "options": list(question.options),
            "multiple": bool(question.extra.get("multiple")),
            "scored": False,
        }

    def live(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        counts = [0] * len(question.options)
        for answer in answers:
            for index in answer:
                counts[index] += 1
        return {"counts": counts}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        return {**self.live(question, answers, hidden), "explanation": question.explanation}

    def describe(self, question: Question, answer: Any) -> str:
        return " + ".join(question.options[i] for i in answer)

    def anonymous(self, question: Question) -> bool:
        return bool(question.extra.get("anonymous", True))
