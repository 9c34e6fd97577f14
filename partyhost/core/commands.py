"""Commands: what a role asks a room to do. The room decides; the shell only relays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Command:
    pass


@dataclass(frozen=True, slots=True)
class Join(Command):
    """Take a new seat. ``token`` is made by the shell from a secure random source."""

    nickname: str
    token: str


@dataclass(frozen=True, slots=True)
class Answer(Command):
    """Answer question ``index``; ``raw`` holds the mode-specific fields (``choice``).

    ``step`` counts a player's answers to a question of a stepped mode (a Wordle race's
    guesses) from 0; every other question takes step 0 only.
    """

    player_id: str
    index: int
    answer_id: str
    raw: Mapping[str, Any] = field(default_factory=dict)
    step: int = 0


@dataclass(frozen=True, slots=True)
class Start(Command):
    """Open the first question."""


@dataclass(frozen=True, slots=True)
class Next(Command):
    """Go on: reveal → leaderboard → next question or podium (lobby → start)."""


@dataclass(frozen=True, slots=True)
class Reveal(Command):
    """Close the open question now."""


@dataclass(frozen=True, slots=True)
class Pause(Command):
    """Stop the question timer."""


@dataclass(frozen=True, slots=True)
class Resume(Command):
    """Restart the question timer with the time that was left."""


@dataclass(frozen=True, slots=True)
class Skip(Command):
    """Drop the open question."""


@dataclass(frozen=True, slots=True)
class Extend(Command):
    """Add ``seconds`` to the open question."""

    seconds: int = 10


@dataclass(frozen=True, slots=True)
class Kick(Command):
    """Remove a player."""

    player_id: str


@dataclass(frozen=True, slots=True)
class Rename(Command):
    """Give a player another nickname."""

    player_id: str
    nickname: str


@dataclass(frozen=True, slots=True)
class Lock(Command):
    """Lock (``True``) or unlock joining."""

    locked: bool


@dataclass(frozen=True, slots=True)
class End(Command):
    """End the game now."""


@dataclass(frozen=True, slots=True)
class AddQuestions(Command):
    """Put questions (validated pack dicts) into the show at ``position``; ``None``: at the end."""

    questions: tuple[Mapping[str, Any], ...]
    position: int | None = None


@dataclass(frozen=True, slots=True)
class MoveQuestion(Command):
    """Move a question that has not been asked yet to another place among those not asked yet."""

    index: int
    to: int


@dataclass(frozen=True, slots=True)
class RemoveQuestion(Command):
    """Take a question that has not been asked yet out of the show."""

    index: int


@dataclass(frozen=True, slots=True)
class SetTeams(Command):
    """Play in teams with these names (2 to 8), or without teams (no names)."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChooseTeam(Command):
    """A player picks a team (by its number), or the host puts a player in one; ``None``: no team."""

    player_id: str
    team: int | None


@dataclass(frozen=True, slots=True)
class BalanceTeams(Command):
    """Deal every player into the teams, by score (see ``partyhost.core.teams``)."""


@dataclass(frozen=True, slots=True)
class Judge(Command):
    """The host marks the buzz that is up right or wrong."""

    right: bool


@dataclass(frozen=True, slots=True)
class OpenQuestion(Command):
    """Open a question not asked yet, out of turn (a clue picked on the board)."""

    index: int


@dataclass(frozen=True, slots=True)
class Revote(Command):
    """Ask the revealed question again, straight after (planning poker, a poll)."""


@dataclass(frozen=True, slots=True)
class HideEntry(Command):
    """Hide (or show again) a word-cloud entry, by its group key, on every page but the host's."""

    key: str
    hidden: bool = True


@dataclass(frozen=True, slots=True)
class ShowResults(Command):
    """Show (or hide) the results of a poll, scale or word cloud on the phones."""

    shown: bool


@dataclass(frozen=True, slots=True)
class Tick(Command):
    """The shell's timer fired: close the question if its deadline has passed."""


@dataclass(frozen=True, slots=True)
class Recover(Command):
    """The host restarted: pause an open question, keeping at least ``min_ms`` to answer."""

    min_ms: int = 5000
