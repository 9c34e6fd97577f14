"""Jepsen-style: a flaky network, a receiver that fails, and a host killed with SIGKILL mid-push.

The receiver (on PostgreSQL, as in real use) sits behind a flaky proxy that drops, delays,
resets and hangs connections, answers 500 itself, and loses answers after the receiver has
committed. It takes small request bodies, so larger results travel in several pieces. Rooms are
played while this goes on; twice, while a push is held in flight, the host gets SIGKILL and is
started again on the same data folder. In the end the receiver holds every result exactly once,
numbered without gaps, and nothing is left pending on the host.
"""

from __future__ import annotations

import json
import random
import signal
from pathlib import Path

from cloud_support import (
    Postgres,
    cloud_flags,
    make_key,
    outbox,
    play_room,
    query,
    start_receiver,
    stored_rooms,
    wait_until,
)
from flaky_proxy import FlakyProxy, random_fates, scripted
from hosting import Host, start_host

WEIGHTS = {"pass": 0.4, "delay": 0.2, "drop": 0.08, "reset": 0.08, "error": 0.1, "lose": 0.1, "hang": 0.04}
ROUNDS = 3


def _kill_mid_push(host: Host, proxy: FlakyProxy) -> None:
    """SIGKILL the host while the proxy holds one of its pushes (so a push is surely in flight)."""
    wait_until(proxy.holding.is_set, 30, "a push held in flight", every=0.005)
    host.process.send_signal(signal.SIGKILL)
    host.process.wait()
    host.stop()


def test_every_result_arrives_once_through_a_flaky_network_and_kill_minus_nine(
    tmp_path: Path, postgres: Postgres
) -> None:
    seed = random.randrange(2**32)
    print(f"chaos test seed {seed}")
    rng = random.Random(seed)
    db_url = postgres.database()
    key = make_key(db_url, "league")
    receiver = start_receiver(db_url, "--max-push-bytes", "8192")
    # Every kind of failure once early on (in a random order), then at random.
    failures = [fate for fate in WEIGHTS if fate != "pass"]
    chaos = scripted(*rng.sample(failures, len(failures)), then=random_fates(rng, WEIGHTS))
    proxy = FlakyProxy(int(receiver.url.rsplit(":", 1)[1]), choose=chaos, delay=0.4).start()
    data = tmp_path / "data"
    flags = cloud_flags(proxy.url, key, "--sync-max-wait", "0.3", "--sync-timeout", "1.5")
    host = start_host(data, *flags)
    played: list[str] = []
    try:
        for _ in range(ROUNDS):
            played.append(play_room(host, players=12, questions=3, long_names=True))  # several pieces
            played.append(play_room(host, players=1))
            proxy.choose = lambda: "delay"  # make sure the next push is held, then kill the host under it
            _kill_mid_push(host, proxy)
            proxy.choose = chaos
            host = start_host(data, *flags)
        wait_until(
            lambda: all(r["state"] == "delivered" for r in outbox(data)), 120, f"every result delivered (seed {seed})"
        )
    finally:
        host.stop()
        proxy.stop()
        receiver.stop()

    assert stored_rooms(db_url) == played, f"seed {seed}"  # each once, in order
    seqs = [r["seq"] for r in query(db_url, "SELECT seq FROM items ORDER BY seq")]
    assert seqs == list(range(1, len(played) + 1)), f"seed {seed}"
    assert query(db_url, "SELECT COUNT(*) AS n FROM parts")[0]["n"] == 0
    rows = outbox(data)
    assert len(rows) == len(played) and all(r["state"] == "delivered" for r in rows)
    # The network really was flaky, the large results really went in pieces, and some push was resumed.
    fates = set(proxy.fates())
    assert fates == set(WEIGHTS), f"seed {seed}: {fates}"
    offsets = [item.get("offset", 0) for ex in proxy.log for item in _items(ex.request)]
    assert any(offset > 0 for offset in offsets), "no result went in pieces"


def _items(request: bytes) -> list[dict[str, object]]:
    body = request.split(b"\r\n\r\n", 1)[1]
    try:
        return list(json.loads(body)["items"])
    except (ValueError, KeyError):
        return []
