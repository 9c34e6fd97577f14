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

Most modes take one answer per player per question. A *stepped* mode
(``stepped = True``: a Wordle race's guesses, a lightning round's items, a final
round's wager then answer) takes several, one step at a time and in order; the
room keeps them as the player's :class:`Run` and asks the mode to score the whole
run after each step (:meth:`Mode.score_run`), which also says when the player is
done. A phone sees its own run through :meth:`Mode.progress`; the screen sees
everyone's through :meth:`Mode.race`, which never shows what was answered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.questions import Question

FULL = Fraction(1)
NONE = Fraction(0)


@dataclass(frozen=True, slots=True)
class Run:
    """One player's answers so far to a question of a stepped mode, oldest first.

    ``steps`` are the stored (JSON) forms of the answers, ``times_ms`` how far into the
    question each arrived; ``limit_ms`` is the question's time limit (0: no timer).
    Speed points are the room's (``base_points``, or 1 per right answer without ``points_on``).
    """

    steps: tuple[Any, ...] = ()
    times_ms: tuple[int, ...] = ()
    limit_ms: int = 0
    base_points: int = 1000
    points_on: bool = True
    #: the player's score when the question opened (a wager is bounded by it)
    score: int = 0

    def then(self, step: Any, elapsed_ms: int) -> Run:
        """This run with one more step."""
        return Run(
            (*self.steps, step),
            (*self.times_ms, elapsed_ms),
            self.limit_ms,
            self.base_points,
            self.points_on,
            self.score,
        )


@dataclass(frozen=True, slots=True)
class RunScore:
    """What a run is worth now: ``credit`` 1 is fully right; ``done``: the player has finished."""

    done: bool
    credit: Fraction
    points: int


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
    #: a player answers in several steps within one question (see the module's docstring)
    stepped: bool = False
    #: a right answer earns the streak bonus (not a wager: it is worth what was wagered)
    streak_bonus: bool = True

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

    # ---------------------------------------------------------------- stepped modes

    def parse_step(self, question: Question, run: Run, raw: Mapping[str, Any]) -> Any:
        """Normalise the next step of ``run`` (to its stored JSON form); raise ``BadAnswer``."""
        raise NotImplementedError

    def score_run(self, question: Question, run: Run) -> RunScore:
        """Score a run with at least one step; its points may be negative (a lost wager)."""
        raise NotImplementedError

    def progress(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        """A phone's own view of its run (``steps``: how many it gave); ``closed``: the question closed."""
        return {"steps": len(run.steps)}

    def race(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        """What the screen may show of one player's run: while open, progress and never answers."""
        return {"steps": len(run.steps)}

    def race_key(self, question: Question, run: Run) -> tuple[Any, ...]:
        """Sorts the race, leaders first."""
        return (-len(run.steps), run.times_ms[-1] if run.times_ms else 0)

    # ------------------------------------------------------------ helpers for modes

    @staticmethod
    def field_of(raw: Mapping[str, Any], name: str, what: str) -> Any:
        """The field ``name`` of an answer, or ``BadAnswer`` naming what this question takes."""
        if name not in raw or raw[name] is None:
            raise BadAnswer(f"This question takes {what}.")
        return raw[name]
