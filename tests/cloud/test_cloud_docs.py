"""docs/sync.md is the receiver's contract: it names every error code and the tests behind each guarantee."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from partyhost.cloud.errors import CODES
from partyhost.sync.api import routes

ROOT = Path(__file__).resolve().parents[2]
SYNC_MD = (ROOT / "docs" / "sync.md").read_text(encoding="utf-8")
PROTOCOL_MD = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", CODES)
def test_every_receiver_error_code_is_in_the_errors_table(code: str) -> None:
    assert re.search(rf"^\| \d{{3}} \| `{code}` \|", SYNC_MD, flags=re.MULTILINE)


def test_every_test_sync_md_names_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", SYNC_MD)
    assert len(named) >= 10
    missing = []
    for path, name in named:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        functions = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        if name not in functions:
            missing.append(f"{path}::{name}")
    assert not missing, f"docs/sync.md names tests that do not exist: {missing}"


@pytest.mark.parametrize("route", routes, ids=lambda r: f"{sorted(r.methods or [])[-1]} {r.path}")
def test_every_sync_route_of_the_host_is_in_protocol_md(route: object) -> None:
    methods = sorted(m for m in (route.methods or []) if m != "HEAD")  # type: ignore[attr-defined]
    for method in methods:
        assert f"| `{method} {route.path}` |" in PROTOCOL_MD  # type: ignore[attr-defined]
