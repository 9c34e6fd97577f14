"""How typed text is compared: the rules ``docs/scoring.md`` states for typed answers and word clouds.

``fold`` makes the form two spellings are compared in: Unicode compatibility forms
unified (NFKC: full-width letters, ligatures), accents removed, case folded (``ß`` is
``ss``), apostrophes dropped (``rock'n'roll`` is ``rocknroll``), every other run of
punctuation, symbols or spaces made one space, and the ends trimmed.

``matches`` accepts a typed answer when its folded form, with the spaces taken out,
is within a few edits of an accepted answer's (``typo_allowance``): an edit is a
letter added, removed or changed, or two neighbouring letters swapped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_APOSTROPHES = frozenset("'`\u2018\u2019\u02bc\u00b4")


def clean(text: str) -> str:
    """What a player typed, as shown back: whitespace runs made one space, ends trimmed."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """The comparison form: no accents, no case, no punctuation; single spaces."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) or ch in _APOSTROPHES:
            continue
        category = unicodedata.category(ch)
        out.append(ch if category[0] in "LN" else " ")
    return " ".join("".join(out).casefold().split())


def squash(text: str) -> str:
    """The folded form without spaces: ``New York``, ``new-york`` and ``newyork`` are one."""
    return fold(text).replace(" ", "")


def typo_allowance(accepted: str) -> int:
    """How many edits an answer may be from ``accepted`` (already squashed).

    None for up to 3 characters or for anything with a digit in it (a year is exact),
    1 for 4 to 8 characters, 2 from 9 characters on.
    """
    if len(accepted) <= 3 or any(ch.isdigit() for ch in accepted):
        return 0
    return 1 if len(accepted) <= 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, change, swap neighbours), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def matches(typed: str, accepted: Iterable[str], *, typos: bool = True) -> bool:
    """Whether ``typed`` counts as one of the ``accepted`` answers."""
    given = squash(typed)
    if not given:
        return False
    for answer in accepted:
        target = squash(answer)
        allowance = typo_allowance(target) if typos else 0
        if given == target or (allowance and edit_distance(given, target, allowance) <= allowance):
            return True
    return False
