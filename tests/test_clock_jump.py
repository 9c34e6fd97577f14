"""Timers use the monotonic clock: a wall-clock jump of an hour changes no deadline.

The host runs under libfaketime (Debian's ``faketime`` package), which shifts the wall
clock the process sees (``time.time``) while it runs, and leaves the monotonic clock
alone. The shift is read from a file on every call, so the test moves the laptop's
clock by an hour in the middle of a question.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from hosting import Host, start_host
from support import KEY, Party, trio_room

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
TIME_LIMIT_S = 5
HOUR_MS = 3_600_000


@pytest.fixture
def offset_file(tmp_path: Path) -> Path:
    if not LIBFAKETIME.exists():
        pytest.fail(f"this test needs libfaketime: install Debian's faketime package ({LIBFAKETIME})")
    path = tmp_path / "faketime"
    path.write_text("+0\n")
    return path


@pytest.fixture
def host(tmp_path: Path, offset_file: Path) -> Iterator[Host]:
    running = start_host(
        tmp_path / "data",
        env={
            "LD_PRELOAD": str(LIBFAKETIME),
            "FAKETIME_TIMESTAMP_FILE": str(offset_file),
            "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        },
    )
    yield running
    running.stop()


@pytest.mark.parametrize("jump", ["+3600", "-3600"], ids=["forward", "backward"])
def test_a_wall_clock_jump_of_an_hour_changes_no_deadline(host: Host, offset_file: Path, jump: str) -> None:
    code = trio_room(host, time_limit=TIME_LIMIT_S)
    with Party(host.ws_url) as party:
        control = party.control(code)
        ada = party.player(code, "Ada")
        bob = party.player(code, "Bob")
        party.player(code, "Cy")  # never answers, so only the timer can close the question
        control.command("start")
        opened = ada.state("question", 0)
        opened_at = time.monotonic()
        assert ada.answer("ada-0001", 0, KEY[0])["status"] == "accepted"

        offset_file.write_text(f"{jump}\n")
        assert bob.answer("bob-0001", 0, [0])["status"] == "accepted"
        after = control.state("question", 0)
        waited_ms = (time.monotonic() - opened_at) * 1000
        # Still open, with the time left that the real elapsed time leaves (not an hour more or less).
        assert 0 < after["question"]["remaining_ms"] <= opened["question"]["remaining_ms"]
        assert after["question"]["remaining_ms"] >= TIME_LIMIT_S * 1000 - waited_ms - 1000

        # The timer closes it (a deadline on the wall clock would close it at once going forward,
        # or an hour late going back); how soon is not asserted, the machine may be busy.
        closed = ada.state("reveal", 0, timeout=TIME_LIMIT_S + 10)
        assert closed["reveal"]["answered"] == 2

    # The jump was real for the host: the answers carry wall times an hour apart.
    status, export = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200, export
    stamps = {row["player"]: row["answered_at"] for row in export["answers"] if row["answered_at"]}
    ada_ms, bob_ms = (_ms(stamps[name]) for name in ("Ada", "Bob"))
    shift = int(jump) * 1000
    assert abs((bob_ms - ada_ms) - shift) < 60_000, json.dumps(stamps)
    assert abs(shift) == HOUR_MS


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)
