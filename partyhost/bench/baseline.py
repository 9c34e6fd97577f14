"""The baseline: the host's stack with no game logic, to tell the stack's cost from partyhost's.

A Starlette WebSocket endpoint on uvicorn, with the same uvicorn settings as
``partyhost serve`` (``server.uvicorn_config``: no per-message deflate, the
same size limit and keep-alive) and the same cycle collector settings. It
speaks just enough of the protocol for the load generator: ``join`` is stored
(a group-committed insert) and answered with ``welcome`` and a prebuilt
``state``; a host ``command`` moves a phase counter and sends every connection
one prebuilt frame of the same shape and size as a phone's view; an ``answer``
is inserted by the same kind of group-commit writer (``synchronous=FULL``) and
acknowledged after its commit.

There is no validation, no per-phone view, no rate limit and no protection
from a slow phone (the broadcast awaits each send in turn): this is the floor
the stack sets on this machine, not a server to copy.

Run as ``python -m partyhost.bench.baseline --port 0 --data DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import queue
import secrets
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from partyhost.bench.pack import OPTIONS

CODE = "BASE"
Job = tuple[str, tuple[Any, ...], asyncio.AbstractEventLoop, asyncio.Future[None]]


def _encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


class GroupCommit:
    """One thread owns the write connection; every insert waiting is written in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.commits = 0
        self.batches = 0
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="baseline-writer", daemon=True)

    def start(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS seats (id TEXT PRIMARY KEY, nickname TEXT, token TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, player TEXT, question INT, choice TEXT)")
        conn.close()
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    async def insert(self, sql: str, params: tuple[Any, ...]) -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((sql, params, loop, future))
        await future

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                jobs = [first]
                stop = False
                while True:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stop = True
                        break
                    jobs.append(more)
                conn.execute("BEGIN IMMEDIATE")
                for sql, params, _, _ in jobs:
                    conn.execute(sql, params)
                conn.execute("COMMIT")
                self.commits += 1
                self.batches += len(jobs)
                # One wake-up of the loop per commit, not one per insert.
                with contextlib.suppress(RuntimeError):
                    jobs[0][2].call_soon_threadsafe(_settle, [job[3] for job in jobs])
                if stop:
                    return
        finally:
            conn.close()


def _settle(futures: list[asyncio.Future[None]]) -> None:
    for future in futures:
        if not future.done():
            future.set_result(None)


class Frames:
    """The prebuilt views: one frame per phase, the shape and size of what a phone gets."""

    def __init__(self, base_url: str, questions: int = 500) -> None:
        self.base_url = base_url
        self.questions = questions

    def state(self, phase: str, index: int, players: int) -> str:
        room = {
            "code": CODE,
            "title": "Bench",
            "phase": phase,
            "paused": False,
            "locked": False,
            "players": players,
            "question_count": self.questions,
            "join_url": f"{self.base_url}/join/{CODE}",
        }
        frame: dict[str, Any] = {"type": "state", "role": "player", "room": room}
        if phase in ("question", "reveal"):
            frame["question"] = {
                "index": index,
                "number": index + 1,
                "type": "single",
                "text": f"Question {index + 1}: which planet of the solar system is described by the option below?",
                "options": list(OPTIONS),
                "time_limit_ms": 300000,
                "remaining_ms": 299000,
                "answered": 0 if phase == "question" else players,
            }
        if phase == "reveal":
            frame["reveal"] = {
                "index": index,
                "answered": players,
                "correct": [index % 4],
                "counts": [players, 0, 0, 0],
            }
        if phase == "leaderboard":
            frame["leaderboard"] = [
                {"rank": 1, "nickname": f"p{i:05d}", "score": 1000, "correct": 1} for i in range(10)
            ]
        result = (
            {"question": index, "correct": True, "points": 1000, "streak_bonus": 0} if phase != "question" else None
        )
        frame["me"] = {"id": "p1", "nickname": "p00001", "score": 1000, "rank": 1, "streak": 1, "answer": None,
                       "result": result}  # fmt: skip
        return _encode(frame)


class Baseline:
    def __init__(self, data_dir: Path, base_url: str) -> None:
        self.writer = GroupCommit(data_dir / "baseline.db")
        self.frames = Frames(base_url)
        self.clients: set[WebSocket] = set()
        self.players = 0
        self.phase = "lobby"
        self.index = -1
        self.current = self.frames.state("lobby", -1, 0)

    def advance(self, action: str) -> None:
        if action in ("start", "next") and self.phase in ("lobby", "leaderboard"):
            self.phase, self.index = "question", self.index + 1
        elif action == "next" and self.phase == "reveal":
            self.phase = "leaderboard"
        elif action == "reveal" and self.phase == "question":
            self.phase = "reveal"
        self.current = self.frames.state(self.phase, self.index, self.players)

    async def broadcast(self, frame: str) -> None:
        for client in list(self.clients):
            try:
                await client.send_text(frame)
            except Exception:  # noqa: BLE001 - a phone that left only leaves
                self.clients.discard(client)


async def endpoint(websocket: WebSocket) -> None:
    bench: Baseline = websocket.app.state.baseline
    await websocket.accept()
    bench.clients.add(websocket)
    player = ""
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                continue
            frame = json.loads(text)
            kind = frame.get("type")
            if kind == "answer":
                choice = frame["choice"]
                sql = "INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?)"
                await bench.writer.insert(sql, (frame["id"], player, frame["question"], json.dumps(choice)))
                ack = {"type": "ack", "id": frame["id"], "status": "accepted", "question": frame["question"],
                       "choice": choice, "elapsed_ms": 0}  # fmt: skip
                await websocket.send_text(_encode(ack))
            elif kind == "join":
                bench.players += 1
                player, token = f"p{bench.players}", secrets.token_urlsafe(24)
                await bench.writer.insert("INSERT INTO seats VALUES (?, ?, ?)", (player, frame["nickname"], token))
                seat = {"id": player, "nickname": frame["nickname"], "token": token}
                await websocket.send_text(_encode({"type": "welcome", "role": "player", "room": CODE, "player": seat}))
                await websocket.send_text(bench.current)
            elif kind in ("watch", "host"):
                role = "screen" if kind == "watch" else "host"
                await websocket.send_text(_encode({"type": "welcome", "role": role, "room": CODE}))
                await websocket.send_text(bench.current)
            elif kind == "command":
                bench.advance(frame.get("action", ""))
                await bench.broadcast(bench.current)
            elif kind == "ping":
                await websocket.send_text(_encode({"type": "pong", "t": frame.get("t")}))
    finally:
        bench.clients.discard(websocket)


async def health(request: Request) -> JSONResponse:
    writer = request.app.state.baseline.writer
    return JSONResponse({"status": "ok", "writer": {"commits": writer.commits, "batches": writer.batches}})


async def created_pack(request: Request) -> JSONResponse:
    return JSONResponse({"pack": {"id": "bench"}}, status_code=201)


async def created_room(request: Request) -> JSONResponse:
    return JSONResponse({"room": {"code": CODE, "title": "Bench"}}, status_code=201)


def create_app(data_dir: Path, base_url: str) -> Starlette:
    bench = Baseline(data_dir, base_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        bench.writer.start()
        try:
            yield
        finally:
            bench.writer.stop()

    routes = [
        Route("/api/health", health),
        Route("/api/packs", created_pack, methods=["POST"]),
        Route("/api/rooms", created_room, methods=["POST"]),
        WebSocketRoute("/ws", endpoint),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.baseline = bench
    return app


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    from partyhost.limits import collect_cycles_rarely, raise_open_files
    from partyhost.server import bind, uvicorn_config

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args(argv)
    raise_open_files(65536)
    collect_cycles_rarely()  # as partyhost serve does
    args.data.mkdir(parents=True, exist_ok=True)
    bound = bind("127.0.0.1", args.port)
    url = f"http://127.0.0.1:{bound.port}"
    server = uvicorn.Server(uvicorn_config(create_app(args.data, url)))
    print(f"Baseline listening on {url}", flush=True)
    asyncio.run(server.serve(sockets=[bound.sock]))


if __name__ == "__main__":
    main()
