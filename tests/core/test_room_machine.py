"""A Hypothesis state machine playing random games against a room.

Every command goes through ``Room.handle`` and, when accepted, every event through
``Room.apply``, exactly as the shell does. Alongside the room the machine keeps its
own small model of the question timer (how long the open question has been running,
paused time excluded) so it can judge timing and points independently of the core.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import nickname, views
from partyhost.core.clock import Now
from partyhost.core.errors import LateAnswer, RoomError
from partyhost.core.questions import Settings
from partyhost.core.room import PHASE_ORDER, Phase, Room

from core_support import QUESTIONS, QUIET_HYPOTHESIS_REPORT, WALL0

pytestmark = QUIET_HYPOTHESIS_REPORT

#: the test pack, a second single-choice question with its own shorter limit, then one
#: question of each other quiz type: typed, number (closest wins) and ordering
MACHINE_QUESTIONS = [
    *QUESTIONS,
    dict(QUESTIONS[0], time_limit=3),
    # no timer: open until the host reveals it
    {"type": "typed", "text": "Capital of Iceland?", "accepted": ["Reykjavík", "Reykjavik city"], "time_limit": 0},
    {"type": "number", "text": "Bones?", "answer": 206, "tolerance": 2, "closest": True},
    {"type": "order", "text": "Smallest first", "items": ["ant", "cat", "cow", "whale"], "shown": [2, 0, 3, 1]},
    # no right answer, no timer: a poll and a word cloud
    {"type": "poll", "text": "Tea or coffee?", "options": ["Tea", "Coffee", "Water"], "show_results": False},
    {"type": "wordcloud", "text": "One word?", "max_entries": 2},
    {"type": "poker", "text": "Story 7?", "deck": "fibonacci"},
    {"type": "buzzer", "text": "Longest river?", "answer": "Nile", "category": "Rivers", "value": 300},
]
#: question types with no right answer
UNSCORED = {"poll", "wordcloud", "poker"}
#: the field each type of question is answered in
FIELDS = {
    "single": "choice",
    "multi": "choice",
    "truefalse": "choice",
    "typed": "text",
    "number": "number",
    "order": "order",
    "poll": "choice",
    "wordcloud": "entries",
    "poker": "card",
    "buzzer": "buzz",
}
#: word-cloud entries the machine sends; "tea" is also the key the host hides
ENTRIES = [["Tea"], ["tea!", "TEA"], ["tea", "sun"], ["Sun"], ["x" * 31], [], ["a", "b", "c"], "tea"]
#: typed answers the machine sends to question 4, and whether each is right (None: refused)
TEXTS: dict[Any, bool | None] = {
    "Reykjavík": True,
    " reykjavik ": True,
    "REYKJAVK": True,
    "Reykjavik-City!": True,
    "Oslo": False,
    "Reyk": False,
    "   ": None,
    "x" * 101: None,
    7: None,
}
#: ordering answers: the right one (ant cat cow whale in shown indexes), near misses, junk
ORDER_RIGHT = [1, 3, 0, 2]
ORDERS = [ORDER_RIGHT, [3, 1, 0, 2], [2, 0, 3, 1], [2, 0, 1, 3], [0, 1, 2], [0, 0, 1, 2], [1, 3, 0, 9]]

NICKNAMES = ["Ada", "ada", " ADA ", "Bob", "Bo\u200bb", "Cy", "Dee", "Eve", "", "\u202e", "x" * 25]
ANSWER_IDS = [f"answer-id-{i:02d}" for i in range(5)]

#: time between two messages: often none, usually a few seconds
DELAYS = st.one_of(st.just(0), st.integers(0, 4_000))

#: which player, by join order; a number past the last player is nobody in the room
PLAYER_NUMBERS = st.integers(min_value=0, max_value=5)

#: right and wrong answers to the machine's questions (right: [1], [0, 2], [1], [1]),
#: arbitrary lists of option numbers, and malformed choices
CHOICES = st.one_of(
    st.sampled_from([[1], [0, 2], [2, 0], [0], [2], [0, 1], [0, 2, 3]]),
    st.lists(st.integers(-1, 5), max_size=4),
    st.sampled_from([None, "1", [True], []]),
)
#: any answer in any field: the right field for the open question or not
ANSWERS = st.one_of(
    st.tuples(st.just("choice"), CHOICES),
    st.tuples(st.just("text"), st.sampled_from(list(TEXTS))),
    st.tuples(st.just("number"), st.one_of(st.integers(190, 220), st.sampled_from([204.5, 208.0, True, "206"]))),
    st.tuples(st.just("order"), st.sampled_from(ORDERS)),
    st.tuples(st.just("entries"), st.sampled_from(ENTRIES)),
    st.tuples(st.just("card"), st.sampled_from(["5", "13", "?", "XL", 5, ""])),
    st.tuples(st.just("buzz"), st.sampled_from([True, True, False, 1])),
)


def pair_share(order: list[int], right: list[int]) -> Fraction:
    """The share of pairs of items ``order`` puts the same way round as ``right``."""
    pairs = [(a, b) for i, a in enumerate(right) for b in right[i + 1 :]]
    return Fraction(sum(1 for a, b in pairs if order.index(a) < order.index(b)), len(pairs))


#: what the host (and the shell's timer) can send; what moves a game on comes more often
HOST_CONTROLS: list[c.Command] = [
    c.ShowResults(True),
    c.ShowResults(False),
    c.Revote(),
    c.Judge(True),
    c.Judge(False),
    c.Judge(False),
    c.OpenQuestion(9),
    c.OpenQuestion(6),
    c.SetTeams(("Owls", "Foxes")),
    c.SetTeams(("Red", "Blue", "Green")),
    c.SetTeams(()),
    c.SetTeams(("Solo",)),
    c.BalanceTeams(),
    c.HideEntry("tea"),
    c.HideEntry("tea", hidden=False),
    c.HideEntry("nobody said this"),
    c.Start(),
    c.Next(),
    c.Next(),
    c.Next(),
    c.Next(),
    c.Reveal(),
    c.Reveal(),
    c.Pause(),
    c.Resume(),
    c.Skip(),
    c.Skip(),
    c.Extend(10),
    c.Extend(1),
    c.Extend(120),
    c.Extend(0),
    c.Extend(121),
    c.Lock(True),
    c.Lock(False),
    c.End(),
    c.Tick(),
    c.Recover(1_000),
    c.Recover(5_000),
]


def expected_points(base: int, elapsed: int, limit: int) -> int:
    """base * (1 - elapsed/limit/2), elapsed clamped to [0, limit], rounded half up."""
    clamped = min(max(elapsed, 0), limit)
    exact = base * (1 - Fraction(clamped, limit) / 2)
    return int((exact + Fraction(1, 2)).__floor__())


def standings_of(room: Room) -> list[tuple[int, str, int, int, int]]:
    return [(s.rank, s.player.id, s.player.score, s.player.streak, s.player.correct_count) for s in room.standings()]


class RoomMachine(RuleBasedStateMachine):
    room: Room

    @initialize(
        points=st.booleans(),
        late_join=st.booleans(),
        max_players=st.integers(min_value=1, max_value=6),
        time_limit=st.sampled_from([2, 10, 20]),
        first_players=st.integers(min_value=1, max_value=4),
        start=st.booleans(),
        first_question=st.integers(min_value=0, max_value=len(MACHINE_QUESTIONS) - 1),
    )
    def create_room(
        self,
        points: bool,
        late_join: bool,
        max_players: int,
        time_limit: int,
        first_players: int,
        start: bool,
        first_question: int,
    ) -> None:
        self.mono_ms = 0
        self.settings = Settings(time_limit=time_limit, points=points, late_join=late_join, max_players=max_players)
        created = Room.create(
            code="MACH",
            title="Machine",
            pack_id="test",
            # Games start at any of the questions, so a short run still meets every type.
            questions=MACHINE_QUESTIONS[first_question:] + MACHINE_QUESTIONS[:first_question],
            settings=self.settings,
            now=self.now,
        )
        self.room = Room.from_created(created)
        self.log: list[e.Event] = [created]
        self.joins = 0
        self.fresh_ids = 0
        #: model: how long the open question has run, paused time excluded
        self.active_ms = 0
        #: (question, player) pairs with a recorded answer
        self.recorded: set[tuple[int, str]] = set()
        self.progress = (self.room.index, PHASE_ORDER[self.room.phase])
        for name in ["Ann", "Ben", "Cat", "Dan"][:first_players]:
            self.join(name, delay=0)
        if start:
            self.run(c.Start())

    # ------------------------------------------------------------------ plumbing

    @property
    def now(self) -> Now:
        return Now(self.mono_ms, WALL0 + self.mono_ms)

    def player_id(self, number: int) -> str:
        ids = list(self.room.players)
        return ids[number] if number < len(ids) else "p99"

    def time_is_up(self) -> bool:
        room = self.room
        return room.phase is Phase.QUESTION and room.timed and not room.paused and self.active_ms >= room.total_ms

    def run(self, command: c.Command) -> list[e.Event] | RoomError:
        """Handle ``command``; apply and check its events if accepted."""
        room = self.room
        before = repr(room)
        try:
            events = room.handle(command, self.now)
        except RoomError as error:
            assert repr(room) == before, f"refused {command!r} changed the room"
            return error
        assert repr(room) == before, f"handling {command!r} changed the room"
        for event in events:
            self.check_and_apply(command, event)
        return events

    def check_and_apply(self, command: c.Command, event: e.Event) -> None:
        room = self.room
        old_scores = {p.id: p.score for p in room.players.values()}
        old_streaks = {p.id: p.streak for p in room.players.values()}
        was = (room.index, room.phase)

        if isinstance(event, e.AnswerRecorded):
            self.check_answer(command, event)
        elif isinstance(event, e.QuestionClosed):
            self.check_close(command, event)
        elif isinstance(event, e.QuestionPaused):
            assert isinstance(command, c.Pause | c.Recover)
            if isinstance(command, c.Pause):
                assert event.remaining_ms == room.total_ms - self.active_ms > 0

        room.apply(event)
        self.log.append(event)

        if isinstance(event, e.QuestionOpened):
            self.active_ms = 0
        elif isinstance(event, e.QuestionPaused) and isinstance(command, c.Recover):
            self.active_ms = room.total_ms - event.remaining_ms

        # Phases only move forward; pause and resume stay where they are.
        progress = (room.index, PHASE_ORDER[room.phase])
        assert progress >= self.progress, f"{event!r} moved from {self.progress} to {progress}"
        if isinstance(event, e.QuestionPaused | e.QuestionResumed | e.TimeExtended):
            assert (room.index, room.phase) == was == (event.index, Phase.QUESTION)
        self.progress = progress

        # Scores never decrease, and only a closing question adds to them; except that the host's
        # judgment of a buzz adds or takes away the clue's value at once (docs/scoring.md).
        for player in room.players.values():
            gained = player.score - old_scores.get(player.id, 0)
            if isinstance(event, e.BuzzJudged):
                worth = int(room.questions[event.index].extra["value"])
                expected = (worth if event.right else -worth) if player.id == event.player_id else 0
                assert gained == expected == (event.points if player.id == event.player_id else 0)
                if player.id == event.player_id:
                    buzz = room.answers[(event.index, player.id)]
                    assert (buzz.points, buzz.correct) == (event.points, event.right), "the buzz keeps its judgment"
                continue
            assert gained >= 0, f"{player.nickname}'s score went down"
            if not isinstance(event, e.QuestionClosed):
                assert gained == 0, f"{event!r} changed a score"
            else:
                stored = room.answers.get((event.index, player.id))
                if room.questions[event.index].type == "buzzer":
                    assert gained == 0, "a buzz's points (kept on it) were given at its judgment, not at the close"
                elif player.kicked or stored is None or stored.points == 0:
                    assert gained == 0, "a wrong answer (or none) earned points"
                else:
                    assert gained == stored.points + stored.streak_bonus
                if not player.kicked and room.questions[event.index].type in UNSCORED | {"buzzer"}:
                    assert player.streak == old_streaks[player.id], "an activity with no right answer moved a streak"
                elif not player.kicked:
                    right = stored is not None and stored.correct
                    assert player.streak == (old_streaks[player.id] + 1 if right else 0)
        if isinstance(event, e.QuestionClosed) and FIELDS[room.questions[event.index].type] == "number":
            # The closest guesses (and any within the tolerance) are right once the question closes.
            counted = [a for a in room.current_answers() if not room.players[a.player_id].kicked]
            if counted:
                best = min(abs(Fraction(str(a.answer)) - 206) for a in counted)
                for stored in counted:
                    distance = abs(Fraction(str(stored.answer)) - 206)
                    assert stored.correct == (distance <= 2 or distance == best), stored
                    assert stored.points == (stored.speed if stored.correct else 0)
        if isinstance(event, e.QuestionSkipped | e.GameEnded):
            assert {p.id: p.streak for p in room.players.values()} == {
                pid: old_streaks.get(pid, 0) for pid in room.players
            }

    def check_answer(self, command: c.Command, event: e.AnswerRecorded) -> None:
        room = self.room
        assert isinstance(command, c.Answer)
        assert room.phase is Phase.QUESTION and event.index == room.index == command.index
        assert not room.players[event.player_id].kicked
        # At most one answer per player per question.
        key = (event.index, event.player_id)
        assert key not in self.recorded, f"a second answer was recorded for {key}"
        self.recorded.add(key)
        # Never after the deadline: the question has run for less than its total time.
        assert event.elapsed_ms == max(0, self.active_ms)
        if room.timed:
            assert self.active_ms < room.total_ms, "an answer after the deadline was recorded"
            assert event.elapsed_ms <= room.total_ms
        # Right and wrong are judged from the question itself, by this test's own reading of the rules.
        question = room.questions[event.index]
        field = FIELDS[room.questions[event.index].type]
        assert list(command.raw) == [field], "an answer in the wrong field was accepted"
        value = command.raw[field]
        if question.type == "buzzer":
            assert value is True and not event.correct and event.points == 0  # judged by the host later
            return
        if question.type in UNSCORED:
            assert not event.correct and event.points == 0 and event.speed == 0
            if field == "choice":
                assert event.answer == sorted(set(value)) and len(event.answer) == 1
            return
        share = Fraction(0)
        if field == "choice":
            assert event.answer == sorted(set(value))
            share = Fraction(sorted(set(value)) == sorted(question.correct))
        elif field == "text":
            assert TEXTS[value] is not None and event.answer == " ".join(value.split())
            share = Fraction(TEXTS[value] is True)
        elif field == "number":
            assert event.answer == value
            share = Fraction(abs(Fraction(str(value)) - 206) <= 2)
        else:
            assert event.answer == value
            share = pair_share(value, ORDER_RIGHT)
        assert event.correct == (share == 1)
        limit = question.limit_ms(self.settings)
        if not self.settings.points:
            full = 1
        elif limit == 0:
            full = self.settings.base_points  # no timer: no speed to reward
        else:
            full = expected_points(self.settings.base_points, event.elapsed_ms, limit)
        assert event.speed == full
        if share == 0:
            assert event.points == 0, "a wrong answer earned points"
        elif self.settings.points:
            assert event.points == int(full * share + Fraction(1, 2))
        else:
            assert event.points == (1 if share == 1 else 0)

    def check_close(self, command: c.Command, event: e.QuestionClosed) -> None:
        room = self.room
        assert room.phase is Phase.QUESTION and event.index == room.index
        if event.reason == "timeout":
            assert room.timed and self.active_ms >= room.total_ms and not room.paused
        elif event.reason == "host":
            # the host revealed it, or marked a buzz right
            assert isinstance(command, c.Reveal) or command == c.Judge(True)
        else:
            assert event.reason == "all_answered"
            assert isinstance(command, c.Answer | c.Kick)
            answered = {a.player_id for a in room.current_answers()}
            if isinstance(command, c.Answer):
                answered.add(command.player_id)
            kicked = {command.player_id} if isinstance(command, c.Kick) else set()
            assert all(p.id in answered for p in room.active_players() if p.id not in kicked)

    # --------------------------------------------------------------------- rules
    # Most rules first let a little time pass (``delay``), as between two real messages.

    @rule(ms=st.integers(0, 30_000))
    def wait(self, ms: int) -> None:
        self.advance_clock(ms)

    @rule(offset=st.sampled_from([-1, 0, 1]))
    def wait_until_the_deadline(self, offset: int) -> None:
        """Move the clock to just before, exactly at or just after the open question's deadline."""
        room = self.room
        if room.phase is Phase.QUESTION and not room.paused:
            self.advance_clock(max(0, room.total_ms - self.active_ms + offset))

    @rule(name=st.sampled_from(NICKNAMES), delay=DELAYS)
    def join(self, name: str, delay: int) -> None:
        self.advance_clock(delay)
        self.joins += 1
        self.run(c.Join(name, f"token-{self.joins:04d}-0123456789abcdef"))

    @rule(
        who=PLAYER_NUMBERS,
        offset=st.sampled_from([0, 0, 0, -1, 1]),
        given=ANSWERS,
        reused_id=st.one_of(st.none(), st.sampled_from(ANSWER_IDS)),
        delay=DELAYS,
    )
    def answer(self, who: int, offset: int, given: tuple[str, Any], reused_id: str | None, delay: int) -> None:
        """Anyone (or no one) answers any question with any answer in any field and any answer id."""
        self.advance_clock(delay)
        ids = list(self.room.players)
        player_id = ids[who] if who < len(ids) else "p99"
        self.send_answer(player_id, self.room.index + offset, {given[0]: given[1]}, reused_id)

    @rule(
        right=st.lists(st.booleans(), min_size=6, max_size=6),
        delays=st.lists(DELAYS, min_size=6, max_size=6),
    )
    def everyone_answers(self, right: list[bool], delays: list[int]) -> None:
        """Each player still to answer the open question answers, right or wrong, in turn."""
        room = self.room
        question = room.question
        if question is None:
            return
        waiting = [p.id for p in room.active_players() if (room.index, p.id) not in room.answers]
        field = FIELDS[question.type]
        for player_id, is_right, delay in zip(waiting, right, delays, strict=False):
            self.advance_clock(delay)
            if question.type == "poll":
                value: Any = [0] if is_right else [2]
            elif field == "choice":
                value = list(question.correct) if is_right else [len(question.options) - 1 - question.correct[0]]
            elif field == "text":
                value = " reykjavik " if is_right else "Oslo"
            elif field == "number":
                value = 207 if is_right else 150 + delay % 40
            elif field == "entries":
                value = ["tea"] if is_right else ["sun", "Tea"]
            elif field == "card":
                value = "5" if is_right else "13"
            elif field == "buzz":
                value = True
            else:
                value = ORDER_RIGHT if is_right else ORDERS[1 + delay % 3]
            self.send_answer(player_id, room.index, {field: value}, None)

    @rule(command=st.sampled_from(HOST_CONTROLS), delay=DELAYS)
    def host_control(self, command: c.Command, delay: int) -> None:
        self.advance_clock(delay)
        due = self.time_is_up()
        outcome = self.run(command)
        if isinstance(command, c.Tick):
            assert outcome == ([e.QuestionClosed(self.room.index, "timeout")] if due else [])

    @rule(
        change=st.sampled_from(["add", "add", "move", "remove"]),
        place=st.integers(-1, 12),
        other=st.integers(0, 12),
        delay=DELAYS,
    )
    def edit_show(self, change: str, place: int, other: int, delay: int) -> None:
        """The host changes the show: adds a poll or a word cloud, moves or removes a question."""
        self.advance_clock(delay)
        room = self.room
        before = [q.text for q in room.questions[: room.index + 1]]
        command: c.Command
        if change == "add":
            extra = MACHINE_QUESTIONS[7 + other % 2]
            command = c.AddQuestions((extra,), None if place < 0 else place)
        elif change == "move":
            command = c.MoveQuestion(max(place, 0), other)
        else:
            command = c.RemoveQuestion(max(place, 0))
        outcome = self.run(command)
        # Questions already asked never change place, whatever the host does.
        assert [q.text for q in room.questions[: room.index + 1]] == before
        if not isinstance(outcome, RoomError) and outcome:
            assert room.phase is not Phase.ENDED

    @rule(delay=DELAYS)
    def open_a_buzzer_clue(self, delay: int) -> None:
        """The host picks a buzzer clue not asked yet on the board, whenever one is left."""
        self.advance_clock(delay)
        room = self.room
        clues = [i for i, q in enumerate(room.questions) if q.type == "buzzer" and i > room.index]
        if clues:
            self.run(c.OpenQuestion(clues[0]))

    @precondition(lambda self: self.room.question is not None and self.room.question.type == "buzzer")
    @rule(who=PLAYER_NUMBERS, delay=DELAYS)
    def buzz(self, who: int, delay: int) -> None:
        self.advance_clock(delay)
        self.send_answer(self.player_id(who), self.room.index, {"buzz": True}, None)

    @precondition(
        lambda self: (
            self.room.phase is Phase.QUESTION
            and self.room.question is not None
            and self.room.question.type == "buzzer"
            and bool(self.room.buzz_queue(self.room.index))
        )
    )
    @rule(right=st.booleans(), delay=DELAYS)
    def judge_the_buzz_that_is_up(self, right: bool, delay: int) -> None:
        """The host marks the first buzz in the queue right or wrong."""
        self.advance_clock(delay)
        up = self.room.buzz_queue(self.room.index)[0].player_id
        outcome = self.run(c.Judge(right))
        assert not isinstance(outcome, RoomError), outcome
        assert self.room.judgments[self.room.index][up] is right

    @rule(who=PLAYER_NUMBERS, team=st.one_of(st.none(), st.integers(-1, 3)), delay=DELAYS)
    def pick_team(self, who: int, team: int | None, delay: int) -> None:
        """Anyone (or no one) picks any team (or none)."""
        self.advance_clock(delay)
        self.run(c.ChooseTeam(self.player_id(who), team))

    @invariant()
    def teams_score_the_mean_of_their_members(self) -> None:
        room = self.room
        members: dict[int, list[int]] = {}
        for player in room.players.values():
            assert player.team is None or 0 <= player.team < len(room.teams), player
            if player.team is not None and not player.kicked:
                members.setdefault(player.team, []).append(player.score)
        table = room.team_standings()
        assert {t.team for t in table} == set(members)
        for standing in table:
            exact = Fraction(sum(members[standing.team]), len(members[standing.team]))
            assert standing.score == int(exact + Fraction(1, 2)) and standing.members == len(members[standing.team])
        assert [t.score for t in table] == sorted((t.score for t in table), reverse=True)

    @precondition(lambda self: len(self.room.active_players()) >= 2)
    @rule(who=PLAYER_NUMBERS)
    def kick(self, who: int) -> None:
        """Kick someone still playing (kicking twice or nobody is refused: see test_room)."""
        active = self.room.active_players()
        self.run(c.Kick(active[who].id if who < len(active) else "p99"))

    def send_answer(self, player_id: str, index: int, raw: dict[str, Any], reused_id: str | None) -> None:
        room = self.room
        if reused_id is None:
            self.fresh_ids += 1
            answer_id = f"fresh-answer-{self.fresh_ids:04d}"
        else:
            answer_id = reused_id
        late = self.time_is_up() and index == room.index
        outcome = self.run(c.Answer(player_id, index, answer_id, raw))
        if late and not isinstance(outcome, RoomError):
            raise AssertionError("an answer after the deadline was accepted")
        player = room.players.get(player_id)
        retried = any(a.answer_id == answer_id and a.player_id == player_id for a in room.answers.values())
        first_try = (index, player_id) not in room.answers and not retried
        if late and player and not player.kicked and first_try:
            assert isinstance(outcome, LateAnswer), outcome

    def advance_clock(self, ms: int) -> None:
        if self.room.phase is Phase.QUESTION and not self.room.paused:
            self.active_ms += ms
        self.mono_ms += ms

    # ---------------------------------------------------------------- invariants

    @invariant()
    def room_stays_consistent(self) -> None:
        room = self.room
        # Nicknames of the players in the room are unique, ignoring case.
        names = [nickname.key(p.nickname) for p in room.active_players()]
        assert len(names) == len(set(names)), names
        # The room never holds more players than its limit.
        assert len(names) <= self.settings.max_players
        # At most one answer per player per question; none counted on a skipped one.
        for index, answers in room.by_question.items():
            players = [a.player_id for a in answers]
            assert len(players) == len(set(players)), f"question {index}: {players}"
            if index in room.skipped:
                assert not any(a.counted for a in answers)
        if room.phase is Phase.QUESTION:
            # The open question's clock is the model's: paused time excluded, extensions added.
            assert room.remaining(self.now) == max(0, room.total_ms - self.active_ms)
            # A question stays open only while someone in the room has yet to answer it.
            active = room.active_players()
            answered = {a.player_id for a in room.current_answers()}
            judged = room.question is not None and room.question.type == "buzzer"
            assert not active or judged or any(p.id not in answered for p in active)

    @invariant()
    def hidden_entries_reach_no_page_but_the_hosts(self) -> None:
        room = self.room
        hidden = room.hidden.get(room.index, set())
        if not hidden or room.phase not in (Phase.QUESTION, Phase.REVEAL):
            return
        for view in (views.screen_view(room, self.now), views.player_shared(room, self.now)):
            shown = view.get("reveal", view["question"].get("live", {})).get("words", [])
            assert not [w for w in shown if w["key"] in hidden], view

    @invariant()
    def poker_cards_stay_face_down_until_the_reveal(self) -> None:
        room = self.room
        if room.phase is not Phase.QUESTION or room.question is None or room.question.type != "poker":
            return
        for view in (
            views.screen_view(room, self.now),
            views.player_shared(room, self.now),
            views.host_view(room, self.now),
        ):
            question = view["question"]
            assert "votes" not in question and set(question.get("live", {})) <= {"votes", "voters", "hidden"}, question
            assert isinstance(question.get("live", {}).get("votes", 0), int)

    def teardown(self) -> None:
        # Replaying every accepted event from scratch gives the same room.
        if not hasattr(self, "room"):
            return
        rebuilt = Room.replay(self.log)
        assert standings_of(rebuilt) == standings_of(self.room)
        assert views.host_view(rebuilt, self.now) == views.host_view(self.room, self.now)


RoomMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_room_machine = RoomMachine.TestCase
