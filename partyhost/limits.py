"""Operating-system limits a host of thousands of phones needs raised."""

from __future__ import annotations

import sys


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
