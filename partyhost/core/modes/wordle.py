"""A Wordle race: every player guesses the same hidden five-letter word, six tries each.

Each guess is one step of the player's run (``guess: "crane"``). The server colours it
(:func:`colours`) and the phone learns the colours in the answer's ack; the word itself is
never sent to a phone or the screen before the question closes. A guess must be a word of
the allowed list (``partyhost/core/modes/words/``) or the hidden word itself.

The race: a player who solves the word ranks before one who does not; among those who did,
fewer tries rank first, then the earlier finish. Points say the same: a solved word earns
``base * (2 * (7 - tries) + time_left / time_limit) / 13`` (rounded half up): the bands for
each number of tries do not overlap, so one try fewer always beats any speed. An unsolved word
earns nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import FULL, NONE, Mode, Run, RunScore
from partyhost.core.modes.wordlist import is_allowed
from partyhost.core.questions import Question

LENGTH = 5
TRIES = 6
#: a letter in the right place, in the word elsewhere, not in the word (the tiles' colours)
GREEN, YELLOW, GREY = "g", "y", "-"


def colours(word: str, guess: str) -> str:
    """The colours of ``guess`` against ``word``: ``g`` right place, ``y`` elsewhere, ``-`` absent.

    A repeated letter is yellow only as many times as the word holds it beyond its greens:
    guessing ``"eerie"`` for ``"speed"`` colours the first two ``e`` yellow and the third grey.
    """
    result = [GREY] * len(guess)
    left: Counter[str] = Counter()
    for i, (w, g) in enumerate(zip(word, guess, strict=True)):
        if w == g:
            result[i] = GREEN
        else:
            left[w] += 1
    for i, g in enumerate(guess):
        if result[i] != GREEN and left[g] > 0:
            result[i] = YELLOW
            left[g] -= 1
    return "".join(result)


def hidden_word(question: Question) -> str:
    return str(question.extra.get("word", "")).lower()


def _solved(question: Question, run: Run) -> bool:
    return bool(run.steps) and run.steps[-1] == hidden_word(question)


class WordleMode(Mode):
    kinds = ("wordle",)
    field = "guess"
    stepped = True

    def parse_step(self, question: Question, run: Run, raw: Mapping[str, Any]) -> str:
        text = self.field_of(raw, "guess", "a five-letter guess (guess)")
        if not isinstance(text, str):
            raise BadAnswer("A guess is a word of five letters.")
        guess = text.strip().lower()
        if len(guess) != LENGTH or not guess.isascii() or not guess.isalpha():
            raise BadAnswer("A guess is a word of five letters, A to Z.")
        if guess != hidden_word(question) and not is_allowed(guess):
            raise BadAnswer(f"{guess.upper()} is not in the word list. Try another word.")
        return guess

    def score_run(self, question: Question, run: Run) -> RunScore:
        tries = len(run.steps)
        if not _solved(question, run):
            return RunScore(tries >= TRIES, NONE, 0)
        if not run.points_on:
            return RunScore(True, FULL, 1)
        limit = run.limit_ms
        left = Fraction(max(0, limit - min(run.times_ms[-1], limit)), limit) if limit > 0 else Fraction(0)
        worth = run.base_points * (2 * (TRIES + 1 - tries) + left) / (2 * TRIES + 1)
        return RunScore(True, FULL, int(worth + Fraction(1, 2)))

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "length": LENGTH, "tries": TRIES}

    def secret(self, question: Question) -> dict[str, Any]:
        return {"word": hidden_word(question)}

    def progress(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        word = hidden_word(question)
        view: dict[str, Any] = {
            "steps": len(run.steps),
            "rows": [{"guess": g, "colours": colours(word, g)} for g in run.steps],
            "solved": _solved(question, run),
        }
        if closed:
            view["word"] = word
        return view

    def race(self, question: Question, run: Run, *, closed: bool) -> dict[str, Any]:
        word = hidden_word(question)
        return {
            "steps": len(run.steps),
            "colours": [colours(word, g) for g in run.steps],
            "solved": _solved(question, run),
            "ms": run.times_ms[-1] if run.times_ms else 0,
        }

    def race_key(self, question: Question, run: Run) -> tuple[Any, ...]:
        last = run.times_ms[-1] if run.times_ms else 0
        if _solved(question, run):
            return (0, len(run.steps), last)
        word = hidden_word(question)
        best = max((colours(word, g).count(GREEN) for g in run.steps), default=0)
        return (1, -best, len(run.steps), last)

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        word = hidden_word(question)
        by_tries = [0] * TRIES
        for run in answers:
            if run and run[-1] == word:
                by_tries[len(run) - 1] += 1
        return {"word": word, "solved": sum(by_tries), "by_tries": by_tries, "explanation": question.explanation}

    def wire(self, answer: Any) -> dict[str, Any]:
        return {"guess": answer}

    def describe(self, question: Question, answer: Any) -> str:
        guesses = list(answer)
        solved = bool(guesses) and guesses[-1] == hidden_word(question)
        outcome = f"solved in {len(guesses)}" if solved else "not solved"
        return f"{' '.join(g.upper() for g in guesses)} ({outcome})"
