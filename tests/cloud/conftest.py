"""Fixtures for the cloud tests: a real PostgreSQL (started once), a receiver database of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cloud_support import Postgres, postgres_bindir


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    bindir = postgres_bindir()
    if bindir is None:
        pytest.fail("the receiver tests need PostgreSQL: install Debian's postgresql package")
    server = Postgres(bindir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def cloud_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty receiver database: a SQLite file, or a database on the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cloud.db'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.database()


@pytest.fixture
def sqlite_cloud_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cloud.db'}"
