"""The show changed live over real WebSockets: the host adds a poll typed on the spot, a pack,
moves and removes questions not asked yet; bad changes get a documented error and change nothing."""

from __future__ import annotations

from typing import Any

from support import KEY, Frame, Party, Server, trio_room


def show_of(frame: Frame) -> list[tuple[str, str]]:
    return [(item["type"], item["status"]) for item in frame["show"]]


def wait_show(boss: Any, expected: list[tuple[str, str]]) -> Frame:
    return boss.wait_for(  # type: ignore[no-any-return]
        lambda f: f["type"] == "state" and "show" in f and show_of(f) == expected,
        what=f"the show {expected}",
        newest_state=True,
    )


def test_the_host_changes_the_show_while_the_game_runs(host: Server) -> None:
    code = trio_room(host, time_limit=60)
    with Party(host.ws_url) as party:
        boss = party.control(code)
        ada = party.player(code, "Ada")
        boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 1, what="Ada on the host")
        boss.command("start")
        ada.state("question", 0)

        # A poll typed on the spot goes right after the open question.
        poll = {"type": "poll", "text": "Snack break now?", "options": ["Yes", "Later"]}
        boss.command("add", question=poll, position=1)
        shown = wait_show(
            boss, [("single", "current"), ("poll", "upcoming"), ("multi", "upcoming"), ("truefalse", "upcoming")]
        )
        assert shown["show"][1]["text"] == "Snack break now?"
        assert ada.wait_for(lambda f: f["type"] == "state" and f["room"]["question_count"] == 4, what="4 questions")

        # A broken question is refused, naming the field; nothing changes.
        boss.command("add", question={"type": "poll", "text": "Only one?", "options": ["Yes"]})
        refused = boss.error("bad_question")
        assert refused["error"]["message"].startswith("options: List should have at least 2 items"), refused
        boss.command("add", question={"type": "karaoke", "text": "Sing"})
        assert "type must be one of" in boss.error("bad_question")["error"]["message"]
        boss.command("add_pack", pack="no-such-pack")
        boss.error("no_such_pack")
        boss.command("move", index=0, to=2)
        assert "not asked yet" in boss.error("bad_message")["error"]["message"]
        boss.command("remove", index=0)
        boss.error("bad_message")
        boss.command("move", index=3)
        assert boss.error("bad_message")["error"]["message"] == "move needs the question's index and to."

        # A bundled pack goes to the end; the true/false question moves up; the multi goes.
        boss.command("add_pack", pack="science")
        bigger = boss.wait_for(lambda f: f["type"] == "state" and len(f.get("show", [])) > 4, what="the pack added")
        added = len(bigger["show"]) - 4
        boss.command("move", index=3, to=2)
        boss.command("remove", index=3)
        final = boss.wait_for(
            lambda f: f["type"] == "state" and len(f.get("show", [])) == 3 + added,
            what="the multi removed",
            newest_state=True,
        )
        assert show_of(final)[:3] == [("single", "current"), ("poll", "upcoming"), ("truefalse", "upcoming")]

        # The game plays the show in its new order, with the same player and score.
        ack = ada.answer("ada-q0-answer01", 0, KEY[0])
        assert ack["status"] == "accepted"
        boss.state("reveal", 0)
        boss.command("next")
        boss.state("leaderboard")
        boss.command("next")
        poll_view = ada.state("question", 1)["question"]
        assert poll_view["type"] == "poll" and poll_view["text"] == "Snack break now?"
        ada.send({"type": "answer", "id": "ada-q1-answer01", "question": 1, "choice": [0]})
        ada.ack("ada-q1-answer01")
        ada.state("reveal", 1)
        boss.command("next")
        later = ada.state("question", 2)
        assert later["question"]["type"] == "truefalse"
        assert later["me"]["id"] == ada.seat["id"] and later["me"]["score"] > 0
