"""The room state machine, driven through ``handle`` and ``apply`` with a hand-moved clock."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.clock import Now
from partyhost.core.errors import (
    BadAnswer,
    BadCommand,
    BadToken,
    DuplicateAnswer,
    GameOver,
    InvalidPhase,
    Kicked,
    LateAnswer,
    NoPlayers,
    RoomError,
    RoomFull,
    RoomLocked,
    UnknownPlayer,
)
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Player, Room

from core_support import (
    MULTI,
    QUESTIONS,
    RIGHT,
    SINGLE,
    TRUEFALSE,
    WALL0,
    WRONG,
    Game,
    load_packs,
    token_for,
)

Duo = tuple[Game, Player, Player]


def scores(game: Game) -> dict[str, int]:
    return {p.nickname: p.score for p in game.room.players.values()}


def streaks(game: Game) -> dict[str, int]:
    return {p.nickname: p.streak for p in game.room.players.values()}


def all_views(room: Room, now: Now) -> str:
    """Every role's view of ``room`` at ``now``, as one JSON text."""
    return json.dumps(
        {
            "host": views.host_view(room, now),
            "screen": views.screen_view(room, now),
            "players": {pid: views.player_view(room, p, now) for pid, p in room.players.items()},
            "standings": [(s.rank, s.player.id, s.player.score) for s in room.standings()],
        },
        sort_keys=True,
    )


def close_question(game: Game) -> None:
    game.do(c.Reveal())


def to_next_question(game: Game) -> None:
    """From an open question: reveal, leaderboard, open the next one."""
    game.do(c.Reveal())
    game.do(c.Next())
    game.do(c.Next())


# -------------------------------------------------------------------- full game


