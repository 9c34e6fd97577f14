"""Activities without a right answer: polls, scales and word clouds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from partyhost import export
from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer, BadCommand, InvalidPhase
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Room

from core_support import QUESTIONS, Game

POLL = {"type": "poll", "text": "Pizza or pasta?", "options": ["Pizza", "Pasta", "Neither"]}
MULTI_POLL = {"type": "poll", "text": "Which days suit you?", "options": ["Mon", "Tue", "Wed"], "multiple": True}
SCALE = {"type": "scale", "text": "How was the talk?", "min": 1, "max": 5, "labels": ["Dull", "Great"]}
CLOUD = {"type": "wordcloud", "text": "One word for today?", "max_entries": 2, "max_length": 12}


def play(question: dict[str, Any], *names: str, then: list[dict[str, Any]] | None = None, **settings: Any) -> Game:
    game = Game.make([question, *(then or [])], Settings(**settings))
    for name in names or ("Ada", "Bob", "Cy"):
        game.join(name)
    game.do(c.Start())
    return game


def screen(game: Game) -> dict[str, Any]:
    return views.screen_view(game.room, game.now)


def phone(game: Game, player: str = "p1") -> dict[str, Any]:
    return views.player_view(game.room, game.room.players[player], game.now)


def host(game: Game) -> dict[str, Any]:
    return views.host_view(game.room, game.now)


# ------------------------------------------------------------------------- polls


def test_a_poll_has_no_timer_and_no_right_answer() -> None:
    game = play(POLL)
    assert not game.room.timed
    game.advance(600_000)
    (vote,) = game.give("p1", choice=[1])
    assert isinstance(vote, e.AnswerRecorded) and not vote.correct and vote.points == 0 and vote.speed == 0
    assert "correct" not in json.dumps(host(game)["question"])


def test_a_poll_adds_no_points_and_keeps_streaks() -> None:
    game = Game.make([QUESTIONS[0], POLL, QUESTIONS[0]], Settings())
    game.join("Ada")
    game.do(c.Start())
    game.answer("p1", [1])
    game.do(c.Next())
    game.do(c.Next())
    assert game.room.players["p1"].streak == 1
    game.give("p1", choice=[0])
    ada = game.room.players["p1"]
    assert ada.score == 1000 and ada.streak == 1 and ada.result is None


def test_after_a_poll_next_goes_to_the_next_question_not_the_leaderboard() -> None:
    game = play(POLL, "Ada", then=[QUESTIONS[0]])
    game.do(c.Reveal())
    (opened,) = game.do(c.Next())
    assert isinstance(opened, e.QuestionOpened) and opened.index == 1


def test_after_a_last_poll_next_ends_the_game() -> None:
    game = play(POLL, "Ada")
    game.do(c.Reveal())
    game.do(c.Next())
    assert game.room.phase is Phase.ENDED


def test_a_single_choice_poll_takes_one_option_and_a_multiple_one_several() -> None:
    game = play(POLL)
    with pytest.raises(BadAnswer, match="exactly one"):
        game.give("p1", choice=[0, 1])
    game2 = play(MULTI_POLL)
    (vote,) = game2.give("p1", choice=[2, 0])
    assert isinstance(vote, e.AnswerRecorded) and vote.answer == [0, 2]


def test_the_screen_sees_the_votes_live_and_phones_only_after_the_close() -> None:
    game = play(POLL)
    game.give("p1", choice=[0])
    game.give("p2", choice=[0])
    assert screen(game)["question"]["live"] == {"counts": [2, 0, 0]}
    assert "live" not in phone(game)["question"] and "reveal" not in phone(game)
    game.do(c.Reveal())
    assert phone(game, "p3")["reveal"]["counts"] == [2, 0, 0]
    assert screen(game)["reveal"]["counts"] == [2, 0, 0]


def test_the_host_can_keep_a_polls_results_off_the_phones() -> None:
    game = play(dict(POLL, show_results=False))
    game.give("p1", choice=[2])
    assert host(game)["question"]["results_shown"] is False
    game.do(c.Reveal())
    assert phone(game)["reveal"] == {"index": 0, "answered": 1, "results_hidden": True}
    assert screen(game)["reveal"]["counts"] == [0, 0, 1]  # the projector always shows them
    (shown,) = game.do(c.ShowResults(True))
    assert shown == e.ResultsShown(0, True)
    assert phone(game)["reveal"]["counts"] == [0, 0, 1]
    assert game.do(c.ShowResults(True)) == []  # already shown: nothing to do
    game.do(c.ShowResults(False))
    assert "counts" not in phone(game)["reveal"]
    assert Room.replay(game.log).results_visible(0) is False


def test_showing_results_of_a_scored_question_is_refused() -> None:
    game = play(QUESTIONS[0])
    with pytest.raises(InvalidPhase, match="scored"):
        game.do(c.ShowResults(False))


def test_showing_results_in_the_lobby_is_refused() -> None:
    game = Game.make([POLL])
    with pytest.raises(InvalidPhase):
        game.do(c.ShowResults(True))


def test_a_poll_is_anonymous_by_default_even_to_the_host_and_in_the_export() -> None:
    game = play(POLL)
    game.give("p1", choice=[1])
    assert "votes" not in host(game)["question"]
    game.do(c.Reveal())
    rows = export.build(game.room)["answers"]
    assert {r["answer"] for r in rows} == {"(anonymous)", ""}


def test_a_named_poll_shows_the_host_and_the_export_who_voted_what() -> None:
    game = play(dict(POLL, anonymous=False))
    game.give("p2", choice=[1])
    assert host(game)["question"]["votes"] == [{"nickname": "Bob", "answer": "Pasta"}]
    assert "votes" not in json.dumps(screen(game)) and "Bob" not in json.dumps(phone(game)["question"])
    game.do(c.Reveal())
    rows = {r["player"]: r["answer"] for r in export.build(game.room)["answers"]}
    assert rows == {"Ada": "", "Bob": "Pasta", "Cy": ""}


def test_the_export_holds_each_activitys_results() -> None:
    game = play(POLL, "Ada", "Bob", then=[SCALE])
    game.give("p1", choice=[0])
    game.give("p2", choice=[0])  # everyone voted: the poll closes by itself
    game.do(c.Next())
    game.give("p1", number=4)
    game.do(c.Reveal())
    activities = export.build(game.room)["activities"]
    assert activities == [
        {
            "question_number": 1,
            "type": "poll",
            "question": POLL["text"],
            "answered": 2,
            "results": {"counts": [2, 0, 0]},
        },
        {
            "question_number": 2,
            "type": "scale",
            "question": SCALE["text"],
            "answered": 1,
            "results": {"counts": [0, 0, 0, 1, 0], "mean": 4.0},
        },
    ]


# ------------------------------------------------------------------------ scales


def test_a_scale_counts_each_value_and_gives_the_mean() -> None:
    game = play(SCALE)
    for player, value in (("p1", 5), ("p2", 4), ("p3", 4.0)):
        game.give(player, number=value)
    reveal = screen(game)["reveal"]
    assert reveal["counts"] == [0, 0, 0, 2, 1] and reveal["mean"] == 4.33
    question = phone(game)["question"]
    assert (question["min"], question["max"], question["labels"]) == (1, 5, ["Dull", "Great"])


def test_a_scale_mean_is_rounded_half_up_to_two_decimals() -> None:
    game = play(
        {"type": "scale", "text": "0 to 10?", "min": 0, "max": 10}, "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"
    )
    for i, value in enumerate([0, 0, 0, 0, 0, 0, 0, 1], start=1):
        game.give(f"p{i}", number=value)
    assert screen(game)["reveal"]["mean"] == 0.13  # 0.125 rounds up


@pytest.mark.parametrize("value", [0, 6, 2.5, True, "3", None])
def test_a_value_off_the_scale_is_bad_answer(value: Any) -> None:
    game = play(SCALE)
    with pytest.raises(BadAnswer):
        game.give("p1", number=value)


# ------------------------------------------------------------------- word clouds


def test_word_cloud_groups_entries_ignoring_case_accents_and_punctuation() -> None:
    game = play(CLOUD, "Ada", "Bob", "Cy", "Dee")
    game.give("p1", entries=["Café", "tea"])
    game.give("p2", entries=["cafe!"])
    game.give("p3", entries=["  CAFE ", "Tea"])
    words = screen(game)["question"]["live"]["words"]
    assert words == [
        {"key": "cafe", "text": "Café", "count": 3},  # each spelling once: the first wins
        {"key": "tea", "text": "tea", "count": 2},
    ]


def test_word_cloud_shows_a_group_in_its_most_common_spelling() -> None:
    game = play(CLOUD, "Ada", "Bob", "Cy", "Dee")
    game.give("p1", entries=["tea"])
    game.give("p2", entries=["Tea"])
    game.give("p3", entries=["Tea"])
    assert screen(game)["question"]["live"]["words"][0]["text"] == "Tea"


def test_a_players_entries_that_are_one_word_count_once() -> None:
    game = play(CLOUD)
    (answer,) = game.give("p1", entries=["Sun", "sun!", "  "])
    assert isinstance(answer, e.AnswerRecorded) and answer.answer == ["Sun"]


@pytest.mark.parametrize(
    "entries, message",
    [
        (["one", "two", "three"], "at most 2 entries"),
        (["x" * 13], "at most 12 characters"),
        (["   ", ""], "at least one word"),
        (["!!!"], "a letter or a digit"),
        ("sun", "list of text"),
        ([3], "list of text"),
        ([], "list of text"),
    ],
)
def test_word_cloud_limits_are_bad_answer(entries: Any, message: str) -> None:
    game = play(CLOUD)
    with pytest.raises(BadAnswer, match=message):
        game.give("p1", entries=entries)
    assert not game.room.answers


def test_a_hidden_entry_reaches_no_page_but_the_hosts() -> None:
    game = play(CLOUD, "Ada", "Bob", "Cy")
    game.give("p1", entries=["Rude", "nice"])
    game.give("p2", entries=["rude!"])
    (hidden,) = game.do(c.HideEntry("rude"))
    assert hidden == e.EntryHidden(0, "rude", True)
    assert [w["key"] for w in screen(game)["question"]["live"]["words"]] == ["nice"]
    live = host(game)["question"]["live"]
    assert [w["key"] for w in live["words"]] == ["rude", "nice"] and live["hidden"] == ["rude"]
    game.give("p3", entries=["RUDE"])  # a later entry in the hidden group stays hidden
    for view in (screen(game), phone(game, "p3"), phone(game, "p2")):
        text = json.dumps({k: v for k, v in view.items() if k != "me"})
        assert "rude" not in text.lower(), text
    assert "rude" not in json.dumps(export.build(game.room)["activities"]).lower()
    reveal = host(game)["reveal"]
    assert reveal["hidden"] == ["rude"] and reveal["words"][0]["count"] == 3


def test_a_hidden_entry_can_be_shown_again() -> None:
    game = play(CLOUD)
    game.give("p1", entries=["maybe"])
    game.do(c.HideEntry("maybe"))
    assert game.do(c.HideEntry("maybe")) == []
    game.do(c.HideEntry("maybe", hidden=False))
    assert screen(game)["question"]["live"]["words"][0]["key"] == "maybe"


def test_hiding_an_entry_nobody_gave_is_refused() -> None:
    game = play(CLOUD)
    game.give("p1", entries=["yes"])
    with pytest.raises(BadCommand, match="no such entry"):
        game.do(c.HideEntry("no"))


def test_a_classroom_word_cloud_refuses_words_the_nickname_filter_refuses() -> None:
    game = play(CLOUD, classroom=True)
    with pytest.raises(BadAnswer, match="not allowed"):
        game.give("p1", entries=["nice", "sh1t"])
    assert not game.room.answers
    game2 = play(CLOUD)
    (answer,) = game2.give("p1", entries=["sh1t"])  # not a classroom: the host can hide it
    assert isinstance(answer, e.AnswerRecorded)


def test_replay_keeps_hidden_entries_hidden() -> None:
    game = play(CLOUD)
    game.give("p1", entries=["gone"])
    game.do(c.HideEntry("gone"))
    game.do(c.Reveal())
    rebuilt = Room.replay(game.log)
    assert views.screen_view(rebuilt, game.now) == screen(game)
    assert screen(game)["reveal"]["words"] == []
