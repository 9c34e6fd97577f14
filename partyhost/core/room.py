"""A room: one game's state machine.

``Room.handle(command, now)`` decides what a command means and returns the
events it causes, or raises a :mod:`~partyhost.core.errors` error; it never
changes the room. ``Room.apply(event)`` folds one event into the state. The
shell stores the events first and applies them after, so the log is the truth
and a room is rebuilt by replaying it (:meth:`Room.replay`).

Phases only move forward, question by question::

    lobby → question → reveal → leaderboard → question … → ended
                    ↘ (skip) leaderboard         any phase ↗ (end)

Pause and resume stop and restart the timer of an open question without
leaving the ``question`` phase.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import nickname, wordfilter
from partyhost.core import teams as team_rules
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
    NicknameTaken,
    NoPlayers,
    RoomFull,
    RoomLocked,
    UnknownPlayer,
    UnknownTeam,
)
from partyhost.core.modes import mode_for
from partyhost.core.modes.base import Run
from partyhost.core.questions import Question, Settings
from partyhost.core.scoring import credited_points, speed_points, streak_bonus


class Phase(enum.Enum):
    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    LEADERBOARD = "leaderboard"
    ENDED = "ended"


PHASE_ORDER = {phase: i for i, phase in enumerate(Phase)}

#: a show holds at most this many questions (as many as a pack)
MAX_QUESTIONS = 500


def _stored_form(value: Any) -> Any:
    """An answer as the log stores it (JSON: lists, not tuples)."""
    return list(value) if isinstance(value, tuple) else value


def hash_token(token: str) -> str:
    """The form a seat token is kept in: the log never holds a usable token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Player:
    id: str
    nickname: str
    token_hash: str
    joined_at: int
    order: int
    score: int = 0
    streak: int = 0
    correct_count: int = 0
    kicked: bool = False
    #: the result of the last closed question: correct, points, streak bonus
    result: dict[str, Any] | None = None
    #: the player's team (an index into ``Room.teams``), if any
    team: int | None = None


@dataclass(slots=True)
class StoredAnswer:
    player_id: str
    index: int
    answer_id: str
    answer: Any
    correct: bool
    points: int
    elapsed_ms: int
    answered_at: int
    streak_bonus: int = 0
    #: False when the question was skipped or the game ended while it was open
    counted: bool = True
    #: the points a fully right answer would have earned at that moment
    speed: int = 0
    #: a stepped mode's run: ``answer`` is the tuple of its steps, these their times
    times: tuple[int, ...] = ()
    #: the player has finished the question (always, but in a stepped mode's unfinished run)
    done: bool = True
    #: the screen's race row of this run and its sort key, with the (steps, closed) they are for:
    #: a race of thousands is rebuilt for every broadcast, and a run changes only with a step
    race: tuple[tuple[int, bool], tuple[Any, ...], dict[str, Any]] | None = None
    #: the phone's view of this run (``Mode.progress``), with the (steps, closed) it is for
    progress: tuple[tuple[int, bool], dict[str, Any]] | None = None

    def run(self, limit_ms: int, settings: Settings, score: int) -> Run:
        """A stepped mode's answers as the mode scores them."""
        return Run(tuple(self.answer), self.times, limit_ms, settings.base_points, settings.points, score)


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    player: Player


