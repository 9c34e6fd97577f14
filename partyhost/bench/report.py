"""The figures of a bench: per run, their medians over runs, the ratio to the baseline, the targets.

Latencies are percentiles by nearest rank over every phone of every question
of a run; a figure of several runs is the median of the runs' figures.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partyhost.bench.phases import Phase, Run

Figures = dict[str, float | None]


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms_percentile(values: list[float], p: float) -> float | None:
    """A percentile of durations in seconds, in milliseconds."""
    return _ms(percentile(values, p))


def _ms(value: float | None) -> float | None:
    return None if value is None else value * 1000


def figures(run: Run) -> Figures:
    """The figures of one run."""
    found: Figures = {
        "players": run.players,
        "joined": run.joined,
        "failed_joins": run.players - run.joined,
        "connected_at_end": run.connected_at_end,
        "missed_questions": run.missed_questions,
        "unacked_answers": run.unacked,
        "lost_answers": run.lost,
        "frames_per_phone": run.frames_per_phone,
        "screen_frames": run.screen_frames,
    }
    phases: dict[str, list[Phase]] = {}
    for phase in run.phases:
        phases.setdefault(phase.name, []).append(phase)
    join = phases.get("join", [None])[0]
    if join is not None:
        found["join_all_ms"] = _ms(join.span)
        found["join_p50_ms"] = _ms(percentile(join.latencies, 50))
        found["join_p99_ms"] = _ms(percentile(join.latencies, 99))
        found["joins_per_s"] = run.joined / join.span if join.span else None
        if join.server_cpu is not None:
            found["join_cpu_us"] = join.server_cpu * 1e6 / join.recipients
    for name, key in (
        ("fan-out", "fanout"),
        ("answers", "answer"),
        ("scores", "scores"),
        ("leaderboard", "leaderboard"),
    ):
        group = phases.get(name, [])
        if not group:
            continue
        latencies = [x for phase in group for x in phase.latencies]
        found[f"{key}_p50_ms"] = _ms(percentile(latencies, 50))
        found[f"{key}_p99_ms"] = _ms(percentile(latencies, 99))
        found[f"{key}_max_ms"] = _ms(max(latencies, default=None))
        cpu = [phase.server_cpu for phase in group]
        if all(c is not None for c in cpu):
            found[f"{key}_cpu_us"] = sum(c for c in cpu if c is not None) * 1e6 / sum(p.recipients for p in group)
        found[f"{key}_all_ms"] = _ms(statistics.median(p.span for p in group))
    answers = phases.get("answers", [])
    if answers:
        found["answers_per_s"] = statistics.median(len(p.latencies) / p.span for p in answers if p.span)
        commits = [p.commits for p in answers if p.commits is not None]
        found["commits_per_burst"] = statistics.median(commits) if commits else None
    if run.rss_before_kb is not None and run.rss_after_kb is not None and run.players:
        found["rss_kb_per_player"] = (run.rss_after_kb - run.rss_before_kb) / run.players
    busy = [p.generator_cpu / p.wall for p in run.phases if p.wall]
    found["generator_busy"] = max(busy, default=None)
    return found


def median_figures(runs: list[Figures]) -> Figures:
    keys = list(dict.fromkeys(k for run in runs for k in run))
    merged: Figures = {}
    for key in keys:
        values = [run[key] for run in runs if run.get(key) is not None]
        merged[key] = statistics.median(v for v in values if v is not None) if values else None
    return merged


@dataclass(frozen=True, slots=True)
class Target:
    """One line of the targets table."""

    key: str
    label: str
    #: the absolute target for ``players`` phones, as text and as a test (``None``: none at this size)
    goal: Callable[[int], tuple[str, Callable[[float], bool]] | None] | None = None
    #: the largest ratio product/baseline allowed
    ratio: float | None = None


def _at_most(limit: float, unit: str = "ms") -> tuple[str, Callable[[float], bool]]:
    return f"≤ {limit:g} {unit}", lambda v: v <= limit


def _exactly(wanted: float) -> tuple[str, Callable[[float], bool]]:
    return f"{wanted:g}", lambda v: v == wanted


def _fan_out_goal(n: int) -> tuple[str, Callable[[float], bool]] | None:
    return _at_most(50) if n <= 1000 else _at_most(100) if n <= 2000 else None


def _burst_goal(n: int) -> tuple[str, Callable[[float], bool]] | None:
    """1,000 answers within 100 ms: at least 10,000 a second, up to 2,000 phones."""
    return _at_most(max(100, n / 10)) if n <= 2000 else None


TARGETS: tuple[Target, ...] = (
    Target("failed_joins", "failed joins", lambda n: _exactly(0)),
    Target("connected_at_end", "phones still connected at the end", lambda n: _exactly(n)),
    Target("join_all_ms", "join storm: all accepted", lambda n: _at_most(2000) if n <= 2000 else None, 1.5),
    Target("join_p99_ms", "join p99", None, 1.5),
    Target("join_cpu_us", "server CPU per join", None),
    Target("fanout_p99_ms", "question fan-out p99", _fan_out_goal),
    Target("fanout_cpu_us", "fan-out server CPU per recipient", lambda n: None, 1.25),
    Target("answer_all_ms", "answer burst: all acknowledged", _burst_goal, 1.5),
    Target("answer_p99_ms", "ack p99", lambda n: _at_most(100) if n <= 2000 else None, 1.5),
    Target("answer_cpu_us", "server CPU per answer", None),
    Target("commits_per_burst", "commits per answer burst", None),
    Target("unacked_answers", "answers not acknowledged", lambda n: _exactly(0)),
    Target("lost_answers", "acknowledged answers not stored", lambda n: _exactly(0)),
    Target("scores_p99_ms", "scores after close p99", lambda n: _at_most(100) if n <= 2000 else None),
    Target("scores_cpu_us", "scores server CPU per recipient", lambda n: None, 1.25),
    Target("leaderboard_p99_ms", "leaderboard p99", None),
    Target("leaderboard_cpu_us", "leaderboard server CPU per recipient", lambda n: None, 1.25),
    Target("rss_kb_per_player", "RSS per connected player", lambda n: _at_most(32, "KB")),
    Target("missed_questions", "phones that missed a question", lambda n: _exactly(0)),
    Target("frames_per_phone", "frames each phone received", None),
    Target("screen_frames", "frames the screen received", None),
    Target("generator_busy", "load generator busy (max of phases)", None),
)


def assess(product: Figures, baseline: Figures | None) -> list[dict[str, Any]]:
    """The targets table: product, baseline, ratio, target, met."""
    players = int(product.get("players") or 0)
    rows = []
    for target in TARGETS:
        value = product.get(target.key)
        base = baseline.get(target.key) if baseline is not None else None
        ratio = value / base if value is not None and base else None
        goal = target.goal(players) if target.goal is not None else None
        wanted: list[str] = []
        met: bool | None = None
        if goal is not None:
            wanted.append(goal[0])
            met = None if value is None else goal[1](value)
        if target.ratio is not None:
            wanted.append(f"ratio ≤ {target.ratio:g}")
            if ratio is not None:
                met = (met is not False) and ratio <= target.ratio
        rows.append(
            {
                "figure": target.key,
                "label": target.label,
                "product": value,
                "baseline": base,
                "ratio": ratio,
                "target": ", ".join(wanted),
                "met": met,
            }
        )
    return rows


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            memory = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load": [round(x, 2) for x in load] if load else None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def text(document: dict[str, Any]) -> str:
    """The report as a table for a terminal."""
    info = document["machine"]
    lines = [
        f"partyhost bench: {document['players']} players, {document['questions']} questions, "
        f"{document['repeat']} run(s) of each target",
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; load {info['load']}; {info['date']}",
        f"pinned: {document['pinned']}",
        "",
    ]
    header = ("figure", "product", "baseline", "ratio", "target", "met")
    table = [header] + [
        (
            row["label"],
            _cell(row["product"]),
            _cell(row["baseline"]),
            _cell(row["ratio"]),
            row["target"] or "",
            {True: "yes", False: "NO", None: ""}[row["met"]],
        )
        for row in document["figures"]
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:4], widths[1:4], strict=True)]
        cells += [row[4].ljust(widths[4]), row[5]]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("Times in ms; CPU in µs of server CPU time per phone that received the frame (or per answer).")
    for run in document["runs"]:
        failures = {k: v for k, v in run.get("failures", {}).items() if v}
        if failures:
            lines.append(f"{run['kind']} run {run['run']}: failures {failures}")
    return "\n".join(lines)
