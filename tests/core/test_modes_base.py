"""What every mode shares: questions without a timer, and answers in the field their mode reads."""

from __future__ import annotations

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer, InvalidPhase
from partyhost.core.questions import Settings
from partyhost.core.room import Phase

from core_support import QUESTIONS, Game

UNTIMED = dict(QUESTIONS[0], time_limit=0)


def untimed_game() -> Game:
    game = Game.make([UNTIMED, QUESTIONS[1]], Settings(time_limit=20))
    game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    return game


def test_a_question_without_a_timer_stays_open_however_long_it_takes() -> None:
    game = untimed_game()
    game.advance(3_600_000)
    assert game.do(c.Tick()) == []
    assert game.room.phase is Phase.QUESTION and game.room.remaining(game.now) == 0
    (answer,) = game.answer("p1", [1])
    assert isinstance(answer, e.AnswerRecorded) and answer.correct
    assert answer.elapsed_ms == 3_600_000 and answer.points == 1000  # no timer, no speed to reward


def test_a_question_without_a_timer_closes_when_the_host_reveals_it() -> None:
    game = untimed_game()
    game.answer("p1", [1])
    (closed,) = game.do(c.Reveal())
    assert closed == e.QuestionClosed(0, "host")
    assert game.room.players["p1"].score == 1000


def test_a_question_without_a_timer_shows_no_countdown() -> None:
    game = untimed_game()
    question = views.player_shared(game.room, game.now)["question"]
    assert question["time_limit_ms"] == 0 and question["remaining_ms"] == 0


def test_pause_and_recover_of_a_question_without_a_timer_change_nothing() -> None:
    game = untimed_game()
    assert game.do(c.Pause()) == []
    assert game.do(c.Recover()) == []
    assert not game.room.paused


def test_extending_a_question_without_a_timer_is_refused() -> None:
    game = untimed_game()
    with pytest.raises(InvalidPhase, match="no timer"):
        game.do(c.Extend(10))


def test_the_next_question_has_its_timer_again() -> None:
    game = untimed_game()
    game.answer("p1", [1])
    game.answer("p2", [1])
    game.do(c.Next())
    game.do(c.Next())
    assert game.room.timed and game.room.remaining(game.now) == 20_000


def test_an_answer_in_another_modes_field_is_bad_answer() -> None:
    game = untimed_game()
    with pytest.raises(BadAnswer):
        game.give("p1", text="Mars")
    assert not game.room.answers
