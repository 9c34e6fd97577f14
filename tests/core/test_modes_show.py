"""A room's show: the ordered list of activities, which the host can change while the game runs."""

from __future__ import annotations

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadCommand, InvalidPhase
from partyhost.core.room import MAX_QUESTIONS, Phase, Room
from partyhost.packs.model import parse_question

from core_support import QUESTIONS, Game

POLL = parse_question({"type": "poll", "text": "Another round?", "options": ["Yes", "No"]})
CLOUD = parse_question({"type": "wordcloud", "text": "One word for tonight?"})


def texts(game: Game) -> list[str]:
    return [q.text for q in game.room.questions]


def started() -> Game:
    """Ada and Bob in a room of three questions; the first is open."""
    game = Game.make()
    game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    return game


def test_the_host_adds_a_poll_typed_on_the_spot_right_after_the_open_question() -> None:
    game = started()
    (added,) = game.do(c.AddQuestions((POLL,), 1))
    assert added == e.QuestionsAdded(1, [POLL])
    assert texts(game) == [QUESTIONS[0]["text"], "Another round?", QUESTIONS[1]["text"], QUESTIONS[2]["text"]]
    game.answer("p1", [1])
    game.answer("p2", [1])
    game.do(c.Next())
    (opened,) = game.do(c.Next())
    assert isinstance(opened, e.QuestionOpened) and game.room.question is not None
    assert game.room.question.type == "poll" and not game.room.timed


def test_questions_added_without_a_place_go_to_the_end() -> None:
    game = started()
    game.do(c.AddQuestions((POLL, CLOUD)))
    assert texts(game)[-2:] == ["Another round?", "One word for tonight?"]
    assert views.player_shared(game.room, game.now)["room"]["question_count"] == 5


def test_questions_cannot_go_before_the_open_question() -> None:
    game = started()
    for place in (0, 4):
        with pytest.raises(BadCommand, match="between place 1 and 3"):
            game.do(c.AddQuestions((POLL,), place))
    assert len(game.room.questions) == 3


def test_in_the_lobby_any_place_is_open() -> None:
    game = Game.make()
    game.do(c.AddQuestions((POLL,), 0))
    assert texts(game)[0] == "Another round?"


def test_adding_after_the_last_leaderboard_gives_the_game_another_question() -> None:
    game = Game.make([QUESTIONS[0]])
    game.join("Ada")
    game.do(c.Start())
    game.answer("p1", [1])
    game.do(c.Next())
    assert game.room.phase is Phase.LEADERBOARD
    game.do(c.AddQuestions((POLL,)))
    (opened,) = game.do(c.Next())
    assert isinstance(opened, e.QuestionOpened) and opened.index == 1


def test_nothing_is_added_after_the_end() -> None:
    game = started()
    game.do(c.End())
    with pytest.raises(InvalidPhase, match="ended"):
        game.do(c.AddQuestions((POLL,)))


def test_a_question_the_core_cannot_play_is_refused() -> None:
    game = started()
    for bad in (
        {"type": "karaoke", "text": "Sing"},
        {"text": "No type"},
        {"type": "single", "text": "x", "correct": "a"},
    ):
        with pytest.raises(BadCommand, match="not a question"):
            game.do(c.AddQuestions((bad,)))
    with pytest.raises(BadCommand, match="at least one"):
        game.do(c.AddQuestions(()))
    assert len(game.room.questions) == 3


def test_a_show_holds_at_most_500_questions() -> None:
    game = started()
    game.do(c.AddQuestions((POLL,) * (MAX_QUESTIONS - 3)))
    with pytest.raises(BadCommand, match="at most 500"):
        game.do(c.AddQuestions((POLL,)))


def test_the_host_reorders_questions_not_asked_yet() -> None:
    game = started()
    game.do(c.AddQuestions((POLL,)))
    (moved,) = game.do(c.MoveQuestion(3, 1))
    assert moved == e.QuestionMoved(3, 1)
    assert texts(game)[1] == "Another round?"
    assert game.do(c.MoveQuestion(2, 2)) == []


@pytest.mark.parametrize("index, to", [(0, 2), (2, 0), (1, 3), (5, 1)])
def test_asked_or_missing_questions_cannot_be_moved(index: int, to: int) -> None:
    game = started()
    with pytest.raises(BadCommand, match="not asked yet"):
        game.do(c.MoveQuestion(index, to))
    assert texts(game) == [q["text"] for q in QUESTIONS]


def test_the_host_removes_a_question_not_asked_yet_and_cannot_remove_the_open_one() -> None:
    game = started()
    (removed,) = game.do(c.RemoveQuestion(2))
    assert removed == e.QuestionRemoved(2)
    assert len(game.room.questions) == 2
    with pytest.raises(BadCommand, match="not asked yet"):
        game.do(c.RemoveQuestion(0))


def test_the_host_sees_the_whole_show_and_where_the_game_is() -> None:
    game = started()
    game.do(c.AddQuestions((POLL,), 1))
    game.do(c.Skip())
    game.do(c.Next())
    show = views.host_view(game.room, game.now)["show"]
    assert [(i["index"], i["type"], i["status"]) for i in show] == [
        (0, "single", "skipped"),
        (1, "poll", "current"),
        (2, "multi", "upcoming"),
        (3, "truefalse", "upcoming"),
    ]
    assert "show" not in views.screen_view(game.room, game.now)
    assert "show" not in views.player_view(game.room, game.room.players["p1"], game.now)


def test_players_keep_their_seat_and_score_across_every_kind_of_activity() -> None:
    game = started()
    game.do(c.AddQuestions((POLL, CLOUD), 1))
    game.answer("p1", [1])
    game.answer("p2", [0])
    game.do(c.Next())
    game.do(c.Next())
    game.give("p1", choice=[0])
    game.give("p2", choice=[1])
    game.do(c.Next())
    game.give("p1", entries=["fun"])
    game.give("p2", entries=["late"])
    game.do(c.Next())
    assert game.room.question is not None and game.room.question.type == "multi"
    assert [p.score for p in game.room.players.values()] == [1000, 0]
    assert len(game.room.players) == 2


def test_replay_rebuilds_the_edited_show() -> None:
    game = started()
    game.do(c.AddQuestions((POLL, CLOUD), 1))
    game.do(c.MoveQuestion(2, 4))
    game.do(c.RemoveQuestion(1))
    rebuilt = Room.replay(game.log)
    assert [q.text for q in rebuilt.questions] == texts(game)
    assert views.host_view(rebuilt, game.now) == views.host_view(game.room, game.now)
