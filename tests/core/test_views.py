"""Views per role: what players and the screen may not see is never in their view."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core import views
from partyhost.core.room import Phase, Player

from core_support import MULTI, QUESTIONS, RIGHT, SINGLE, WRONG, Game

ANSWER_IDS = {"Ada": "ada-answer-0001", "Bob": "bob-answer-0001"}


@pytest.fixture
def trio(game: Game) -> tuple[Game, Player, Player, Player]:
    """Question 1 open: Ada answered right (option 1), Bob wrong (option 3), Cy not yet."""
    ada = game.join("Ada")
    bob = game.join("Bob")
    cy = game.join("Cy")
    game.do(c.Start())
    game.advance(2_000)
    game.answer(ada, [1], answer_id=ANSWER_IDS["Ada"])
    game.advance(1_000)
    game.answer(bob, [3], answer_id=ANSWER_IDS["Bob"])
    return game, ada, bob, cy


Trio = tuple[Game, Player, Player, Player]


def text(view: dict[str, Any]) -> str:
    return json.dumps(view)


def keys(value: Any) -> Iterator[str]:
    """Every key of every object in a JSON-like value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner)


def secrets_of(game: Game) -> list[str]:
    """Strings that must never reach a phone or the screen: seat tokens and their hashes."""
    room = game.room
    return [*game.tokens.values(), *(p.token_hash for p in room.players.values())]


def public_views(game: Game) -> dict[str, dict[str, Any]]:
    """The screen's view and every player's view (shared part and full) now."""
    room, now = game.room, game.now
    found = {"screen": views.screen_view(room, now), "shared": views.player_shared(room, now)}
    for player in room.players.values():
        found[player.nickname] = views.player_view(room, player, now)
    return found


# -------------------------------------------------------------- before the reveal


def test_views_before_the_reveal_hold_no_answer_key(trio: Trio) -> None:
    game, *_ = trio
    for role, view in public_views(game).items():
        assert "correct" not in set(keys(view)), role
        assert '"correct"' not in text(view), role


def test_views_before_the_reveal_hold_no_explanation(trio: Trio) -> None:
    game, *_ = trio
    explanation = QUESTIONS[SINGLE]["explanation"]
    for role, view in public_views(game).items():
        assert explanation not in text(view), role
        assert "explanation" not in set(keys(view)), role


def test_screen_view_before_the_reveal_holds_nobodys_answer(trio: Trio) -> None:
    game, *_ = trio
    for role in ("screen", "shared"):
        view = public_views(game)[role]
        assert "choice" not in set(keys(view)), role
        assert "answer" not in set(keys(view)), role
        for answer_id in ANSWER_IDS.values():
            assert answer_id not in text(view), role


def test_player_view_before_the_reveal_holds_only_its_own_answer(trio: Trio) -> None:
    game, ada, bob, cy = trio
    ada_view = views.player_view(game.room, ada, game.now)
    bob_view = views.player_view(game.room, bob, game.now)
    cy_view = views.player_view(game.room, cy, game.now)
    assert ada_view["me"]["answer"] == {"question": 0, "choice": [1]}
    assert bob_view["me"]["answer"] == {"question": 0, "choice": [3]}
    assert cy_view["me"]["answer"] is None
    for view in (ada_view, bob_view, cy_view):
        assert list(keys(view)).count("choice") <= 1
        for answer_id in ANSWER_IDS.values():
            assert answer_id not in text(view)
    assert "[3]" not in text(ada_view)
    assert "[1]" not in text(bob_view)


def test_player_view_before_the_reveal_holds_no_result(trio: Trio) -> None:
    game, ada, _, _ = trio
    me = views.player_view(game.room, ada, game.now)["me"]
    assert me["result"] is None
    assert me["score"] == 0, "a score that moved would tell a phone it was right"


@pytest.mark.parametrize("paused", [False, True])
def test_no_view_ever_holds_a_seat_token(trio: Trio, paused: bool) -> None:
    game, *_ = trio
    if paused:
        game.do(c.Pause())
    snapshots = [public_views(game)]
    game.do(c.Reveal())
    snapshots.append(public_views(game))
    game.do(c.Next())
    snapshots.append(public_views(game))
    game.do(c.End())
    snapshots.append(public_views(game))
    snapshots.append({"host": views.host_view(game.room, game.now)})
    for snapshot in snapshots:
        for role, view in snapshot.items():
            dumped = text(view)
            assert "token" not in dumped, role
            for secret in secrets_of(game):
                assert secret not in dumped, role


def test_views_of_a_later_question_hold_no_answer_key(trio: Trio) -> None:
    game, _, _, cy = trio
    game.answer(cy, [0])
    game.do(c.Next())
    game.do(c.Next())
    assert game.room.index == MULTI
    explanation = QUESTIONS[MULTI]["explanation"]
    for role, view in public_views(game).items():
        assert "correct" not in set(keys(view)), role
        assert explanation not in text(view), role


# --------------------------------------------------------------- after the reveal


