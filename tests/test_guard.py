"""A LAN with strangers on it: foreign names and pages are refused, floods are limited."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from partyhost.guard import AllowedHosts, RateLimit, Strikes

from hosting import Host


@pytest.mark.parametrize(
    "value",
    ["127.0.0.1:8080", "localhost:8080", "192.168.1.20", "[::1]:8080", "partyhost-ab12.local", "http://10.0.0.5:8080"],
)
def test_host_names_partyhost_answers_to(value: str) -> None:
    assert AllowedHosts(["laptop"]).allows(value)


@pytest.mark.parametrize("value", ["evil.example", "evil.example:8080", "http://attacker.test", "", "laptop.evil.com"])
def test_host_names_partyhost_refuses(value: str) -> None:
    assert not AllowedHosts(["laptop"]).allows(value)


def test_the_rate_limit_allows_a_burst_then_a_steady_rate() -> None:
    bucket = RateLimit(rate=10, burst=30)
    assert all(bucket.take(0.0) for _ in range(30))
    assert not bucket.take(0.0)
    assert bucket.take(0.1)  # one frame's worth refilled in 100 ms
    assert not bucket.take(0.1)


def test_strikes_are_forgiven_over_time() -> None:
    strikes = Strikes(limit=3)
    assert not any(strikes.add(0.0) for _ in range(3))
    assert strikes.add(0.0)
    later = Strikes(limit=3)
    assert not any(later.add(float(t)) for t in range(100))  # one a second is always forgiven


def _request(host: Host, host_header: str) -> tuple[int, dict[str, object]]:
    netloc = urlsplit(host.url)
    conn = http.client.HTTPConnection(netloc.hostname or "", netloc.port, timeout=10)
    try:
        conn.request("GET", "/api/health", headers={"Host": host_header})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_a_request_for_a_foreign_host_name_is_refused(host: Host) -> None:
    status, body = _request(host, "rebound.example.com")
    assert status == 403
    assert body["error"]["code"] == "bad_host"
    assert _request(host, "127.0.0.1")[0] == 200


def test_a_websocket_from_a_foreign_page_is_refused(host: Host) -> None:
    with (
        pytest.raises(InvalidStatus) as info,
        connect(host.ws_url, origin="http://evil.example", open_timeout=10),  # type: ignore[arg-type]
    ):
        pass
    assert info.value.response.status_code == 403


def test_a_websocket_from_the_hosts_own_page_is_accepted(host: Host) -> None:
    with connect(host.ws_url, origin=host.url, open_timeout=10) as ws:  # type: ignore[arg-type]
        ws.send(json.dumps({"type": "ping", "t": 1}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong", "t": 1}


def test_a_flood_is_rate_limited_and_the_connection_still_works(host: Host) -> None:
    with connect(host.ws_url, open_timeout=10) as ws:
        for i in range(40):
            ws.send(json.dumps({"type": "ping", "t": i}))
        frames = [json.loads(ws.recv(timeout=10)) for _ in range(40)]
        limited = [f for f in frames if f["type"] == "error"]
        assert limited and all(f["error"]["code"] == "rate_limited" for f in limited)
        assert sum(1 for f in frames if f["type"] == "pong") >= 30


def test_a_connection_that_keeps_sending_bad_frames_is_closed(host: Host) -> None:
    with connect(host.ws_url, open_timeout=10) as ws:
        with pytest.raises(ConnectionClosed) as info:
            for _ in range(200):
                ws.send("not json")
                ws.recv(timeout=10)
        assert info.value.rcvd is not None and info.value.rcvd.code == 1008
