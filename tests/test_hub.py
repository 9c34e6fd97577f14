"""The hub's connections: a frame goes out at once, and a phone that stops reading holds up no one.

A send that has to wait (a phone whose socket buffer is full) is played here by
a send that waits on an event the test controls.
"""

from __future__ import annotations

import asyncio

from partyhost.hub import Client


class Phone:
    """A connection's two ends as the hub sees them: its send and its close."""

    def __init__(self, *, stuck: bool = False, broken: bool = False) -> None:
        self.frames: list[str] = []
        self.closed_with: list[int] = []
        self.reading = asyncio.Event()
        if not stuck:
            self.reading.set()
        self.broken = broken
        self.got = asyncio.Event()
        self.wanted = 0
        self.close_seen = asyncio.Event()

    async def send(self, frame: str) -> None:
        await self.reading.wait()
        if self.broken:
            raise ConnectionResetError("the phone went away")
        self.frames.append(frame)
        if len(self.frames) >= self.wanted:
            self.got.set()

    async def close(self, code: int, reason: str) -> None:
        self.closed_with.append(code)
        self.close_seen.set()

    def client(self, queue_size: int = 64) -> Client:
        return Client(self.send, self.close, local=False, queue_size=queue_size)


def test_a_frame_is_written_at_once_not_by_a_task_later() -> None:
    async def run() -> None:
        phone = Phone()
        client = phone.client()
        client.send("a")
        client.send("b")
        assert phone.frames == ["a", "b"]  # before any other task could run

    asyncio.run(run())


def test_a_phone_that_stops_reading_holds_up_no_other_phone_and_gets_its_frames_in_order() -> None:
    async def run() -> None:
        slow, fast = Phone(stuck=True), Phone()
        slow_client, fast_client = slow.client(), fast.client()
        for frame in ("q1", "q2", "q3"):
            slow_client.send(frame)
            fast_client.send(frame)
        assert fast.frames == ["q1", "q2", "q3"]
        assert slow.frames == []
        slow.wanted = 3
        slow.reading.set()  # the phone reads again
        await asyncio.wait_for(slow.got.wait(), 5)
        assert slow.frames == ["q1", "q2", "q3"]
        assert not slow_client.closed

    asyncio.run(run())


def test_a_phone_too_slow_for_its_queue_is_dropped_with_1013() -> None:
    async def run() -> None:
        slow = Phone(stuck=True)
        client = slow.client(queue_size=4)
        for i in range(10):
            client.send(f"frame {i}")
        assert client.closed
        await asyncio.wait_for(slow.close_seen.wait(), 5)
        assert slow.closed_with == [1013]
        assert slow.frames == []

    asyncio.run(run())


def test_close_lets_the_queued_frames_out_first() -> None:
    async def run() -> None:
        slow = Phone(stuck=True)
        client = slow.client()
        client.send("last view")
        client.send("closing")
        client.close(1001, "host stopping")
        slow.reading.set()
        await asyncio.wait_for(client.finish(), 5)
        assert slow.frames == ["last view", "closing"]
        assert slow.closed_with == [1001]

    asyncio.run(run())


def test_a_send_that_fails_ends_only_that_client() -> None:
    async def run() -> None:
        broken = Phone(broken=True)
        client = broken.client()
        client.send("a")
        assert client.closed
        client.send("b")  # ignored: the connection is over
        assert broken.frames == []

    asyncio.run(run())
