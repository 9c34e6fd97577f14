"""Projections of a room per role: what each role is allowed to see, and nothing more.

``player`` and ``screen`` never get the answer key, another player's answer or
any token before the reveal. The player view is split in two so the shell can
encode the shared part once for every phone and add each phone's ``me``.
"""

from __future__ import annotations

from typing import Any

from partyhost.core.clock import Now
from partyhost.core.modes import mode_for
from partyhost.core.room import Phase, Player, Room, StoredAnswer

LEADERBOARD_SIZE = 10
#: a stepped question's race on the screen shows this many players
RACE_SIZE = 24


def _room(room: Room) -> dict[str, Any]:
    return {
        "code": room.code,
        "title": room.title,
        "phase": room.phase.value,
        "paused": room.paused,
        "locked": room.locked,
        "players": len(room.active_players()),
        "question_count": len(room.questions),
        **({"teams": list(room.teams)} if room.teams else {}),
    }


def _question(room: Room, now: Now, role: str = "player") -> dict[str, Any] | None:
    question = room.question
    if question is None or room.phase not in (Phase.QUESTION, Phase.REVEAL):
        return None
    view: dict[str, Any] = {"index": room.index, "number": room.index + 1}
    view.update(mode_for(question.type).public(question))
    for key in ("image", "audio"):  # a pack's picture or sound, shown with the question
        if isinstance(question.extra.get(key), str):
            view[key] = question.extra[key]
    view["time_limit_ms"] = room.total_ms
    view["remaining_ms"] = room.remaining(now)
    counted = room.counted_answers(room.index)
    answers = [a.answer for a in counted]
    view["answered"] = room.active_answered()  # (a count the room keeps: this runs for every broadcast)
    if mode_for(question.type).judged_by_host:
        view["buzzers"] = _buzzers(room)
        if question.extra.get("daily_double"):
            if room.phase is Phase.QUESTION and not room.counted_answers(room.index):
                view["text"] = ""  # as on television, the clue comes after the wager
            control = room.players.get(room.control) if room.control is not None else None
            view["control"] = control.id if control is not None and not control.kicked else None
            view["top_value"] = room.top_value()
    if mode_for(question.type).stepped:
        view["stepped"] = True
        if role != "player":
            view["race"] = _race(room, counted)
    if role != "player" and room.phase is Phase.QUESTION:
        # Live results (a poll's bars) for the screen; phones get results only after the close,
        # so they are not swayed while voting and a vote does not resend every phone's view.
        mode = mode_for(question.type)
        live = mode.live(question, answers, room.hidden.get(room.index, set()))
        if live is not None:
            view["live"] = live
            if mode.names_at_reveal and not mode.anonymous(question):
                # Who has voted (face-down cards), never what.
                live["voters"] = [room.players[a.player_id].nickname for a in room.counted_answers(room.index)]
    return view


def _race(room: Room, counted: list[StoredAnswer]) -> dict[str, Any]:
    """A stepped question's race for the screen: the leaders' progress (never their answers)."""
    question = room.questions[room.index]
    mode = mode_for(question.type)
    closed = room.phase is not Phase.QUESTION
    for stored in counted:
        made_for = (len(stored.answer), closed)
        if stored.race is None or stored.race[0] != made_for:
            run = room.run_of(stored)
            stored.race = (made_for, mode.race_key(question, run), mode.race(question, run, closed=closed))
    leaders = sorted(counted, key=lambda a: (a.race[1] if a.race else (), room.players[a.player_id].order))
    rows = [
        {"nickname": room.players[a.player_id].nickname, "id": a.player_id, **(a.race[2] if a.race else {})}
        for a in leaders[:RACE_SIZE]
    ]
    return {"rows": rows, "started": len(counted), "finished": room.active_answered()}


def _reveal(room: Room, role: str = "player") -> dict[str, Any] | None:
    question = room.question
    if question is None or room.phase is not Phase.REVEAL:
        return None
    mode = mode_for(question.type)
    answers = [a.answer for a in room.counted_answers(room.index)]
    view: dict[str, Any] = {"index": room.index, "answered": len(answers)}
    if role == "player" and not mode.scored and not room.results_visible(room.index):
        view["results_hidden"] = True  # the host keeps this poll's results off the phones
        return view
    view.update(mode.tally(question, answers, room.hidden.get(room.index, set())))
    if mode.names_at_reveal and not mode.anonymous(question):
        view["votes"] = [
            {"nickname": room.players[a.player_id].nickname, **mode.wire(a.answer)}
            for a in room.counted_answers(room.index)
        ]
    return view


