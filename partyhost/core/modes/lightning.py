"""A lightning round: N questions in D minutes, each phone at its own pace.

A ``lightning`` question holds its items in ``questions`` (choice, true/false, typed,
number without ``closest``, ordering) and its whole time in ``time_limit``. Each answer is
one step of the player's run and answers the next item, in the pack's order; the phone
learns at once whether it was right (not what was right: neighbours are still racing) and
gets the next item. The screen shows a live race: items answered and right, per player.

Scoring is the quiz's, per item: a right item earns speed points (``partyhost.core.scoring``)
for the time the player spent on that item against a fair share of the round, ``D / N``;
partial credit (an ordering) earns its share. The round counts as one question for streaks:
all items right continues a streak, anything less ends it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import FULL, Mode, Run, RunScore
from partyhost.core.questions import Question
from partyhost.core.scoring import credited_points, speed_points

#: the item types a lightning round may hold: each is judged the moment it is answered
ITEM_TYPES = ("single", "multi", "truefalse", "typed", "number", "order")


#: a round's items, parsed once per question object (a race asks for them for every player)
_PARSED: dict[int, tuple[Question, list[Question]]] = {}


def items(question: Question) -> list[Question]:
    cached = _PARSED.get(id(question))
    if cached is None or cached[0] is not question:
        if len(_PARSED) >= 64:
            _PARSED.clear()  # (rooms come and go: keep only the rounds in play)
        cached = (question, [Question.from_dict(item) for item in question.extra.get("questions", ())])
        _PARSED[id(question)] = cached
    return cached[1]


def _item_mode(item: Question) -> Mode:
    from partyhost.core.modes import mode_for  # the registry imports this module

    return mode_for(item.type)


def _credit(item: Question, stored: Mapping[str, Any]) -> Fraction:
    mode = _item_mode(item)
    return mode.credit(item, mode.parse_answer(item, stored))


class LightningMode(Mode):
    kinds = ("lightning",)
    field = "step"
    stepped = True

    def parse_step(self, question: Question, run: Run, raw: Mapping[str, Any]) -> dict[str, Any]:
        round_items = items(question)
        if len(run.steps) >= len(round_items):
            raise BadAnswer("You have answered every question of this round.")
        item = round_items[len(run.steps)]
        mode = _item_mode(item)
        # Stored as the item's own answer fields, so each step reads back without its question.
        return mode.wire(mode.parse_answer(item, raw))

    def _item_scores(self, question: Question, run: Run) -> list[tuple[Fraction, int]]:
        round_items = items(question)
        share = run.limit_ms // max(1, len(round_items))
        scores = []
        previous = 0
        for item, stored, at in zip(round_items, run.steps, run.times_ms, strict=False):
            credit = _credit(item, stored)
            if not run.points_on:
                points = 1 if credit == FULL else 0
            else:
                points = credited_points(speed_points(run.base_points, at - previous, share), credit)
            scores.append((credit, points))
            previous = at
        return scores

    def score_run(self, question: Question, run: Run) -> RunScore:
        count = len(items(question))
        scores = self._item_scores(question, run)
        right = sum(1 for credit, _ in scores if credit == FULL)
        return RunScore(len(run.steps) >= count, Fraction(right, max(1, count)), sum(p for _, p in scores))

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "count": len(items(question))}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"items": [self._item_public(i) | _item_mode(i).secret(i) for i in items(question)]}

    @staticmethod
    def _item_public(item: Question) -> dict[str, Any]:
        view = _item_mode(item).public(item)
        for key in ("image", "audio"):
            if isinstance(item.extra.get(key), str):
                view[key] = item.extra[key]
        return view

    def progress(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        round_items = items(question)
        scores = self._item_scores(question, run)
        view: dict[str, Any] = {
            "steps": len(run.steps),
            "count": len(round_items),
            "results": ["right" if c == FULL else "partial" if c > 0 else "wrong" for c, _ in scores],
            "points": sum(p for _, p in scores),
        }
        if not closed and len(run.steps) < len(round_items):
            view["item"] = self._item_public(round_items[len(run.steps)]) | {"number": len(run.steps) + 1}
        return view

    def race(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        scores = self._item_scores(question, run)
        return {
            "steps": len(run.steps),
            "count": len(items(question)),
            "right": sum(1 for c, _ in scores if c == FULL),
            "ms": run.times_ms[-1] if run.times_ms else 0,
        }

    def race_key(self, question: Question, run: Run) -> tuple[Any, ...]:
        right = sum(1 for c, _ in self._item_scores(question, run) if c == FULL)
        return (-right, -len(run.steps), run.times_ms[-1] if run.times_ms else 0)

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        shown = []
        for k, item in enumerate(items(question)):
            mode = _item_mode(item)
            given = [mode.parse_answer(item, run[k]) for run in answers if len(run) > k]
            result = mode.tally(item, given, frozenset())
            shown.append(self._item_public(item) | result | {"answered": len(given)})
        finished = sum(1 for run in answers if len(run) >= len(shown))
        return {"items": shown, "finished": finished, "explanation": question.explanation}

    def wire(self, answer: Any) -> dict[str, Any]:
        return dict(answer) if isinstance(answer, Mapping) else {"steps": list(answer)}

    def describe(self, question: Question, answer: Any) -> str:
        parts = []
        right = 0
        for item, stored in zip(items(question), answer, strict=False):
            mode = _item_mode(item)
            value = mode.parse_answer(item, stored)
            right += mode.credit(item, value) == FULL
            parts.append(mode.describe(item, value))
        return f"{' | '.join(parts)} ({right} of {len(items(question))} right)"
