"""What the bench measures: a host (started here or already running) or the baseline server.

A target started here is a separate process on a free loopback port, with its
own data folder; with ``pin`` it runs on one core and the load generator on
another. Its CPU time is read from ``/proc/PID/task/*/schedstat`` (nanoseconds,
all threads, so the writer thread counts too; ``/proc/PID/stat``'s utime+stime
is the same time in 10 ms ticks, too coarse for a 50 ms phase) and its memory
from ``VmRSS`` in ``/proc/PID/status``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from partyhost.bench.pack import PACK_ID, bench_pack

START_TIMEOUT = 30.0
_URL_LINE = {
    "product": re.compile(r"Host page \(this laptop\): (http://127\.0\.0\.1:\d+)/host"),
    "baseline": re.compile(r"Baseline listening on (http://127\.0\.0\.1:\d+)"),
}


class BenchError(Exception):
    """The bench could not set up or drive its target."""


@dataclass
class Target:
    """One server under load: ``kind`` is ``product``, ``baseline`` or ``remote`` (a running host)."""

    kind: str
    url: str
    key: str = ""
    pid: int | None = None
    process: subprocess.Popen[str] | None = None
    data_dir: Path | None = None
    output: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "https" else 80)

    # ------------------------------------------------------------------ HTTP

    def request(self, method: str, path: str, body: Any = None, timeout: float = 30.0) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["X-Partyhost-Key"] = self.key
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def writer_stats(self) -> dict[str, int] | None:
        """The group-commit counters of ``GET /api/health`` (``None`` if the host has none)."""
        try:
            _, body = self.request("GET", "/api/health", timeout=10)
        except (OSError, ValueError):
            return None
        writer = body.get("writer") if isinstance(body, dict) else None
        return writer if isinstance(writer, dict) else None

    def create_room(self, players: int, questions: int) -> str:
        """Import the bench pack and make a room for ``players`` phones; needs host rights."""
        status, body = self.request("POST", "/api/packs?filename=bench.json", bench_pack(questions))
        if status != 201:
            raise BenchError(f"importing the bench pack was refused ({status}): {_message(body)}")
        settings = {"time_limit": 300, "max_players": min(10_000, players + 1), "nickname_filter": False}
        status, body = self.request("POST", "/api/rooms", {"pack": PACK_ID, "settings": settings})
        if status != 201:
            raise BenchError(f"creating a room was refused ({status}): {_message(body)}")
        return str(body["room"]["code"])

    # ------------------------------------------------------------------ /proc

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by every thread of the target, or ``None`` if it cannot be read."""
        if self.pid is None:
            return None
        total = 0
        try:
            for tid in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{tid}/schedstat", encoding="ascii") as f:
                    total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return _stat_seconds(self.pid)
        return total / 1e9

    def rss_kb(self) -> int | None:
        if self.pid is None:
            return None
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def pin(self, core: int) -> None:
        """Run every thread of the target on ``core``."""
        if self.pid is None:
            return
        for tid in os.listdir(f"/proc/{self.pid}/task"):
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(tid), {core})

    # ------------------------------------------------------------- stopping

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def stored_answer_ids(self) -> set[str] | None:
        """The answer ids in the target's database (read after it stopped); ``None`` for a remote host."""
        if self.data_dir is None:
            return None
        name = "baseline.db" if self.kind == "baseline" else "partyhost.db"
        conn = sqlite3.connect(f"{(self.data_dir / name).resolve().as_uri()}?mode=ro", uri=True)
        try:
            if self.kind == "baseline":
                return {row[0] for row in conn.execute("SELECT id FROM answers")}
            rows = conn.execute("SELECT data FROM events WHERE type = 'answer_recorded'")
            return {json.loads(row[0])["answer_id"] for row in rows}
        finally:
            conn.close()


def _message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", body))
    return str(body)


def _stat_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(kind: str, data_dir: Path, *, players: int, core: int | None = None) -> Target:
    """Start the product host or the baseline as a separate process and wait until it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if kind == "product":
        command = [
            *("-m", "partyhost", "serve", "--no-browser", "--no-mdns", "--host", "127.0.0.1", "--port", "0"),
            *("--data", str(data_dir), "--max-connections", str(max(10_000, players + 100))),
        ]
    else:
        command = ["-m", "partyhost.bench.baseline", "--port", "0", "--data", str(data_dir)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in list(env):
        if name.startswith("PARTYHOST_"):
            del env[name]  # the bench decides how its host runs
    process = subprocess.Popen(
        [sys.executable, *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    if core is not None:
        os.sched_setaffinity(process.pid, {core})
    assert process.stdout is not None
    lines: list[str] = []
    url = ""
    for line in process.stdout:
        lines.append(line)
        match = _URL_LINE[kind].search(line)
        if match:
            url = match.group(1)
            break
    if not url:
        process.wait()
        raise BenchError(f"the {kind} server did not start:\n" + "".join(lines))
    stdout = process.stdout
    threading.Thread(target=lambda: lines.extend(stdout), daemon=True).start()
    target = Target(kind, url, pid=process.pid, process=process, data_dir=data_dir, output=lines)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            status, _ = target.request("GET", "/api/health", timeout=5)
            if status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            target.stop()
            raise BenchError(f"the {kind} server never answered /api/health:\n" + "".join(lines))
        time.sleep(0.05)  # a starting server, polled with a deadline
    if core is not None:
        target.pin(core)  # threads started since (the writer) too
    return target
