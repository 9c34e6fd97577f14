"""Game modes: one file per mode, one interface (:class:`~.base.Mode`).

A mode decides what an answer to one of its question types is, whether it is
correct, what each role may see of a question, and how answers are tallied at
the reveal. The room does the rest (timers, phases, scores, ranks).
"""

from __future__ import annotations

from partyhost.core.modes.base import Mode
from partyhost.core.modes.buzzer import BuzzerMode
from partyhost.core.modes.choice import ChoiceMode
from partyhost.core.modes.final import FinalMode
from partyhost.core.modes.lightning import LightningMode
from partyhost.core.modes.number import NumberMode
from partyhost.core.modes.order import OrderMode
from partyhost.core.modes.poker import PokerMode
from partyhost.core.modes.poll import PollMode
from partyhost.core.modes.scale import ScaleMode
from partyhost.core.modes.typed import TypedMode
from partyhost.core.modes.wordcloud import WordCloudMode
from partyhost.core.modes.wordle import WordleMode

_MODES: list[Mode] = [
    ChoiceMode(),
    TypedMode(),
    NumberMode(),
    OrderMode(),
    PollMode(),
    ScaleMode(),
    WordCloudMode(),
    PokerMode(),
    BuzzerMode(),
    WordleMode(),
    LightningMode(),
    FinalMode(),
]
MODES: dict[str, Mode] = {kind: mode for mode in _MODES for kind in mode.kinds}


def mode_for(question_type: str) -> Mode:
    """The mode that plays ``question_type``; ``KeyError`` if none does."""
    return MODES[question_type]


__all__ = ["MODES", "Mode", "mode_for"]
