"""Questions and room settings as the core sees them: plain, already validated.

The pack layer (``partyhost.packs``) validates files with pydantic and hands the
core plain dictionaries, which are also what the ``RoomCreated`` event stores,
so a room replays the same way even if its pack file changes later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Settings:
    """How a room plays. Per pack, overridable per room."""

    time_limit: int = 20
    points: bool = True
    base_points: int = 1000
    late_join: bool = True
    max_players: int = 5000
    #: a room for a class: the nickname filter is on unless ``nickname_filter`` says otherwise
    classroom: bool = False
    nickname_filter: bool | None = None

    @property
    def family_friendly(self) -> bool:
        return self.classroom if self.nickname_filter is None else self.nickname_filter

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Question:
    """One question. ``correct`` holds option indexes; ``time_limit`` is in seconds."""

    type: str
    text: str
    options: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    explanation: str = ""
    time_limit: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        qtype = str(data["type"])
        options = tuple(str(o) for o in data.get("options", ()))
        raw = data.get("correct", ())
        if qtype == "truefalse":
            options = ("True", "False")
            correct: tuple[int, ...] = (0,) if raw is True else (1,) if raw is False else tuple(raw)
        elif qtype == "order":
            options, correct = _shuffled(data)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            correct = (raw,)
        else:
            correct = tuple(int(i) for i in raw)
        known = {"type", "text", "options", "correct", "explanation", "time_limit", "items", "shown"}
        return cls(
            type=qtype,
            text=str(data["text"]),
            options=options,
            correct=correct,
            explanation=str(data.get("explanation", "")),
            time_limit=data.get("time_limit"),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def to_dict(self) -> dict[str, Any]:
        """The question as a pack dict again (for a re-vote of an activity with no right answer)."""
        data: dict[str, Any] = {"type": self.type, "text": self.text, "explanation": self.explanation}
        if self.options and self.type not in ("truefalse", "order"):
            data["options"] = list(self.options)
        if self.time_limit is not None:
            data["time_limit"] = self.time_limit
        data.update(self.extra)
        return data

    def limit_ms(self, settings: Settings, *, timed_by_default: bool = True) -> int:
        """The time limit in ms; 0 means no timer (open until the host closes it)."""
        if self.time_limit is not None:
            return int(self.time_limit) * 1000
        return settings.time_limit * 1000 if timed_by_default else 0


def _shuffled(data: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """An ordering question's items as shown (``shown[i]`` is the pack index of the item shown
    i-th, drawn at random by the pack layer) and the right order as shown indexes."""
    items = [str(i) for i in data.get("items", ())]
    shown = list(data.get("shown", ()))
    if sorted(shown) != list(range(len(items))):
        shown = [*range(1, len(items)), 0] if items else []  # no draw given: any order but the right one
    options = tuple(items[i] for i in shown)
    correct = tuple(shown.index(k) for k in range(len(items)))
    return options, correct
