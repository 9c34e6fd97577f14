"""The quiz question types beyond choices: typed answers, numbers (and sliders), orderings."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer
from partyhost.core.modes import textnorm
from partyhost.core.modes.order import pair_credit
from partyhost.core.questions import Question, Settings
from partyhost.core.room import Phase
from partyhost.packs.model import parse_pack

from core_support import Game

CAPITAL = {"type": "typed", "text": "Capital of Iceland?", "accepted": ["Reykjavík"], "explanation": "Smoky bay."}
YEAR = {"type": "typed", "text": "Year of the first Moon landing?", "accepted": ["1969"]}
EXACT = {"type": "typed", "text": "Chemical symbol of gold?", "accepted": ["Au"], "typos": False}
BONES = {"type": "number", "text": "Bones in an adult human?", "answer": 206, "tolerance": 2}
JAR = {"type": "number", "text": "Sweets in the jar?", "answer": 480, "closest": True}
SLIDER = {"type": "number", "text": "Percent of Earth covered by water?", "answer": 71, "min": 0, "max": 100, "step": 1}
DECIMAL = {"type": "number", "text": "0.1 + 0.2?", "answer": 0.3}
#: in the right order; shown as [Jupiter, Mercury, Earth, Mars] (shown = [3, 0, 1, 2])
PLANETS = {
    "type": "order",
    "text": "Order by distance from the Sun",
    "items": ["Mercury", "Earth", "Mars", "Jupiter"],
    "shown": [3, 0, 1, 2],
}
#: the right answer in shown indexes: Mercury is shown 2nd (1), Earth 3rd (2), Mars 4th (3), Jupiter 1st (0)
PLANETS_RIGHT = [1, 2, 3, 0]
POINTS = Settings(time_limit=20)


def solo(question: dict[str, Any], *names: str, settings: Settings = POINTS) -> Game:
    """A room with one question, the named players, and the question open at mono 0."""
    game = Game.make([question], settings)
    for name in names or ("Ada",):
        game.join(name)
    game.do(c.Start())
    return game


def recorded(events: list[e.Event]) -> e.AnswerRecorded:
    first = events[0]
    assert isinstance(first, e.AnswerRecorded)
    return first


# ------------------------------------------------------------------ typed answers


@pytest.mark.parametrize(
    "typed",
    ["Reykjavík", "reykjavik", "  REYKJAVIK ", "Reykjavik!", "Reyjkavik", "Reykavik", "Reykjavíkk", "reykja vik"],
)
def test_typed_answer_ignores_case_accents_punctuation_spaces_and_one_typo(typed: str) -> None:
    game = solo(CAPITAL)
    assert recorded(game.give("p1", text=typed)).correct


@pytest.mark.parametrize("typed", ["Rekjvk", "Oslo", "Raykjovak", "Reyk"])
def test_typed_answer_with_more_than_the_allowed_typos_is_wrong(typed: str) -> None:
    game = solo(CAPITAL)
    answer = recorded(game.give("p1", text=typed))
    assert not answer.correct and answer.points == 0


def test_typed_answer_with_a_digit_must_be_exact() -> None:
    game = solo(YEAR, "Ada", "Bob")
    assert recorded(game.give("p1", text=" 1969 ")).correct
    assert not recorded(game.give("p2", text="1968")).correct


def test_typed_answer_of_three_letters_or_fewer_allows_no_typo() -> None:
    game = solo({"type": "typed", "text": "Sound of a cat?", "accepted": ["mew", "miaow"]}, "Ada", "Bob")
    assert not recorded(game.give("p1", text="mow")).correct
    assert recorded(game.give("p2", text="miaw")).correct  # one edit from "miaow" (5 letters)


def test_typed_answer_with_typos_off_must_match_after_folding() -> None:
    game = solo(EXACT, "Ada", "Bob")
    assert recorded(game.give("p1", text="AU")).correct
    assert not recorded(game.give("p2", text="Ag")).correct


def test_long_accepted_answers_allow_two_typos() -> None:
    question = {"type": "typed", "text": "Longest river?", "accepted": ["Mississippi"]}
    game = solo(question, "Ada", "Bob")
    assert recorded(game.give("p1", text="Misisipi")).correct is False  # three letters missing
    assert recorded(game.give("p2", text="Missisipi")).correct  # two missing


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"text": "   "}, "Type an answer first."),
        ({"text": "x" * 101}, "at most 100"),
        ({"text": 12}, "as text"),
        ({"choice": [0]}, "typed answer"),
        ({}, "typed answer"),
    ],
)
def test_a_malformed_typed_answer_is_bad_answer_and_stores_nothing(fields: dict[str, Any], message: str) -> None:
    game = solo(CAPITAL)
    before = len(game.log)
    with pytest.raises(BadAnswer, match=message):
        game.give("p1", **fields)
    assert len(game.log) == before
    assert recorded(game.give("p1", text="Reykjavik")).correct


def test_typed_answer_is_stored_as_typed_and_shown_back_to_its_player() -> None:
    game = solo(CAPITAL, "Ada", "Bob")
    game.give("p1", text="  reykja   vik ")
    me = views.player_me(game.room, game.room.players["p1"])
    assert me["answer"] == {"question": 0, "text": "reykja vik"}


def test_the_accepted_answers_reach_only_the_host_before_the_reveal() -> None:
    game = solo(CAPITAL, "Ada", "Bob")
    game.give("p1", text="Oslo")
    secret = ["Reykjav", "accepted", "Smoky bay"]
    for view in (
        views.screen_view(game.room, game.now),
        views.player_view(game.room, game.room.players["p2"], game.now),
    ):
        assert not any(word in json.dumps(view) for word in secret)
    assert views.host_view(game.room, game.now)["question"]["accepted"] == ["Reykjavík"]
    game.do(c.Reveal())
    reveal = views.player_shared(game.room, game.now)["reveal"]
    assert reveal["accepted"] == ["Reykjavík"] and reveal["right"] == 0


# ------------------------------------------------------------------ text folding


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Crème Brûlée", "creme brulee"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("rock'n'roll", "rocknroll"),
        ("rock\u2019n\u2019roll", "rocknroll"),
        ("  New-York!! ", "new york"),
        ("\uff21\uff22\uff23", "abc"),  # full-width letters
        ("Łódź", "łodz"),
        ("Ελλάδα", "ελλαδα"),
    ],
)
def test_fold_removes_case_accents_and_punctuation(raw: str, folded: str) -> None:
    assert textnorm.fold(raw) == folded


@pytest.mark.parametrize(
    "a, b, distance",
    [("paris", "paris", 0), ("paris", "pairs", 1), ("paris", "pari", 1), ("paris", "parris", 1), ("abcd", "dcba", 3)],
)
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(a: str, b: str, distance: int) -> None:
    assert textnorm.edit_distance(a, b, 5) == distance


# ------------------------------------------------------------------------ numbers


def test_a_number_within_the_tolerance_is_right() -> None:
    game = solo(BONES, "Ada", "Bob", "Cy")
    assert recorded(game.give("p1", number=208)).correct
    assert recorded(game.give("p2", number=203.5)).correct is False
    assert recorded(game.give("p3", number=206.0)).answer == 206  # a whole float is stored as an int


def test_numbers_are_compared_as_decimals() -> None:
    game = solo(DECIMAL)
    assert recorded(game.give("p1", number=0.1 + 0.2)).correct is False  # 0.30000000000000004 is not 0.3
    game2 = solo(DECIMAL)
    assert recorded(game2.give("p1", number=0.3)).correct


def test_closest_guesses_win_at_the_close_with_their_own_speed_points() -> None:
    game = solo(JAR, "Ada", "Bob", "Cy", "Dee")
    game.advance(4_000)
    ada = recorded(game.give("p1", number=500))
    game.advance(4_000)
    game.give("p2", number=460)  # as close as Ada, from below
    game.give("p3", number=300)
    assert not ada.correct and ada.points == 0 and ada.speed == 900
    game.do(c.Reveal())
    room = game.room
    assert room.players["p1"].score == 900 and room.players["p1"].result == {
        "question": 0,
        "correct": True,
        "points": 900,
        "streak_bonus": 0,
    }
    assert room.players["p2"].score == 800
    assert room.players["p3"].score == 0 and room.players["p3"].result is not None
    assert room.players["p4"].score == 0 and room.players["p4"].result is None
    reveal = views.screen_view(room, game.now)["reveal"]
    assert reveal["answer"] == 480 and reveal["right"] == 2 and reveal["closest"] == 460


def test_closest_wins_is_decided_again_by_replay() -> None:
    game = solo(JAR, "Ada", "Bob")
    game.give("p1", number=470)
    game.give("p2", number=100)
    from partyhost.core.room import Room

    rebuilt = Room.replay(game.log)
    assert [p.score for p in rebuilt.players.values()] == [p.score for p in game.room.players.values()] == [1000, 0]


@pytest.mark.parametrize("value", [-1, 101, 1e300])
def test_a_slider_refuses_numbers_outside_its_range(value: float) -> None:
    game = solo(SLIDER)
    with pytest.raises(BadAnswer, match="between 0 and 100"):
        game.give("p1", number=value)


@pytest.mark.parametrize("value", [True, "71", None, float("nan"), float("inf"), [71]])
def test_anything_but_a_finite_number_is_bad_answer(value: Any) -> None:
    game = solo(SLIDER)
    with pytest.raises(BadAnswer):
        game.give("p1", number=value)


def test_slider_bounds_are_public_and_the_answer_secret() -> None:
    game = solo(SLIDER, "Ada")
    shown = views.player_shared(game.room, game.now)["question"]
    assert shown["min"] == 0 and shown["max"] == 100 and shown["step"] == 1
    assert "answer" not in shown and "tolerance" not in shown
    assert views.host_view(game.room, game.now)["question"]["answer"] == 71


# ---------------------------------------------------------------------- orderings


def test_ordering_is_shown_in_the_drawn_order_and_its_key_is_secret() -> None:
    game = solo(PLANETS, "Ada")
    shown = views.player_shared(game.room, game.now)["question"]
    assert shown["options"] == ["Jupiter", "Mercury", "Earth", "Mars"]
    assert "correct" not in shown and "items" not in json.dumps(shown)
    assert views.host_view(game.room, game.now)["question"]["correct"] == PLANETS_RIGHT


def test_ordering_without_a_drawn_order_is_never_shown_in_the_right_order() -> None:
    question = Question.from_dict({k: v for k, v in PLANETS.items() if k != "shown"})
    assert list(question.options) != PLANETS["items"]
    assert [question.options[i] for i in question.correct] == PLANETS["items"]


def test_the_pack_layer_draws_an_order_that_is_never_the_right_one() -> None:
    pack = parse_pack(
        {
            "format": "partyhost-pack/1",
            "id": "o",
            "title": "O",
            "questions": [{k: PLANETS[k] for k in ("type", "text", "items")}],
        },
        "o.json",
    )
    for _ in range(50):
        shown = pack.question_dicts()[0]["shown"]
        assert sorted(shown) == [0, 1, 2, 3] and shown != [0, 1, 2, 3]


@pytest.mark.parametrize(
    "order, credit",
    [
        ([0, 1, 2, 3], Fraction(1)),
        ([1, 0, 2, 3], Fraction(5, 6)),
        ([3, 2, 1, 0], Fraction(0)),
        ([0, 2, 1, 3], Fraction(5, 6)),
        ([1, 2, 3, 0], Fraction(3, 6)),
    ],
)
def test_ordering_credit_is_the_share_of_pairs_the_right_way_round(order: list[int], credit: Fraction) -> None:
    assert pair_credit(order, [0, 1, 2, 3]) == credit


def test_a_right_order_scores_like_a_right_answer() -> None:
    game = solo(PLANETS)
    answer = recorded(game.give("p1", order=PLANETS_RIGHT))
    assert answer.correct and answer.points == 1000


def test_a_partly_right_order_earns_its_share_and_ends_the_streak() -> None:
    game = Game.make([dict(PLANETS, time_limit=10), dict(PLANETS, time_limit=10)], POINTS)
    game.join("Ada")
    game.do(c.Start())
    game.give("p1", order=PLANETS_RIGHT)
    game.do(c.Next())
    game.do(c.Next())
    assert game.room.players["p1"].streak == 1
    game.advance(5_000)  # halfway: 750 speed points
    swapped = [PLANETS_RIGHT[1], PLANETS_RIGHT[0], *PLANETS_RIGHT[2:]]
    answer = recorded(game.give("p1", order=swapped))
    assert not answer.correct
    assert answer.speed == 750 and answer.points == 625  # 750 * 5/6
    ada = game.room.players["p1"]
    assert ada.score == 1000 + 625 and ada.streak == 0 and ada.correct_count == 1
    assert ada.result == {"question": 1, "correct": False, "partial": True, "points": 625, "streak_bonus": 0}


def test_a_partly_right_order_scores_nothing_with_points_off() -> None:
    game = solo(PLANETS, settings=Settings(points=False))
    game.give("p1", order=[PLANETS_RIGHT[1], PLANETS_RIGHT[0], *PLANETS_RIGHT[2:]])
    assert game.room.players["p1"].score == 0


@pytest.mark.parametrize("order", [[0, 1, 2], [0, 1, 2, 2], [0, 1, 2, 4], [0, 1, 2, "3"], [0, 1, 2, True], 3])
def test_an_order_that_is_not_each_item_once_is_bad_answer(order: Any) -> None:
    game = solo(PLANETS)
    with pytest.raises(BadAnswer):
        game.give("p1", order=order)
    assert game.room.phase is Phase.QUESTION and not game.room.answers


def test_ordering_reveal_counts_right_and_partly_right() -> None:
    game = solo(PLANETS, "Ada", "Bob", "Cy")
    game.give("p1", order=PLANETS_RIGHT)
    game.give("p2", order=[PLANETS_RIGHT[1], PLANETS_RIGHT[0], *PLANETS_RIGHT[2:]])
    game.give("p3", order=list(reversed(PLANETS_RIGHT)))
    reveal = views.screen_view(game.room, game.now)["reveal"]
    assert reveal["correct"] == PLANETS_RIGHT and reveal["right"] == 1 and reveal["partly"] == 1


def test_every_answer_field_is_echoed_back_to_its_phone_as_sent() -> None:
    game = Game.make([CAPITAL, BONES, PLANETS], POINTS)
    game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    expected = [{"text": "Oslo"}, {"number": 200}, {"order": [3, 2, 1, 0]}]
    for index, fields in enumerate(expected):
        game.give("p1", **fields)
        assert views.player_me(game.room, game.room.players["p1"])["answer"] == {"question": index, **fields}
        game.give("p2", **fields)
        game.do(c.Next())
        if index < 2:
            game.do(c.Next())
