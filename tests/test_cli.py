"""The command line: serve is the default, the port falls back, settings come from PARTYHOST_*."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from partyhost.cli import cli

from hosting import ROOT, Host, start_host


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partyhost", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("serve", "export", "packs"):
        assert name in result.output


def test_serve_is_the_default_command() -> None:
    result = CliRunner().invoke(cli, ["--port", "notaport"])
    # The options were parsed by `serve`, which refuses the value.
    assert result.exit_code == 2
    assert "--port" in result.output


def test_a_taken_port_falls_back_to_a_free_one_with_a_clear_message(tmp_path: Path) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    taken = blocker.getsockname()[1]
    try:
        host = start_host(tmp_path / "data", "--port", str(taken))
        try:
            text = "".join(host.output)
            assert f"Port {taken} is in use, so partyhost is using port" in text
            assert not host.url.endswith(f":{taken}")
            assert host.get_json("/api/health")[0] == 200
        finally:
            host.stop()
    finally:
        blocker.close()


def test_settings_are_read_from_partyhost_variables(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    import os

    env = {**os.environ, "PARTYHOST_DATA": str(data), "PARTYHOST_PUBLIC_URL": "http://10.9.8.7:8080"}
    host = start_host(tmp_path / "ignored", env=env)
    host.stop()
    # --data on the command line wins over the variable; the public URL came from the variable.
    assert "http://10.9.8.7:8080" in "".join(host.output)
    result = _run("packs", "list", env=env)
    assert result.returncode == 0
    assert "science" in result.stdout


def test_export_of_an_unknown_room_says_so(host: Host) -> None:
    result = _run("export", "ZZZZ", "--data", str(host.data_dir))
    assert result.returncode == 1
    assert "there is no room ZZZZ" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_of_a_room_with_no_answers_is_valid_and_says_so(host: Host, tmp_path: Path) -> None:
    code = host.create_room()["code"]
    out = tmp_path / "results.json"
    result = _run("export", code.lower(), "--format", "json", "--out", str(out), "--data", str(host.data_dir))
    assert result.returncode == 0, result.stderr
    assert "No answers were given in this room." in result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["answers"] == []
    assert document["room"]["code"] == code
    csv_result = _run("export", code, "--data", str(host.data_dir))
    assert csv_result.stdout.splitlines() == [
        "question_number,type,question,player,answer,correct,points,streak_bonus,response_ms,answered_at"
    ]


def test_packs_check_reports_the_first_problem_of_a_broken_file(tmp_path: Path) -> None:
    good = ROOT / "questions" / "science.json"
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "partyhost-pack/1",
                "id": "bad",
                "title": "Bad",
                "questions": [{"type": "single", "text": "Q", "options": ["a", "b"], "correct": 5}],
            }
        ),
        encoding="utf-8",
    )
    result = _run("packs", "check", str(good), str(bad))
    assert result.returncode == 1
    assert "science.json: ok (24 questions)" in result.stdout
    assert "bad.json: question 1: correct is 5 but there are 2 options" in result.stderr


def test_version_is_printed() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "partyhost" in result.output
