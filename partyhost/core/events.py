"""Events: the facts a room's log is made of.

Each event is a small frozen dataclass with a stable ``name`` (what the log
stores in its ``type`` column) and a one-line docstring. Events hold everything
needed to replay them without a clock: elapsed times and points are decided
when the command is handled, not when the event is applied.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Event:
    name: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RoomCreated(Event):
    """A room was made from a pack, with its settings."""

    name: ClassVar[str] = "room_created"
    code: str
    title: str
    pack_id: str
    questions: list[dict[str, Any]]
    settings: dict[str, Any]
    created_at: int


@dataclass(frozen=True, slots=True)
class PlayerJoined(Event):
    """A player took a seat; only the hash of the seat token is kept."""

    name: ClassVar[str] = "player_joined"
    player_id: str
    nickname: str
    token_hash: str
    at: int


@dataclass(frozen=True, slots=True)
class PlayerKicked(Event):
    """The host removed a player; their seat cannot be resumed."""

    name: ClassVar[str] = "player_kicked"
    player_id: str


@dataclass(frozen=True, slots=True)
class PlayerRenamed(Event):
    """The host gave a player another nickname."""

    name: ClassVar[str] = "player_renamed"
    player_id: str
    nickname: str


@dataclass(frozen=True, slots=True)
class JoiningLocked(Event):
    """The host locked or unlocked joining."""

    name: ClassVar[str] = "joining_locked"
    locked: bool


@dataclass(frozen=True, slots=True)
class QuestionOpened(Event):
    """A question opened; the timer runs until ``deadline_ms`` (monotonic)."""

    name: ClassVar[str] = "question_opened"
    index: int
    limit_ms: int
    deadline_ms: int
    opened_at: int


@dataclass(frozen=True, slots=True)
class AnswerRecorded(Event):
    """A player's answer was counted, with its timing and points (``speed``: what a fully right one earns).

    In a stepped mode each step is one event: ``answer`` is that step, ``correct`` and
    ``points`` are the whole run's so far, and ``done`` says whether the player has finished.
    """

    name: ClassVar[str] = "answer_recorded"
    player_id: str
    index: int
    answer_id: str
    answer: Any
    correct: bool
    points: int
    elapsed_ms: int
    answered_at: int
    speed: int | None = None
    step: int = 0
    done: bool = True


@dataclass(frozen=True, slots=True)
class QuestionPaused(Event):
    """The host paused the timer with ``remaining_ms`` left."""

    name: ClassVar[str] = "question_paused"
    index: int
    remaining_ms: int


@dataclass(frozen=True, slots=True)
class QuestionResumed(Event):
    """The timer runs again until ``deadline_ms``."""

    name: ClassVar[str] = "question_resumed"
    index: int
    deadline_ms: int


@dataclass(frozen=True, slots=True)
class TimeExtended(Event):
    """The host added time to the open question."""

    name: ClassVar[str] = "time_extended"
    index: int
    added_ms: int


@dataclass(frozen=True, slots=True)
class QuestionClosed(Event):
    """The question closed (``timeout``, ``all_answered`` or ``host``) and is revealed."""

    name: ClassVar[str] = "question_closed"
    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class QuestionSkipped(Event):
    """The host dropped the open question: its answers score nothing."""

    name: ClassVar[str] = "question_skipped"
    index: int


@dataclass(frozen=True, slots=True)
class QuestionsAdded(Event):
    """The host put questions into the show at ``position`` (later ones move down)."""

    name: ClassVar[str] = "questions_added"
    position: int
    questions: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class QuestionMoved(Event):
    """The host moved a question not yet asked from ``index`` to ``to``."""

    name: ClassVar[str] = "question_moved"
    index: int
    to: int


@dataclass(frozen=True, slots=True)
class QuestionRemoved(Event):
    """The host took a question not yet asked out of the show."""

    name: ClassVar[str] = "question_removed"
    index: int


@dataclass(frozen=True, slots=True)
class BuzzJudged(Event):
    """The host marked a buzz right or wrong; ``points`` (negative when wrong) count at once."""

    name: ClassVar[str] = "buzz_judged"
    index: int
    player_id: str
    right: bool
    points: int


@dataclass(frozen=True, slots=True)
class TeamsSet(Event):
    """The room plays in these teams from now on (none: without teams); everyone starts with no team."""

    name: ClassVar[str] = "teams_set"
    names: list[str]


@dataclass(frozen=True, slots=True)
class TeamChosen(Event):
    """A player is in a team now (``None``: in none)."""

    name: ClassVar[str] = "team_chosen"
    player_id: str
    team: int | None


@dataclass(frozen=True, slots=True)
class TeamsBalanced(Event):
    """The host balanced the teams: every player's team."""

    name: ClassVar[str] = "teams_balanced"
    teams: dict[str, int]


@dataclass(frozen=True, slots=True)
class EntryHidden(Event):
    """The host hid (or showed again) the word-cloud entries with this key."""

    name: ClassVar[str] = "entry_hidden"
    index: int
    key: str
    hidden: bool


@dataclass(frozen=True, slots=True)
class ResultsShown(Event):
    """The host showed (or hid) a question's results on the phones."""

    name: ClassVar[str] = "results_shown"
    index: int
    shown: bool


@dataclass(frozen=True, slots=True)
class LeaderboardShown(Event):
    """The leaderboard after a question is on show."""

    name: ClassVar[str] = "leaderboard_shown"
    index: int


@dataclass(frozen=True, slots=True)
class GameEnded(Event):
    """The game is over; the podium is on show."""

    name: ClassVar[str] = "game_ended"
    at: int


EVENT_TYPES: dict[str, type[Event]] = {
    cls.name: cls
    for cls in (
        RoomCreated,
        PlayerJoined,
        PlayerKicked,
        PlayerRenamed,
        JoiningLocked,
        QuestionOpened,
        AnswerRecorded,
        QuestionPaused,
        QuestionResumed,
        TimeExtended,
        QuestionClosed,
        QuestionSkipped,
        BuzzJudged,
        TeamsSet,
        TeamChosen,
        TeamsBalanced,
        QuestionsAdded,
        QuestionMoved,
        QuestionRemoved,
        EntryHidden,
        ResultsShown,
        LeaderboardShown,
        GameEnded,
    )
}


def event_from_dict(name: str, data: dict[str, Any]) -> Event:
    """Rebuild an event from its stored ``name`` and fields."""
    cls = EVENT_TYPES[name]
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})
