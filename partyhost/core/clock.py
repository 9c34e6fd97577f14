"""The time the shell passes into the core.

The core never reads a clock. ``mono_ms`` comes from a monotonic clock and is
used for every deadline, so a wall-clock jump changes nothing; ``wall_ms`` is
the wall clock, used only to stamp records people read (``answered_at``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Now:
    """One reading of both clocks, in integer milliseconds."""

    mono_ms: int
    wall_ms: int
