"""Teams: players pick one or the host balances them; a team scores the mean of its members."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from partyhost import export
from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import teams, views
from partyhost.core.errors import BadCommand, GameOver, InvalidPhase, UnknownPlayer, UnknownTeam
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Room

from core_support import QUESTIONS, RIGHT, Game


@dataclass
class P:
    id: str
    score: int
    order: int
    team: int | None = None


def lobby(*names: str) -> Game:
    game = Game.make()
    for name in names or ("Ada", "Bob", "Cy", "Dee", "Eve"):
        game.join(name)
    return game


def test_a_team_scores_the_mean_of_its_members_rounded_half_up() -> None:
    assert teams.team_score([1000, 500]) == 750
    assert teams.team_score([1, 2]) == 2  # 1.5 rounds up
    assert teams.team_score([1000, 0, 0]) == 333


def test_a_big_team_does_not_win_by_size() -> None:
    players = [P("a", 900, 0, 0), P("b", 800, 1, 1), P("c", 800, 2, 1), P("d", 800, 3, 1), P("e", 800, 4, 1)]
    table = teams.standings(["Owls", "Foxes"], players)
    assert [(t.rank, t.name, t.score, t.members) for t in table] == [(1, "Owls", 900, 1), (2, "Foxes", 800, 4)]


def test_equal_team_scores_share_a_rank_and_empty_teams_are_not_ranked() -> None:
    players = [P("a", 500, 0, 0), P("b", 500, 1, 2), P("c", 100, 2, 2), P("d", 900, 3, 2)]
    table = teams.standings(["A", "B", "C"], players)
    assert [(t.rank, t.name) for t in table] == [(1, "A"), (1, "C")]


def test_balancing_deals_players_by_score_like_a_snake_draft() -> None:
    players = [P(f"p{i}", score, i) for i, score in enumerate([100, 900, 500, 700, 300, 500])]
    # by score: p1 900, p3 700, p2 500, p5 500 (joined later), p4 300, p0 100
    assert teams.balance(players, 3) == {"p1": 0, "p3": 1, "p2": 2, "p5": 2, "p4": 1, "p0": 0}


def test_the_host_sets_teams_and_players_pick_one() -> None:
    game = lobby("Ada", "Bob")
    (made,) = game.do(c.SetTeams(("Owls", " Foxes ")))
    assert made == e.TeamsSet(["Owls", "Foxes"])
    (chosen,) = game.do(c.ChooseTeam("p1", 1))
    assert chosen == e.TeamChosen("p1", 1)
    assert game.do(c.ChooseTeam("p1", 1)) == []
    me = views.player_me(game.room, game.room.players["p1"])
    assert me["team"] == 1
    assert views.player_shared(game.room, game.now)["room"]["teams"] == ["Owls", "Foxes"]
    screen = views.screen_view(game.room, game.now)["players"]
    assert [(p["nickname"], p["team"]) for p in screen] == [("Ada", 1), ("Bob", None)]


def test_a_room_without_teams_has_no_team_anywhere() -> None:
    game = lobby("Ada")
    text = str(views.player_view(game.room, game.room.players["p1"], game.now)) + str(
        views.screen_view(game.room, game.now)
    )
    assert "team" not in text
    with pytest.raises(UnknownTeam, match="without teams"):
        game.do(c.ChooseTeam("p1", 0))
    with pytest.raises(UnknownTeam):
        game.do(c.BalanceTeams())


@pytest.mark.parametrize(
    "names, message",
    [
        (("Solo",), "2 to 8 teams"),
        (tuple(f"T{i}" for i in range(9)), "2 to 8 teams"),
        (("Owls", "owls"), "same name"),
        (("Owls", ""), "1 to 24 characters"),
        (("Owls", "x" * 25), "1 to 24 characters"),
    ],
)
def test_bad_team_names_are_refused(names: tuple[str, ...], message: str) -> None:
    game = lobby("Ada")
    with pytest.raises(BadCommand, match=message):
        game.do(c.SetTeams(names))
    assert game.room.teams == []


def test_a_classroom_refuses_a_rude_team_name() -> None:
    game = Game.make(settings=Settings(classroom=True))
    with pytest.raises(BadCommand, match="not allowed"):
        game.do(c.SetTeams(("Owls", "Sh1t")))


@pytest.mark.parametrize("team", [2, -1, 9])
def test_picking_a_team_that_does_not_exist_is_refused(team: int) -> None:
    game = lobby("Ada")
    game.do(c.SetTeams(("Owls", "Foxes")))
    with pytest.raises(UnknownTeam, match="no team"):
        game.do(c.ChooseTeam("p1", team))


def test_a_kicked_player_cannot_pick_a_team() -> None:
    game = lobby("Ada", "Bob")
    game.do(c.SetTeams(("Owls", "Foxes")))
    game.do(c.Kick("p2"))
    with pytest.raises(UnknownPlayer):
        game.do(c.ChooseTeam("p2", 0))


def test_the_host_balances_everyone_and_new_teams_start_empty() -> None:
    game = lobby()
    game.do(c.SetTeams(("Owls", "Foxes")))
    game.do(c.ChooseTeam("p1", 1))
    (dealt,) = game.do(c.BalanceTeams())
    assert isinstance(dealt, e.TeamsBalanced)
    sizes = [sum(1 for p in game.room.players.values() if p.team == t) for t in (0, 1)]
    assert sorted(sizes) == [2, 3]
    assert game.do(c.BalanceTeams()) == []
    game.do(c.SetTeams(("Red", "Blue", "Green")))
    assert all(p.team is None for p in game.room.players.values())


def test_team_and_individual_leaderboards_after_a_question() -> None:
    game = lobby("Ada", "Bob", "Cy")
    game.do(c.SetTeams(("Owls", "Foxes")))
    game.do(c.ChooseTeam("p1", 0))
    game.do(c.ChooseTeam("p2", 1))
    game.do(c.ChooseTeam("p3", 1))
    game.do(c.Start())
    game.answer("p1", [0])
    game.answer("p2", RIGHT[0])
    game.answer("p3", RIGHT[0])
    game.do(c.Next())
    view = views.screen_view(game.room, game.now)
    assert view["leaderboard"][0]["nickname"] in ("Bob", "Cy")
    assert view["team_leaderboard"] == [
        {"rank": 1, "team": 1, "name": "Foxes", "score": 1000, "members": 2},
        {"rank": 2, "team": 0, "name": "Owls", "score": 0, "members": 1},
    ]
    assert views.player_shared(game.room, game.now)["team_leaderboard"] == view["team_leaderboard"]


def test_teams_are_in_the_export_and_survive_replay() -> None:
    game = lobby("Ada", "Bob")
    game.do(c.SetTeams(("Owls", "Foxes")))
    game.do(c.BalanceTeams())
    game.do(c.Start())
    game.answer("p1", RIGHT[0])
    game.answer("p2", [0])
    game.do(c.End())
    document = export.build(game.room)
    assert {row["player"]: row["team"] for row in document["summary"]} == {"Ada": "Owls", "Bob": "Foxes"}
    assert document["teams"] == [
        {"rank": 1, "team": "Owls", "score": 1000, "members": 1},
        {"rank": 2, "team": "Foxes", "score": 0, "members": 1},
    ]
    rebuilt = Room.replay(game.log)
    assert rebuilt.teams == ["Owls", "Foxes"] and [p.team for p in rebuilt.players.values()] == [0, 1]


def test_nothing_about_teams_changes_after_the_end() -> None:
    game = lobby("Ada")
    game.do(c.SetTeams(("Owls", "Foxes")))
    game.do(c.End())
    assert game.room.phase is Phase.ENDED
    with pytest.raises(GameOver):
        game.do(c.ChooseTeam("p1", 0))
    with pytest.raises(InvalidPhase):
        game.do(c.SetTeams(()))


def test_a_question_pack_needs_no_teams() -> None:
    assert Game.make([QUESTIONS[0]]).room.teams == []
