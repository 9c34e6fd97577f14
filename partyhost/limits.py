"""Limits a host of thousands of phones needs raised: open files, and how often Python hunts cycles."""

from __future__ import annotations

import gc
import sys

#: a young collection every 50,000 allocations (Python's default: 700), a full one every 200 of them
GC_THRESHOLDS = (50_000, 20, 10)


def raise_open_files(wanted: int) -> int | None:
    """Raise the soft limit of open files towards ``wanted`` (never past the hard limit).

    Every phone is a socket, so a room of 2,000 phones needs more than the 1,024 (Linux)
    or 256 (macOS) files a shell often allows. Returns the soft limit now in force, or
    ``None`` where there is no such limit to raise (Windows).
    """
    if sys.platform == "win32":
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    goal = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft >= goal:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (goal, hard))
    except (ValueError, OSError):
        return soft
    return goal


def collect_cycles_rarely() -> None:
    """Make Python's cycle collector run rarely; keep what exists now out of its way for good.

    A full collection walks every object of every connection: with 2,000 phones the
    default thresholds ran several a game, up to a quarter of a second each, with the
    whole host stopped (docs/performance.md). The objects made while starting are never
    garbage, so they are frozen out of every collection.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
