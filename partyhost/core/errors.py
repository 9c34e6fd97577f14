"""Domain errors raised by the pure core.

Every error carries a stable ``code`` that the shell puts on the wire unchanged
(see ``docs/protocol.md``). The core raises; only the shell turns an error into
a frame or an HTTP answer.

    RoomError                 any refused command
    ├── InvalidPhase          wrong_phase: the command does not fit the phase
    ├── NoPlayers             no_players: start with an empty room
    ├── NicknameInvalid       nickname_invalid
    ├── NicknameRefused       nickname_refused: not family-friendly (classroom rooms)
    ├── NicknameTaken         nickname_taken
    ├── RoomLocked            room_locked
    ├── RoomFull              room_full
    ├── GameOver              game_over
    ├── BadToken              bad_token
    ├── Kicked                kicked
    ├── UnknownPlayer         unknown_player
    ├── BadAnswer             bad_answer
    ├── UnknownTeam           unknown_team: no such team, or the room plays without teams
    └── AnswerOutcome         not a failure: the answer was not stored now
        ├── DuplicateAnswer   an answer to this question is already stored
        └── LateAnswer        the question closed by the server's clock
"""

from __future__ import annotations

from typing import Any


class RoomError(Exception):
    """A command the room refuses. ``code`` is stable; ``message`` is for people."""

    code = "room_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidPhase(RoomError):
    code = "wrong_phase"


class NoPlayers(RoomError):
    code = "no_players"


class NicknameInvalid(RoomError):
    code = "nickname_invalid"


class NicknameRefused(RoomError):
    code = "nickname_refused"


class NicknameTaken(RoomError):
    code = "nickname_taken"


class RoomLocked(RoomError):
    code = "room_locked"


class RoomFull(RoomError):
    code = "room_full"


class GameOver(RoomError):
    code = "game_over"


class BadToken(RoomError):
    code = "bad_token"


class Kicked(RoomError):
    code = "kicked"


class UnknownPlayer(RoomError):
    code = "unknown_player"


class BadAnswer(RoomError):
    code = "bad_answer"


class UnknownTeam(RoomError):
    code = "unknown_team"


class AnswerOutcome(RoomError):
    """An answer that was not stored now; the shell acknowledges it with a status."""

    status = "refused"


class DuplicateAnswer(AnswerOutcome):
    code = "duplicate"
    status = "duplicate"

    def __init__(self, message: str, stored: Any, question: int, elapsed_ms: int) -> None:
        super().__init__(message)
        self.stored = stored
        self.question = question
        self.elapsed_ms = elapsed_ms


class LateAnswer(AnswerOutcome):
    code = "late"
    status = "late"

    def __init__(self, message: str, question: int) -> None:
        super().__init__(message)
        self.question = question


class BadCommand(RoomError):
    code = "bad_message"
