"""Fixtures that run real things: a real host process on a free port, a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hosting import Host, start_host


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    running = start_host(tmp_path / "data")
    yield running
    running.stop()
