"""The family-friendly nickname filter: catches disguised swearing, lets ordinary names through."""

from __future__ import annotations

import pytest

from partyhost.core import nickname
from partyhost.core.errors import NicknameRefused
from partyhost.core.wordfilter import is_offensive


@pytest.mark.parametrize("name", ["sh1t", "S.H.I.T", "a s s", "FuckFace", "bi7ch", "arse"])
def test_disguised_swear_words_are_caught(name: str) -> None:
    assert is_offensive(name)


@pytest.mark.parametrize("name", ["Ada", "Scunthorpe", "Cassidy", "Assassin", "Grass", "Sussex", "Dickens", "Hancock"])
def test_ordinary_names_that_contain_a_short_word_pass(name: str) -> None:
    assert not is_offensive(name)


def test_the_filter_applies_only_when_asked() -> None:
    assert nickname.validate("sh1t") == "sh1t"
    with pytest.raises(NicknameRefused):
        nickname.validate("sh1t", family_friendly=True)
