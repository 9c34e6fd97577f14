"""The interface every game mode implements, with the defaults most modes keep.

Answers travel as JSON-able values: the mode turns the raw fields of an
``answer`` frame into a normalised answer (or raises ``BadAnswer``), and that
normalised value is what the event log stores and the export shows.

A mode judges an answer with a *credit* between 0 and 1 (a :class:`Fraction`):
1 is fully right, 0 is wrong, and anything between is partial credit (an
ordering with a few items swapped). A correct answer's speed points are
multiplied by its credit. Some modes can only judge at the close, when every
answer is in (a numeric question where the closest guess wins): they say so
in :meth:`Mode.settle`.

Modes without a right answer (``scored = False``: a poll, a word cloud) show
results instead: :meth:`Mode.live` while the question is open, :meth:`Mode.tally`
at the reveal. What a mode lets the room hide (a word-cloud entry) arrives in
``hidden``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.questions import Question

FULL = Fraction(1)
NONE = Fraction(0)


class Mode:
    """A family of question types with one way of answering and scoring."""

    #: question types this mode plays, e.g. ``("single", "multi")``
    kinds: tuple[str, ...] = ()
    #: whether answers can be right or wrong (a poll cannot); unscored questions add no
    #: points, leave streaks alone and are followed by the next question, not the leaderboard
    scored: bool = True
    #: the field of the ``answer`` frame that carries an answer in this mode
    field: str = "choice"
    #: whether the question runs on a timer when the pack gives it no ``time_limit``
    timed_by_default: bool = True
    #: whether everyone sees who answered while it is open (not what), and who answered what at
    #: the reveal, unless the question is anonymous (planning poker)
    names_at_reveal: bool = False
    #: the host judges answers one by one (a buzzer): points are given at each judgment, and the
    #: question does not close when everyone has answered
    judged_by_host: bool = False

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> Any:
        """Normalise the fields of an ``answer`` frame; raise ``BadAnswer``."""
        raise NotImplementedError

    def credit(self, question: Question, answer: Any) -> Fraction:
        """How right a normalised answer is, from 0 (wrong) to 1 (right)."""
        return NONE

    def settle(self, question: Question, answers: Sequence[Any]) -> set[int]:
        """At the close: positions in ``answers`` that become fully right now (closest wins)."""
        return set()

    def public(self, question: Question) -> dict[str, Any]:
        """What players and the screen may see while the question is open."""
        return {"type": question.type, "text": question.text}

    def secret(self, question: Question) -> dict[str, Any]:
        """What only the host sees before the reveal (the answer key)."""
        return {}

    def live(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any] | None:
        """Results while the question is open (a poll's bars), or ``None`` if there are none to show."""
        return None

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        """The reveal shown to every role: the key and the distribution."""
        return {"explanation": question.explanation}

    def wire(self, answer: Any) -> dict[str, Any]:
        """An answer as the fields of a frame: ``{"choice": [1]}``, ``{"text": "Paris"}``."""
        return {self.field: list(answer) if isinstance(answer, tuple) else answer}

    def describe(self, question: Question, answer: Any) -> str:
        """A readable form of an answer, for exports."""
        return str(answer)

    def entry_keys(self, question: Question, answers: Sequence[Any]) -> set[str]:
        """Keys of entries the host may hide (word-cloud groups); none in most modes."""
        return set()

    def shown_text(self, answer: Any) -> list[str]:
        """Text a player wrote that other people will see (checked by a classroom's word filter)."""
        return []

    def anonymous(self, question: Question) -> bool:
        """Whether nobody, the host included, may see who gave which answer (polls, by default)."""
        return False

    # ------------------------------------------------------------ helpers for modes

    @staticmethod
    def field_of(raw: Mapping[str, Any], name: str, what: str) -> Any:
        """The field ``name`` of an answer, or ``BadAnswer`` naming what this question takes."""
        if name not in raw or raw[name] is None:
            raise BadAnswer(f"This question takes {what}.")
        return raw[name]
