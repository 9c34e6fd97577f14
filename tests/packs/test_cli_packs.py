"""`partyhost packs import|export|check` for every format, against a real data dir."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from partyhost import cli
from partyhost.packs import exporters, importers

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partyhost", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_the_cli_lists_exactly_the_formats_the_importers_and_exporters_have() -> None:
    assert cli.FORMATS == importers.FORMATS
    assert cli.EXPORT_FORMATS == exporters.FORMATS


def test_check_reads_every_format_and_reports_what_it_would_skip() -> None:
    files = sorted(FIXTURES.iterdir())
    result = _run("packs", "check", *map(str, files))
    assert result.returncode == 0, result.stderr
    assert "astronomy.gift: ok (" in result.stdout
    assert "skipped line 50: the answer block opened with { is never closed with }" in result.stdout
    assert "skipped row 6: correct 'Z' is not option letters such as B or A,C" in result.stdout


def test_check_fails_on_a_broken_file_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<quiz><question>", encoding="utf-8")
    result = _run("packs", "check", str(bad))
    assert result.returncode == 1
    assert "broken.xml: is not valid XML (line 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_then_export_as_gift_and_csv(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported = _run("packs", "import", str(FIXTURES / "kitchen-semicolon.csv"), "--data", str(data))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 'kitchen-semicolon'" in imported.stdout
    assert "skipped row 7: option B is empty but a later one is not" in imported.stdout
    stored = json.loads((data / "packs" / "kitchen-semicolon.json").read_text(encoding="utf-8"))
    assert len(stored["questions"]) == 5

    gift = _run("packs", "export", "kitchen-semicolon", "--format", "gift", "--data", str(data))
    assert gift.returncode == 0
    assert "::Q1:: Which gas makes bread rise? {" in gift.stdout
    assert "GIFT has no time limit" in gift.stderr  # what GIFT cannot carry is said, not dropped silently

    out = tmp_path / "kitchen.csv"
    csv = _run("packs", "export", "kitchen-semicolon", "--format", "csv", "--out", str(out), "--data", str(data))
    assert csv.returncode == 0
    again = importers.read(out.read_bytes(), "kitchen.csv")
    assert [q.model_dump() for q in again.pack.questions] == stored_questions(stored)


def stored_questions(stored: dict) -> list[dict]:  # type: ignore[type-arg]
    from partyhost.packs.model import parse_pack

    return [q.model_dump() for q in parse_pack(stored, "x").questions]


def test_importing_the_same_file_twice_keeps_both_under_free_ids(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for _ in range(2):
        assert _run("packs", "import", str(FIXTURES / "rivers.aiken.txt"), "--data", str(data)).returncode == 0
    assert sorted(p.name for p in (data / "packs").glob("*.json")) == ["rivers-2.json", "rivers.json"]


def test_a_failed_import_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = tmp_path / "empty.csv"
    bad.write_text("question,a,b,correct\n,x,y,A\n", encoding="utf-8")
    result = _run("packs", "import", str(bad), "--data", str(data))
    assert result.returncode == 1
    assert "no question could be imported: row 2: the question cell is empty" in result.stderr
    assert not (data / "packs").exists() or not list((data / "packs").iterdir())


def test_exporting_an_unknown_pack_says_so(tmp_path: Path) -> None:
    result = _run("packs", "export", "nope", "--data", str(tmp_path))
    assert result.returncode == 1
    assert "there is no pack 'nope'" in result.stderr
