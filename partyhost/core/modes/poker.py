"""Planning poker: everyone picks a card; nobody sees a card until the host reveals them.

A deck is ``fibonacci`` (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, ?, ☕), ``tshirt``
(XS to XXL, ?, ☕) or the pack's own list of cards. An answer is one card, sent as
``card``. While voting, the screen shows only who has voted (face-down cards). The
reveal shows every card with its player's name (unless the question is
``anonymous``), how many picked each card, the spread (lowest and highest card,
in deck order, leaving out ``?`` and ``☕``), the consensus (the card everyone
picked, if they all picked the same one and it is not ``?`` or ``☕``), and the mean
when the cards are numbers. The host can ask for a re-vote: the same question again,
straight after.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes.base import Mode
from partyhost.core.questions import Question

DECKS: dict[str, tuple[str, ...]] = {
    "fibonacci": ("0", "1", "2", "3", "5", "8", "13", "21", "34", "55", "89", "?", "\u2615"),
    "tshirt": ("XS", "S", "M", "L", "XL", "XXL", "?", "\u2615"),
}
#: cards that are not an estimate: "I don't know" and "I need a break"
NOT_ESTIMATES = frozenset({"?", "\u2615"})


def deck(question: Question) -> tuple[str, ...]:
    chosen = question.extra.get("deck", "fibonacci")
    return DECKS[chosen] if isinstance(chosen, str) else tuple(str(c) for c in chosen)


def _number(card: str) -> Fraction | None:
    try:
        return Fraction(card)
    except (ValueError, ZeroDivisionError):
        return None


class PokerMode(Mode):
    kinds = ("poker",)
    scored = False
    field = "card"
    timed_by_default = False
    names_at_reveal = True

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> str:
        card = self.field_of(raw, "card", "a card")
        cards = deck(question)
        if not isinstance(card, str) or card not in cards:
            raise BadAnswer(f"Pick one of the cards: {', '.join(cards)}.")
        return card

    def public(self, question: Question) -> dict[str, Any]:
        return {"type": question.type, "text": question.text, "deck": list(deck(question)), "scored": False}

    def live(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        return {"votes": len(answers)}  # how many, never which cards

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        cards = deck(question)
        counts = {card: 0 for card in cards}
        for answer in answers:
            counts[answer] += 1
        estimates = sorted((a for a in answers if a not in NOT_ESTIMATES), key=cards.index)
        spread = {"low": estimates[0], "high": estimates[-1]} if estimates else None
        consensus = answers[0] if answers and len(set(answers)) == 1 and answers[0] not in NOT_ESTIMATES else None
        numbers = [n for n in (_number(a) for a in estimates) if n is not None]
        mean = None
        if numbers and len(numbers) == len(estimates):
            exact = sum(numbers, Fraction(0)) / len(numbers)
            mean = float(int(exact * 10 + Fraction(1, 2))) / 10
        return {
            "cards": [{"card": card, "count": n} for card, n in counts.items() if n],
            "spread": spread,
            "consensus": consensus,
            "mean": mean,
            "explanation": question.explanation,
        }

    def anonymous(self, question: Question) -> bool:
        return bool(question.extra.get("anonymous", False))
