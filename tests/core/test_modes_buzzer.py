"""Buzzers and the board: the first buzz to arrive answers, the host judges, wrong re-opens."""

from __future__ import annotations

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer, BadCommand, DuplicateAnswer, InvalidPhase, LateAnswer, NoPlayers
from partyhost.core.room import Phase, Room
from partyhost.packs.model import parse_question

from core_support import QUESTIONS, Game


def clue(category: str, value: int, text: str, answer: str) -> dict[str, object]:
    return parse_question({"type": "buzzer", "category": category, "value": value, "text": text, "answer": answer})


BOARD = [
    clue("Rivers", 100, "The longest river in Africa", "The Nile"),
    clue("Rivers", 200, "It flows through Baghdad", "The Tigris"),
    clue("Moons", 100, "Mars has two: Phobos and ...", "Deimos"),
    clue("Moons", 200, "Saturn's largest moon", "Titan"),
]


def board_game(*names: str) -> Game:
    game = Game.make(BOARD)
    for name in names or ("Ada", "Bob", "Cy"):
        game.join(name)
    return game


def buzz(game: Game, player: str) -> list[e.Event]:
    return game.give(player, buzz=True)


def statuses(game: Game) -> list[tuple[str, str]]:
    return [(b["nickname"], b["status"]) for b in views.screen_view(game.room, game.now)["question"]["buzzers"]]


def test_the_host_opens_any_clue_of_the_board() -> None:
    game = board_game()
    moved, opened = game.do(c.OpenQuestion(3))
    assert moved == e.QuestionMoved(3, 0) and isinstance(opened, e.QuestionOpened) and opened.index == 0
    assert game.room.question is not None and game.room.question.text == "Saturn's largest moon"
    assert not game.room.timed
    board = views.screen_view(game.room, game.now)["board"]
    assert board == [
        {
            "category": "Moons",
            "clues": [{"index": 3, "value": 100, "status": "open"}, {"index": 0, "value": 200, "status": "current"}],
        },
        {
            "category": "Rivers",
            "clues": [{"index": 1, "value": 100, "status": "open"}, {"index": 2, "value": 200, "status": "open"}],
        },
    ]


def test_the_first_buzz_to_arrive_is_up_and_the_rest_wait_in_order() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    buzz(game, "p2")
    buzz(game, "p3")
    buzz(game, "p1")
    assert statuses(game) == [("Bob", "up"), ("Cy", "waiting"), ("Ada", "waiting")]
    assert game.room.phase is Phase.QUESTION  # everyone buzzing does not close a clue


def test_a_right_answer_scores_the_value_and_closes_the_clue() -> None:
    game = board_game()
    game.do(c.OpenQuestion(1))
    buzz(game, "p1")
    judged, closed = game.do(c.Judge(True))
    assert judged == e.BuzzJudged(0, "p1", True, 200) and closed == e.QuestionClosed(0, "host")
    ada = game.room.players["p1"]
    assert ada.score == 200 and ada.correct_count == 1
    assert ada.result == {"question": 0, "correct": True, "points": 200, "streak_bonus": 0}
    assert views.screen_view(game.room, game.now)["reveal"]["answer"] == "The Tigris"
    with pytest.raises(LateAnswer):
        buzz(game, "p2")


def test_a_wrong_answer_costs_the_value_and_the_next_buzz_is_up() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    buzz(game, "p1")
    buzz(game, "p2")
    (judged,) = game.do(c.Judge(False))
    assert judged == e.BuzzJudged(0, "p1", False, -100)
    assert game.room.players["p1"].score == -100  # scores go down only here
    assert statuses(game) == [("Ada", "wrong"), ("Bob", "up")]
    buzz(game, "p3")  # the others can still buzz after a wrong answer
    with pytest.raises(DuplicateAnswer):
        buzz(game, "p1")  # but not the one who was wrong: one buzz per clue
    game.do(c.Judge(False))
    game.do(c.Judge(True))
    assert [p.score for p in game.room.players.values()] == [-100, -100, 100]
    assert game.room.phase is Phase.REVEAL


def test_judging_with_nobody_up_or_outside_a_buzzer_clue_is_refused() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    with pytest.raises(InvalidPhase, match="Nobody is up"):
        game.do(c.Judge(True))
    quiz = Game.make([QUESTIONS[0]])
    quiz.join("Ada")
    quiz.do(c.Start())
    with pytest.raises(InvalidPhase, match="buzzer"):
        quiz.do(c.Judge(True))


def test_only_a_buzz_answers_a_clue() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    for fields in ({"buzz": False}, {"choice": [0]}, {"text": "The Nile"}):
        with pytest.raises(BadAnswer, match="buzz"):
            game.give("p1", **fields)


def test_a_kicked_player_leaves_the_queue() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    buzz(game, "p1")
    buzz(game, "p2")
    game.do(c.Kick("p1"))
    assert statuses(game) == [("Bob", "up")]
    assert game.room.phase is Phase.QUESTION


def test_clues_open_only_when_no_question_is_open_and_not_asked_yet() -> None:
    game = board_game()
    with pytest.raises(BadCommand, match="not asked yet"):
        game.do(c.OpenQuestion(7))
    game.do(c.OpenQuestion(2))
    with pytest.raises(InvalidPhase, match="Close the question first"):
        game.do(c.OpenQuestion(3))
    buzz(game, "p1")
    game.do(c.Judge(True))
    game.do(c.Next())  # the leaderboard
    with pytest.raises(BadCommand, match="not asked yet"):
        game.do(c.OpenQuestion(0))
    moved, opened = game.do(c.OpenQuestion(3))
    assert moved == e.QuestionMoved(3, 1) and isinstance(opened, e.QuestionOpened)


def test_an_empty_room_cannot_open_a_clue() -> None:
    game = Game.make(BOARD)
    with pytest.raises(NoPlayers):
        game.do(c.OpenQuestion(1))


def test_replay_gives_the_same_scores_and_board() -> None:
    game = board_game()
    game.do(c.OpenQuestion(3))
    buzz(game, "p2")
    buzz(game, "p1")
    game.do(c.Judge(False))
    game.do(c.Judge(True))
    rebuilt = Room.replay(game.log)
    assert [p.score for p in rebuilt.players.values()] == [200, -200, 0]
    assert views.host_view(rebuilt, game.now) == views.host_view(game.room, game.now)


def test_the_answer_reaches_only_the_host_before_the_reveal() -> None:
    game = board_game()
    game.do(c.OpenQuestion(0))
    assert views.host_view(game.room, game.now)["question"]["answer"] == "The Nile"
    for view in (views.screen_view(game.room, game.now), views.player_shared(game.room, game.now)):
        assert "The Nile" not in str(view)
