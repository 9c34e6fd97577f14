"""Helpers for the core tests: a room driven by a hand-moved clock, no I/O, no sleeping."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core.clock import Now
from partyhost.core.questions import Settings
from partyhost.core.room import Player, Room

from support import TRIO_PACK

# When a Hypothesis test fails, its pytest plugin imports libcst to suggest a patch, and that
# import warns (mypy_extensions.TypedDict is deprecated). With warnings turned into errors the
# warning turns the real failure into an INTERNALERROR that stops the whole run.
QUIET_HYPOTHESIS_REPORT = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

PACKS_DIR = Path(__file__).resolve().parents[2] / "questions"

#: the wall clock at mono 0; wall time only stamps records, never decides anything
WALL0 = 1_700_000_000_000

#: a small pack with one question of each choice type (20 s each by default); the same
#: questions the integration tests import over HTTP
QUESTIONS: list[dict[str, Any]] = TRIO_PACK["questions"]

SINGLE, MULTI, TRUEFALSE = 0, 1, 2
#: a correct choice for each question above
RIGHT = {SINGLE: [1], MULTI: [0, 2], TRUEFALSE: [1]}
#: a wrong choice for each question above
WRONG = {SINGLE: [0], MULTI: [0], TRUEFALSE: [0]}


def token_for(nickname: str) -> str:
    return f"token-{nickname.strip().lower()}-0123456789abcdef"


@dataclass
class Game:
    """A room plus its event log and a hand-driven clock."""

    room: Room
    log: list[e.Event]
    mono_ms: int = 0
    _answer_ids: int = 0
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(
        cls,
        questions: Sequence[Mapping[str, Any]] = QUESTIONS,
        settings: Settings | None = None,
    ) -> Game:
        created = Room.create(
            code="KQXW",
            title="Test pack",
            pack_id="test",
            questions=[dict(q) for q in questions],
            settings=settings or Settings(),
            now=Now(0, WALL0),
        )
        return cls(room=Room.from_created(created), log=[created])

    @property
    def now(self) -> Now:
        return Now(self.mono_ms, WALL0 + self.mono_ms)

    def advance(self, ms: int) -> None:
        self.mono_ms += ms

    def handle(self, command: c.Command) -> list[e.Event]:
        """What the room would do now, without applying it."""
        return self.room.handle(command, self.now)

    def do(self, command: c.Command) -> list[e.Event]:
        """Handle ``command`` and apply its events, as the shell does after storing them."""
        events = self.room.handle(command, self.now)
        for event in events:
            self.room.apply(event)
            self.log.append(event)
        return events

    def join(self, nickname: str) -> Player:
        token = token_for(nickname)
        (joined,) = self.do(c.Join(nickname, token))
        assert isinstance(joined, e.PlayerJoined)
        self.tokens[joined.player_id] = token
        return self.room.players[joined.player_id]

    def answer(
        self,
        player: Player | str,
        choice: Any,
        *,
        answer_id: str | None = None,
        index: int | None = None,
    ) -> list[e.Event]:
        player_id = player if isinstance(player, str) else player.id
        if answer_id is None:
            self._answer_ids += 1
            answer_id = f"answer-{self._answer_ids:04d}"
        return self.do(
            c.Answer(
                player_id,
                self.room.index if index is None else index,
                answer_id,
                {"choice": choice},
            )
        )

    def give(
        self, player: Player | str, *, answer_id: str | None = None, step: int = 0, **fields: Any
    ) -> list[e.Event]:
        """Answer the open question with any answer fields (``text=``, ``number=``, ``order=``…);
        ``step`` counts a player's answers in a stepped question (a Wordle race's guesses)."""
        player_id = player if isinstance(player, str) else player.id
        if answer_id is None:
            self._answer_ids += 1
            answer_id = f"answer-{self._answer_ids:04d}"
        return self.do(c.Answer(player_id, self.room.index, answer_id, fields, step))


def load_packs() -> Iterator[dict[str, Any]]:
    for path in sorted(PACKS_DIR.glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))
