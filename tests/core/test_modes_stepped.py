"""Stepped modes: a Wordle race, a lightning round and a final wager round, where one player
answers several times within one question; and the buzzer board's Daily Double."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer, DuplicateAnswer, InvalidPhase, LateAnswer, RoomError
from partyhost.core.modes.base import Run
from partyhost.core.modes.wordle import WordleMode, colours
from partyhost.core.modes.wordlist import answers
from partyhost.core.questions import Question, Settings
from partyhost.core.room import Phase, Room
from partyhost.core.scoring import speed_points
from partyhost.packs.model import PackError, parse_question

from core_support import QUIET_HYPOTHESIS_REPORT, Game


def wordle(word: str = "crane", **extra: Any) -> dict[str, Any]:
    return parse_question({"type": "wordle", "word": word, **extra})


def everything_sent(game: Game) -> str:
    """Every view a phone or the screen gets now, as one text."""
    room = game.room
    phones = [views.player_view(room, p, game.now) for p in room.active_players()]
    return json.dumps([views.screen_view(room, game.now), *phones])


# ----------------------------------------------------------------------- Wordle


@pytest.mark.parametrize(
    ("word", "guess", "expected"),
    [
        ("crane", "crane", "ggggg"),
        ("crane", "nacre", "yyyyg"),
        ("hello", "llama", "yy---"),
        ("abbey", "babes", "yygg-"),
        ("speed", "eerie", "yy---"),  # the word has two e: the first two are yellow, the third grey
        ("spell", "lolly", "y--g-"),  # one l is green, the word's other l colours only the first
    ],
)
def test_colours_follow_the_usual_rules_for_repeated_letters(word: str, guess: str, expected: str) -> None:
    assert colours(word, guess) == expected


def test_a_pack_wordle_without_a_word_draws_one_from_the_answer_list() -> None:
    drawn = {parse_question({"type": "wordle"})["word"] for _ in range(20)}
    assert drawn <= set(answers()) and len(drawn) > 1
    assert parse_question({"type": "wordle", "word": "CRANE"})["word"] == "crane"
    with pytest.raises(PackError, match="word"):
        parse_question({"type": "wordle", "word": "cranes"})


def test_guesses_are_coloured_by_the_server_and_the_word_is_never_sent_before_the_end() -> None:
    game = Game.make([wordle("crane")])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    assert "crane" not in everything_sent(game)
    (recorded,) = game.give(ada, guess="SLATE", step=0)
    assert isinstance(recorded, e.AnswerRecorded) and recorded.answer == "slate" and not recorded.done
    me = views.player_view(game.room, ada, game.now)["me"]
    assert me["progress"] == {
        "steps": 1,
        "rows": [{"guess": "slate", "colours": "--g-g"}],
        "solved": False,
        "done": False,
    }
    assert me["answer"] is None
    race = views.screen_view(game.room, game.now)["question"]["race"]
    assert race["rows"][0] == {
        "nickname": "Ada",
        "id": ada.id,
        "steps": 1,
        "colours": ["--g-g"],
        "solved": False,
        "ms": 0,
    }
    assert "slate" not in json.dumps(views.screen_view(game.room, game.now)), "the screen shows colours, not letters"
    assert "crane" not in everything_sent(game)
    assert "crane" in json.dumps(views.host_view(game.room, game.now)), "the host knows the word"
    # Bob's phone sees nothing of Ada's guesses.
    assert "slate" not in json.dumps(views.player_view(game.room, bob, game.now))


def test_a_guess_must_be_a_five_letter_word_of_the_list_or_the_word_itself() -> None:
    game = Game.make([wordle("zymic")])  # a host's own word need not be in the list
    ada = game.join("Ada")
    game.do(c.Start())
    for bad, message in (("cat", "five letters"), ("crân", "five letters"), ("qwxyz", "not in the word list")):
        with pytest.raises(BadAnswer, match=message):
            game.give(ada, guess=bad, step=0)
    with pytest.raises(BadAnswer, match="guess"):
        game.give(ada, text="crane", step=0)
    assert game.room.answers == {}
    (solved, closed) = game.give(ada, guess="zymic", step=0)
    assert isinstance(solved, e.AnswerRecorded) and solved.correct and solved.done
    assert closed == e.QuestionClosed(0, "all_answered")


def test_steps_come_in_order_and_a_resent_step_is_reported_not_counted_twice() -> None:
    game = Game.make([wordle("crane")])
    ada = game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    with pytest.raises(BadAnswer, match="step 0 first"):
        game.give(ada, guess="slate", step=1)
    game.give(ada, guess="slate", step=0, answer_id="guess-one-0001")
    with pytest.raises(DuplicateAnswer):
        game.give(ada, guess="slate", step=0, answer_id="guess-one-0001")
    with pytest.raises(DuplicateAnswer):
        game.give(ada, guess="house", step=0)  # a new id for a step already given
    game.give(ada, guess="house", step=1)
    assert game.room.answers[(0, ada.id)].answer == ("slate", "house")


def test_six_wrong_guesses_finish_a_run_and_the_race_ranks_by_tries_then_time() -> None:
    game = Game.make([wordle("crane", time_limit=120)])
    ada, bob, cy, dee = (game.join(n) for n in ("Ada", "Bob", "Cy", "Dee"))
    game.do(c.Start())
    game.advance(10_000)
    game.give(bob, guess="crane", step=0)  # one try, 10 s
    game.advance(5_000)
    for step, guess in enumerate(("slate", "crane")):
        game.give(ada, guess=guess, step=step)  # two tries, 15 s
    for step, guess in enumerate(("slate", "house", "about", "plumb", "witch")):
        game.give(cy, guess=guess, step=step)
    game.advance(1_000)
    game.give(dee, guess="slate", step=0)
    game.give(dee, guess="crane", step=1)  # two tries, 16 s: behind Ada
    race = views.screen_view(game.room, game.now)["question"]["race"]
    assert [r["nickname"] for r in race["rows"]] == ["Bob", "Ada", "Dee", "Cy"]
    assert race["started"] == 4 and race["finished"] == 3
    with pytest.raises(InvalidPhase, match="finished"):
        game.give(bob, guess="house", step=1)
    (last, closed) = game.give(cy, guess="fight", step=5)
    assert isinstance(last, e.AnswerRecorded) and last.done and not last.correct and last.points == 0
    assert isinstance(closed, e.QuestionClosed)
    scores = {p.nickname: p.score for p in game.room.players.values()}
    # base * (2 * (7 - tries) + left / limit) / 13: one try fewer beats any speed.
    assert scores["Bob"] == round(1000 * (2 * (7 - 1) + 110 / 120) / 13)
    assert scores["Ada"] == round(1000 * (2 * (7 - 2) + 105 / 120) / 13)
    assert scores["Bob"] > scores["Ada"] > scores["Dee"] > scores["Cy"] == 0
    reveal = views.player_view(game.room, cy, game.now)
    assert reveal["reveal"]["word"] == "crane" and reveal["reveal"]["by_tries"] == [1, 2, 0, 0, 0, 0]
    assert reveal["me"]["progress"]["word"] == "crane"


def test_one_try_fewer_beats_any_speed() -> None:
    mode = WordleMode()
    question = Question.from_dict(wordle("crane", time_limit=60))

    def points(tries: int, at_ms: int) -> int:
        steps = ("slate",) * (tries - 1) + ("crane",)
        return mode.score_run(question, Run(steps, (at_ms,) * tries, 60_000, 1000, True)).points

    assert points(1, 0) == 1000
    for tries in range(1, 6):
        assert points(tries, 60_000) > points(tries + 1, 0)


def test_time_up_closes_the_race_and_an_unfinished_run_scores_nothing() -> None:
    game = Game.make([wordle("crane", time_limit=60)])
    ada = game.join("Ada")
    game.do(c.Start())
    game.give(ada, guess="slate", step=0)
    game.advance(60_000)
    with pytest.raises(LateAnswer):
        game.give(ada, guess="crane", step=1)
    assert game.do(c.Tick()) == [e.QuestionClosed(0, "timeout")]
    assert ada.score == 0 and ada.result == {"question": 0, "correct": False, "points": 0, "streak_bonus": 0}


def test_a_wordle_race_replays_from_its_log() -> None:
    game = Game.make([wordle("crane")])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    game.give(ada, guess="slate", step=0)
    game.give(bob, guess="crane", step=0)
    game.give(ada, guess="crane", step=1)
    again = Room.replay(game.log)
    assert again.phase is Phase.REVEAL
    assert {p.nickname: p.score for p in again.players.values()} == {
        p.nickname: p.score for p in game.room.players.values()
    }
    assert again.answers[(0, ada.id)].answer == ("slate", "crane")


# -------------------------------------------------------------- lightning round


def lightning(seconds: int = 60) -> dict[str, Any]:
    return parse_question(
        {
            "type": "lightning",
            "text": "Capitals in a minute",
            "time_limit": seconds,
            "questions": [
                {"type": "single", "text": "Capital of France?", "options": ["Lyon", "Paris"], "correct": 1},
                {"type": "truefalse", "text": "Rome is in Spain.", "correct": False},
                {"type": "typed", "text": "Capital of Japan?", "accepted": ["Tokyo"]},
                {"type": "number", "text": "Digits in 2024?", "answer": 4},
            ],
        }
    )


def test_lightning_items_reach_each_phone_one_at_a_time_without_their_keys() -> None:
    game = Game.make([lightning()])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    shared = views.screen_view(game.room, game.now)["question"]
    assert shared["count"] == 4 and "Capital of" not in json.dumps(shared)
    me = views.player_view(game.room, ada, game.now)["me"]["progress"]
    assert me["item"]["text"] == "Capital of France?" and me["item"]["number"] == 1
    assert "correct" not in json.dumps(me["item"])
    game.advance(3_000)
    game.give(ada, choice=[1], step=0)
    game.give(ada, choice=[0], step=1)  # "True": wrong
    progress = views.player_view(game.room, ada, game.now)["me"]["progress"]
    assert progress["results"] == ["right", "wrong"] and progress["item"]["text"] == "Capital of Japan?"
    assert "Tokyo" not in everything_sent(game)
    bob_view = views.player_view(game.room, bob, game.now)["me"]["progress"]
    assert bob_view["steps"] == 0 and bob_view["item"]["text"] == "Capital of France?"
    with pytest.raises(BadAnswer, match="text"):
        game.give(ada, choice=[0], step=2)  # item 3 takes typed text
    race = views.screen_view(game.room, game.now)["question"]["race"]["rows"]
    assert race[0] == {"nickname": "Ada", "id": ada.id, "steps": 2, "count": 4, "right": 1, "ms": 3_000}


def test_lightning_scores_each_item_as_the_quiz_does_against_a_fair_share_of_the_round() -> None:
    game = Game.make([lightning(60)])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    share = 60_000 // 4
    game.advance(3_000)
    game.give(ada, choice=[1], step=0)
    game.advance(20_000)  # longer than the share: the item still earns half
    game.give(ada, choice=[1], step=1)
    game.advance(1_000)
    game.give(ada, text="tokio", step=2)  # a small typo is forgiven
    game.advance(2_000)
    (last,) = game.give(ada, number=4, step=3)
    assert isinstance(last, e.AnswerRecorded) and last.done and last.correct
    expected = (
        speed_points(1000, 3_000, share)
        + speed_points(1000, 20_000, share)
        + speed_points(1000, 1_000, share)
        + speed_points(1000, 2_000, share)
    )
    assert last.points == expected
    for step, fields in enumerate(({"choice": [0]}, {"choice": [1]}, {"text": "Kyoto"}, {"number": 4})):
        events = game.give(bob, step=step, **fields)
    assert isinstance(events[-1], e.QuestionClosed)
    assert ada.score == expected and ada.streak == 1
    assert bob.result is not None and bob.result["partial"] and bob.streak == 0
    assert 0 < bob.score < ada.score
    reveal = views.screen_view(game.room, game.now)["reveal"]
    assert [item["answered"] for item in reveal["items"]] == [2, 2, 2, 2]
    assert reveal["items"][2]["accepted"] == ["Tokyo"] and reveal["finished"] == 2


def test_a_lightning_round_refuses_items_decided_only_at_the_close() -> None:
    with pytest.raises(PackError, match="closest"):
        parse_question(
            {
                "type": "lightning",
                "text": "Guesses",
                "time_limit": 60,
                "questions": [
                    {"type": "number", "text": "Jelly beans?", "answer": 412, "closest": True},
                    {"type": "truefalse", "text": "Water is wet.", "correct": True},
                ],
            }
        )


# ----------------------------------------------------------------- final round


FINAL = parse_question(
    {"type": "final", "category": "Planets", "text": "The planet with the longest day", "accepted": ["Venus"]}
)
WARM_UP = parse_question({"type": "truefalse", "text": "The Moon is a planet.", "correct": False})


def scored_game(*names: str) -> Game:
    """A game with a warm-up question everyone but the last name gets right, then the final."""
    game = Game.make([WARM_UP, FINAL])
    players = [game.join(n) for n in names]
    game.do(c.Start())
    for player in players[:-1]:
        game.answer(player, [1])
    game.answer(players[-1], [0])
    game.do(c.Next())
    game.do(c.Next())
    return game


def test_the_final_clue_reaches_a_phone_only_after_its_wager_and_the_screen_only_at_the_reveal() -> None:
    game = scored_game("Ada", "Bob", "Cy")
    ada, bob, cy = (game.room.players[f"p{i}"] for i in (1, 2, 3))
    assert game.room.phase is Phase.QUESTION
    assert "longest day" not in everything_sent(game)
    mine = views.player_view(game.room, ada, game.now)["me"]["progress"]
    assert mine == {"steps": 0, "max_wager": ada.score, "done": False}
    assert views.player_view(game.room, cy, game.now)["me"]["progress"]["max_wager"] == 0
    with pytest.raises(BadAnswer, match=f"from 0 to {ada.score}"):
        game.give(ada, wager=ada.score + 1, step=0)
    with pytest.raises(BadAnswer, match="wager"):
        game.give(ada, text="Venus", step=0)
    game.give(ada, wager=500, step=0)
    assert views.player_view(game.room, ada, game.now)["me"]["progress"]["clue"] == "The planet with the longest day"
    assert "longest day" not in json.dumps(views.player_view(game.room, bob, game.now))
    assert "longest day" not in json.dumps(views.screen_view(game.room, game.now))
    before = {p.nickname: p.score for p in (ada, bob, cy)}
    game.give(ada, text="venus", step=1)
    game.give(bob, wager=300, step=0)
    game.give(bob, text="Mars", step=1)
    game.give(cy, wager=0, step=0)
    (_answer, closed) = game.give(cy, text="Venus", step=1)
    assert isinstance(closed, e.QuestionClosed)
    assert ada.score == before["Ada"] + 500 and bob.score == before["Bob"] - 300 and cy.score == 0
    assert bob.result == {"question": 1, "correct": False, "points": -300, "streak_bonus": 0}
    screen = views.screen_view(game.room, game.now)
    assert screen["reveal"]["clue"] == "The planet with the longest day"
    rows = {r["nickname"]: r for r in screen["question"]["race"]["rows"]}
    assert rows["Bob"]["wager"] == 300 and rows["Bob"]["answer"] == "Mars" and not rows["Bob"]["right"]


def test_a_wager_without_an_answer_is_lost_when_the_host_closes_the_final() -> None:
    game = scored_game("Ada", "Bob")
    ada = game.room.players["p1"]
    before = ada.score
    game.give(ada, wager=200, step=0)
    game.do(c.Reveal())
    assert ada.score == before - 200


# ---------------------------------------------------------------- Daily Double


def clue(value: int, text: str, **extra: Any) -> dict[str, Any]:
    return parse_question(
        {"type": "buzzer", "category": "Rivers", "value": value, "text": text, "answer": "x", **extra}
    )


def board() -> Game:
    game = Game.make([clue(100, "First clue"), clue(400, "A river", daily_double=True), clue(200, "Last clue")])
    for name in ("Ada", "Bob", "Cy"):
        game.join(name)
    return game


def test_a_daily_double_belongs_to_the_player_in_control_who_wagers_instead_of_buzzing() -> None:
    game = board()
    ada, bob = game.room.players["p1"], game.room.players["p2"]
    game.do(c.Start())
    game.give(bob, buzz=True)
    game.do(c.Judge(True))  # Bob has the board: +100
    game.do(c.Next())
    game.do(c.Next())
    question = views.player_view(game.room, ada, game.now)["question"]
    assert question["daily_double"] and question["control"] == bob.id and question["top_value"] == 400
    with pytest.raises(BadAnswer, match="Bob's to answer"):
        game.give(ada, wager=100)
    with pytest.raises(BadAnswer, match="from 0 to 400"):
        game.give(bob, wager=401)  # score 100, the board's top value 400
    with pytest.raises(BadAnswer, match="wager"):
        game.give(bob, buzz=True)
    game.give(bob, wager=400)
    events = game.do(c.Judge(False))
    assert events == [e.BuzzJudged(1, bob.id, False, -400), e.QuestionClosed(1, "host")]
    assert bob.score == 100 - 400


def test_with_nobody_in_control_the_first_to_claim_a_daily_double_plays_it_alone() -> None:
    game = Game.make([clue(300, "A river", daily_double=True), clue(100, "Another")])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    game.give(bob, wager=250)
    with pytest.raises(BadAnswer, match="already answering"):
        game.give(ada, wager=10)
    game.do(c.Judge(True))
    assert bob.score == 250 and game.room.control == bob.id and game.room.phase is Phase.REVEAL


def test_stepped_rooms_rebuild_the_same_from_a_shuffled_draw() -> None:
    """A room is its log: a lightning round and a final replay to the same scores."""
    rng = random.Random(7)
    game = Game.make([lightning(), WARM_UP, FINAL], settings=Settings(time_limit=30))
    players = [game.join(n) for n in ("Ada", "Bob", "Cy")]
    game.do(c.Start())
    right = ({"choice": [1]}, {"choice": [1]}, {"text": "Tokyo"}, {"number": 4})
    wrong = ({"choice": [0]}, {"choice": [0]}, {"text": "Osaka"}, {"number": 3})
    for player in players:
        for step in range(4):
            game.advance(rng.randrange(200, 4_000))
            game.give(player, step=step, **(right if rng.random() < 0.7 else wrong)[step])
    assert game.room.phase is Phase.REVEAL
    again = Room.replay(game.log)
    assert [p.score for p in again.players.values()] == [p.score for p in game.room.players.values()]


# ------------------------------------------------------------------- properties

STEP_CHOICES: dict[str, list[dict[str, Any]]] = {
    "wordle": [{"guess": g} for g in ("crane", "slate", "house", "qwxyz")] + [{"text": "crane"}],
    "lightning": [{"choice": [1]}, {"choice": [0]}, {"text": "Tokyo"}, {"text": "Kyoto"}, {"number": 4}],
    "final": [{"wager": 0}, {"wager": 100}, {"wager": 10**6}, {"text": "Venus"}, {"text": "Mars"}],
}


@QUIET_HYPOTHESIS_REPORT
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(STEP_CHOICES)),
    moves=st.lists(
        st.tuples(
            st.integers(0, 2),  # who
            st.integers(0, 4),  # which answer
            st.integers(-1, 2),  # step offset from the right one
            st.integers(0, 9_000),  # delay
            st.sampled_from(["answer", "answer", "answer", "resend", "kick", "pause", "resume"]),
        ),
        max_size=40,
    ),
)
def test_stepped_runs_stay_consistent_whatever_players_send(
    kind: str, moves: list[tuple[int, int, int, int, str]]
) -> None:
    """Any mix of steps, resends, wrong steps, kicks and pauses: finished counts, scores and the
    log agree, and a room replayed from its log is the same room."""
    question = {"wordle": wordle("crane", time_limit=60), "lightning": lightning(60), "final": FINAL}[kind]
    game = Game.make([WARM_UP, question])
    players = [game.join(n) for n in ("Ada", "Bob", "Cy")]
    game.do(c.Start())
    game.answer(players[0], [1])
    game.answer(players[1], [1])
    game.answer(players[2], [0])
    game.do(c.Next())
    game.do(c.Next())
    last_id: dict[str, str] = {}
    for who, pick, offset, delay, action in moves:
        if game.room.phase is not Phase.QUESTION:
            break
        game.advance(delay)
        player = players[who]
        try:
            if action == "kick":
                game.do(c.Kick(player.id))
            elif action == "pause":
                game.do(c.Pause())
            elif action == "resume":
                game.do(c.Resume())
            elif action == "resend" and player.id in last_id:
                game.give(player, answer_id=last_id[player.id], step=0, **STEP_CHOICES[kind][pick])
            else:
                stored = game.room.answers.get((1, player.id))
                step = max(0, (len(stored.answer) if stored else 0) + offset)
                answer_id = f"{player.id}-{len(game.log)}"
                game.give(player, answer_id=answer_id, step=step, **STEP_CHOICES[kind][pick])
                last_id[player.id] = answer_id
        except RoomError:
            pass
        room = game.room
        finished = sum(1 for p in room.active_players() if (s := room.answers.get((1, p.id))) is not None and s.done)
        assert room.active_answered() == finished
        if room.phase is Phase.QUESTION:
            assert finished < room.active_count or room.active_count == 0
        for stored in room.by_question.get(1, []):
            assert len(stored.answer) == len(stored.times) and list(stored.times) == sorted(stored.times)
    if game.room.phase is not Phase.ENDED:
        game.do(c.End())
    again = Room.replay(game.log)
    assert [(p.id, p.score, p.streak, p.kicked) for p in again.players.values()] == [
        (p.id, p.score, p.streak, p.kicked) for p in game.room.players.values()
    ]
    assert {k: (s.answer, s.points, s.done) for k, s in again.answers.items()} == {
        k: (s.answer, s.points, s.done) for k, s in game.room.answers.items()
    }


# ------------------------------------------------------------ found in review


def test_time_the_host_adds_never_rescores_a_run() -> None:
    """Two players answer at the same moments; the host adds time between their last steps."""
    game = Game.make([lightning(60)])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.do(c.Start())
    plays = ({"choice": [1]}, {"choice": [1]}, {"text": "Tokyo"}, {"number": 4})
    for step, fields in enumerate(plays[:3]):
        game.advance(4_000)
        game.give(ada, step=step, **fields)
        game.give(bob, step=step, **fields)
    game.advance(4_000)
    (ada_last,) = game.give(ada, step=3, **plays[3])
    game.do(c.Extend(60))
    events = game.give(bob, step=3, **plays[3])
    assert isinstance(ada_last, e.AnswerRecorded) and isinstance(events[0], e.AnswerRecorded)
    assert events[0].points == ada_last.points
    assert ada.score == bob.score and views.progress(game.room, ada)["points"] == ada.score


def test_a_paused_round_takes_no_steps() -> None:
    game = Game.make([wordle("crane", time_limit=60)])
    ada = game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    game.do(c.Pause())
    with pytest.raises(InvalidPhase, match="paused"):
        game.give(ada, guess="slate", step=0)
    game.do(c.Resume())
    game.give(ada, guess="slate", step=0)


def test_a_resent_step_is_reported_as_that_step() -> None:
    game = Game.make([wordle("crane")])
    ada = game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    game.give(ada, guess="slate", step=0, answer_id="first-guess-01")
    game.give(ada, guess="house", step=1, answer_id="second-guess-1")
    with pytest.raises(DuplicateAnswer) as resent:
        game.give(ada, guess="slate", step=0, answer_id="first-guess-01")
    assert resent.value.stored == "slate"


def test_a_daily_double_is_free_again_when_its_player_is_removed() -> None:
    game = Game.make([clue(300, "A river", daily_double=True), clue(100, "Another")])
    ada, bob = game.join("Ada"), game.join("Bob")
    game.join("Cy")
    game.do(c.Start())
    game.give(bob, wager=100)
    game.do(c.Kick(bob.id))
    game.give(ada, wager=50)
    game.do(c.Judge(True))
    assert ada.score == 50


def test_a_partly_right_ordering_in_a_lightning_round_shows_as_partial() -> None:
    round_ = parse_question(
        {
            "type": "lightning",
            "text": "Orders",
            "time_limit": 60,
            "questions": [
                {"type": "order", "text": "Small to big", "items": ["Ant", "Cat", "Horse", "Whale"]},
                {"type": "truefalse", "text": "Ants are small.", "correct": True},
            ],
        }
    )
    game = Game.make([round_], settings=Settings(points=False))
    ada = game.join("Ada")
    game.join("Bob")
    game.do(c.Start())
    shown = list(views.player_view(game.room, ada, game.now)["me"]["progress"]["item"]["options"])
    order = [shown.index(x) for x in ("Ant", "Cat", "Whale", "Horse")]  # the last two swapped
    game.give(ada, step=0, order=order)
    assert views.progress(game.room, ada)["results"] == ["partial"]
