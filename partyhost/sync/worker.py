"""The delivery loops: one per target (the cloud, the webhook), in the host's event loop.

Each loop sleeps until there is something to send and it is due, then drains
its queue in order. A failure that may pass (no network, a refused connection,
a timeout, a 5xx, 429) schedules the next try with full-jitter backoff,
``uniform(0, min(cap, 2 ** failures))`` seconds, never sooner than the
receiver's ``Retry-After``; the failure count, the next try and the last error
are stored in ``sync_state``, so a restart carries on where it was. "Sync now"
makes the next try due at once.

HTTP goes through one ``httpx.AsyncClient``: requests are coroutines, so
stopping the host cancels a push in flight at once instead of waiting for a
blocked socket in a thread, and the timeouts are per phase.

An item is marked delivered only from the receiver's acknowledgement. The host
may die at any moment: what was sent but not recorded is sent again, and the
receiver acknowledges it as a duplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from partyhost.cloud import signing
from partyhost.store.db import Database
from partyhost.store.writer import Statement, StorageError, Writer
from partyhost.sync import outbox, push, webhook
from partyhost.sync.outbox import CLOUD, WEBHOOK
from partyhost.sync.settings import SyncSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

#: the first backoff window is 2 s, then 4, 8 … up to the cap (``--sync-max-wait``)
BACKOFF_BASE = 1.0
#: answers to the same push that may each legitimately undo the last (a receiver that lost data)
MAX_REWINDS = 3


def backoff(failures: int, cap: float, rng: random.Random) -> float:
    """Full jitter: a uniform wait up to the exponential window, capped."""
    return rng.uniform(0.0, min(cap, BACKOFF_BASE * 2 ** min(failures, 32)))


@dataclass
class Lane:
    """One target's delivery state; ``failures``, ``next_try_at`` and the errors are also in SQLite."""

    target: str
    failures: int = 0
    #: wall-clock seconds of the next try after a failure; ``None``: due now
    next_try_at: float | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    last_success_at: float | None = None
    #: a delivery is running now
    busy: bool = False
    #: bytes acknowledged and to send in the running delivery
    progress: dict[str, int] | None = None
    #: whether the queue may hold something (cleared when a drain finds it empty)
    maybe_pending: bool = True
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    def load(self, row: dict[str, Any]) -> None:
        self.failures = int(row.get("failures") or 0)
        self.next_try_at = _seconds(row.get("next_try_at"))
        self.last_error = row.get("last_error")
        self.last_error_at = _seconds(row.get("last_error_at"))
        self.last_success_at = _seconds(row.get("last_success_at"))

    def snapshot(self) -> dict[str, Any]:
        return {
            "busy": self.busy,
            "progress": dict(self.progress) if self.progress else None,
            "failures": self.failures,
            "next_try_at": _ms(self.next_try_at),
            "last_error": self.last_error,
            "last_error_at": _ms(self.last_error_at),
            "last_success_at": _ms(self.last_success_at),
        }


