"""Nicknames: cleaned, length-checked, unique in a room ignoring case."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyhost.core import commands as c
from partyhost.core import nickname
from partyhost.core.errors import NicknameInvalid, NicknameTaken

from core_support import QUIET_HYPOTHESIS_REPORT, Game

pytestmark = QUIET_HYPOTHESIS_REPORT

# ---------------------------------------------------------------------- cleaning


def test_nickname_is_trimmed() -> None:
    assert nickname.validate("   Ada \t ") == "Ada"


def test_runs_of_spaces_collapse_into_one() -> None:
    assert nickname.validate("Ada    King  Lovelace") == "Ada King Lovelace"


def test_unicode_spaces_become_plain_spaces() -> None:
    # no-break space, ideographic space, em space
    assert nickname.validate("Ada\u00a0\u3000\u2003Lovelace") == "Ada Lovelace"


@pytest.mark.parametrize(
    "raw",
    [
        "A\x00d\x07a\x1b",  # C0 controls
        "\x7fAda\x85",  # DEL and a C1 control
        "A\nd\ra",  # line breaks
    ],
)
def test_control_characters_are_stripped(raw: str) -> None:
    assert nickname.validate(raw) == "Ada"


@pytest.mark.parametrize(
    "raw",
    [
        "A\u200bda",  # zero-width space
        "Ad\u200ca",  # zero-width non-joiner
        "A\u200dda",  # zero-width joiner
        "\ufeffAda",  # zero-width no-break space (BOM)
        "Ada\u2060",  # word joiner
    ],
)
def test_zero_width_characters_are_stripped(raw: str) -> None:
    assert nickname.validate(raw) == "Ada"


@pytest.mark.parametrize(
    "raw",
    [
        "\u202eAda\u202c",  # right-to-left override ... pop
        "\u2067Ada\u2069",  # right-to-left isolate ... pop
        "\u200fAda\u200e",  # right-to-left and left-to-right marks
        "\u202aA\u202bd\u202da",  # embeddings and left-to-right override
    ],
)
def test_bidi_controls_are_stripped(raw: str) -> None:
    assert nickname.validate(raw) == "Ada"


def test_line_and_paragraph_separators_are_stripped() -> None:
    assert nickname.validate("A\u2028da\u2029") == "Ada"


def test_nickname_is_normalised_to_composed_form() -> None:
    assert nickname.validate("Zoe\u0301") == "Zo\u00e9"


@pytest.mark.parametrize("raw", ["", "   ", "\t\n", "\u200b\u200d\ufeff", "\u202e\u202c", "\x00"])
def test_nickname_with_nothing_visible_is_invalid(raw: str) -> None:
    with pytest.raises(NicknameInvalid) as caught:
        nickname.validate(raw)
    assert caught.value.code == "nickname_invalid"


def test_24_characters_are_accepted() -> None:
    assert nickname.validate("x" * 24) == "x" * 24


def test_25_characters_are_refused() -> None:
    with pytest.raises(NicknameInvalid):
        nickname.validate("x" * 25)


def test_length_is_counted_after_cleaning() -> None:
    raw = "   " + "x" * 12 + "\u200b" * 10 + "    " + "y" * 11 + "  "
    assert nickname.validate(raw) == "x" * 12 + " " + "y" * 11


def test_names_differing_only_in_case_share_a_key() -> None:
    assert nickname.key("Ada") == nickname.key("ADA") == nickname.key("aDa")
    assert nickname.key("Stra\u00dfe") == nickname.key("STRASSE")
    assert nickname.key("Ada") != nickname.key("Bob")


_DROPPED = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}

#: any text, and text built from the characters that cleaning treats specially:
#: letters that compose with combining marks, spaces of every kind, invisible characters
raw_nicknames = st.one_of(
    st.text(max_size=60),
    st.text(
        alphabet=st.sampled_from(
            "aeoAEO\u00e9\u00df\u0301\u0308\u0327"  # letters and combining marks
            " \u00a0\u3000\t\n\x00"  # spaces and controls
            "\u200b\u200d\u202e\u2066\ufeff\u2028"  # zero-width, bidi, separators
        ),
        max_size=30,
    ),
)


@given(raw_nicknames)
def test_cleaned_nickname_has_no_invisible_characters_nor_stray_spaces(raw: str) -> None:
    name = nickname.clean(raw)
    assert name == name.strip()
    assert "  " not in name
    assert all(unicodedata.category(ch) not in _DROPPED for ch in name)
    assert all(ch == " " or not ch.isspace() for ch in name)


@given(raw_nicknames)
def test_cleaning_twice_changes_nothing(raw: str) -> None:
    once = nickname.clean(raw)
    assert nickname.clean(once) == once


# ---------------------------------------------------------------- within a room


def test_join_stores_the_cleaned_nickname(game: Game) -> None:
    assert game.join("  Ada\u200b   Lovelace ").nickname == "Ada Lovelace"


def test_join_with_an_empty_nickname_is_refused(game: Game) -> None:
    with pytest.raises(NicknameInvalid):
        game.handle(c.Join("  \u200b ", "token-empty-0123456789"))
    assert game.room.players == {}


def test_join_with_a_25_character_nickname_is_refused(game: Game) -> None:
    with pytest.raises(NicknameInvalid):
        game.handle(c.Join("x" * 25, "token-long-0123456789"))
    assert game.join("x" * 24).nickname == "x" * 24


@pytest.mark.parametrize("second", ["Ada", "ADA", "aDa", " ada ", "A\u200bda", "\u202eADA"])
def test_nickname_taken_in_the_room_ignoring_case_is_refused(game: Game, second: str) -> None:
    game.join("Ada")
    with pytest.raises(NicknameTaken) as caught:
        game.handle(c.Join(second, "token-second-0123456789"))
    assert caught.value.code == "nickname_taken"


def test_same_nickname_is_fine_in_another_room(game: Game) -> None:
    other = Game.make()
    game.join("Ada")
    assert other.join("Ada").nickname == "Ada"


def test_nickname_is_free_again_after_a_kick(game: Game) -> None:
    ada = game.join("Ada")
    game.do(c.Kick(ada.id))
    again = game.join("ADA")
    assert again.id != ada.id
    assert again.nickname == "ADA"
    assert [p.nickname for p in game.room.active_players()] == ["ADA"]


def test_stripping_an_invisible_character_cannot_split_a_composed_letter(game: Game) -> None:
    # "Zoe" + zero-width space + combining acute looks exactly like "Zoé" once the
    # zero-width space is stripped, so it must be the same nickname.
    game.join("Zo\u00e9")
    with pytest.raises(NicknameTaken):
        game.handle(c.Join("Zoe\u200b\u0301", "token-lookalike-0123456789"))