def _leaderboard(room: Room, size: int = LEADERBOARD_SIZE) -> list[dict[str, Any]] | None:
    if room.phase not in (Phase.LEADERBOARD, Phase.ENDED):
        return None
    return [
        {
            "rank": s.rank,
            "nickname": s.player.nickname,
            "score": s.player.score,
            "correct": s.player.correct_count,
        }
        for s in room.standings()[:size]
    ]


def _buzzers(room: Room) -> list[dict[str, Any]]:
    """Who buzzed, in the order the buzzes reached the host: ``up`` answers now."""
    judged = room.judgments.get(room.index, {})
    up = next(iter(room.buzz_queue(room.index)), None) if room.phase is Phase.QUESTION else None
    rows = []
    for stored in room.counted_answers(room.index):
        if stored.player_id in judged:
            status = "right" if judged[stored.player_id] else "wrong"
        else:
            status = "up" if up is not None and stored is up else "waiting"
        row = {"id": stored.player_id, "nickname": room.players[stored.player_id].nickname, "status": status}
        if stored.answer is not True:
            row["wager"] = stored.answer  # a Daily Double's wager, said out loud anyway
        rows.append(row)
    return rows


def _board(room: Room) -> list[dict[str, Any]] | None:
    """The buzzer clues of the show as a board: categories in order, each with its clues."""
    categories: dict[str, list[dict[str, Any]]] = {}
    for index, question in enumerate(room.questions):
        if not mode_for(question.type).judged_by_host:
            continue
        asked = index < room.index or (index == room.index and room.phase is not Phase.LOBBY)
        status = "current" if index == room.index and room.phase is Phase.QUESTION else "done" if asked else "open"
        clue = {"index": index, "value": int(question.extra.get("value", 100)), "status": status}
        categories.setdefault(str(question.extra.get("category", "")), []).append(clue)
    if not categories:
        return None
    return [{"category": name, "clues": sorted(clues, key=lambda c: c["value"])} for name, clues in categories.items()]


def _team_leaderboard(room: Room) -> list[dict[str, Any]] | None:
    """Teams by the mean score of their members (``partyhost.core.teams``), after a question."""
    if not room.teams or room.phase not in (Phase.LEADERBOARD, Phase.ENDED):
        return None
    return [
        {"rank": t.rank, "team": t.team, "name": t.name, "score": t.score, "members": t.members}
        for t in room.team_standings()
    ]


def _shared(room: Room, now: Now, role: str = "player") -> dict[str, Any]:
    view: dict[str, Any] = {"room": _room(room)}
    for key, value in (
        ("question", _question(room, now, role)),
        ("reveal", _reveal(room, role)),
        ("leaderboard", _leaderboard(room)),
        ("team_leaderboard", _team_leaderboard(room)),
        ("board", _board(room)),
    ):
        if value is not None:
            view[key] = value
    return view


def player_shared(room: Room, now: Now) -> dict[str, Any]:
    """The part of a phone's view that is the same for every phone."""
    return _shared(room, now)


def player_me(room: Room, player: Player) -> dict[str, Any]:
    """The part of a phone's view that is its own: seat, score, rank, answer, result."""
    stored = room.answers.get((room.index, player.id))
    mine: dict[str, Any] = {"team": player.team} if room.teams else {}
    question = room.question
    if question is not None and room.phase in (Phase.QUESTION, Phase.REVEAL) and mode_for(question.type).stepped:
        mine["progress"] = progress(room, player)
        stored = None  # a run is shown as its progress, not as one answer
    return {
        **mine,
        "id": player.id,
        "nickname": player.nickname,
        "score": player.score,
        "rank": _rank(room, player),
        "streak": player.streak,
        "answer": None
        if stored is None or (room.phase is not Phase.QUESTION and room.phase is not Phase.REVEAL)
        else answer_fields(room, stored.index, stored.answer),
        "result": player.result if room.phase is not Phase.QUESTION else None,
    }


def progress(room: Room, player: Player) -> dict[str, Any]:
    """A player's own run of the open or revealed stepped question (a Wordle grid)."""
    question = room.questions[room.index]
    stored = room.answers.get((room.index, player.id))
    closed = room.phase is not Phase.QUESTION
    mode = mode_for(question.type)
    if stored is None:
        view = mode.progress(question, room.run_of_nothing(player.id), closed=closed)
    else:
        # Every phone's run is drawn again for every broadcast; it changes only with a step.
        made_for = (len(stored.answer), closed)
        if stored.progress is None or stored.progress[0] != made_for:
            stored.progress = (made_for, mode.progress(question, room.run_of(stored), closed=closed))
        view = dict(stored.progress[1])
    view["done"] = stored is not None and stored.done
    return view


