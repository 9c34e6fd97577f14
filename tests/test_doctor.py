"""``partyhost doctor`` on real networks of its own (namespaces, as in test_netns.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lan_support import Netns, hosts, link, namespaces

HOST_IP, PHONE_IP = "10.77.0.1", "10.77.0.2"
PORT = "18080"


@pytest.fixture
def laptop() -> Iterator[Netns]:
    """A laptop on a LAN: a namespace with one link to another."""
    with namespaces("laptop", "lan") as (laptop, other):
        link(laptop, HOST_IP, other, PHONE_IP)
        yield laptop


def doctor(ns: Netns, data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return ns.run(sys.executable, "-m", "partyhost", "doctor", "--port", PORT, "--data", str(data_dir), *extra)


def _database(tmp_path: Path, ns: Netns) -> Path:
    """A data folder whose database was made by a real host."""
    with hosts() as start:
        host = start(ns, tmp_path / "data", "--no-mdns")
        host.get("/api/health")
    return tmp_path / "data"


def test_doctor_on_a_lan_reports_what_the_night_needs_and_exits_0(laptop: Netns, tmp_path: Path) -> None:
    data = _database(tmp_path, laptop)
    done = doctor(laptop, data)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "ok    version: partyhost 0.1.0" in out
    assert f"ok    data folder: {data}" in out
    assert "ok    database: integrity ok, 0 rooms" in out
    assert f"ok    port {PORT}: free" in out
    assert f"ok    network: phones join at http://{HOST_IP}:{PORT}" in out
    assert f"ok    mDNS: announced on {HOST_IP} and heard it back" in out
    assert "Windows Defender Firewall" in out and "macOS" in out and "client isolation" in out
    assert out.rstrip().endswith("Everything looks ready.")


def test_doctor_without_a_network_says_phones_cannot_join_and_exits_1(tmp_path: Path) -> None:
    with namespaces("alone") as (alone,):
        done = doctor(alone, tmp_path / "data")
    assert done.returncode == 1
    assert "FAIL  network: no local network: phones cannot join" in done.stdout
    assert "WARN  mDNS: not tried: no local network" in done.stdout
    assert "1 problem found." in done.stdout


def test_doctor_finds_a_damaged_database_and_exits_1(laptop: Netns, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "partyhost.db").write_bytes(b"this is not a database, just bytes on the disk" * 100)
    done = doctor(laptop, data, "--no-mdns")
    assert done.returncode == 1
    assert "FAIL  database:" in done.stdout and "not a database" in done.stdout
    assert "partyhost backup" in done.stdout


def test_doctor_fails_when_another_program_holds_the_port(laptop: Netns, tmp_path: Path) -> None:
    def hold() -> socket.socket:
        sock = socket.socket()
        sock.bind(("0.0.0.0", int(PORT)))
        sock.listen()
        return sock

    held = laptop.call(hold)
    try:
        done = doctor(laptop, tmp_path / "data", "--no-mdns")
    finally:
        held.close()
    assert done.returncode == 1
    assert f"FAIL  port {PORT}: in use by another program" in done.stdout


def test_doctor_beside_a_running_partyhost_says_so_and_passes(laptop: Netns, tmp_path: Path) -> None:
    with hosts() as start:
        host = start(laptop, tmp_path / "data", "--no-mdns")
        done = laptop.run(
            sys.executable, "-m", "partyhost", "doctor", "--port", str(host.port), "--data", str(host.data_dir)
        )
    assert done.returncode == 0, done.stdout
    assert f"WARN  port {host.port}: in use by partyhost 0.1.0, already running" in done.stdout
    assert "ok    database: integrity ok" in done.stdout
