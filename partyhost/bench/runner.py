"""A whole bench: alternate baseline and product runs, collect each run's figures, compare.

With no ``url`` the bench starts each target itself, one fresh process and data
folder per run, in the order baseline, product, baseline, product…, so a load
that comes and goes on the machine falls on both alike. With ``pin`` (and two
cores or more) the target runs on one core and the load generator on another.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partyhost.bench import report
from partyhost.bench.phases import Run, Session
from partyhost.bench.target import Target, start
from partyhost.limits import raise_open_files


@dataclass(frozen=True, slots=True)
class Options:
    players: int = 200
    questions: int = 3
    repeat: int = 1
    baseline: bool = True
    pin: bool = True
    #: a running host to measure instead of starting one (``http://192.168.1.20:8080``)
    url: str = ""
    key: str = ""
    room: str = ""
    #: the running host's process id, when it runs on this machine: its CPU and memory are read then
    pid: int | None = None
    hold: float = 0.0
    timeout: float = 60.0
    #: where runs keep their data folders (a temporary folder, removed after, if not given)
    data_root: Path | None = None


@dataclass
class Result:
    options: Options
    runs: list[Run] = field(default_factory=list)
    data_dirs: list[Path | None] = field(default_factory=list)
    pinned: str = "no"

    def document(self) -> dict[str, Any]:
        per_kind: dict[str, list[report.Figures]] = {}
        runs = []
        for number, run in enumerate(self.runs, start=1):
            figures = report.figures(run)
            per_kind.setdefault(run.kind, []).append(figures)
            failures: dict[str, int] = {}
            for phase in run.phases:
                for reason, count in phase.failures.items():
                    failures[f"{phase.name}: {reason}"] = failures.get(f"{phase.name}: {reason}", 0) + count
            phases = [
                {
                    "phase": phase.name,
                    "recipients": phase.recipients,
                    "p50_ms": report.ms_percentile(phase.latencies, 50),
                    "p99_ms": report.ms_percentile(phase.latencies, 99),
                    "all_ms": phase.span * 1000,
                    "server_cpu_ms": None if phase.server_cpu is None else phase.server_cpu * 1000,
                    "generator_busy": phase.generator_cpu / phase.wall if phase.wall else None,
                    "commits": phase.commits,
                }
                for phase in run.phases
            ]
            runs.append({"run": number, "kind": run.kind, "figures": figures, "failures": failures, "phases": phases})
        product_kind = "remote" if self.options.url else "product"
        product = report.median_figures(per_kind.get(product_kind, []))
        baseline = report.median_figures(per_kind["baseline"]) if "baseline" in per_kind else None
        return {
            "players": self.options.players,
            "questions": self.options.questions,
            "repeat": self.options.repeat,
            "pinned": self.pinned,
            "machine": report.machine(),
            "figures": report.assess(product, baseline),
            "product": product,
            "baseline": baseline,
            "runs": runs,
        }


def _cores() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return []


async def bench(options: Options, log: Callable[[str], None] | None = None) -> Result:
    """Run the bench; see the module docstring."""
    say = log or (lambda line: print(line, file=sys.stderr))
    raise_open_files(2 * options.players + 1024)
    result = Result(options)
    if options.url:
        await _remote(options, result, say)
        return result
    cores = _cores()
    server_core: int | None = None
    if options.pin and len(cores) >= 2:
        server_core = cores[0]
        os.sched_setaffinity(0, {cores[1]})
        result.pinned = f"target on core {cores[0]}, load generator on core {cores[1]}"
    with tempfile.TemporaryDirectory(prefix="partyhost-bench-") as scratch:
        root = options.data_root or Path(scratch)
        kinds = ["baseline", "product"] if options.baseline else ["product"]
        for repeat in range(options.repeat):
            for kind in kinds:
                data_dir = root / f"{len(result.runs) + 1}-{kind}"
                say(f"{kind} run {repeat + 1}/{options.repeat}: {options.players} players")
                target = start(kind, data_dir, players=options.players, core=server_core)
                try:
                    code = target.create_room(options.players, options.questions)
                    run = await _session(target, code, options, f"r{len(result.runs)}", say).play()
                finally:
                    target.stop()
                stored = target.stored_answer_ids()
                run.lost = None if stored is None else sum(1 for answer in run.acked if answer not in stored)
                result.runs.append(run)
                result.data_dirs.append(data_dir if options.data_root else None)
    return result


def _session(target: Target, code: str, options: Options, tag: str, say: Callable[[str], None]) -> Session:
    return Session(
        target,
        players=options.players,
        questions=options.questions,
        room=code,
        timeout=options.timeout,
        hold=options.hold,
        tag=tag,
        log=say,
    )


async def _remote(options: Options, result: Result, say: Callable[[str], None]) -> None:
    url = options.url.rstrip("/").replace("ws://", "http://").replace("wss://", "https://")
    url = url.removesuffix("/ws")
    target = Target("remote", url, key=options.key, pid=options.pid)
    for repeat in range(options.repeat):
        code = options.room.strip().upper() or target.create_room(options.players, options.questions)
        say(f"run {repeat + 1}/{options.repeat} against {url}, room {code}: {options.players} players")
        run = await _session(target, code, options, f"r{repeat}x{os.getpid() % 1000}", say).play()
        result.runs.append(run)
        result.data_dirs.append(None)