@dataclass(slots=True)
class Room:
    code: str
    title: str
    pack_id: str
    questions: list[Question]
    settings: Settings
    created_at: int
    phase: Phase = Phase.LOBBY
    index: int = -1
    locked: bool = False
    paused: bool = False
    deadline_ms: int = 0
    remaining_ms: int = 0
    limit_ms: int = 0
    total_ms: int = 0
    ended_at: int | None = None
    close_reason: str | None = None
    players: dict[str, Player] = field(default_factory=dict)
    answers: dict[tuple[int, str], StoredAnswer] = field(default_factory=dict)
    #: answers per question index, in the order they were stored
    by_question: dict[int, list[StoredAnswer]] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    #: word-cloud groups the host hid, per question index
    hidden: dict[int, set[str]] = field(default_factory=dict)
    #: the host's choice of showing results on the phones, per question index (else the question's own)
    results_shown: dict[int, bool] = field(default_factory=dict)
    #: the names of the teams the room plays in (none: no teams)
    teams: list[str] = field(default_factory=list)
    #: buzzes the host judged, per question index: player id -> right
    judgments: dict[int, dict[str, bool]] = field(default_factory=dict)
    #: the player in control of the buzzer board (the last judged right): a Daily Double is theirs
    control: str | None = None
    version: int = 0
    _names: dict[str, str] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)
    #: players still in the room, and the ids of those the host removed (kept as counts,
    #: because every join and every answer asks and a room may hold thousands of players)
    active_count: int = 0
    _kicked: set[str] = field(default_factory=set)
    _answer_ids: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: which step of its run each answer id of a stepped question was
    _answer_steps: dict[str, int] = field(default_factory=dict)
    #: per question index, how many stored answers are done (see ``StoredAnswer.done``)
    _done: dict[int, int] = field(default_factory=dict)
    _standings: tuple[int, list[Standing]] | None = None
    _ranks: tuple[int, dict[str, int]] | None = None

    # ----------------------------------------------------------------- creation

    @staticmethod
    def create(
        *,
        code: str,
        title: str,
        pack_id: str,
        questions: Sequence[dict[str, Any]],
        settings: Settings,
        now: Now,
    ) -> e.RoomCreated:
        """The event that makes a room; ``questions`` are validated pack dicts."""
        if not questions:
            raise BadCommand("A room needs at least one question.")
        return e.RoomCreated(
            code=code,
            title=title,
            pack_id=pack_id,
            questions=[dict(q) for q in questions],
            settings=settings.to_dict(),
            created_at=now.wall_ms,
        )

    @classmethod
    def from_created(cls, event: e.RoomCreated) -> Room:
        return cls(
            code=event.code,
            title=event.title,
            pack_id=event.pack_id,
            questions=[Question.from_dict(q) for q in event.questions],
            settings=Settings.from_dict(event.settings),
            created_at=event.created_at,
        )

    @classmethod
    def replay(cls, events: Iterable[e.Event]) -> Room:
        """Rebuild a room from its log; the first event must be ``RoomCreated``."""
        iterator = iter(events)
        first = next(iterator)
        if not isinstance(first, e.RoomCreated):
            raise ValueError("a room's log starts with room_created")
        room = cls.from_created(first)
        for event in iterator:
            room.apply(event)
        return room

    # ------------------------------------------------------------------ queries

    @property
    def question(self) -> Question | None:
        if 0 <= self.index < len(self.questions):
            return self.questions[self.index]
        return None

    def active_players(self) -> list[Player]:
        return [p for p in self.players.values() if not p.kicked]

    def active_answered(self) -> int:
        """How many players still in the room have answered the open question (finished, if stepped)."""
        kicked = sum(
            1
            for player_id in self._kicked
            if (stored := self.answers.get((self.index, player_id))) is not None and stored.done
        )
        return self._done.get(self.index, 0) - kicked

    def run_of(self, stored: StoredAnswer) -> Run:
        """A stored answer of a stepped mode as its run.

        Its limit is the question's own (``limit_ms``), not the time the host added: speed
        points are measured against it, as in the quiz, so extra time never re-scores a step.
        """
        return stored.run(self.limit_ms, self.settings, self._score_before(stored.player_id, stored.index))

    def run_of_nothing(self, player_id: str) -> Run:
        """The run of a player who has not answered the open stepped question yet."""
        score = self._score_before(player_id, self.index)
        return Run((), (), self.limit_ms, self.settings.base_points, self.settings.points, score)

    def _score_before(self, player_id: str, index: int) -> int:
        """A player's score before question ``index`` added its points (a wager's bound)."""
        player = self.players[player_id]
        stored = self.answers.get((index, player_id))
        if index == self.index and self.phase is not Phase.QUESTION and stored is not None and stored.counted:
            return player.score - stored.points - stored.streak_bonus
        return player.score

    def seat(self, token: str) -> Player:
        """The player a seat token belongs to."""
        player_id = self._tokens.get(hash_token(token))
        if player_id is None:
            raise BadToken("That seat is not in this room. Join with a nickname.")
        player = self.players[player_id]
        if player.kicked:
            raise Kicked("The host removed you from this game.")
        return player

    @property
    def timed(self) -> bool:
        """Whether the open (or last) question runs on a timer; one without stays open until closed."""
        return self.limit_ms > 0

    def remaining(self, now: Now) -> int:
        """Milliseconds left on the open question's timer (0 when it has none)."""
        if self.phase is not Phase.QUESTION or not self.timed:
            return 0
        if self.paused:
            return self.remaining_ms
        return max(0, self.deadline_ms - now.mono_ms)

    def current_answers(self) -> list[StoredAnswer]:
        return self.by_question.get(self.index, [])

    def counted_answers(self, index: int) -> list[StoredAnswer]:
        """Answers to question ``index`` of players still in the room, in the order they came."""
        return [a for a in self.by_question.get(index, []) if not self.players[a.player_id].kicked]

    def buzz_queue(self, index: int) -> list[StoredAnswer]:
        """Buzzes to question ``index`` not judged yet, in the order they reached the host."""
        judged = self.judgments.get(index, {})
        return [a for a in self.counted_answers(index) if a.player_id not in judged]

    def results_visible(self, index: int) -> bool:
        """Whether phones see the results of question ``index`` (a poll's bars) once it closes."""
        if index in self.results_shown:
            return self.results_shown[index]
        return bool(self.questions[index].extra.get("show_results", True))

    def standings(self) -> list[Standing]:
        """Active players by score, best first; equal scores share a rank."""
        if self._standings is not None and self._standings[0] == self.version:
            return self._standings[1]
        ordered = sorted(self.active_players(), key=lambda p: (-p.score, p.order))
        result: list[Standing] = []
        rank = 0
        previous: int | None = None
        for position, player in enumerate(ordered, start=1):
            if player.score != previous:
                rank = position
                previous = player.score
            result.append(Standing(rank, player))
        self._standings = (self.version, result)
        return result

    def team_standings(self) -> list[team_rules.TeamStanding]:
        """Teams ranked by the mean score of their members still in the room."""
        return team_rules.standings(self.teams, self.active_players()) if self.teams else []

    def rank_of(self, player_id: str) -> int | None:
        """A player's rank (``None`` once kicked); cached until the next event."""
        if self._ranks is None or self._ranks[0] != self.version:
            self._ranks = (self.version, {s.player.id: s.rank for s in self.standings()})
        return self._ranks[1].get(player_id)

    # ----------------------------------------------------------------- decisions

    def handle(self, command: c.Command, now: Now) -> list[e.Event]:
        """The events ``command`` causes now; raises a ``RoomError`` if refused."""
        handler = _HANDLERS.get(type(command))
        if handler is None:
            raise BadCommand(f"Unknown command {type(command).__name__}.")
        events: list[e.Event] = handler(self, command, now)
        return events

    def _join(self, cmd: c.Join, now: Now) -> list[e.Event]:
        if self.phase is Phase.ENDED:
            raise GameOver("This game has ended.")
        if self.locked:
            raise RoomLocked("The host has locked this room.")
        if self.phase is not Phase.LOBBY and not self.settings.late_join:
            raise RoomLocked("The game has started and this room takes no late players.")
        if self.active_count >= self.settings.max_players:
            raise RoomFull("This room is full.")
        name = self._free_name(cmd.nickname)
        player_id = f"p{len(self.players) + 1}"
        return [e.PlayerJoined(player_id, name, hash_token(cmd.token), now.wall_ms)]

    def _free_name(self, raw: str, player_id: str | None = None) -> str:
        name = nickname.validate(raw, family_friendly=self.settings.family_friendly)
        holder = self._names.get(nickname.key(name))
        if holder is not None and holder != player_id:
            raise NicknameTaken(f"Someone in this room is already called {name}.")
        return name

    def _rename(self, cmd: c.Rename, now: Now) -> list[e.Event]:
        player = self.players.get(cmd.player_id)
        if player is None or player.kicked:
            raise UnknownPlayer("There is no such player in this room.")
        name = self._free_name(cmd.nickname, player.id)
        if name == player.nickname:
            return []
        return [e.PlayerRenamed(player.id, name)]

    def _answer(self, cmd: c.Answer, now: Now) -> list[e.Event]:
        player = self.players.get(cmd.player_id)
        if player is None:
            raise UnknownPlayer("You are not in this room.")
        if player.kicked:
            raise Kicked("The host removed you from this game.")
        seen = self._answer_ids.get(cmd.answer_id)
        if seen is not None and seen[1] == cmd.player_id:
            stored = self.answers[seen]
            step = self._answer_steps.get(cmd.answer_id)
            if step is not None:  # one step of a run: that step, not the whole run
                raise DuplicateAnswer("Already stored.", stored.answer[step], stored.index, stored.times[step])
            raise DuplicateAnswer("Already stored.", stored.answer, stored.index, stored.elapsed_ms)
        earlier = self.answers.get((cmd.index, cmd.player_id))
        if 0 <= cmd.index < len(self.questions) and mode_for(self.questions[cmd.index].type).stepped:
            return self._answer_step(cmd, earlier, now)
        if cmd.step != 0:
            raise BadAnswer("This question takes one answer: step 0.")
        if earlier is not None:
            raise DuplicateAnswer(
                "You already answered this question.",
                earlier.answer,
                earlier.index,
                earlier.elapsed_ms,
            )
        self._check_open(cmd, now)
        question = self.questions[self.index]
        mode = mode_for(question.type)
        if mode.judged_by_host and question.extra.get("daily_double"):
            answer: Any = self._daily_double_wager(cmd, player)
        else:
            answer = mode.parse_answer(question, cmd.raw)
        if self.settings.family_friendly and any(wordfilter.is_offensive(t) for t in mode.shown_text(answer)):
            raise BadAnswer("That word is not allowed in this room. Try another.")
        credit = mode.credit(question, answer) if mode.scored else Fraction(0)
        correct = credit == 1
        # Without a timer ``deadline_ms`` is the moment the question opened.
        elapsed = self.total_ms - self.remaining(now) if self.timed else now.mono_ms - self.deadline_ms
        if not mode.scored:
            speed = 0
        elif self.settings.points:
            speed = speed_points(self.settings.base_points, elapsed, self.limit_ms)
        else:
            speed = 1
        # Partial credit earns its share of the speed points; with points off only a right answer scores.
        points = speed if correct else credited_points(speed, credit) if self.settings.points else 0
        recorded = e.AnswerRecorded(
            player_id=cmd.player_id,
            index=self.index,
            answer_id=cmd.answer_id,
            answer=list(answer) if isinstance(answer, tuple) else answer,
            correct=correct,
            points=points,
            elapsed_ms=max(0, elapsed),
            answered_at=now.wall_ms,
            speed=speed,
        )
        # This player had not answered (checked above), so with this answer all have when:
        if not mode.judged_by_host and self.active_answered() + 1 >= self.active_count:
            return [recorded, e.QuestionClosed(self.index, "all_answered")]
        return [recorded]

    def _check_open(self, cmd: c.Answer, now: Now) -> None:
        is_open = self.phase is Phase.QUESTION and cmd.index == self.index
        if not is_open:
            if 0 <= cmd.index <= self.index:
                raise LateAnswer("That question has closed.", cmd.index)
            raise InvalidPhase("That question is not open.")
        if self.timed and not self.paused and now.mono_ms >= self.deadline_ms:
            raise LateAnswer("Time was up.", cmd.index)

    def _answer_step(self, cmd: c.Answer, earlier: StoredAnswer | None, now: Now) -> list[e.Event]:
        """The next step of a player's run in a stepped mode (a guess, a lightning item)."""
        given = len(earlier.answer) if earlier is not None else 0
        if earlier is not None and cmd.step < given:
            step = earlier.answer[cmd.step]
            raise DuplicateAnswer("You already gave that step.", step, cmd.index, earlier.times[cmd.step])
        self._check_open(cmd, now)
        if self.paused:
            # A round is played against its clock: while it is stopped nobody gets free time.
            raise InvalidPhase("The host has paused the game: wait for it to go on.")
        if earlier is not None and earlier.done:
            raise InvalidPhase("You have finished this one: wait for the others.")
        if cmd.step != given:
            raise BadAnswer(f"Give step {given} first (steps are counted from 0).")
        run = self.run_of(earlier) if earlier is not None else self.run_of_nothing(cmd.player_id)
        question = self.questions[self.index]
        mode = mode_for(question.type)
        step = _stored_form(mode.parse_step(question, run, cmd.raw))
        if self.settings.family_friendly and any(wordfilter.is_offensive(t) for t in mode.shown_text(step)):
            raise BadAnswer("That word is not allowed in this room. Try another.")
        elapsed = max(0, self.total_ms - self.remaining(now) if self.timed else now.mono_ms - self.deadline_ms)
        score = mode.score_run(question, run.then(step, elapsed))
        recorded = e.AnswerRecorded(
            player_id=cmd.player_id,
            index=self.index,
            answer_id=cmd.answer_id,
            answer=step,
            correct=score.credit == 1,
            points=score.points,
            elapsed_ms=elapsed,
            answered_at=now.wall_ms,
            speed=score.points,
            step=cmd.step,
            done=score.done,
        )
        if score.done and self.active_answered() + 1 >= self.active_count:
            return [recorded, e.QuestionClosed(self.index, "all_answered")]
        return [recorded]

    def _open(self, index: int, now: Now) -> e.QuestionOpened:
        question = self.questions[index]
        limit = question.limit_ms(self.settings, timed_by_default=mode_for(question.type).timed_by_default)
        return e.QuestionOpened(index, limit, now.mono_ms + limit, now.wall_ms)

    def _start(self, cmd: c.Command, now: Now) -> list[e.Event]:
        self._expect(Phase.LOBBY, "The game has already started.")
        if not self.active_players():
            raise NoPlayers("Wait for at least one player to join.")
        return [self._open(0, now)]

    def _next(self, cmd: c.Next, now: Now) -> list[e.Event]:
        if self.phase is Phase.LOBBY:
            return self._start(cmd, now)
        if self.phase is Phase.REVEAL and self._scored():
            return [e.LeaderboardShown(self.index)]
        if self.phase in (Phase.LEADERBOARD, Phase.REVEAL):
            # After a question with no right answer (a poll) the leaderboard has not changed.
            if self.index + 1 < len(self.questions):
                return [self._open(self.index + 1, now)]
            return [e.GameEnded(now.wall_ms)]
        if self.phase is Phase.QUESTION:
            raise InvalidPhase("Close the question first: reveal it or skip it.")
        raise InvalidPhase("The game has ended.")

    def _reveal(self, cmd: c.Reveal, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "No question is open.")
        return [e.QuestionClosed(self.index, "host")]

    def _scored(self) -> bool:
        question = self.question
        return question is not None and mode_for(question.type).scored

    def _pause(self, cmd: c.Pause, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "Only an open question can be paused.")
        if not self.timed:
            return []  # no timer to stop; it takes answers until the host closes it
        if self.paused:
            raise InvalidPhase("The question is already paused.")
        remaining = self.remaining(now)
        if remaining <= 0:
            return [e.QuestionClosed(self.index, "timeout")]
        return [e.QuestionPaused(self.index, remaining)]

    def _resume(self, cmd: c.Resume, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "No question is open.")
        if not self.paused:
            raise InvalidPhase("The question is not paused.")
        return [e.QuestionResumed(self.index, now.mono_ms + self.remaining_ms)]

    def _skip(self, cmd: c.Skip, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "No question is open.")
        return [e.QuestionSkipped(self.index)]

    def _extend(self, cmd: c.Extend, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "No question is open.")
        if not 1 <= cmd.seconds <= 120:
            raise BadCommand("Add between 1 and 120 seconds.")
        if not self.timed:
            raise InvalidPhase("This question has no timer.")
        if not self.paused and self.remaining(now) <= 0:
            return [e.QuestionClosed(self.index, "timeout")]
        return [e.TimeExtended(self.index, cmd.seconds * 1000)]

    def _kick(self, cmd: c.Kick, now: Now) -> list[e.Event]:
        player = self.players.get(cmd.player_id)
        if player is None or player.kicked:
            raise UnknownPlayer("There is no such player in this room.")
        events: list[e.Event] = [e.PlayerKicked(cmd.player_id)]
        if self.phase is Phase.QUESTION and not self._judged_by_host():
            answered = {a.player_id for a in self.current_answers() if a.done}
            rest = [p for p in self.active_players() if p.id != cmd.player_id]
            if rest and all(p.id in answered for p in rest):
                events.append(e.QuestionClosed(self.index, "all_answered"))
        return events

    def _lock(self, cmd: c.Lock, now: Now) -> list[e.Event]:
        if self.phase is Phase.ENDED:
            raise InvalidPhase("The game has ended.")
        if cmd.locked == self.locked:
            return []
        return [e.JoiningLocked(cmd.locked)]

    def _end(self, cmd: c.End, now: Now) -> list[e.Event]:
        if self.phase is Phase.ENDED:
            raise InvalidPhase("The game has already ended.")
        return [e.GameEnded(now.wall_ms)]

    # ----------------------------------------------------------- the show, live

    def _first_open_place(self) -> int:
        """The first place in the show that has not been asked: questions from here on can change."""
        if self.phase is Phase.ENDED:
            raise InvalidPhase("The game has ended.")
        return self.index + 1

    def _add_questions(self, cmd: c.AddQuestions, now: Now) -> list[e.Event]:
        first = self._first_open_place()
        if not cmd.questions:
            raise BadCommand("Add at least one question.")
        position = len(self.questions) if cmd.position is None else cmd.position
        if not first <= position <= len(self.questions):
            raise BadCommand(f"New questions go between place {first} and {len(self.questions)} (counted from 0).")
        if len(self.questions) + len(cmd.questions) > MAX_QUESTIONS:
            raise BadCommand(f"A show holds at most {MAX_QUESTIONS} questions.")
        for data in cmd.questions:
            try:
                mode_for(Question.from_dict(data).type)
            except (KeyError, TypeError, ValueError):
                raise BadCommand("That is not a question partyhost can play.") from None
        return [e.QuestionsAdded(position, [dict(q) for q in cmd.questions])]

    def _upcoming(self, index: int, what: str) -> None:
        first = self._first_open_place()
        if not first <= index < len(self.questions):
            raise BadCommand(
                f"Only questions not asked yet can be {what}: places {first} to {len(self.questions) - 1}."
            )

    def _move_question(self, cmd: c.MoveQuestion, now: Now) -> list[e.Event]:
        self._upcoming(cmd.index, "moved")
        self._upcoming(cmd.to, "moved")
        return [] if cmd.index == cmd.to else [e.QuestionMoved(cmd.index, cmd.to)]

    def _remove_question(self, cmd: c.RemoveQuestion, now: Now) -> list[e.Event]:
        self._upcoming(cmd.index, "removed")
        return [e.QuestionRemoved(cmd.index)]

    # ---------------------------------------------------------------------- teams

    def _set_teams(self, cmd: c.SetTeams, now: Now) -> list[e.Event]:
        if self.phase is Phase.ENDED:
            raise InvalidPhase("The game has ended.")
        names = [" ".join(n.split()) for n in cmd.names]
        if names and not team_rules.MIN_TEAMS <= len(names) <= team_rules.MAX_TEAMS:
            raise BadCommand(f"Play with {team_rules.MIN_TEAMS} to {team_rules.MAX_TEAMS} teams, or none.")
        if any(not 1 <= len(n) <= team_rules.MAX_NAME for n in names):
            raise BadCommand(f"A team's name is 1 to {team_rules.MAX_NAME} characters.")
        if len({n.casefold() for n in names}) != len(names):
            raise BadCommand("Two teams have the same name.")
        if self.settings.family_friendly and any(wordfilter.is_offensive(n) for n in names):
            raise BadCommand("That team name is not allowed in this room.")
        return [] if names == self.teams else [e.TeamsSet(names)]

    def _choose_team(self, cmd: c.ChooseTeam, now: Now) -> list[e.Event]:
        player = self.players.get(cmd.player_id)
        if player is None or player.kicked:
            raise UnknownPlayer("There is no such player in this room.")
        if self.phase is Phase.ENDED:
            raise GameOver("This game has ended.")
        if not self.teams:
            raise UnknownTeam("This room plays without teams.")
        if cmd.team is not None and not 0 <= cmd.team < len(self.teams):
            raise UnknownTeam(f"There is no team {cmd.team} in this room (teams are 0 to {len(self.teams) - 1}).")
        return [] if player.team == cmd.team else [e.TeamChosen(player.id, cmd.team)]

    def _balance_teams(self, cmd: c.BalanceTeams, now: Now) -> list[e.Event]:
        if self.phase is Phase.ENDED:
            raise InvalidPhase("The game has ended.")
        if not self.teams:
            raise UnknownTeam("This room plays without teams.")
        dealt = team_rules.balance(self.active_players(), len(self.teams))
        if all(self.players[pid].team == team for pid, team in dealt.items()):
            return []
        return [e.TeamsBalanced(dealt)]

    # -------------------------------------------------------------------- buzzers

    def _judged_by_host(self) -> bool:
        question = self.question
        return question is not None and mode_for(question.type).judged_by_host

    def top_value(self) -> int:
        """The highest value on the buzzer board: a Daily Double's wager may go up to it."""
        return max(
            (int(q.extra.get("value", 100)) for q in self.questions if mode_for(q.type).judged_by_host), default=0
        )

    def _daily_double_wager(self, cmd: c.Answer, player: Player) -> int:
        """A Daily Double is answered by one player: the one in control of the board, or, while
        nobody is, the first to claim it. They wager instead of buzzing."""
        control = self.players.get(self.control) if self.control is not None else None
        if control is not None and not control.kicked and control.id != player.id:
            raise BadAnswer(f"This Daily Double is {control.nickname}'s to answer.")
        if self.counted_answers(self.index):
            raise BadAnswer("Someone is already answering this Daily Double.")
        wager = cmd.raw.get("wager")
        top = max(player.score, self.top_value())
        if not isinstance(wager, int) or isinstance(wager, bool) or not 0 <= wager <= top:
            raise BadAnswer(f"A Daily Double takes a wager from 0 to {top}.")
        return wager

    def _judge(self, cmd: c.Judge, now: Now) -> list[e.Event]:
        self._expect(Phase.QUESTION, "No question is open.")
        if not self._judged_by_host():
            raise InvalidPhase("Only buzzer questions are judged by the host.")
        queue = self.buzz_queue(self.index)
        if not queue:
            raise InvalidPhase("Nobody is up: wait for a buzz.")
        question = self.questions[self.index]
        up = queue[0]
        daily_double = bool(question.extra.get("daily_double"))
        worth = int(up.answer) if daily_double else int(question.extra.get("value", 100))
        judged: list[e.Event] = [e.BuzzJudged(self.index, up.player_id, cmd.right, worth if cmd.right else -worth)]
        if cmd.right or daily_double:  # a Daily Double is one player's alone: judged once, it closes
            judged.append(e.QuestionClosed(self.index, "host"))
        return judged

    def _open_question(self, cmd: c.OpenQuestion, now: Now) -> list[e.Event]:
        if self.phase is Phase.QUESTION:
            raise InvalidPhase("Close the question first: reveal it or skip it.")
        self._upcoming(cmd.index, "opened out of turn")
        if self.phase is Phase.LOBBY and not self.active_players():
            raise NoPlayers("Wait for at least one player to join.")
        place = self.index + 1
        moved: list[e.Event] = [] if cmd.index == place else [e.QuestionMoved(cmd.index, place)]
        question = self.questions[cmd.index]
        limit = question.limit_ms(self.settings, timed_by_default=mode_for(question.type).timed_by_default)
        return [*moved, e.QuestionOpened(place, limit, now.mono_ms + limit, now.wall_ms)]

    def _revote(self, cmd: c.Revote, now: Now) -> list[e.Event]:
        self._expect(Phase.REVEAL, "Only a revealed question can be voted on again.")
        question = self._results_question()
        if len(self.questions) >= MAX_QUESTIONS:
            raise BadCommand(f"A show holds at most {MAX_QUESTIONS} questions.")
        limit = question.limit_ms(self.settings, timed_by_default=mode_for(question.type).timed_by_default)
        again = self.index + 1
        return [
            e.QuestionsAdded(again, [question.to_dict()]),
            e.QuestionOpened(again, limit, now.mono_ms + limit, now.wall_ms),
        ]

    def _hide_entry(self, cmd: c.HideEntry, now: Now) -> list[e.Event]:
        question = self._results_question()
        mode = mode_for(question.type)
        if cmd.key not in mode.entry_keys(question, [a.answer for a in self.current_answers()]):
            raise BadCommand("There is no such entry in this question.")
        if (cmd.key in self.hidden.get(self.index, set())) == cmd.hidden:
            return []
        return [e.EntryHidden(self.index, cmd.key, cmd.hidden)]

    def _show_results(self, cmd: c.ShowResults, now: Now) -> list[e.Event]:
        self._results_question()
        if self.results_visible(self.index) == cmd.shown:
            return []
        return [e.ResultsShown(self.index, cmd.shown)]

    def _results_question(self) -> Question:
        """The open or just revealed question, which must be one that shows results (a poll)."""
        question = self.question
        if question is None or self.phase not in (Phase.QUESTION, Phase.REVEAL):
            raise InvalidPhase("No question is open or on show.")
        if mode_for(question.type).scored:
            raise InvalidPhase("This question has no results to show or hide: it is scored.")
        return question

    def _tick(self, cmd: c.Tick, now: Now) -> list[e.Event]:
        if self.phase is Phase.QUESTION and self.timed and not self.paused and now.mono_ms >= self.deadline_ms:
            return [e.QuestionClosed(self.index, "timeout")]
        return []

    def _recover(self, cmd: c.Recover, now: Now) -> list[e.Event]:
        if self.phase is not Phase.QUESTION or self.paused or not self.timed:
            return []
        left = self.deadline_ms - now.mono_ms
        remaining = min(max(left, cmd.min_ms), max(self.total_ms, cmd.min_ms))
        if remaining <= 0:
            # No grace and the time is up: a paused question would take answers
            # whatever its clock said, so close it as the timer would have.
            return [e.QuestionClosed(self.index, "timeout")]
        return [e.QuestionPaused(self.index, remaining)]

    def _expect(self, phase: Phase, message: str) -> None:
        if self.phase is not phase:
            raise InvalidPhase(message)

    # ------------------------------------------------------------------- folding

    def apply(self, event: e.Event) -> None:
        """Fold one stored event into the state."""
        folder = _FOLDERS[type(event)]
        folder(self, event)
        self.version += 1

    def _on_joined(self, ev: e.PlayerJoined) -> None:
        player = Player(ev.player_id, ev.nickname, ev.token_hash, ev.at, len(self.players))
        self.players[ev.player_id] = player
        self._names[nickname.key(ev.nickname)] = ev.player_id
        self._tokens[ev.token_hash] = ev.player_id
        self.active_count += 1

    def _on_kicked(self, ev: e.PlayerKicked) -> None:
        player = self.players[ev.player_id]
        player.kicked = True
        self.active_count -= 1
        self._kicked.add(ev.player_id)
        # The name is free again; the seat is gone for good.
        self._names.pop(nickname.key(player.nickname), None)

    def _on_renamed(self, ev: e.PlayerRenamed) -> None:
        player = self.players[ev.player_id]
        self._names.pop(nickname.key(player.nickname), None)
        player.nickname = ev.nickname
        self._names[nickname.key(ev.nickname)] = ev.player_id

    def _on_locked(self, ev: e.JoiningLocked) -> None:
        self.locked = ev.locked

    def _on_opened(self, ev: e.QuestionOpened) -> None:
        self.phase = Phase.QUESTION
        self.index = ev.index
        self.paused = False
        self.deadline_ms = ev.deadline_ms
        self.limit_ms = ev.limit_ms
        self.total_ms = ev.limit_ms
        self.remaining_ms = ev.limit_ms
        self.close_reason = None
        for player in self.players.values():
            player.result = None

    def _on_answer(self, ev: e.AnswerRecorded) -> None:
        if mode_for(self.questions[ev.index].type).stepped:
            self._on_step(ev)
            return
        self._done[ev.index] = self._done.get(ev.index, 0) + 1
        stored = StoredAnswer(
            ev.player_id,
            ev.index,
            ev.answer_id,
            tuple(ev.answer) if isinstance(ev.answer, list) else ev.answer,
            ev.correct,
            ev.points,
            ev.elapsed_ms,
            ev.answered_at,
            speed=ev.points if ev.speed is None else ev.speed,
        )
        self.answers[(ev.index, ev.player_id)] = stored
        self.by_question.setdefault(ev.index, []).append(stored)
        self._answer_ids[ev.answer_id] = (ev.index, ev.player_id)

    def _on_step(self, ev: e.AnswerRecorded) -> None:
        key = (ev.index, ev.player_id)
        stored = self.answers.get(key)
        if stored is None:
            stored = StoredAnswer(ev.player_id, ev.index, ev.answer_id, (), False, 0, 0, ev.answered_at, done=False)
            self.answers[key] = stored
            self.by_question.setdefault(ev.index, []).append(stored)
        stored.answer = (*stored.answer, ev.answer)
        stored.times = (*stored.times, ev.elapsed_ms)
        stored.correct = ev.correct
        stored.points = stored.speed = ev.points
        stored.elapsed_ms = ev.elapsed_ms
        stored.answered_at = ev.answered_at
        if ev.done and not stored.done:
            self._done[ev.index] = self._done.get(ev.index, 0) + 1
        stored.done = ev.done
        self._answer_ids[ev.answer_id] = key
        self._answer_steps[ev.answer_id] = ev.step

    def _on_paused(self, ev: e.QuestionPaused) -> None:
        self.paused = True
        self.remaining_ms = ev.remaining_ms

    def _on_resumed(self, ev: e.QuestionResumed) -> None:
        self.paused = False
        self.deadline_ms = ev.deadline_ms

    def _on_extended(self, ev: e.TimeExtended) -> None:
        self.total_ms += ev.added_ms
        if self.paused:
            self.remaining_ms += ev.added_ms
        else:
            self.deadline_ms += ev.added_ms

    def _on_closed(self, ev: e.QuestionClosed) -> None:
        self.phase = Phase.REVEAL
        self.paused = False
        self.close_reason = ev.reason
        question = self.questions[ev.index]
        mode = mode_for(question.type)
        if mode.judged_by_host:
            return  # points were given at each judgment; streaks stay as they were
        if not mode.scored:
            for player in self.active_players():
                player.result = None  # nothing to win: the phone shows the results instead
            return
        # Some answers are judged only now that all are in (the closest guess wins).
        counted = [a for a in self.current_answers() if not self.players[a.player_id].kicked]
        for position in mode.settle(question, [a.answer for a in counted]):
            winner = counted[position]
            if not winner.correct:
                winner.correct = True
                winner.points = winner.speed
        for player in self.active_players():
            stored = self.answers.get((ev.index, player.id))
            if stored is not None and stored.correct:
                player.streak += 1
                bonus = streak_bonus(player.streak) if self.settings.points and mode.streak_bonus else 0
                stored.streak_bonus = bonus
                player.score += stored.points + bonus
                player.correct_count += 1
                player.result = {
                    "question": ev.index,
                    "correct": True,
                    "points": stored.points,
                    "streak_bonus": bonus,
                }
            elif stored is not None and stored.points != 0:
                # Partial credit (an ordering nearly right): its points, but the streak ends.
                # Negative points are a lost wager (a final round).
                player.streak = 0
                player.score += stored.points
                player.result = {
                    "question": ev.index,
                    "correct": False,
                    **({"partial": True} if stored.points > 0 else {}),
                    "points": stored.points,
                    "streak_bonus": 0,
                }
            else:
                player.streak = 0
                player.result = (
                    None if stored is None else {"question": ev.index, "correct": False, "points": 0, "streak_bonus": 0}
                )

    def _discard_open_question(self) -> None:
        self.skipped.add(self.index)
        for stored in self.current_answers():
            stored.counted = False

    def _on_skipped(self, ev: e.QuestionSkipped) -> None:
        self._discard_open_question()
        self.phase = Phase.LEADERBOARD
        self.paused = False

    def _on_buzz_judged(self, ev: e.BuzzJudged) -> None:
        self.judgments.setdefault(ev.index, {})[ev.player_id] = ev.right
        if ev.right:
            self.control = ev.player_id  # the last to answer a clue right has the board
        # The buzz itself earned nothing when it came: the judgment is what it is worth.
        stored = self.answers[(ev.index, ev.player_id)]
        stored.correct = ev.right
        stored.points = ev.points
        player = self.players[ev.player_id]
        player.score += ev.points  # a wrong buzz takes points away: the one way a score goes down
        if ev.right:
            player.correct_count += 1
        player.result = {"question": ev.index, "correct": ev.right, "points": ev.points, "streak_bonus": 0}

    def _on_teams_set(self, ev: e.TeamsSet) -> None:
        self.teams = list(ev.names)
        for player in self.players.values():
            player.team = None

    def _on_team_chosen(self, ev: e.TeamChosen) -> None:
        self.players[ev.player_id].team = ev.team

    def _on_teams_balanced(self, ev: e.TeamsBalanced) -> None:
        for player_id, team in ev.teams.items():
            self.players[player_id].team = team

    def _on_questions_added(self, ev: e.QuestionsAdded) -> None:
        self.questions[ev.position : ev.position] = [Question.from_dict(q) for q in ev.questions]

    def _on_question_moved(self, ev: e.QuestionMoved) -> None:
        self.questions.insert(ev.to, self.questions.pop(ev.index))

    def _on_question_removed(self, ev: e.QuestionRemoved) -> None:
        del self.questions[ev.index]

    def _on_entry_hidden(self, ev: e.EntryHidden) -> None:
        keys = self.hidden.setdefault(ev.index, set())
        if ev.hidden:
            keys.add(ev.key)
        else:
            keys.discard(ev.key)

    def _on_results_shown(self, ev: e.ResultsShown) -> None:
        self.results_shown[ev.index] = ev.shown

    def _on_leaderboard(self, ev: e.LeaderboardShown) -> None:
        self.phase = Phase.LEADERBOARD

    def _on_ended(self, ev: e.GameEnded) -> None:
        if self.phase is Phase.QUESTION:
            self._discard_open_question()
        self.phase = Phase.ENDED
        self.paused = False
        self.ended_at = ev.at


