"""Host powers from the LAN need the host key; the laptop itself (loopback) needs none.

The host runs in a network namespace of its own and every request comes from its LAN
address, so the server sees what it sees from a phone on the Wi-Fi: not loopback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from namespaces import Namespace, lan_namespace

from hosting import Host, start_host
from support import KEY, TRIO_PACK, Phone, trio_room

pytestmark = pytest.mark.skipif(
    shutil.which("ip") is None or os.geteuid() != 0, reason="network namespaces need root and iproute2"
)


@pytest.fixture
def lan() -> Iterator[Namespace]:
    with lan_namespace("rights") as namespace:
        yield namespace


@pytest.fixture
def host(tmp_path: Path, lan: Namespace) -> Iterator[Host]:
    running = start_host(tmp_path / "data", namespace=lan)
    yield running
    running.stop()


def host_key(data_dir: Path) -> str:
    db = sqlite3.connect(data_dir / "partyhost.db")
    try:
        return str(db.execute("SELECT value FROM settings WHERE key = 'host_key'").fetchone()[0])
    finally:
        db.close()


@pytest.fixture
def phones(host: Host) -> Iterator[contextlib.ExitStack]:
    with contextlib.ExitStack() as stack:
        yield stack


def open_phone(host: Host, stack: contextlib.ExitStack) -> Phone:
    """A connection opened from the LAN side (its socket lives in the host's namespace)."""
    assert host.namespace is not None
    return stack.enter_context(host.namespace.run(lambda: Phone(host.ws_url)))


def test_http_host_actions_from_the_lan_need_the_key(host: Host) -> None:
    assert host.url.startswith("http://10.77.0.1:")
    key = {"X-Partyhost-Key": host_key(host.data_dir)}
    wrong = {"X-Partyhost-Key": "not-the-key"}

    for headers in ({}, wrong):
        status, body = host.post_json("/api/rooms", {"pack": "science"}, headers)
        assert (status, body["error"]["code"]) == (403, "not_allowed"), body
        status, body = host.post_json("/api/packs", TRIO_PACK, headers)
        assert (status, body["error"]["code"]) == (403, "not_allowed"), body
    status, rooms = host.get_json("/api/rooms")
    assert rooms["rooms"] == [], "a refused request changed nothing"

    status, body = host.post_json("/api/rooms", {"pack": "science"}, key)
    assert status == 201, body
    code = body["room"]["code"]
    # Phones may see the join QR; the host QR (which carries the key) and the export need the key.
    assert host.get(f"/api/rooms/{code}/qr.svg")[0] == 200
    assert host.get(f"/api/rooms/{code}/host-qr.svg")[0] == 403
    assert host.get(f"/api/rooms/{code}/export?format=json")[0] == 403


def test_a_host_connection_from_the_lan_needs_the_key(host: Host, phones: contextlib.ExitStack) -> None:
    key = host_key(host.data_dir)
    status, body = host.post_json("/api/rooms", {"pack": "science"}, {"X-Partyhost-Key": key})
    assert status == 201, body
    code = body["room"]["code"]
    ada = open_phone(host, phones)
    ada.hello({"type": "join", "room": code, "nickname": "Ada"})

    for hello in ({"type": "host", "room": code}, {"type": "host", "room": code, "key": "guess"}):
        intruder = open_phone(host, phones)
        intruder.send(hello)
        assert intruder.error("not_allowed")["ref"] == "host"
        intruder.command("start")  # still no host rights on this connection
        assert intruder.error("not_allowed")
    # A player's connection cannot command either.
    ada.command("start")
    assert ada.error("not_allowed")
    assert ada.state("lobby")["room"]["phase"] == "lobby"

    control = open_phone(host, phones)
    control.hello({"type": "host", "room": code, "key": key})
    control.command("start")
    assert ada.state("question", 0)["room"]["phase"] == "question"


def decode_qr(svg: bytes, folder: Path) -> str:
    """The text in a QR code image, read by Debian's zbarimg (zbar-tools)."""
    if shutil.which("zbarimg") is None:
        pytest.fail("this test reads QR codes with zbarimg: install Debian's zbar-tools")
    image = folder / "qr.svg"
    image.write_bytes(svg)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_control_from_my_phone_qr_carries_a_key_that_works(
    host: Host, phones: contextlib.ExitStack, tmp_path: Path
) -> None:
    # The host page on the laptop fetches the host QR over loopback, which needs no key.
    assert host.namespace is not None
    laptop = Host(host.process, host.url.replace(host.namespace.address, "127.0.0.1"), host.data_dir)
    laptop.namespace = host.namespace
    code = trio_room(laptop)
    status, _, svg = laptop.get(f"/api/rooms/{code}/host-qr.svg")
    assert status == 200
    link = urlsplit(decode_qr(svg, tmp_path))
    # The host page, on the LAN address, with the key in the fragment (which browsers never send).
    assert (link.hostname, link.path) == (host.namespace.address, f"/host/{code}")
    assert link.fragment.startswith("key=")
    key = link.fragment.removeprefix("key=")
    assert key == host_key(host.data_dir)

    control = open_phone(host, phones)
    control.hello({"type": "host", "room": code, "key": key})
    ada = open_phone(host, phones)
    ada.hello({"type": "join", "room": code, "nickname": "Ada"})
    control.command("start")
    assert ada.answer("ada-0001", 0, KEY[0])["status"] == "accepted"
