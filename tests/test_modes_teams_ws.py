"""Teams over real WebSockets: phones pick a team, the host balances, and every page gets the team
leaderboard (the mean score of each team's players) next to the players' one."""

from __future__ import annotations

from support import KEY, Party, Server, trio_room


def test_teams_pick_balance_and_score_over_websockets(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        screen = party.screen(code)
        phones = {name: party.player(code, name) for name in ("Ada", "Bob", "Cy")}
        ada, bob, cy = phones.values()
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 3, what="3 players")

        ada.send({"type": "team", "team": 0})
        assert ada.error("unknown_team")["error"]["message"] == "This room plays without teams."
        boss.command("teams", names=["Owls"])
        assert "2 to 8 teams" in boss.error("bad_message")["error"]["message"]
        boss.command("teams", names=["Owls", "Foxes"])
        lobby = ada.wait_for(
            lambda f: f["type"] == "state" and f["room"].get("teams") == ["Owls", "Foxes"], what="teams"
        )
        assert lobby["me"]["team"] is None

        ada.send({"type": "team", "team": 5})
        assert ada.error("unknown_team")["ref"] == "team"
        ada.send({"type": "team", "team": 0})
        assert ada.wait_for(lambda f: f["type"] == "state" and f["me"].get("team") == 0, what="Ada an Owl")
        for phone in (bob, cy):
            phone.send({"type": "team", "team": 1})
        shown = screen.wait_for(
            lambda f: f["type"] == "state" and [p.get("team") for p in f["players"]] == [0, 1, 1],
            what="the teams on the screen",
        )
        assert {p["nickname"]: p["team"] for p in shown["players"]} == {"Ada": 0, "Bob": 1, "Cy": 1}
        stranger = party.connect()
        stranger.send({"type": "team", "team": 0})
        assert stranger.error("not_joined")["ref"] == "team"

        # One question: the lone Owl is right, one Fox is right, one wrong.
        boss.command("start")
        assert ada.answer("ada-team-q0-001", 0, KEY[0])["status"] == "accepted"
        assert bob.answer("bob-team-q0-001", 0, KEY[0])["status"] == "accepted"
        assert cy.answer("cy-team-q0-0001", 0, [0])["status"] == "accepted"
        boss.state("reveal", 0)
        boss.command("next")
        board = cy.state("leaderboard")
        teams = {row["name"]: row for row in board["team_leaderboard"]}
        scores = {row["nickname"]: row["score"] for row in board["leaderboard"]}
        assert teams["Owls"]["score"] == scores["Ada"] and teams["Owls"]["members"] == 1
        assert teams["Foxes"]["score"] == (scores["Bob"] + scores["Cy"] + 1) // 2 and teams["Foxes"]["members"] == 2
        assert teams["Owls"]["rank"] == 1 and board["me"]["team"] == 1
        assert screen.state("leaderboard")["team_leaderboard"] == board["team_leaderboard"]

        # The host moves Cy to the Owls, then balances: a snake draft by score (Ada, Bob, Cy)
        # deals Owls, Foxes, Foxes, so the two with points are in different teams again.
        boss.command("assign_team", player=cy.seat["id"], team=0)
        boss.wait_for(
            lambda f: f["type"] == "state" and [p["team"] for p in f["players"]] == [0, 1, 0], what="Cy an Owl"
        )
        boss.command("balance_teams")
        balanced = boss.wait_for(
            lambda f: f["type"] == "state" and [p["team"] for p in f["players"]] == [0, 1, 1],
            what="balanced teams",
        )
        by_name = {p["nickname"]: p["team"] for p in balanced["players"]}
        assert by_name == {"Ada": 0, "Bob": 1, "Cy": 1}
        boss.command("assign_team", player=cy.seat["id"], team=9)
        boss.error("unknown_team")
        boss.command("end")
        ada.state("ended")

    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    assert {row["player"]: row["team"] for row in document["summary"]} == {
        name: ["Owls", "Foxes"][team] for name, team in by_name.items()
    }
    assert document["teams"][0]["team"] in ("Owls", "Foxes")