def test_views_after_the_reveal_show_the_answer_key_and_explanation(trio: Trio) -> None:
    game, *_ = trio
    game.do(c.Reveal())
    assert game.room.phase is Phase.REVEAL
    for role, view in public_views(game).items():
        assert view["reveal"]["correct"] == [1], role
        assert view["reveal"]["explanation"] == QUESTIONS[SINGLE]["explanation"], role
        assert view["reveal"]["counts"] == [0, 1, 0, 1], role
        assert view["reveal"]["answered"] == 2, role


def test_player_view_after_the_reveal_shows_its_own_result(trio: Trio) -> None:
    game, ada, bob, cy = trio
    game.do(c.Reveal())
    ada_me = views.player_view(game.room, ada, game.now)["me"]
    bob_me = views.player_view(game.room, bob, game.now)["me"]
    cy_me = views.player_view(game.room, cy, game.now)["me"]
    assert ada_me["result"] == {"question": 0, "correct": True, "points": 950, "streak_bonus": 0}
    assert bob_me["result"] == {"question": 0, "correct": False, "points": 0, "streak_bonus": 0}
    assert cy_me["result"] is None
    assert (ada_me["score"], ada_me["rank"]) == (950, 1)


def test_reveal_tally_leaves_out_kicked_players(trio: Trio) -> None:
    game, _, bob, _ = trio
    game.do(c.Kick(bob.id))
    game.do(c.Reveal())
    reveal = views.screen_view(game.room, game.now)["reveal"]
    assert (reveal["counts"], reveal["answered"]) == ([0, 1, 0, 0], 1)


def test_live_answer_count_leaves_out_kicked_players(trio: Trio) -> None:
    # Ada and Bob answered, Cy has not; once Bob is kicked, one of the two players still
    # in the room has answered. Counting Bob's answer would show "2 answered" of 2 players
    # while Cy is still thinking, unlike the reveal tally, which leaves kicked players out.
    game, _, bob, _ = trio
    game.do(c.Kick(bob.id))
    assert game.room.phase is Phase.QUESTION
    view = views.screen_view(game.room, game.now)
    assert view["room"]["players"] == 2
    assert view["question"]["answered"] == 1


def test_leaderboard_shows_active_players_with_shared_ranks(game: Game) -> None:
    ada = game.join("Ada")
    bob = game.join("Bob")
    cy = game.join("Cy")
    game.do(c.Start())
    for player, choice in ((ada, RIGHT[SINGLE]), (bob, RIGHT[SINGLE]), (cy, WRONG[SINGLE])):
        game.answer(player, choice)
    game.do(c.Next())
    board = views.screen_view(game.room, game.now)["leaderboard"]
    assert board == [
        {"rank": 1, "nickname": "Ada", "score": 1000, "correct": 1},
        {"rank": 1, "nickname": "Bob", "score": 1000, "correct": 1},
        {"rank": 3, "nickname": "Cy", "score": 0, "correct": 0},
    ]


def test_screen_shows_the_podium_when_the_game_ends(trio: Trio) -> None:
    game, *_ = trio
    game.do(c.Reveal())
    game.do(c.End())
    podium = views.screen_view(game.room, game.now)["podium"]
    assert [(p["rank"], p["nickname"]) for p in podium] == [(1, "Ada"), (2, "Bob"), (2, "Cy")]


# ------------------------------------------------------------------------- host


def test_host_view_holds_the_answer_key_during_the_question(trio: Trio) -> None:
    game, *_ = trio
    question = views.host_view(game.room, game.now)["question"]
    assert question["correct"] == [1]
    assert question["explanation"] == QUESTIONS[SINGLE]["explanation"]


def test_host_view_shows_who_has_answered(trio: Trio) -> None:
    game, *_ = trio
    players = views.host_view(game.room, game.now)["players"]
    assert {p["nickname"]: p["answered"] for p in players} == {
        "Ada": True,
        "Bob": True,
        "Cy": False,
    }


def test_host_view_shows_the_settings(trio: Trio) -> None:
    game, *_ = trio
    settings = views.host_view(game.room, game.now)["room"]["settings"]
    assert settings["time_limit"] == 20
    assert "settings" not in views.screen_view(game.room, game.now)["room"]


# --------------------------------------------------------------------------- me


def test_me_is_the_players_own(trio: Trio) -> None:
    game, *players = trio
    for player in players:
        me = views.player_view(game.room, player, game.now)["me"]
        assert (me["id"], me["nickname"]) == (player.id, player.nickname)
    game.do(c.Reveal())
    for player in players:
        me = views.player_view(game.room, player, game.now)["me"]
        assert (me["score"], me["streak"]) == (player.score, player.streak)
        assert me["rank"] == game.room.rank_of(player.id)


def test_question_view_shows_the_timer_and_the_answer_count(trio: Trio) -> None:
    game, *_ = trio
    question = views.player_shared(game.room, game.now)["question"]
    assert question["index"] == 0
    assert question["number"] == 1
    assert question["options"] == QUESTIONS[SINGLE]["options"]
    assert (question["time_limit_ms"], question["remaining_ms"]) == (20_000, 17_000)
    assert question["answered"] == 2


def test_lobby_view_has_no_question(game: Game) -> None:
    ada = game.join("Ada")
    view = views.player_view(game.room, ada, game.now)
    assert set(view) == {"room", "me"}
    assert view["room"]["phase"] == "lobby"
    assert view["room"]["players"] == 1
