"""The Wordle race's word lists keep their rules, and ``is_allowed`` reads them case-insensitively."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from partyhost.core.modes import wordlist
from partyhost.core.wordfilter import is_offensive

FIVE_LETTERS = re.compile(r"[a-z]{5}")


def lines(name: str) -> list[str]:
    """The file's lines exactly as shipped (a blank or padded line counts as a line)."""
    text = files("partyhost.core.modes").joinpath("words").joinpath(name).read_text(encoding="ascii")
    assert text.endswith("\n") and not text.endswith("\n\n"), f"{name}: one final newline, no blank lines"
    return text.split("\n")[:-1]


@pytest.mark.parametrize("name", ["answers.txt", "allowed.txt"])
def test_every_line_is_five_lowercase_letters_sorted_and_unique(name: str) -> None:
    words = lines(name)
    assert [w for w in words if not FIVE_LETTERS.fullmatch(w)] == []
    assert words == sorted(words), f"{name} is not sorted"
    assert len(words) == len(set(words)), f"{name} has duplicates"


def test_the_lists_are_big_enough_and_every_answer_is_an_accepted_guess() -> None:
    answers, allowed = wordlist.answers(), wordlist.allowed()
    assert len(answers) >= 500
    assert len(allowed) >= 4000
    assert set(answers) <= allowed
    assert list(answers) == lines("answers.txt") and allowed == set(lines("allowed.txt"))


def test_no_answer_is_caught_by_the_family_filter() -> None:
    assert [w for w in wordlist.answers() if is_offensive(w)] == []


def test_no_answer_is_a_plural_made_by_adding_one_s() -> None:
    # A word may end in s (glass, bonus, oasis); one that ends in a lone s after anything else
    # ("cards") must be a known non-plural.
    lone_s = [w for w in wordlist.answers() if re.search(r"[^su]s$", w) and not w.endswith("is")]
    assert sorted(lone_s) == ["atlas", "chaos"]


def test_the_lists_are_read_once() -> None:
    assert wordlist.answers() is wordlist.answers()
    assert wordlist.allowed() is wordlist.allowed()


@pytest.mark.parametrize("word", ["crane", "CRANE", "Crane", "cRaNe"])
def test_is_allowed_ignores_case(word: str) -> None:
    assert wordlist.is_allowed(word)


@pytest.mark.parametrize("word", ["qwxyz", "cranx", "cran", "cranes", "", " crane", "crâne", "12345"])
def test_is_allowed_refuses_words_outside_the_list(word: str) -> None:
    assert not wordlist.is_allowed(word)