def test_full_game_flow_from_lobby_to_podium(game: Game) -> None:
    room = game.room
    ada = game.join("Ada")
    bob = game.join("Bob")
    assert room.phase is Phase.LOBBY
    assert [p.id for p in room.active_players()] == [ada.id, bob.id]

    # Question 1 (single): Ada right after 5 s, Bob wrong after 8 s; everyone answered.
    assert game.do(c.Start()) == [e.QuestionOpened(SINGLE, 20_000, 20_000, WALL0)]
    assert (room.phase, room.index) == (Phase.QUESTION, SINGLE)
    game.advance(5_000)
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert (recorded.correct, recorded.points, recorded.elapsed_ms) == (True, 875, 5_000)
    assert ada.score == 0, "points are added when the question closes, not before"
    game.advance(3_000)
    recorded, closed = game.answer(bob, WRONG[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert (recorded.correct, recorded.points) == (False, 0)
    assert closed == e.QuestionClosed(SINGLE, "all_answered")
    assert room.phase is Phase.REVEAL
    assert scores(game) == {"Ada": 875, "Bob": 0}
    assert ada.result == {"question": 0, "correct": True, "points": 875, "streak_bonus": 0}
    assert bob.result == {"question": 0, "correct": False, "points": 0, "streak_bonus": 0}

    assert game.do(c.Next()) == [e.LeaderboardShown(SINGLE)]
    assert room.phase is Phase.LEADERBOARD

    # Question 2 (multi): both right; Ada instantly (streak 2: +100), Bob after 10 s.
    (opened,) = game.do(c.Next())
    assert opened == e.QuestionOpened(MULTI, 20_000, game.mono_ms + 20_000, game.now.wall_ms)
    game.answer(ada, [2, 0])
    game.advance(10_000)
    game.answer(bob, RIGHT[MULTI])
    assert room.phase is Phase.REVEAL
    assert scores(game) == {"Ada": 875 + 1000 + 100, "Bob": 750}
    assert streaks(game) == {"Ada": 2, "Bob": 1}

    game.do(c.Next())
    game.do(c.Next())

    # Question 3 (true/false): only Ada answers (streak 3: +200); the host reveals.
    game.advance(4_000)
    game.answer(ada, RIGHT[TRUEFALSE])
    assert room.phase is Phase.QUESTION
    assert game.do(c.Reveal()) == [e.QuestionClosed(TRUEFALSE, "host")]
    assert scores(game) == {"Ada": 1975 + 900 + 200, "Bob": 750}
    assert streaks(game) == {"Ada": 3, "Bob": 0}
    assert bob.result is None

    game.do(c.Next())
    (ended,) = game.do(c.Next())
    assert ended == e.GameEnded(game.now.wall_ms)
    assert room.phase is Phase.ENDED
    assert room.ended_at == game.now.wall_ms
    assert [(s.rank, s.player.nickname) for s in room.standings()] == [(1, "Ada"), (2, "Bob")]
    assert ada.correct_count == 3
    assert bob.correct_count == 1


def test_next_in_the_lobby_starts_the_game(game: Game) -> None:
    game.join("Ada")
    assert game.do(c.Next()) == [e.QuestionOpened(0, 20_000, 20_000, WALL0)]


def test_question_closes_by_tick_when_time_is_up(duo: Duo) -> None:
    game, ada, _ = duo
    game.answer(ada, RIGHT[SINGLE])
    game.advance(19_999)
    assert game.do(c.Tick()) == []
    game.advance(1)
    assert game.do(c.Tick()) == [e.QuestionClosed(SINGLE, "timeout")]
    assert game.room.phase is Phase.REVEAL
    assert game.room.close_reason == "timeout"
    assert scores(game) == {"Ada": 1000, "Bob": 0}


def test_tick_outside_an_open_question_does_nothing(game: Game) -> None:
    game.join("Ada")
    game.advance(100_000)
    assert game.do(c.Tick()) == []
    assert game.room.phase is Phase.LOBBY


def test_question_with_its_own_time_limit_uses_it() -> None:
    questions = [dict(QUESTIONS[0], time_limit=30)]
    game = Game.make(questions, Settings(time_limit=10))
    game.join("Ada")
    assert game.do(c.Start()) == [e.QuestionOpened(0, 30_000, 30_000, WALL0)]


def test_room_uses_the_time_limit_of_its_settings() -> None:
    game = Game.make(settings=Settings(time_limit=7))
    game.join("Ada")
    (opened,) = game.do(c.Start())
    assert isinstance(opened, e.QuestionOpened)
    assert opened.limit_ms == 7_000


def test_a_room_needs_at_least_one_question() -> None:
    with pytest.raises(BadCommand):
        Room.create(
            code="KQXW",
            title="Empty",
            pack_id="x",
            questions=[],
            settings=Settings(),
            now=Now(0, 0),
        )


@pytest.mark.parametrize("pack", list(load_packs()), ids=lambda pack: pack["id"])
def test_every_bundled_pack_plays_through_with_right_answers(pack: dict[str, Any]) -> None:
    game = Game.make(pack["questions"], Settings.from_dict(pack["settings"]))
    ada = game.join("Ada")
    game.do(c.Start())
    for index, question in enumerate(game.room.questions):
        assert game.room.index == index
        (recorded, closed) = game.answer(ada, list(question.correct))
        assert isinstance(recorded, e.AnswerRecorded)
        assert recorded.correct, f"question {index} of {pack['id']}"
        assert closed == e.QuestionClosed(index, "all_answered")
        game.do(c.Next())
        game.do(c.Next())
    assert game.room.phase is Phase.ENDED
    assert ada.correct_count == len(pack["questions"])


# ------------------------------------------------------------------------ start


def test_start_with_no_players_is_refused(game: Game) -> None:
    with pytest.raises(NoPlayers) as caught:
        game.handle(c.Start())
    assert caught.value.code == "no_players"


def test_start_with_only_kicked_players_is_refused(game: Game) -> None:
    ada = game.join("Ada")
    game.do(c.Kick(ada.id))
    with pytest.raises(NoPlayers):
        game.handle(c.Start())


def test_start_twice_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(InvalidPhase):
        game.handle(c.Start())


def test_next_while_a_question_is_open_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(InvalidPhase):
        game.handle(c.Next())


@pytest.mark.parametrize("command", [c.Reveal(), c.Pause(), c.Resume(), c.Skip(), c.Extend()])
def test_question_controls_in_the_lobby_are_refused(game: Game, command: c.Command) -> None:
    game.join("Ada")
    with pytest.raises(InvalidPhase):
        game.handle(command)


# ---------------------------------------------------------------------- answers


def test_answer_just_before_the_deadline_is_accepted(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(19_999)
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert (recorded.elapsed_ms, recorded.points) == (19_999, 500)


def test_answer_after_deadline_is_rejected(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(20_000)
    with pytest.raises(LateAnswer) as caught:
        game.answer(ada, RIGHT[SINGLE])
    assert (caught.value.code, caught.value.status, caught.value.question) == ("late", "late", 0)
    assert game.room.current_answers() == []


def test_answer_to_a_closed_question_is_late(duo: Duo) -> None:
    game, ada, _ = duo
    close_question(game)
    with pytest.raises(LateAnswer):
        game.answer(ada, RIGHT[SINGLE], index=0)
    game.do(c.Next())
    game.do(c.Next())
    with pytest.raises(LateAnswer):
        game.answer(ada, RIGHT[SINGLE], index=0)


def test_answer_to_a_question_not_yet_open_is_refused(duo: Duo) -> None:
    game, ada, _ = duo
    with pytest.raises(InvalidPhase):
        game.answer(ada, RIGHT[MULTI], index=1)


def test_answer_in_the_lobby_is_refused(game: Game) -> None:
    ada = game.join("Ada")
    with pytest.raises(InvalidPhase):
        game.answer(ada, [1], index=0)


def test_answer_from_an_unknown_player_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(UnknownPlayer):
        game.answer("p99", RIGHT[SINGLE])


def test_retry_with_the_same_answer_id_returns_the_stored_answer(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(3_000)
    game.answer(ada, [2], answer_id="ada-answer-1")
    game.advance(1_000)
    with pytest.raises(DuplicateAnswer) as caught:
        game.answer(ada, [2], answer_id="ada-answer-1")
    assert caught.value.status == "duplicate"
    assert tuple(caught.value.stored) == (2,)
    assert (caught.value.question, caught.value.elapsed_ms) == (0, 3_000)
    assert len(game.room.current_answers()) == 1


def test_retry_with_the_same_answer_id_after_the_question_closed_is_still_duplicate(
    duo: Duo,
) -> None:
    game, ada, _ = duo
    game.answer(ada, [2], answer_id="ada-answer-1")
    close_question(game)
    game.do(c.Next())
    game.do(c.Next())
    with pytest.raises(DuplicateAnswer) as caught:
        game.answer(ada, [2], answer_id="ada-answer-1", index=0)
    assert tuple(caught.value.stored) == (2,)
    assert caught.value.question == 0


def test_second_answer_with_another_id_is_duplicate_and_keeps_the_first(duo: Duo) -> None:
    game, ada, _ = duo
    game.answer(ada, WRONG[SINGLE], answer_id="ada-answer-1")
    with pytest.raises(DuplicateAnswer) as caught:
        game.answer(ada, RIGHT[SINGLE], answer_id="ada-answer-2")
    assert tuple(caught.value.stored) == tuple(WRONG[SINGLE])
    close_question(game)
    assert ada.score == 0


def test_another_players_answer_id_does_not_block_an_answer(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE], answer_id="shared-id-1")
    recorded, _ = game.answer(bob, RIGHT[SINGLE], answer_id="shared-id-1")
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.player_id == bob.id


@pytest.mark.parametrize("choice", [[4], [-1], [99]])
def test_option_index_out_of_range_is_bad_answer(duo: Duo, choice: list[int]) -> None:
    game, ada, _ = duo
    with pytest.raises(BadAnswer) as caught:
        game.answer(ada, choice)
    assert caught.value.code == "bad_answer"


def test_several_options_to_a_single_choice_question_is_bad_answer(duo: Duo) -> None:
    game, ada, _ = duo
    with pytest.raises(BadAnswer):
        game.answer(ada, [0, 1])


@pytest.mark.parametrize("choice", [[], None, 1, "1", ["1"], [True], [1.0]])
def test_malformed_choice_is_bad_answer(duo: Duo, choice: Any) -> None:
    game, ada, _ = duo
    with pytest.raises(BadAnswer):
        game.answer(ada, choice)


def test_bad_answer_stores_nothing_and_allows_a_proper_one(duo: Duo) -> None:
    game, ada, _ = duo
    with pytest.raises(BadAnswer):
        game.answer(ada, [7], answer_id="ada-answer-1")
    (recorded,) = game.answer(ada, RIGHT[SINGLE], answer_id="ada-answer-1")
    assert isinstance(recorded, e.AnswerRecorded)


@pytest.mark.parametrize(
    ("choice", "correct"),
    [
        ([0, 2], True),
        ([2, 0], True),
        ([0], False),
        ([2], False),
        ([0, 1, 2], False),
        ([0, 2, 3], False),
        ([0, 1, 2, 3], False),
        ([1, 3], False),
    ],
)
def test_multi_is_correct_only_with_exactly_all_correct_options(duo: Duo, choice: list[int], correct: bool) -> None:
    game, ada, _ = duo
    to_next_question(game)
    assert game.room.index == MULTI
    recorded = game.answer(ada, choice)[0]
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.correct is correct
    assert recorded.answer == sorted(choice)
    assert (recorded.points > 0) is correct


@pytest.mark.parametrize(("choice", "correct"), [([1], True), ([0], False)])
def test_truefalse_takes_index_1_for_false(duo: Duo, choice: list[int], correct: bool) -> None:
    game, ada, _ = duo
    to_next_question(game)
    to_next_question(game)
    assert game.room.question is not None
    assert game.room.question.options == ("True", "False")
    recorded = game.answer(ada, choice)[0]
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.correct is correct


@pytest.mark.parametrize("choice", [[2], [0, 1]])
def test_truefalse_refuses_anything_but_one_of_two_options(duo: Duo, choice: list[int]) -> None:
    game, ada, _ = duo
    to_next_question(game)
    to_next_question(game)
    with pytest.raises(BadAnswer):
        game.answer(ada, choice)


def test_truefalse_with_true_as_the_answer_takes_index_0() -> None:
    game = Game.make([{"type": "truefalse", "text": "Water is wet.", "correct": True}])
    ada = game.join("Ada")
    game.do(c.Start())
    recorded, _ = game.answer(ada, [0])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.correct


def test_wrong_answer_scores_nothing_and_ends_the_streak(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    game.answer(bob, RIGHT[SINGLE])
    game.do(c.Next())
    game.do(c.Next())
    game.answer(ada, WRONG[MULTI])
    game.answer(bob, RIGHT[MULTI])
    assert streaks(game) == {"Ada": 0, "Bob": 2}
    assert scores(game) == {"Ada": 1000, "Bob": 1000 + 1000 + 100}


def test_no_answer_ends_the_streak(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    game.answer(bob, RIGHT[SINGLE])
    game.do(c.Next())
    game.do(c.Next())
    game.answer(bob, RIGHT[MULTI])
    close_question(game)
    assert streaks(game) == {"Ada": 0, "Bob": 2}


def test_streak_bonus_is_capped_at_500() -> None:
    game = Game.make([QUESTIONS[0]] * 8)
    ada = game.join("Ada")
    game.do(c.Start())
    bonuses = []
    for _ in range(8):
        game.answer(ada, RIGHT[SINGLE])
        assert ada.result is not None
        bonuses.append(ada.result["streak_bonus"])
        game.do(c.Next())
        game.do(c.Next())
    assert bonuses == [0, 100, 200, 300, 400, 500, 500, 500]
    assert ada.score == 8 * 1000 + sum(bonuses)


# ------------------------------------------------------- pause, resume, extend


def test_pause_freezes_the_remaining_time(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(5_000)
    assert game.do(c.Pause()) == [e.QuestionPaused(SINGLE, 15_000)]
    assert game.room.paused
    assert game.room.phase is Phase.QUESTION
    game.advance(60_000)
    assert game.room.remaining(game.now) == 15_000
    assert game.do(c.Tick()) == [], "a paused question never times out"


def test_resume_restarts_the_clock_with_the_time_that_was_left(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(5_000)
    game.do(c.Pause())
    game.advance(60_000)
    assert game.do(c.Resume()) == [e.QuestionResumed(SINGLE, game.mono_ms + 15_000)]
    assert not game.room.paused
    game.advance(14_999)
    assert game.do(c.Tick()) == []
    game.advance(1)
    assert game.do(c.Tick()) == [e.QuestionClosed(SINGLE, "timeout")]


def test_elapsed_time_excludes_the_paused_time(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(5_000)
    game.do(c.Pause())
    game.advance(60_000)
    game.do(c.Resume())
    game.advance(2_000)
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.elapsed_ms == 7_000
    assert recorded.points == 825


def test_answer_while_paused_counts_the_time_up_to_the_pause(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(4_000)
    game.do(c.Pause())
    game.advance(30_000)
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.elapsed_ms == 4_000


def test_pause_twice_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    game.do(c.Pause())
    with pytest.raises(InvalidPhase):
        game.handle(c.Pause())


def test_resume_of_a_running_question_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(InvalidPhase):
        game.handle(c.Resume())


def test_pause_after_the_deadline_closes_the_question(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(25_000)
    assert game.do(c.Pause()) == [e.QuestionClosed(SINGLE, "timeout")]
    assert game.room.phase is Phase.REVEAL


def test_extend_while_running_adds_ten_seconds(duo: Duo) -> None:
    game, ada, _ = duo
    game.advance(15_000)
    assert game.do(c.Extend()) == [e.TimeExtended(SINGLE, 10_000)]
    assert game.room.remaining(game.now) == 15_000
    assert game.room.total_ms == 30_000
    game.advance(10_000)  # 25 s in: past the first deadline, before the new one
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.elapsed_ms == 25_000
    assert recorded.points == 500, "beyond the question's own limit a right answer earns half"


def test_extend_while_paused_adds_to_the_frozen_time(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(15_000)
    game.do(c.Pause())
    assert game.do(c.Extend(10)) == [e.TimeExtended(SINGLE, 10_000)]
    game.advance(100_000)
    assert game.room.remaining(game.now) == 15_000
    game.do(c.Resume())
    game.advance(15_000)
    assert game.do(c.Tick()) == [e.QuestionClosed(SINGLE, "timeout")]


@pytest.mark.parametrize("seconds", [0, -5, 121])
def test_extend_by_an_unreasonable_amount_is_refused(duo: Duo, seconds: int) -> None:
    game, _, _ = duo
    with pytest.raises(BadCommand):
        game.handle(c.Extend(seconds))


def test_extend_after_the_deadline_closes_the_question(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(20_000)
    assert game.do(c.Extend()) == [e.QuestionClosed(SINGLE, "timeout")]


# ------------------------------------------------------------------ skip, end


def test_skip_gives_nobody_points_and_leaves_streaks_as_they_were(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    game.answer(bob, WRONG[SINGLE])
    game.do(c.Next())
    game.do(c.Next())
    before = (scores(game), streaks(game), ada.correct_count, bob.correct_count)
    game.answer(ada, RIGHT[MULTI])
    assert game.do(c.Skip()) == [e.QuestionSkipped(MULTI)]
    assert game.room.phase is Phase.LEADERBOARD
    assert (scores(game), streaks(game), ada.correct_count, bob.correct_count) == before
    assert MULTI in game.room.skipped
    assert [a.counted for a in game.room.by_question[MULTI]] == [False]
    # The streak carries on over the skipped question: the next right answer is the 2nd.
    game.do(c.Next())
    game.answer(ada, RIGHT[TRUEFALSE])
    close_question(game)
    assert ada.streak == 2
    assert ada.result is not None
    assert ada.result["streak_bonus"] == 100


def test_skip_outside_a_question_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    close_question(game)
    with pytest.raises(InvalidPhase):
        game.handle(c.Skip())


def test_end_mid_question_discards_that_questions_points(duo: Duo) -> None:
    game, ada, _ = duo
    game.answer(ada, RIGHT[SINGLE])
    assert game.do(c.End()) == [e.GameEnded(game.now.wall_ms)]
    assert game.room.phase is Phase.ENDED
    assert scores(game) == {"Ada": 0, "Bob": 0}
    assert ada.correct_count == 0
    assert [a.counted for a in game.room.by_question[SINGLE]] == [False]


def test_end_after_a_reveal_keeps_that_questions_points(duo: Duo) -> None:
    game, ada, _ = duo
    game.answer(ada, RIGHT[SINGLE])
    close_question(game)
    game.do(c.End())
    assert scores(game) == {"Ada": 1000, "Bob": 0}


def test_nothing_moves_after_the_end(duo: Duo) -> None:
    game, ada, _ = duo
    game.do(c.End())
    for command in (c.End(), c.Next(), c.Start(), c.Reveal(), c.Lock(True)):
        with pytest.raises(InvalidPhase):
            game.handle(command)
    with pytest.raises(GameOver):
        game.handle(c.Join("Cy", token_for("Cy")))
    with pytest.raises(LateAnswer):
        game.answer(ada, RIGHT[SINGLE], index=0)


# ------------------------------------------------------------------------- kick


def test_kicked_player_cannot_answer(duo: Duo) -> None:
    game, ada, _ = duo
    game.do(c.Kick(ada.id))
    with pytest.raises(Kicked) as caught:
        game.answer(ada, RIGHT[SINGLE])
    assert caught.value.code == "kicked"


def test_kicked_player_cannot_resume_with_their_token(duo: Duo) -> None:
    game, ada, bob = duo
    assert game.room.seat(game.tokens[ada.id]) is ada
    game.do(c.Kick(ada.id))
    with pytest.raises(Kicked):
        game.room.seat(game.tokens[ada.id])
    assert game.room.seat(game.tokens[bob.id]) is bob


def test_unknown_token_is_refused(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(BadToken):
        game.room.seat("not-a-token-of-this-room")


def test_kicked_player_leaves_the_leaderboard(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    game.answer(bob, WRONG[SINGLE])
    game.do(c.Kick(ada.id))
    assert [s.player.id for s in game.room.standings()] == [bob.id]
    assert game.room.rank_of(ada.id) is None
    assert game.room.rank_of(bob.id) == 1


def test_kicking_the_last_unanswered_player_closes_the_question(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    assert game.do(c.Kick(bob.id)) == [
        e.PlayerKicked(bob.id),
        e.QuestionClosed(SINGLE, "all_answered"),
    ]
    assert game.room.phase is Phase.REVEAL
    assert ada.score == 1000


def test_kicking_a_player_who_answered_leaves_the_question_open(duo: Duo) -> None:
    game, ada, _ = duo
    game.answer(ada, RIGHT[SINGLE])
    assert game.do(c.Kick(ada.id)) == [e.PlayerKicked(ada.id)]
    assert game.room.phase is Phase.QUESTION


def test_kicked_players_answer_is_not_scored(duo: Duo) -> None:
    game, ada, bob = duo
    game.answer(ada, RIGHT[SINGLE])
    game.do(c.Kick(ada.id))
    game.answer(bob, RIGHT[SINGLE])
    assert game.room.phase is Phase.REVEAL
    assert (ada.score, ada.correct_count) == (0, 0)


@pytest.mark.parametrize("kick_twice", [False, True])
def test_kicking_someone_not_in_the_room_is_refused(duo: Duo, kick_twice: bool) -> None:
    game, ada, _ = duo
    target = ada.id if kick_twice else "p99"
    if kick_twice:
        game.do(c.Kick(ada.id))
    with pytest.raises(UnknownPlayer):
        game.handle(c.Kick(target))


# ------------------------------------------------------------- joining rules


def test_locked_room_refuses_joins(game: Game) -> None:
    assert game.do(c.Lock(True)) == [e.JoiningLocked(True)]
    with pytest.raises(RoomLocked) as caught:
        game.handle(c.Join("Ada", token_for("Ada")))
    assert caught.value.code == "room_locked"


def test_unlocked_room_takes_joins_again(game: Game) -> None:
    game.do(c.Lock(True))
    assert game.do(c.Lock(False)) == [e.JoiningLocked(False)]
    assert game.join("Ada").nickname == "Ada"


def test_locking_a_locked_room_changes_nothing(game: Game) -> None:
    game.do(c.Lock(True))
    assert game.do(c.Lock(True)) == []
    assert game.do(c.Lock(False)) == [e.JoiningLocked(False)]
    assert game.do(c.Lock(False)) == []


def test_late_join_is_allowed_by_default(duo: Duo) -> None:
    game, _, _ = duo
    cy = game.join("Cy")
    (recorded,) = game.answer(cy, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)


def test_late_join_off_refuses_joins_once_the_game_started() -> None:
    game = Game.make(settings=Settings(late_join=False))
    game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    with pytest.raises(RoomLocked):
        game.handle(c.Join("Cy", token_for("Cy")))
    close_question(game)
    game.do(c.Next())
    with pytest.raises(RoomLocked):
        game.handle(c.Join("Cy", token_for("Cy")))


def test_late_joiner_must_answer_too_before_the_question_closes_early(duo: Duo) -> None:
    game, ada, bob = duo
    cy = game.join("Cy")
    game.answer(ada, RIGHT[SINGLE])
    assert len(game.answer(bob, RIGHT[SINGLE])) == 1
    assert game.room.phase is Phase.QUESTION
    assert game.answer(cy, RIGHT[SINGLE])[-1] == e.QuestionClosed(SINGLE, "all_answered")


def test_full_room_refuses_joins() -> None:
    game = Game.make(settings=Settings(max_players=2))
    game.join("Ada")
    game.join("Bob")
    with pytest.raises(RoomFull) as caught:
        game.handle(c.Join("Cy", token_for("Cy")))
    assert caught.value.code == "room_full"


def test_kicking_a_player_frees_a_seat_in_a_full_room() -> None:
    game = Game.make(settings=Settings(max_players=2))
    ada = game.join("Ada")
    game.join("Bob")
    game.do(c.Kick(ada.id))
    assert game.join("Cy").nickname == "Cy"


def test_player_ids_are_never_reused(game: Game) -> None:
    ada = game.join("Ada")
    game.do(c.Kick(ada.id))
    assert game.join("Ada").id != ada.id


def test_only_the_hash_of_the_seat_token_is_logged(game: Game) -> None:
    ada = game.join("Ada")
    logged = json.dumps([event.to_dict() for event in game.log])
    assert game.tokens[ada.id] not in logged


# ----------------------------------------------------------- scores and ranks


def test_points_off_scores_one_per_right_answer_without_bonus() -> None:
    game = Game.make(settings=Settings(points=False))
    ada = game.join("Ada")
    bob = game.join("Bob")
    game.do(c.Start())
    for index in (SINGLE, MULTI, TRUEFALSE):
        game.advance(3_000)
        game.answer(ada, RIGHT[index])
        game.answer(bob, RIGHT[index] if index == MULTI else WRONG[index])
        assert ada.result is not None
        assert (ada.result["points"], ada.result["streak_bonus"]) == (1, 0)
        game.do(c.Next())
        game.do(c.Next())
    assert scores(game) == {"Ada": 3, "Bob": 1}
    assert ada.streak == 3


def test_base_points_setting_scales_speed_points() -> None:
    game = Game.make(settings=Settings(base_points=500))
    ada = game.join("Ada")
    game.do(c.Start())
    game.advance(10_000)
    recorded, _ = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.points == 375


def test_equal_scores_share_a_rank(game: Game) -> None:
    ada = game.join("Ada")
    bob = game.join("Bob")
    cy = game.join("Cy")
    dee = game.join("Dee")
    game.do(c.Start())
    game.advance(2_000)
    game.answer(ada, RIGHT[SINGLE])
    game.answer(bob, RIGHT[SINGLE])
    game.answer(cy, WRONG[SINGLE])
    game.answer(dee, WRONG[SINGLE])
    ranks = [(s.rank, s.player.id) for s in game.room.standings()]
    assert ranks == [(1, ada.id), (1, bob.id), (3, cy.id), (3, dee.id)]


# ----------------------------------------------------------------------- replay


def play_a_busy_game() -> Game:
    """A game touching every event type, left paused in the middle of question 3."""
    game = Game.make()
    ada = game.join("Ada")
    bob = game.join("Bob")
    cy = game.join("Cy")
    game.do(c.Lock(True))
    game.do(c.Lock(False))
    game.do(c.Start())
    game.advance(3_000)
    game.answer(ada, RIGHT[SINGLE])
    game.do(c.Pause())
    game.advance(9_000)
    game.do(c.Extend(10))
    game.do(c.Resume())
    game.advance(5_000)
    game.answer(bob, RIGHT[SINGLE])
    game.do(c.Kick(cy.id))
    game.do(c.Next())
    game.do(c.Next())
    game.answer(bob, RIGHT[MULTI])
    game.do(c.Skip())
    game.do(c.Next())
    game.join("Dee")
    game.advance(1_234)
    game.answer(ada, RIGHT[TRUEFALSE])
    game.do(c.Pause())
    return game


def test_replay_rebuilds_an_identical_state() -> None:
    game = play_a_busy_game()
    rebuilt = Room.replay(game.log)
    for later in (0, 50_000):
        now = Now(game.mono_ms + later, game.now.wall_ms + later)
        assert all_views(rebuilt, now) == all_views(game.room, now)
    assert rebuilt.version == game.room.version
    assert rebuilt.answers == game.room.answers


def test_replay_of_a_serialised_log_rebuilds_an_identical_state() -> None:
    game = play_a_busy_game()
    stored = [(event.name, json.loads(json.dumps(event.to_dict()))) for event in game.log]
    rebuilt = Room.replay(e.event_from_dict(name, data) for name, data in stored)
    assert all_views(rebuilt, game.now) == all_views(game.room, game.now)
    game.do(c.End())
    rebuilt.apply(game.log[-1])
    assert all_views(rebuilt, game.now) == all_views(game.room, game.now)


def test_replay_of_a_finished_game_gives_the_same_podium(duo: Duo) -> None:
    game, ada, bob = duo
    for index in (SINGLE, MULTI, TRUEFALSE):
        game.advance(1_500 * (index + 1))
        game.answer(bob, RIGHT[index])
        game.advance(700)
        game.answer(ada, RIGHT[index] if index != MULTI else WRONG[index])
        game.do(c.Next())
        game.do(c.Next())
    assert game.room.phase is Phase.ENDED
    rebuilt = Room.replay(game.log)
    assert all_views(rebuilt, game.now) == all_views(game.room, game.now)


def test_replay_needs_room_created_first(duo: Duo) -> None:
    game, _, _ = duo
    with pytest.raises(ValueError):
        Room.replay(game.log[1:])


# ---------------------------------------------------------------------- recover


def test_recover_pauses_an_open_question_with_the_time_it_had_left(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(5_000)
    assert game.do(c.Recover(min_ms=5_000)) == [e.QuestionPaused(SINGLE, 15_000)]
    assert game.room.paused
    assert game.room.phase is Phase.QUESTION


@pytest.mark.parametrize("elapsed", [18_000, 20_000, 600_000])
def test_recover_keeps_at_least_min_ms_to_answer(duo: Duo, elapsed: int) -> None:
    game, ada, _ = duo
    game.advance(elapsed)
    assert game.do(c.Recover(min_ms=5_000)) == [e.QuestionPaused(SINGLE, 5_000)]
    game.advance(1_000)
    game.do(c.Resume())
    game.advance(4_999)
    (recorded,) = game.answer(ada, RIGHT[SINGLE])
    assert isinstance(recorded, e.AnswerRecorded)
    assert recorded.elapsed_ms <= game.room.total_ms


def test_recover_with_no_grace_after_the_deadline_takes_no_more_answers(duo: Duo) -> None:
    # The host was down past the deadline and the shell recovers without grace (min_ms=0):
    # time is up, so the question must not take answers any more. Today the room pauses it
    # with 0 ms left, and a paused question takes answers whatever its remaining time.
    game, ada, _ = duo
    game.advance(25_000)
    game.do(c.Recover(min_ms=0))
    with pytest.raises(LateAnswer):
        game.answer(ada, RIGHT[SINGLE])


def test_recover_of_a_paused_question_changes_nothing(duo: Duo) -> None:
    game, _, _ = duo
    game.advance(5_000)
    game.do(c.Pause())
    game.advance(50_000)
    assert game.do(c.Recover()) == []
    assert game.room.remaining(game.now) == 15_000


def test_recover_outside_a_question_does_nothing(duo: Duo) -> None:
    game, _, _ = duo
    close_question(game)
    assert game.do(c.Recover()) == []
    assert game.room.phase is Phase.REVEAL


# ---------------------------------------------------------------- handle is pure


def _mid_question() -> tuple[Game, Player, Player]:
    game = Game.make()
    ada = game.join("Ada")
    bob = game.join("Bob")
    game.join("Cy")
    game.do(c.Start())
    game.advance(4_000)
    game.answer(ada, RIGHT[SINGLE], answer_id="ada-answer-1")
    game.advance(1_000)
    return game, ada, bob


HANDLED: list[tuple[str, Any]] = [
    # refused
    ("start", c.Start()),
    ("next", c.Next()),
    ("resume", c.Resume()),
    ("extend_too_much", c.Extend(500)),
    ("kick_unknown", c.Kick("p99")),
    ("duplicate_answer_id", c.Answer("p1", 0, "ada-answer-1", {"choice": [1]})),
    ("second_answer", c.Answer("p1", 0, "ada-answer-2", {"choice": [2]})),
    ("bad_answer", c.Answer("p2", 0, "bob-answer-1", {"choice": [9]})),
    ("future_answer", c.Answer("p2", 1, "bob-answer-1", {"choice": [0]})),
    ("taken_nickname", c.Join("ADA", "token-again-0123456789")),
    ("empty_nickname", c.Join("\u200b", "token-empty-0123456789")),
    # accepted
    ("answer", c.Answer("p2", 0, "bob-answer-1", {"choice": [1]})),
    ("join", c.Join("Dee", "token-dee-0123456789")),
    ("pause", c.Pause()),
    ("extend", c.Extend(10)),
    ("reveal", c.Reveal()),
    ("skip", c.Skip()),
    ("kick", c.Kick("p2")),
    ("lock", c.Lock(True)),
    ("end", c.End()),
    ("tick", c.Tick()),
    ("recover", c.Recover()),
]


@pytest.mark.parametrize(("name", "command"), HANDLED, ids=[name for name, _ in HANDLED])
def test_handle_never_changes_the_room(name: str, command: c.Command) -> None:
    game, _, _ = _mid_question()
    before_views = all_views(game.room, game.now)  # fills the standings cache first
    before_state = copy.deepcopy(game.room)
    with contextlib.suppress(RoomError):
        game.handle(command)
    assert game.room == before_state
    assert all_views(game.room, game.now) == before_views


def test_handle_after_the_deadline_never_changes_the_room() -> None:
    game, _, bob = _mid_question()
    game.advance(60_000)
    before = copy.deepcopy(game.room)
    for command in (c.Tick(), c.Pause(), c.Extend(), c.Answer(bob.id, 0, "bob-late-1", {})):
        with contextlib.suppress(RoomError):
            game.handle(command)
        assert game.room == before


def test_unknown_command_is_refused(game: Game) -> None:
    with pytest.raises(BadCommand):
        game.handle(c.Command())