def _rank(room: Room, player: Player) -> int | None:
    """The player's rank (``None`` once kicked). In the lobby nobody has points yet: all are first.

    ``Room.rank_of`` sorts the room again after every event, and a join storm is one event
    per phone, each welcomed with its view: the lobby needs no sorting at all.
    """
    if room.phase is Phase.LOBBY:
        return None if player.kicked else 1
    return room.rank_of(player.id)


def player_view(room: Room, player: Player, now: Now) -> dict[str, Any]:
    view = player_shared(room, now)
    view["me"] = player_me(room, player)
    return view


def screen_view(room: Room, now: Now) -> dict[str, Any]:
    view = _shared(room, now, "screen")
    view["players"] = [_player_row(room, p) for p in room.active_players()]
    if room.phase is Phase.ENDED:
        view["podium"] = [
            {"rank": s.rank, "nickname": s.player.nickname, "score": s.player.score} for s in room.standings()[:3]
        ]
    return view


def host_view(room: Room, now: Now) -> dict[str, Any]:
    view = screen_view(room, now)
    view["room"]["settings"] = room.settings.to_dict()
    question = room.question
    if question is not None and "question" in view:
        mode = mode_for(question.type)
        view["question"].update(mode.secret(question))
        view["question"]["explanation"] = question.explanation
        if not mode.scored:
            _host_results(room, view)
    answered = {a.player_id for a in room.current_answers() if a.done} if room.phase is Phase.QUESTION else set()
    view["players"] = [
        {
            "id": p.id,
            "nickname": p.nickname,
            "score": p.score,
            "correct": p.correct_count,
            "answered": p.id in answered,
            **({"team": p.team} if room.teams else {}),
        }
        for p in room.active_players()
    ]
    if room.phase in (Phase.LEADERBOARD, Phase.ENDED):
        view["leaderboard"] = _leaderboard(room, size=len(room.players))
    view["show"] = show(room)
    return view


def _player_row(room: Room, player: Player) -> dict[str, Any]:
    row: dict[str, Any] = {"id": player.id, "nickname": player.nickname, "score": player.score}
    if room.teams:
        row["team"] = player.team
    return row


def show(room: Room) -> list[dict[str, Any]]:
    """The room's show for the host: every question in order, with where the game is.

    ``status`` is ``done`` (asked), ``skipped``, ``current`` (open, revealed or on the
    leaderboard after it) or ``upcoming`` (can still be moved or removed).
    """
    items = []
    for index, question in enumerate(room.questions):
        if index in room.skipped:
            status = "skipped"
        elif index < room.index or (index == room.index and room.phase is Phase.ENDED):
            status = "done"
        elif index == room.index:
            status = "current"
        else:
            status = "upcoming"
        items.append({"index": index, "type": question.type, "text": question.text, "status": status})
    return items


def _host_results(room: Room, view: dict[str, Any]) -> None:
    """What the host sees of a poll, a scale or a word cloud besides the screen's view: hidden
    entries (to show them again), whether phones see the results, and who answered what unless
    the question is anonymous."""
    question = room.questions[room.index]
    mode = mode_for(question.type)
    counted = room.counted_answers(room.index)
    hidden = sorted(room.hidden.get(room.index, set()))
    shown = room.results_visible(room.index)
    view["question"]["results_shown"] = shown
    if room.phase is Phase.QUESTION:
        live = mode.live(question, [a.answer for a in counted], frozenset())
        if live is not None:
            voters = view["question"].get("live", {}).get("voters")
            view["question"]["live"] = {**live, "hidden": hidden, **({"voters": voters} if voters is not None else {})}
    if "reveal" in view:
        view["reveal"].update(mode.tally(question, [a.answer for a in counted], frozenset()))
        view["reveal"]["hidden"] = hidden
        view["reveal"]["results_shown"] = shown
    if not mode.anonymous(question) and not mode.names_at_reveal:
        # (a mode that names voters at the reveal keeps even the host from seeing cards before it)
        view["question"]["votes"] = [
            {"nickname": room.players[a.player_id].nickname, "answer": mode.describe(question, a.answer)}
            for a in counted
        ]


def answer_fields(room: Room, index: int, answer: Any) -> dict[str, Any]:
    """A stored answer as a phone sees it: ``{"question": 3, "choice": [1]}``, ``{"question": 4, "text": "Paris"}``."""
    return {"question": index, **mode_for(room.questions[index].type).wire(answer)}
