"""The final wager round: wager on a category, then answer a clue you have not seen.

A ``final`` question has a ``category``, a clue (``text``) and ``accepted`` answers, judged
as in "type the answer" (:mod:`.typed`: case, accents and small typos do not matter). Each
player's run has two steps: first a ``wager`` from 0 to their score (0 if they have none),
seeing only the category; then the clue appears on their phone and they type an answer.
A right answer adds the wager, a wrong or missing one takes it away (the one place besides
a buzzer where a score goes down). With points off a right answer scores 1 and nothing is
wagered. Nobody sees the clue before wagering: the screen shows the category and who has
wagered and answered, and everyone sees the clue, the answers and the wagers at the reveal.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import FULL, NONE, Mode, Run, RunScore
from partyhost.core.modes.typed import TypedMode, accepted
from partyhost.core.questions import Question

_TYPED = TypedMode()


def max_wager(run: Run) -> int:
    return max(0, run.score) if run.points_on else 0


def _right(question: Question, run: Run) -> bool:
    return len(run.steps) >= 2 and _TYPED.credit(question, run.steps[1]) == FULL


class FinalMode(Mode):
    kinds = ("final",)
    field = "wager"
    stepped = True
    timed_by_default = False
    streak_bonus = False

    def parse_step(self, question: Question, run: Run, raw: Mapping[str, Any]) -> int | str:
        if not run.steps:
            wager = self.field_of(raw, "wager", "a wager first (wager)")
            top = max_wager(run)
            if not isinstance(wager, int) or isinstance(wager, bool) or not 0 <= wager <= top:
                raise BadAnswer(f"Wager a whole number from 0 to {top}.")
            return wager
        if len(run.steps) == 1:
            return _TYPED.parse_answer(question, raw)
        raise BadAnswer("You have wagered and answered.")

    def score_run(self, question: Question, run: Run) -> RunScore:
        wager = int(run.steps[0]) if run.points_on else 0
        if len(run.steps) < 2:
            return RunScore(False, NONE, -wager)  # no answer yet: as things stand, the wager is lost
        right = _right(question, run)
        if not run.points_on:
            return RunScore(True, FULL if right else NONE, 1 if right else 0)
        return RunScore(True, FULL if right else NONE, wager if right else -wager)

    def public(self, question: Question) -> dict[str, Any]:
        # The clue stays off every shared view until the reveal: see the module's docstring.
        return {"type": question.type, "text": "", "category": str(question.extra.get("category", ""))}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"clue": question.text, "accepted": accepted(question)}

    def progress(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        view: dict[str, Any] = {"steps": len(run.steps), "max_wager": max_wager(run)}
        if run.steps:
            view["wager"] = run.steps[0]
            view["clue"] = question.text
        if len(run.steps) >= 2:
            view["answer"] = run.steps[1]
        if closed:
            view["clue"] = question.text
            view["accepted"] = accepted(question)
            view["right"] = _right(question, run)
        return view

    def race(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        view: dict[str, Any] = {"steps": len(run.steps)}
        if closed:
            view["wager"] = run.steps[0] if run.steps else 0
            view["answer"] = run.steps[1] if len(run.steps) >= 2 else ""
            view["right"] = _right(question, run)
        return view

    def race_key(self, question: Question, run: Run) -> tuple[Any, ...]:
        return (-len(run.steps), run.times_ms[-1] if run.times_ms else 0)

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        right = sum(1 for run in answers if len(run) >= 2 and _TYPED.credit(question, run[1]) == FULL)
        return {
            "clue": question.text,
            "accepted": accepted(question),
            "right": right,
            "explanation": question.explanation,
        }

    def wire(self, answer: Any) -> dict[str, Any]:
        return {"text": answer} if isinstance(answer, str) else {"wager": answer}

    def describe(self, question: Question, answer: Any) -> str:
        steps = list(answer)
        if len(steps) < 2:
            return f"wagered {steps[0]}, no answer" if steps else ""
        outcome = "right" if _TYPED.credit(question, steps[1]) == FULL else "wrong"
        return f"{steps[1]} (wagered {steps[0]}, {outcome})"

    def shown_text(self, answer: Any) -> list[str]:
        return [answer] if isinstance(answer, str) else []
