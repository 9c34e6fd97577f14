"""Real things for the cloud tests: a PostgreSQL server, receiver processes, signed requests, games.

- :class:`Postgres` runs Debian's PostgreSQL from a fresh ``initdb`` in a temporary folder, on a
  free port (as the ``postgres`` user when the tests run as root: PostgreSQL refuses root).
- :func:`start_receiver` runs ``python -m partyhost cloud`` on a free port.
- :func:`push` signs and sends a push, as a host would.
- :func:`play_room` plays a short game on a real host over WebSockets.

Nothing here sleeps to hope: :func:`wait_until` polls a condition until a deadline.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from partyhost.cloud import keys, schema, signing
from partyhost.cloud.db import Database

from support import Party, Server

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    """Poll ``condition`` until it returns something true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        threading.Event().wait(every)  # polling a condition, bounded by the deadline above


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ PostgreSQL


def postgres_bindir() -> Path | None:
    """The newest Debian PostgreSQL (``/usr/lib/postgresql/<version>/bin``), else one on the PATH."""
    found = sorted(
        (Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin") if (Path(d) / "postgres").exists()),
        key=lambda d: [int(p) for p in re.findall(r"\d+", d.parent.name)] or [0],
    )
    if found:
        return found[-1]
    for name in ("pg_ctl", "postgres"):
        path = subprocess.run(["sh", "-c", f"command -v {name}"], capture_output=True, text=True).stdout.strip()
        if path:
            return Path(path).resolve().parent
    return None


@dataclass
class Postgres:
    """A PostgreSQL server of the tests' own; :meth:`database` makes an empty database on it."""

    bindir: Path
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="partyhost-pg-")))
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    _count: int = 0

    def _as_postgres(self) -> dict[str, Any]:
        if os.geteuid() != 0:
            return {}
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(self.root, user.pw_uid, user.pw_gid)
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def start(self) -> Postgres:
        run_as = self._as_postgres()
        data = self.root / "data"
        done = subprocess.run(
            [self.bindir / "initdb", "-D", data, "-U", "partyhost", "--auth=trust", "-E", "UTF8", "--locale=C",
             "--no-sync"],
            capture_output=True, text=True, cwd=self.root, **run_as,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        self.port = free_port()
        log = open(self.root / "postgres.log", "wb")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [self.bindir / "postgres", "-D", data, "-p", str(self.port), "-k", self.root,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200"],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.root, **run_as,
        )  # fmt: skip
        log.close()
        wait_until(self._ready, 30, f"PostgreSQL to start (see {self.root / 'postgres.log'})", every=0.1)
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError("PostgreSQL exited:\n" + (self.root / "postgres.log").read_text())
        import psycopg

        try:
            psycopg.connect(self.url("postgres"), connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def url(self, name: str) -> str:
        return f"postgresql://partyhost@127.0.0.1:{self.port}/{name}"

    def database(self) -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: ends every session
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        subprocess.run(["rm", "-rf", str(self.root)], check=False)


# -------------------------------------------------------------------- receiver


@dataclass
class Receiver:
    """A ``partyhost cloud`` process."""

    process: subprocess.Popen[str]
    url: str
    db_url: str
    output: list[str] = field(default_factory=list)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    def results(self, key: signing.Key) -> list[dict[str, Any]]:
        """Every result the key's organization holds, following the pages."""
        found: list[dict[str, Any]] = []
        path: str | None = "/v1/results?limit=500"
        while path:
            response = httpx.get(self.url + path, headers={"Authorization": f"Bearer {key}"}, timeout=10)
            assert response.status_code == 200, response.text
            found += response.json()["results"]
            path = response.json()["next"]
        return found


def start_receiver(db_url: str, *extra: str, port: int = 0) -> Receiver:
    command = [sys.executable, "-m", "partyhost", "cloud", "--db", db_url, "--port", str(port), *extra]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            receiver = Receiver(process, match.group(1), db_url, lines)
            break
    else:
        process.wait()
        raise RuntimeError("partyhost cloud did not start:\n" + "".join(lines))
    threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True).start()

    def healthy() -> bool:
        try:
            return httpx.get(receiver.url + "/v1/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(healthy, 20, "the receiver to answer /v1/health")
    return receiver


def make_key(db_url: str, org: str) -> signing.Key:
    db = Database(db_url)
    try:
        schema.migrate(db)
        return keys.create(db, org)[1]
    finally:
        db.close()


def query(db_url: str, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Rows straight from the receiver's database."""
    db = Database(db_url)
    try:
        with db.read() as tx:
            return tx.all(sql, params)
    finally:
        db.close()


# ------------------------------------------------------------------ pushes


def result_document(code: str = "KQXW", players: int = 2, title: str = "Science Night") -> dict[str, Any]:
    names = [f"Player {i}" for i in range(players)]
    return {
        "format": "partyhost-result/1",
        "room": {"code": code, "title": title, "pack": "science", "phase": "ended",
                 "created_at": "2026-11-23T19:02:11.120Z", "ended_at": "2026-11-23T19:31:40.002Z",
                 "questions_asked": 1, "players": players},
        "summary": [{"rank": i + 1, "player": n, "score": 1000 - i, "correct_count": 1, "answered": 1,
                     "kicked": False} for i, n in enumerate(names)],
        "answers": [{"question_number": 1, "question": "?", "player": n, "answer": "a", "correct": True,
                     "points": 1000 - i, "streak_bonus": 0, "response_ms": 900 + i,
                     "answered_at": "2026-11-23T19:03:02.410Z"} for i, n in enumerate(names)],
    }  # fmt: skip


def item(seq: int, document: dict[str, Any] | bytes, offset: int = 0, length: int | None = None) -> dict[str, Any]:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    piece = raw[offset : None if length is None else offset + length]
    return {
        "seq": seq,
        "kind": "result",
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "offset": offset,
        "data": base64.b64encode(piece).decode(),
    }


def push(
    url: str,
    key: signing.Key,
    items: list[dict[str, Any]],
    *,
    host: str = "host-aaaa",
    body: bytes | None = None,
    now: float | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Sign and POST a push as a host would (``body`` replaces the envelope, ``now`` the clock)."""
    content = body if body is not None else json.dumps({"host": {"id": host, "name": host}, "items": items}).encode()
    signed = signing.sign(key, "POST", "/v1/push", content, now=time.time() if now is None else now)
    return httpx.post(url + "/v1/push", content=content, headers={**signed, **(headers or {})}, timeout=15)


# -------------------------------------------------------------------- games


def play_room(server: Server, players: int = 3, *, questions: int = 1, long_names: bool = False) -> str:
    """Create a room on the bundled science pack, let players join and answer ``questions`` questions, and end
    it; returns its code."""
    code = str(server.create_room("science")["code"])
    with Party(server.ws_url) as party:
        control = party.control(code)
        names = [f"Player {i:02d} with a long nickname"[:24] if long_names else f"P{i}" for i in range(players)]
        phones = [party.player(code, name) for name in names]
        if players:
            control.command("start")
            for number in range(questions):
                question = control.state("question", number)
                for i, phone in enumerate(phones):
                    ack = phone.answer(f"{code}-answer-{number}-{i:04d}", question["question"]["index"], [i % 2])
                    assert ack["type"] == "ack", ack
                control.state("reveal", number)
                if number + 1 < questions:
                    control.command("next")
                    control.state("leaderboard")
                    control.command("next")
        control.command("end")
        control.state("ended")
    return code


# -------------------------------------------------------------------- the host's side


def outbox(data_dir: Path) -> list[dict[str, Any]]:
    """The host's outbox rows (without bodies), straight from its database."""
    import sqlite3

    conn = sqlite3.connect(data_dir / "partyhost.db")
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT id, target, seq, room, kind, state, size, sent, attempts, last_error FROM outbox ORDER BY id"
        ).fetchall()
        return [dict(r) for r in rows]
    finally:
        conn.close()


def sync_status(server: Server) -> dict[str, Any]:
    status, body = server.get_json("/api/sync")
    assert status == 200, body
    return body["sync"]  # type: ignore[no-any-return]


def cloud_flags(receiver_url: str, key: signing.Key, *extra: str) -> list[str]:
    return ["--no-mdns", "--cloud-url", receiver_url, "--cloud-key", str(key), *extra]


def stored_rooms(db_url: str, host_id: str | None = None) -> list[str]:
    """The room codes the receiver holds, one entry per stored result (so a duplicate shows twice)."""
    sql = "SELECT room_code FROM results" + (" WHERE host_id = ?" if host_id else "") + " ORDER BY id"
    return [r["room_code"] for r in query(db_url, sql, (host_id,) if host_id else ())]
