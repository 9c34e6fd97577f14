"""Type the answer: a short text compared with the accepted answers.

An answer is the trimmed text, sent as ``text`` (1 to ``MAX_LENGTH`` characters).
It is right when it matches one of the question's ``accepted`` answers by the
rules of :mod:`.textnorm`: case, accents, punctuation and spaces do not matter,
and a small typo is forgiven unless the question sets ``typos: false``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes import textnorm
from partyhost.core.modes.base import FULL, NONE, Mode
from partyhost.core.questions import Question

MAX_LENGTH = 100


def accepted(question: Question) -> list[str]:
    return [str(a) for a in question.extra.get("accepted", ())]


class TypedMode(Mode):
    kinds = ("typed",)
    field = "text"

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> str:
        value = self.field_of(raw, "text", "a typed answer (text)")
        if not isinstance(value, str):
            raise BadAnswer("Type the answer as text.")
        text = textnorm.clean(value)
        if not text:
            raise BadAnswer("Type an answer first.")
        if len(text) > MAX_LENGTH:
            raise BadAnswer(f"An answer is at most {MAX_LENGTH} characters.")
        return text

    def credit(self, question: Question, answer: Any) -> Fraction:
        typos = bool(question.extra.get("typos", True))
        return FULL if textnorm.matches(str(answer), accepted(question), typos=typos) else NONE

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "max_length": MAX_LENGTH}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"accepted": accepted(question)}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        right = sum(1 for a in answers if self.credit(question, a) == FULL)
        return {"accepted": accepted(question), "right": right, "explanation": question.explanation}
