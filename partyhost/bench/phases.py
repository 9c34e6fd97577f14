"""The phases of one bench run against one target, and what each measured.

1. **join storm**: every phone connects and sends ``join`` at once; a join is
   accepted when its ``welcome`` arrives (latency from the start of its connection);
2. for each question:
   - **fan-out**: the bench's host connection sends ``start`` (or ``next``); latency
     until each phone has the ``state`` showing that question;
   - **answer burst**: every phone answers at once; latency from each send to its
     ``ack`` (which the host sends only once the answer is committed);
   - **scores**: the host sends ``reveal``; latency until each phone has the closed
     question with its own score and rank (``me.result``, ``me.rank``);
   - **leaderboard**: the host sends ``next``; latency until each phone has the leaderboard.

One extra player joins before the storm and never answers, so a question closes
when the host says so (``reveal``), not by itself at the last answer: the scores
phase then starts from a moment the bench knows.

Around each phase the target's CPU time is read (once it has gone quiet again)
and divided by the phones that received something: server CPU per recipient.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from partyhost.bench.phone import Phone
from partyhost.bench.target import BenchError, Target

#: how long the target must have used no CPU for a phase to count as over
QUIET_SECONDS = 0.03
#: a pause between phases, so the host's broadcast coalescing (50 ms) starts from rest
PAUSE_SECONDS = 0.25

Match = Callable[[Phone, dict[str, Any]], "bool | str | None"]


class Wait:
    """Listens to many phones until each has seen what ``match`` wants, or failed.

    ``match`` returns ``True`` (arrived), a string (failed, and why) or ``None`` (not yet).
    """

    def __init__(self, expected: int, match: Match) -> None:
        self.expected = expected
        self.match = match
        self.arrived: dict[int, float] = {}
        self.failed: dict[int, str] = {}
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if expected == 0:
            self.done.set_result(None)

    def __call__(self, phone: Phone, now: float, message: dict[str, Any]) -> None:
        index = phone.index
        if index in self.arrived or index in self.failed:
            return
        if message.get("type") == "_closed":
            self.fail(index, f"closed ({message.get('code')})")
            return
        verdict = self.match(phone, message)
        if verdict is True:
            self.arrived[index] = now
            self._check()
        elif isinstance(verdict, str):
            self.fail(index, verdict)

    def fail(self, index: int, reason: str) -> None:
        if index not in self.arrived and index not in self.failed:
            self.failed[index] = reason
            self._check()

    def _check(self) -> None:
        if len(self.arrived) + len(self.failed) >= self.expected and not self.done.done():
            self.done.set_result(None)

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self.done), timeout)


@dataclass
class Phase:
    """What one phase measured."""

    name: str
    recipients: int
    #: seconds from each phone's start (its connect, its send or the host's command) to arrival
    latencies: list[float] = field(default_factory=list)
    #: seconds from the first start to the last arrival
    span: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)
    server_cpu: float | None = None
    generator_cpu: float = 0.0
    wall: float = 0.0
    commits: int | None = None


@dataclass
class Run:
    """Everything one run against one target measured."""

    kind: str
    players: int
    questions: int
    phases: list[Phase] = field(default_factory=list)
    rss_before_kb: int | None = None
    rss_after_kb: int | None = None
    connected_at_end: int = 0
    missed_questions: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    unacked: int = 0
    lost: int | None = None
    joined: int = 0
    #: frames a phone received over the whole run, on average, and frames the screen received
    frames_per_phone: float = 0.0
    screen_frames: int = 0


class Session:
    """Drives one run: phones, the bench's host and screen connections, and the phases."""

    def __init__(
        self,
        target: Target,
        *,
        players: int,
        questions: int,
        room: str,
        timeout: float = 60.0,
        hold: float = 0.0,
        tag: str = "b",
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.target = target
        self.players = players
        self.questions = questions
        self.room = room
        self.timeout = timeout
        self.hold = hold
        self.tag = tag
        self.log = log or (lambda line: print(line, file=sys.stderr))
        self.phones: list[Phone] = []
        self.host: Phone | None = None
        self.screen: Phone | None = None
        self.idle: Phone | None = None
        self.host_errors: list[dict[str, Any]] = []
        self.run = Run(target.kind, players, questions)

    def _phone(self, index: int) -> Phone:
        return Phone(index, self.target.host, self.target.port)

    # ------------------------------------------------------------------ run

    async def play(self) -> Run:
        try:
            await self._control()
            await self.join_storm()
            if self.hold:
                self.log(f"  holding {self.players} phones for {self.hold:g} s")
                await asyncio.sleep(self.hold)
            joined = [p for p in self.phones if p.token]
            for index in range(self.questions):
                await self.fan_out(joined, index)
                await self.answer_burst(joined, index)
                await self.scores(joined, index)
                await self.leaderboard(joined, index)
            self.run.connected_at_end = sum(1 for p in joined if not p.closed)
            self.run.missed_questions = sum(1 for p in joined if not set(range(self.questions)) <= p.questions)
            self.run.frames_per_phone = sum(p.frames for p in joined) / max(1, len(joined))
            self.run.screen_frames = self.screen.frames if self.screen is not None else 0
        finally:
            for phone in [*self.phones, self.host, self.screen, self.idle]:
                if phone is not None:
                    phone.close()
        return self.run

    async def _control(self) -> None:
        """The bench's own connections: the host (to drive the game), a screen, and one idle player."""
        self.host, self.screen, self.idle = self._phone(-1), self._phone(-2), self._phone(-3)
        for phone in (self.host, self.screen, self.idle):
            await phone.connect(self.timeout)
        hello = Wait(3, _welcome)
        for phone in (self.host, self.screen, self.idle):
            phone.listener = hello
        self.host.send({"type": "host", "room": self.room, "key": self.target.key or None})
        self.screen.send({"type": "watch", "room": self.room})
        self.idle.send({"type": "join", "room": self.room, "nickname": f"{self.tag}-idle"})
        await hello.wait(self.timeout)
        if hello.failed or len(hello.arrived) < 3:
            raise BenchError(f"could not take control of room {self.room}: {hello.failed or 'no answer'}")
        self.host.listener = self._host_frame
        self.screen.listener = self.idle.listener = None

    def _host_frame(self, phone: Phone, now: float, message: dict[str, Any]) -> None:
        if message.get("type") == "error":
            self.host_errors.append(message)

    # --------------------------------------------------------------- phases

    async def join_storm(self) -> None:
        self.phones = [self._phone(i) for i in range(self.players)]
        started: dict[int, float] = {}

        def welcomed(phone: Phone, message: dict[str, Any]) -> bool | str | None:
            return _welcome(phone, message)

        wait = Wait(self.players, welcomed)

        async def join(phone: Phone) -> None:
            started[phone.index] = time.perf_counter()
            phone.listener = wait
            try:
                await phone.connect(self.timeout)
            except (OSError, TimeoutError, ConnectionError) as exc:
                wait.fail(phone.index, f"connect: {type(exc).__name__}")
                return
            phone.send({"type": "join", "room": self.room, "nickname": f"{self.tag}{phone.index:05d}"})

        self.run.rss_before_kb = self.target.rss_kb()
        phase = await self._measure(
            "join", self.players, wait, lambda: asyncio.gather(*(join(p) for p in self.phones)), started
        )
        self.run.joined = len(wait.arrived)
        self.run.rss_after_kb = self.target.rss_kb()
        for phone in self.phones:
            phone.listener = None
        self.log(f"  join storm: {len(wait.arrived)}/{self.players} joined in {phase.span * 1000:.0f} ms")

    async def fan_out(self, phones: list[Phone], index: int) -> None:
        def shown(phone: Phone, m: dict[str, Any]) -> bool | None:
            room, question = m.get("room") or {}, m.get("question") or {}
            return True if m.get("type") == "state" and room.get("phase") == "question" and (
                question.get("index") == index) else None  # fmt: skip

        await self._command(phones, "fan-out", "start" if index == 0 else "next", shown)

    async def answer_burst(self, phones: list[Phone], index: int) -> None:
        sent: dict[int, float] = {}
        ids = {p.index: f"{self.tag}q{index}p{p.index:05d}" for p in phones}

        def acked(phone: Phone, m: dict[str, Any]) -> bool | str | None:
            kind = m.get("type")
            if kind == "ack" and m.get("id") == ids[phone.index]:
                return True if m.get("status") in ("accepted", "duplicate") else f"ack {m.get('status')}"
            if kind == "error" and m.get("ref") == ids[phone.index]:
                return str((m.get("error") or {}).get("code", "error"))
            return None

        wait = Wait(len(phones), acked)

        def burst() -> None:
            for phone in phones:
                phone.listener = wait
            for phone in phones:
                sent[phone.index] = time.perf_counter()
                choice = [phone.index % max(1, phone.options)]
                phone.send({"type": "answer", "id": ids[phone.index], "question": index, "choice": choice})

        before = self.target.writer_stats()
        phase = await self._measure("answers", len(phones), wait, burst, sent)
        after = self.target.writer_stats()
        if before is not None and after is not None:
            phase.commits = after["commits"] - before["commits"]
        for phone in phones:
            if phone.index in wait.arrived:
                self.run.acked[ids[phone.index]] = index
        self.run.unacked += len(phones) - len(wait.arrived)

    async def scores(self, phones: list[Phone], index: int) -> None:
        def scored(phone: Phone, m: dict[str, Any]) -> bool | None:
            if m.get("type") != "state" or (m.get("room") or {}).get("phase") != "reveal":
                return None
            me = m.get("me") or {}
            return True if (m.get("reveal") or {}).get("index") == index and me.get("rank") is not None else None

        await self._command(phones, "scores", "reveal", scored)

    async def leaderboard(self, phones: list[Phone], index: int) -> None:
        def ranked(phone: Phone, m: dict[str, Any]) -> bool | None:
            room = m.get("room") or {}
            return True if m.get("type") == "state" and room.get("phase") == "leaderboard" and m.get(
                "leaderboard") is not None else None  # fmt: skip

        await self._command(phones, "leaderboard", "next", ranked)

    # -------------------------------------------------------------- helpers

    async def _command(self, phones: list[Phone], name: str, action: str, match: Match) -> None:
        assert self.host is not None
        wait = Wait(len(phones), match)
        sent: dict[int, float] = {}
        host = self.host
        errors = len(self.host_errors)

        def send() -> None:
            for phone in phones:
                phone.listener = wait
            t = time.perf_counter()
            host.send({"type": "command", "action": action})
            for phone in phones:
                sent[phone.index] = t

        await self._measure(name, len(phones), wait, send, sent)
        if len(self.host_errors) > errors:
            raise BenchError(f"the host refused {action!r}: {self.host_errors[-1]}")

    async def _measure(
        self, name: str, recipients: int, wait: Wait, start: Callable[[], Any], started: dict[int, float]
    ) -> Phase:
        await asyncio.sleep(PAUSE_SECONDS)
        await self._quiet()
        cpu0, gen0, wall0 = self.target.cpu_seconds(), time.process_time(), time.perf_counter()
        result = start()
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            await result
        await wait.wait(self.timeout)
        wall1, gen1 = time.perf_counter(), time.process_time()
        await self._quiet()
        cpu1 = self.target.cpu_seconds()
        phase = Phase(name, recipients)
        phase.wall = wall1 - wall0
        phase.generator_cpu = gen1 - gen0
        if cpu0 is not None and cpu1 is not None:
            phase.server_cpu = cpu1 - cpu0
        phase.latencies = [wait.arrived[i] - started[i] for i in wait.arrived]
        if wait.arrived:
            phase.span = max(wait.arrived.values()) - min(started.values())
        missing = recipients - len(wait.arrived) - len(wait.failed)
        for reason in wait.failed.values():
            phase.failures[reason] = phase.failures.get(reason, 0) + 1
        if missing:
            phase.failures["timeout"] = missing
        self.run.phases.append(phase)
        return phase

    async def _quiet(self) -> None:
        """Wait until the target has used no CPU for a moment (at most a second)."""
        last = self.target.cpu_seconds()
        if last is None:
            return
        deadline = time.perf_counter() + 1.0
        while time.perf_counter() < deadline:
            await asyncio.sleep(QUIET_SECONDS)
            now = self.target.cpu_seconds()
            if now is None or now - last < 0.0005:
                return
            last = now


def _welcome(phone: Phone, message: dict[str, Any]) -> bool | str | None:
    kind = message.get("type")
    if kind == "welcome":
        seat = message.get("player") or {}
        phone.token, phone.player_id = seat.get("token", ""), seat.get("id", "")
        if phone.index >= 0 and not phone.token:
            return "welcome without a seat"
        return True
    if kind == "error":
        return str((message.get("error") or {}).get("code", "error"))
    return None