_HANDLERS: dict[type[c.Command], Any] = {
    c.Join: Room._join,
    c.Answer: Room._answer,
    c.Start: Room._start,
    c.Next: Room._next,
    c.Reveal: Room._reveal,
    c.Pause: Room._pause,
    c.Resume: Room._resume,
    c.Skip: Room._skip,
    c.Extend: Room._extend,
    c.Kick: Room._kick,
    c.Rename: Room._rename,
    c.Lock: Room._lock,
    c.End: Room._end,
    c.AddQuestions: Room._add_questions,
    c.MoveQuestion: Room._move_question,
    c.RemoveQuestion: Room._remove_question,
    c.SetTeams: Room._set_teams,
    c.ChooseTeam: Room._choose_team,
    c.BalanceTeams: Room._balance_teams,
    c.Judge: Room._judge,
    c.OpenQuestion: Room._open_question,
    c.Revote: Room._revote,
    c.HideEntry: Room._hide_entry,
    c.ShowResults: Room._show_results,
    c.Tick: Room._tick,
    c.Recover: Room._recover,
}

_FOLDERS: dict[type[e.Event], Any] = {
    e.PlayerJoined: Room._on_joined,
    e.PlayerKicked: Room._on_kicked,
    e.PlayerRenamed: Room._on_renamed,
    e.JoiningLocked: Room._on_locked,
    e.QuestionOpened: Room._on_opened,
    e.AnswerRecorded: Room._on_answer,
    e.QuestionPaused: Room._on_paused,
    e.QuestionResumed: Room._on_resumed,
    e.TimeExtended: Room._on_extended,
    e.QuestionClosed: Room._on_closed,
    e.QuestionSkipped: Room._on_skipped,
    e.BuzzJudged: Room._on_buzz_judged,
    e.TeamsSet: Room._on_teams_set,
    e.TeamChosen: Room._on_team_chosen,
    e.TeamsBalanced: Room._on_teams_balanced,
    e.QuestionsAdded: Room._on_questions_added,
    e.QuestionMoved: Room._on_question_moved,
    e.QuestionRemoved: Room._on_question_removed,
    e.EntryHidden: Room._on_entry_hidden,
    e.ResultsShown: Room._on_results_shown,
    e.LeaderboardShown: Room._on_leaderboard,
    e.GameEnded: Room._on_ended,
}