class Worker:
    def __init__(
        self,
        db: Database,
        writer: Writer,
        settings: Callable[[], SyncSettings],
        host_id: str,
        host_name: str,
        *,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.writer = writer
        self.settings = settings
        self.host_id = host_id
        self.host_name = host_name
        self.rng = rng or random.Random()
        self.clock = clock
        self.lanes = {CLOUD: Lane(CLOUD), WEBHOOK: Lane(WEBHOOK)}
        #: seconds to add to this laptop's clock to get the receiver's (learnt from a skew refusal)
        self.clock_offset = 0.0
        self.budget = push.DEFAULT_BUDGET
        self._client: httpx.AsyncClient | None = None

    # --------------------------------------------------------------- lifecycle

    async def load(self) -> None:
        for target, lane in self.lanes.items():
            lane.load(await self._read(functools.partial(outbox.lane, target=target)))

    async def start(self) -> None:
        await self.load()
        for lane in self.lanes.values():
            lane.task = asyncio.get_running_loop().create_task(self._loop(lane), name=f"partyhost-sync-{lane.target}")

    async def stop(self) -> None:
        tasks = [lane.task for lane in self.lanes.values() if lane.task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def poke(self) -> None:
        """Something was queued: the loops look at their queues (a backoff still holds)."""
        for lane in self.lanes.values():
            lane.maybe_pending = True
            lane.wake.set()

    async def sync_now(self) -> None:
        """Try every target now, whatever the backoff said."""
        statements = [outbox.lane_due_now(target) for target in self.lanes]
        await self.writer.execute(statements)
        for lane in self.lanes.values():
            lane.next_try_at = None
            lane.maybe_pending = True
            lane.wake.set()

    async def drain_once(self) -> None:
        """Deliver what can be delivered now, once per target (``partyhost sync now`` without a host)."""
        await self.load()
        for lane in self.lanes.values():
            await self._drain(lane)

    # ------------------------------------------------------------------ loops

    async def _loop(self, lane: Lane) -> None:
        while True:
            wait = self._wait(lane)
            if wait is None or wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lane.wake.wait(), wait)
            lane.wake.clear()
            if self._wait(lane) == 0:
                try:
                    await self._drain(lane)
                except StorageError as exc:  # the disk refused the bookkeeping: try again later
                    log.warning("sync %s: could not record delivery state: %s", lane.target, exc)
                    await asyncio.sleep(1)
                except Exception:
                    log.exception("sync %s: fault while delivering", lane.target)
                    await asyncio.sleep(1)

    def _wait(self, lane: Lane) -> float | None:
        """Seconds until ``lane`` should run: 0 now, ``None`` not until something wakes it."""
        if not self._configured(lane.target) or not lane.maybe_pending:
            return None
        if lane.next_try_at is None:
            return 0.0
        # At most the longest Retry-After taken, also after the wall clock jumped back.
        return min(max(0.0, lane.next_try_at - self.clock()), push.MAX_RETRY_AFTER)

    def _configured(self, target: str) -> bool:
        settings = self.settings()
        return settings.cloud if target == CLOUD else settings.notify

    async def _drain(self, lane: Lane) -> None:
        if not self._configured(lane.target):
            return
        lane.busy = True
        try:
            if lane.target == CLOUD:
                await self._drain_cloud(lane)
            else:
                await self._drain_webhook(lane)
        finally:
            lane.busy = False
            lane.progress = None

    # ------------------------------------------------------------------ cloud

    async def _drain_cloud(self, lane: Lane) -> None:
        settings = self.settings()
        assert settings.key is not None
        progress = {"done": 0, "total": 0}
        lane.progress = progress
        may_fix_clock = True
        rewinds = 0
        delivered = False
        while True:
            # Results queued while this runs join it: the bar measures what is left plus what went.
            progress["total"] = progress["done"] + await self._read(lambda conn: outbox.remaining_bytes(conn, CLOUD))
            items = await self._read(lambda conn: outbox.pending(conn, CLOUD, limit=push.MAX_ITEMS, chunk=self.budget))
            if not items:
                lane.maybe_pending = False
                await self._succeeded(lane, delivered)
                return
            pieces = push.plan(items, self.budget)
            content = push.body(self.host_id, self.host_name, pieces)
            await self.writer.execute([outbox.attempted([p.item.id for p in pieces])])
            headers = signing.sign(
                settings.key, "POST", settings.push_path, content, now=self.clock() + self.clock_offset
            )
            headers["Content-Type"] = "application/json"
            try:
                response = await self._http().post(
                    settings.push_url, content=content, headers=headers, timeout=_timeout(settings)
                )
            except httpx.HTTPError as exc:
                await self._failed(lane, _transport_message(settings.cloud_url, exc))
                return
            reply = push.interpret(response.status_code, _lower(response.headers), response.content)
            if reply.kind == "acked":
                progress["done"] += await self._record(pieces, reply.statuses)
                delivered = True
                continue
            if reply.kind == "gap" and reply.high_water is not None and rewinds < MAX_REWINDS:
                rewinds += 1
                log.warning("sync: the cloud holds up to seq %d; sending again from there", reply.high_water)
                await self.writer.execute([outbox.rewind(reply.high_water)])
                continue
            if reply.kind in ("bad_item", "conflict") and reply.seq is not None:
                before = [s for s in reply.statuses if s.get("seq") != reply.seq]
                if reply.kind == "conflict":
                    earlier = [p.item.seq for p in pieces if (p.item.seq or 0) < reply.seq]
                    before = [{"seq": seq, "status": "duplicate"} for seq in earlier]
                progress["done"] += await self._record(pieces, before)
                bad = next((p.item for p in pieces if p.item.seq == reply.seq), None)
                if bad is not None:
                    log.warning("sync: the cloud refused seq %d for good: %s", reply.seq, reply.message)
                    await self.writer.execute([outbox.failed(bad.id, reply.message)])
                    continue
            if reply.kind == "skew" and reply.server_time is not None and may_fix_clock:
                may_fix_clock = False
                self.clock_offset = reply.server_time - self.clock()
                log.warning("sync: the cloud's clock is %+.0f s from this laptop's; using its time", self.clock_offset)
                continue
            if reply.kind == "too_large" and self.budget > push.MIN_BUDGET:
                limit = reply.max_bytes or self.budget
                # base64 is 4 bytes for 3; leave room for the envelope
                self.budget = max(push.MIN_BUDGET, min(self.budget // 2, (limit - 1024) * 3 // 4))
                continue
            await self._failed(lane, reply.message or f"the cloud answered {response.status_code}", reply.retry_after)
            return

    async def _record(self, pieces: list[push.Piece], statuses: list[dict[str, Any]]) -> int:
        """Store what the receiver acknowledged; returns the bytes newly acknowledged."""
        by_seq = {s.get("seq"): s for s in statuses}
        now_ms = int(self.clock() * 1000)
        statements: list[Statement] = []
        gained = 0
        for piece in pieces:
            item = piece.item
            status = by_seq.get(item.seq, {})
            kind = status.get("status")
            if kind in ("stored", "duplicate", "withdrawn"):
                withdrawn = kind == "withdrawn" or (item.kind == "withdrawn" and kind != "duplicate")
                statements.append(outbox.delivered(item.id, now_ms, withdrawn=withdrawn))
                gained += item.size - item.sent
            elif kind == "partial" and isinstance(status.get("received"), int):
                received = max(0, min(int(status["received"]), item.size))
                statements.append(outbox.progressed(item.id, received))
                gained += max(0, received - item.sent)
        if statements:
            await self.writer.execute(statements)
        return gained

    # ---------------------------------------------------------------- webhook

    async def _drain_webhook(self, lane: Lane) -> None:
        settings = self.settings()
        delivered = False
        while True:
            items = await self._read(lambda conn: outbox.pending(conn, WEBHOOK, limit=1, chunk=1 << 20))
            if not items:
                lane.maybe_pending = False
                await self._succeeded(lane, delivered)
                return
            item = items[0]
            payload = webhook.message(json.loads(item.chunk), settings.webhook_format())
            await self.writer.execute([outbox.attempted([item.id])])
            try:
                response = await self._http().post(settings.notify_url, json=payload, timeout=_timeout(settings))
            except httpx.HTTPError as exc:
                await self._failed(lane, _transport_message("the webhook", exc))
                return
            status = response.status_code
            if 200 <= status < 300:
                await self.writer.execute([outbox.delivered(item.id, int(self.clock() * 1000))])
                delivered = True
                continue
            text = response.text.strip().replace("\n", " ")[:200]
            if status in (408, 429) or status >= 500:
                retry_after = push.interpret(status, _lower(response.headers), b"").retry_after
                await self._failed(lane, f"the webhook answered {status}: {text}", retry_after)
                return
            await self.writer.execute([outbox.failed(item.id, f"the webhook refused the message ({status}): {text}")])

    # ----------------------------------------------------------------- shared

    async def _succeeded(self, lane: Lane, delivered: bool) -> None:
        """The queue is empty: the backoff is over; ``delivered``: something went in this drain."""
        now = self.clock()
        if lane.failures or lane.next_try_at is not None or delivered:
            await self.writer.execute([outbox.lane_ok(lane.target, int(now * 1000) if delivered else None)])
        lane.failures = 0
        lane.next_try_at = None
        if delivered:
            lane.last_success_at = now

    async def _failed(self, lane: Lane, message: str, retry_after: float | None = None) -> None:
        now = self.clock()
        lane.failures += 1
        delay = backoff(lane.failures, self.settings().max_wait, self.rng)
        if retry_after is not None:
            delay = max(delay, retry_after)
        lane.next_try_at = now + delay
        # The first failure (or a new kind of failure) is worth a line in the terminal; the rest of a
        # long time offline is not.
        level = logging.WARNING if lane.failures == 1 or message != lane.last_error else logging.INFO
        log.log(level, "sync %s: %s; next try in %.1f s", lane.target, message, delay)
        lane.last_error = message
        lane.last_error_at = now
        await self.writer.execute(
            [outbox.lane_failed(lane.target, lane.failures, int(lane.next_try_at * 1000), message, int(now * 1000))]
        )

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def _read(self, query: Callable[[Any], T]) -> T:
        def run() -> T:
            conn = self.db.reader()
            try:
                return query(conn)
            finally:
                conn.close()

        return await asyncio.to_thread(run)


def _timeout(settings: SyncSettings) -> httpx.Timeout:
    return httpx.Timeout(settings.timeout, connect=min(settings.timeout, 10.0))


def _transport_message(where: str, exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"{where} did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot reach {where} ({_reason(exc)})"
    return f"the connection to {where} broke ({_reason(exc)})"


def _reason(exc: BaseException) -> str:
    """The operating system's words for a failed connection ("Connection refused"), if it gave any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno:
            return os.strerror(seen.errno)
        seen = seen.__cause__ or seen.__context__
    text = str(exc) or type(exc).__name__
    return text.split("] ", 1)[-1][:160]


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _seconds(ms: Any) -> float | None:
    return None if ms is None else float(ms) / 1000


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else int(seconds * 1000)
