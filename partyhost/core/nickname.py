"""Nicknames: cleaned before they are judged, compared ignoring case."""

from __future__ import annotations

import unicodedata

from partyhost.core.errors import NicknameInvalid, NicknameRefused
from partyhost.core.wordfilter import is_offensive

MAX_LENGTH = 24

# Control, format (zero-width, bidi overrides), unassigned, private use and
# line/paragraph separators: invisible or able to disturb the layout.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}


def clean(raw: str) -> str:
    """Strip invisible and control characters and fold runs of spaces into one.

    Normalisation comes last: dropping a control character can bring a letter
    and its combining mark together, and cleaning must be idempotent.
    """
    kept = "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in raw
        if unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    return unicodedata.normalize("NFC", " ".join(kept.split()))


def validate(raw: str, *, family_friendly: bool = False) -> str:
    """The cleaned nickname, or ``NicknameInvalid`` / ``NicknameRefused`` saying what is wrong."""
    name = clean(raw)
    if not name:
        raise NicknameInvalid("Please choose a nickname.")
    if len(name) > MAX_LENGTH:
        raise NicknameInvalid(f"Nicknames have at most {MAX_LENGTH} characters.")
    if family_friendly and is_offensive(name):
        raise NicknameRefused("Please choose another nickname.")
    return name


def key(name: str) -> str:
    """The form two nicknames are compared in: ``Ada`` and ``ADA`` are the same."""
    return name.casefold()
