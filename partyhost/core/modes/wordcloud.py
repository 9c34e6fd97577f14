"""Word clouds (open text): each player sends a few short entries; the screen draws them.

An answer is a list of 1 to ``max_entries`` entries (3 by default), sent as
``entries``; each is trimmed and at most ``max_length`` characters (30 by default).
Entries are grouped by their folded form (:func:`.textnorm.fold`: no case, accents
or punctuation), so ``Pizza!`` and ``pizza`` are one word; a group is shown in its
most common spelling (the first one given, when tied). A player's entries that fold
to the same group count once. The host can hide a group (its key is the folded
form): it then reaches no page but the host's. Entries are anonymous.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from partyhost.core.errors import BadAnswer
from partyhost.core.modes import textnorm
from partyhost.core.modes.base import Mode
from partyhost.core.questions import Question

#: the screen draws at most this many groups, the biggest
MAX_WORDS = 60


def limits(question: Question) -> tuple[int, int]:
    return int(question.extra.get("max_entries", 3)), int(question.extra.get("max_length", 30))


def groups(answers: Sequence[Any]) -> list[dict[str, Any]]:
    """Every group as ``{"key", "text", "count"}``, biggest first (ties: the first one given)."""
    counts: dict[str, int] = {}
    spellings: dict[str, dict[str, int]] = {}
    for answer in answers:
        for entry in answer:
            key = textnorm.fold(entry)
            counts[key] = counts.get(key, 0) + 1
            forms = spellings.setdefault(key, {})
            forms[entry] = forms.get(entry, 0) + 1
    order = {key: i for i, key in enumerate(counts)}
    result: list[dict[str, Any]] = []
    for key, count in counts.items():
        forms = spellings[key]
        text = max(forms, key=lambda f: (forms[f], -list(forms).index(f)))
        result.append({"key": key, "text": text, "count": count})
    result.sort(key=lambda g: (-g["count"], order[g["key"]]))
    return result


class WordCloudMode(Mode):
    kinds = ("wordcloud",)
    scored = False
    field = "entries"
    timed_by_default = False

    def parse_answer(self, question: Question, raw: Mapping[str, Any]) -> tuple[str, ...]:
        value = self.field_of(raw, "entries", "one or more words (entries)")
        most, longest = limits(question)
        if not isinstance(value, list | tuple) or not value or not all(isinstance(v, str) for v in value):
            raise BadAnswer("Send your words as a list of text.")
        kept: list[str] = []
        keys: set[str] = set()
        for entry in value:
            text = textnorm.clean(entry)
            if not text:
                continue
            if len(text) > longest:
                raise BadAnswer(f"Each entry is at most {longest} characters.")
            key = textnorm.fold(text)
            if not key:
                raise BadAnswer("An entry needs a letter or a digit.")
            if key not in keys:
                keys.add(key)
                kept.append(text)
        if not kept:
            raise BadAnswer("Type at least one word.")
        if len(kept) > most:
            raise BadAnswer(f"Send at most {most} {'entry' if most == 1 else 'entries'}.")
        return tuple(kept)

    def public(self, question: Question) -> dict[str, Any]:
        most, longest = limits(question)
        return {
            "type": question.type,
            "text": question.text,
            "max_entries": most,
            "max_length": longest,
            "scored": False,
        }

    def live(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        shown = [g for g in groups(answers) if g["key"] not in hidden]
        return {"words": shown[:MAX_WORDS], "groups": len(shown)}

    def tally(self, question: Question, answers: Sequence[Any], hidden: Collection[str]) -> dict[str, Any]:
        return {**self.live(question, answers, hidden), "explanation": question.explanation}

    def entry_keys(self, question: Question, answers: Sequence[Any]) -> set[str]:
        return {textnorm.fold(entry) for answer in answers for entry in answer}

    def describe(self, question: Question, answer: Any) -> str:
        return " | ".join(answer)

    def shown_text(self, answer: Any) -> list[str]:
        return list(answer)

    def anonymous(self, question: Question) -> bool:
        return bool(question.extra.get("anonymous", True))
