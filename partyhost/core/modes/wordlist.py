"""The word lists of the Wordle race: the words that can be hidden, and the guesses accepted.

Both lists were written for partyhost (no published Wordle list was copied) and live as
package data beside this module, one word per line, so that a wheel and the one-file
binary carry them:

- ``words/answers.txt``: the words a Wordle question can hide when its pack names none.
  Common, everyday, family-friendly English words that a class of eleven-year-olds knows
  and recognises when revealed: no plural made by adding a single ``s``, no proper nouns,
  no obscure words, and nothing crude, offensive or caught by the nickname filter
  (:func:`partyhost.core.wordfilter.is_offensive`).
- ``words/allowed.txt``: every guess the race accepts: all the answers, plus further
  genuine English five-letter words (plurals, verb forms, rarer words). A word goes in only
  when it is certainly real; one left out is merely refused as a guess.

Both files keep the same rules, which ``tests/core/test_wordlist.py`` checks: exactly five
lowercase letters ``a``-``z`` on every line, sorted, no duplicates, no header or comments,
and every answer also allowed.

This module only reads its own package data (through :mod:`importlib.resources`), once, on
first use; it draws nothing at random (the shell picks the hidden word).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _read(name: str) -> tuple[str, ...]:
    # Anchored on the modes package (``words/`` is a plain data folder, not a package).
    text = files("partyhost.core.modes").joinpath("words").joinpath(name).read_text(encoding="ascii")
    return tuple(line for line in text.splitlines() if line)


@cache
def answers() -> tuple[str, ...]:
    """The words a Wordle question can hide, sorted."""
    return _read("answers.txt")


@cache
def allowed() -> frozenset[str]:
    """Every guess a Wordle race accepts (the answers included)."""
    return frozenset(_read("allowed.txt"))


def is_allowed(word: str) -> bool:
    """Whether ``word`` is an accepted guess, whatever its case (``"CRANE"`` as ``"crane"``)."""
    return word.lower() in allowed()
