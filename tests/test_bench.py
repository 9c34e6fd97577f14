"""A small ``partyhost bench`` run, checked for correctness only (never for speed: machines are noisy).

200 simulated phones against a real host process, and against the baseline
server: every join is accepted, every acknowledged answer is in the database,
every phone is shown every question, and the report holds every figure.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from partyhost.bench import report
from partyhost.bench.runner import Options, Result, bench
from partyhost.cli import cli

from hosting import start_host

PLAYERS = 200
QUESTIONS = 2


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    root = tmp_path_factory.mktemp("bench")
    options = Options(players=PLAYERS, questions=QUESTIONS, pin=False, data_root=root, timeout=120)
    return asyncio.run(bench(options, log=lambda line: None))


def _product(result: Result) -> tuple[int, Path]:
    index = next(i for i, run in enumerate(result.runs) if run.kind == "product")
    data_dir = result.data_dirs[index]
    assert data_dir is not None
    return index, data_dir


def test_bench_runs_baseline_then_product(result: Result) -> None:
    assert [run.kind for run in result.runs] == ["baseline", "product"]


def test_every_join_is_accepted(result: Result) -> None:
    for run in result.runs:
        assert run.joined == PLAYERS, run.kind
    _, data_dir = _product(result)
    db = sqlite3.connect(data_dir / "partyhost.db")
    try:
        joined = db.execute("SELECT COUNT(*) FROM events WHERE type = 'player_joined'").fetchone()[0]
    finally:
        db.close()
    assert joined == PLAYERS + 1  # and the bench's idle player, who never answers


def test_every_acknowledged_answer_is_in_the_database(result: Result) -> None:
    index, data_dir = _product(result)
    run = result.runs[index]
    assert len(run.acked) == PLAYERS * QUESTIONS
    assert run.unacked == 0
    db = sqlite3.connect(data_dir / "partyhost.db")
    try:
        rows = db.execute("SELECT data FROM events WHERE type = 'answer_recorded'").fetchall()
    finally:
        db.close()
    stored = {json.loads(data)["answer_id"]: json.loads(data)["index"] for (data,) in rows}
    assert all(stored.get(answer) == question for answer, question in run.acked.items())
    assert run.lost == 0


def test_the_baseline_stores_every_acknowledged_answer_too(result: Result) -> None:
    baseline = result.runs[0]
    assert len(baseline.acked) == PLAYERS * QUESTIONS
    assert baseline.lost == 0


def test_every_phone_is_shown_every_question_and_every_result(result: Result) -> None:
    for run in result.runs:
        assert run.missed_questions == 0
        assert run.connected_at_end == PLAYERS
        for phase in run.phases:
            assert not phase.failures, (run.kind, phase.name, phase.failures)
            assert len(phase.latencies) == phase.recipients == PLAYERS, (run.kind, phase.name)
        names = [phase.name for phase in run.phases]
        assert names == ["join"] + ["fan-out", "answers", "scores", "leaderboard"] * QUESTIONS


def test_the_report_has_every_figure_with_a_ratio_to_the_baseline(result: Result) -> None:
    document = result.document()
    rows = {row["figure"]: row for row in document["figures"]}
    assert set(rows) == {target.key for target in report.TARGETS}
    for key in ("join_all_ms", "fanout_p99_ms", "fanout_cpu_us", "answer_p99_ms", "scores_p99_ms"):
        assert rows[key]["product"] is not None and rows[key]["baseline"] is not None, key
        assert rows[key]["ratio"] is not None, key
    assert rows["failed_joins"]["met"] is True
    assert rows["lost_answers"]["met"] is True
    assert document["product"]["commits_per_burst"] >= 1
    assert "question fan-out p99" in report.text(document)


def test_bench_command_prints_json_for_a_tiny_room() -> None:
    thresholds = gc.get_threshold()
    try:
        outcome = CliRunner().invoke(
            cli, ["bench", "--players", "5", "--questions", "1", "--no-baseline", "--no-pin", "--json"]
        )
    finally:  # the command tunes the cycle collector of its process: here, the test run's
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(outcome.stdout)
    assert document["product"]["joined"] == 5
    assert document["product"]["lost_answers"] == 0


def test_bench_measures_a_running_host_by_its_url_and_in_a_room_the_host_made(tmp_path: Path) -> None:
    host = start_host(tmp_path / "data")
    try:
        options = Options(players=20, questions=1, url=host.url, pid=host.process.pid, timeout=60)
        made_here = asyncio.run(bench(options, log=lambda line: None))
        room = host.create_room("science", max_players=50)["code"]
        in_room = asyncio.run(bench(replace(options, room=room), log=lambda line: None))
    finally:
        host.stop()
    for result in (made_here, in_room):
        (run,) = result.runs
        assert run.kind == "remote"
        assert run.joined == 20 and run.unacked == 0 and run.missed_questions == 0
        assert run.lost is None  # a running host's database is not the bench's to read
        figures = result.document()["product"]
        assert figures["rss_kb_per_player"] is not None and figures["fanout_cpu_us"] is not None
        assert result.document()["baseline"] is None
