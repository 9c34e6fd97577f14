"""The interface every game mode implements.

Answers travel as JSON-able values: the mode turns the raw fields of an
``answer`` frame into a normalised answer (or raises ``BadAnswer``), and that
normalised value is what the event log stores and the export shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from partyhost.core.questions import Question


class Mode(Protocol):
    """A family of question types with one way of answering and scoring."""

    #: question types this mode plays, e.g. ``("single", "multi")``
    kinds: tuple[str, ...]
    #: whether answers can be right or wrong (a poll cannot)
    scored: bool

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> Any:
        """Normalise the fields of an ``answer`` frame; raise ``BadAnswer``."""
        ...

    def is_correct(self, question: Question, answer: Any) -> bool:
        """Whether a normalised answer is right."""
        ...

    def public(self, question: Question) -> dict[str, Any]:
        """What players and the screen may see while the question is open."""
        ...

    def secret(self, question: Question) -> dict[str, Any]:
        """What only the host sees before the reveal (the answer key)."""
        ...

    def tally(self, question: Question, answers: Sequence[Any]) -> dict[str, Any]:
        """The reveal shown to every role: the key and the distribution."""
        ...

    def describe(self, question: Question, answer: Any) -> str:
        """A readable form of an answer, for exports."""
        ...
