"""What a host needs to know on the night: ``partyhost doctor`` and ``partyhost discover``.

Each check returns a :class:`Check` (``ok``, ``warn`` or ``fail``) with what it found and, when
something is wrong, what to do. ``doctor`` exits with status 1 when any check fails.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import platform
import secrets
import socket
import sqlite3
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zeroconf import IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from partyhost import __version__, lan, mdns
from partyhost.store.db import FILENAME, connect

#: the service type of doctor's test announcement: not ``_partyhost._tcp``, so ``discover`` never lists it
CHECK_TYPE = "_partyhost-chk._tcp.local."

FIREWALL_HINTS = (
    "If phones cannot open the page:",
    "  - Phone and laptop must be on the same network, and guest networks often keep devices apart",
    "    (\"client isolation\"): use another network, or the laptop's or a phone's hotspot.",
    "  - Windows: when Windows Defender Firewall asks at the first start, allow Python (or partyhost)",
    "    on Private networks, and set this Wi-Fi to Private (Settings > Network & internet > Wi-Fi >",
    "    the network > Private network). On a Public network Windows blocks phones.",
    "  - macOS: System Settings > Network > Firewall > Options: allow incoming connections for Python",
    '    (or partyhost), and turn off "Block all incoming connections".',
    "  - Linux: ufw allow {port}/tcp and ufw allow 5353/udp (mDNS), or",
    "    firewall-cmd --add-port={port}/tcp --add-service=mdns.",
)


@dataclass(frozen=True, slots=True)
class Check:
    status: str  # "ok", "warn" or "fail"
    title: str
    detail: str
    more: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        label = {"ok": "ok", "warn": "WARN", "fail": "FAIL"}[self.status]
        return [f"  {label:<5} {self.title}: {self.detail}", *(f"          {line}" for line in self.more)]


def check_version() -> Check:
    return Check("ok", "version", f"partyhost {__version__}, Python {platform.python_version()} on {platform.system()}")


def check_data(data_dir: Path) -> list[Check]:
    """The data folder is writable, and the database passes ``PRAGMA integrity_check``."""
    where = data_dir if data_dir.exists() else next((p for p in data_dir.parents if p.exists()), data_dir)
    if not os.access(where, os.W_OK):
        return [Check("fail", "data folder", f"{data_dir} cannot be written", ("choose another with --data",))]
    folder = Check("ok", "data folder", str(data_dir) if data_dir.exists() else f"{data_dir} (made at the first start)")
    path = data_dir / FILENAME
    if not path.exists():
        return [folder, Check("ok", "database", "none yet: made at the first start")]
    try:
        conn = connect(path, readonly=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            rooms = conn.execute("SELECT COUNT(*) FROM rooms").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [folder, Check("fail", "database", f"{path}: {exc}", _restore_hint())]
    if result != ["ok"]:
        return [folder, Check("fail", "database", f"integrity check failed: {'; '.join(result[:3])}", _restore_hint())]
    return [folder, Check("ok", "database", f"integrity ok, {rooms} rooms")]


def _restore_hint() -> tuple[str, ...]:
    return ("restore a backup (partyhost backup FILE), or start with an empty --data folder",)


def check_port(host: str, port: int) -> Check:
    """Whether ``partyhost serve`` gets the port it asks for."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return Check("ok", f"port {port}", "free")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno != errno.EADDRINUSE:
                return Check("fail", f"port {port}", f"cannot listen on {host}:{port}: {reason}")
    running = _partyhost_at(f"http://127.0.0.1:{port}")
    if running:
        return Check(
            "warn", f"port {port}", f"in use by partyhost {running}, already running: http://127.0.0.1:{port}/host"
        )
    return Check(
        "fail",
        f"port {port}",
        "in use by another program",
        (f"partyhost would take another free port; stop that program or choose one with --port (not {port})",),
    )


def _partyhost_at(base: str) -> str | None:
    body = _get_json(f"{base}/api/health", timeout=2.0)
    if isinstance(body, dict) and "protocol" in body:
        return str(body.get("version", "?"))
    return None


def _get_json(url: str, timeout: float) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the LAN, never a proxy
    try:
        with opener.open(url, timeout=timeout) as resp:
            return json.loads(resp.read())
    except (OSError, ValueError):
        return None


def check_network(port: int) -> Check:
    addresses = lan.candidates()
    if not addresses:
        return Check(
            "fail",
            "network",
            "no local network: phones cannot join (the host page still works on this laptop)",
            ("join the venue's Wi-Fi or plug in a cable; partyhost picks the network up when it appears",),
        )
    urls = [f"http://{ip}:{port}" for ip in addresses]
    more = tuple(f"also {url}" for url in urls[1:])
    return Check("ok", "network", f"phones join at {urls[0]}", more)


def check_mdns(addresses: list[str], timeout: float = 4.0) -> Check:
    """Announce a test service on the LAN addresses, hear it back, and say goodbye."""
    if not addresses:
        return Check("warn", "mDNS", "not tried: no local network")
    try:
        heard = asyncio.run(_announce_and_listen(addresses, timeout))
    except (OSError, RuntimeError, ValueError) as exc:
        return Check(
            "fail",
            "mDNS",
            f"cannot announce on {', '.join(addresses)}: {exc}",
            ("phones can still join with the QR code; partyhost discover will not find this laptop",),
        )
    if not heard:
        return Check(
            "warn",
            "mDNS",
            f"announced on {', '.join(addresses)} but did not hear it back",
            ("a firewall may drop UDP port 5353; the QR code still works",),
        )
    return Check("ok", "mDNS", f"announced on {', '.join(addresses)} and heard it back")


async def _announce_and_listen(addresses: list[str], timeout: float) -> bool:
    name = f"doctor-{secrets.token_hex(3)}"
    info = AsyncServiceInfo(
        CHECK_TYPE, f"{name}.{CHECK_TYPE}", server=f"partyhost-{name}.local.", port=9, parsed_addresses=addresses
    )
    speaker = AsyncZeroconf(interfaces=addresses, ip_version=IPVersion.V4Only)
    try:
        await speaker.async_register_service(info, allow_name_change=True)
        listener = AsyncZeroconf(interfaces=addresses, ip_version=IPVersion.V4Only)
        try:
            answer = await listener.async_get_service_info(CHECK_TYPE, info.name, timeout=int(timeout * 1000))
            return answer is not None and answer.port == 9
        finally:
            await listener.async_close()
    finally:
        await speaker.async_close()


def run(data_dir: Path, host: str = "0.0.0.0", port: int = 8080, mdns_check: bool = True) -> list[Check]:
    checks = [check_version(), *check_data(data_dir), check_port(host, port), check_network(port)]
    if mdns_check:
        checks.append(check_mdns(lan.candidates()))
    return checks


def report(checks: list[Check], port: int) -> str:
    lines = ["partyhost doctor", *(line for check in checks for line in check.lines()), ""]
    lines += [line.format(port=port) for line in FIREWALL_HINTS]
    failed = sum(check.status == "fail" for check in checks)
    lines.append("")
    lines.append(f"{failed} problem{'s' if failed != 1 else ''} found." if failed else "Everything looks ready.")
    return "\n".join(lines)


# ------------------------------------------------------------------ discover


def discover(timeout: float) -> list[dict[str, Any]]:
    """The partyhost instances on the LAN, each with how many rooms are open (asked over HTTP)."""
    found = asyncio.run(mdns.browse(timeout))
    out = []
    for item in found:
        body = _get_json(f"http://{item.addresses[0]}:{item.port}/api/rooms", timeout=2.0) if item.addresses else None
        rooms = body.get("rooms") if isinstance(body, dict) else None
        out.append(
            {
                "name": item.name,
                "host": item.host.rstrip("."),
                "addresses": list(item.addresses),
                "port": item.port,
                "url": item.url,
                "protocol": item.properties.get("protocol"),
                "version": item.properties.get("version"),
                # None: announced, but its pages did not answer (a firewall, or another network)
                "rooms_open": None if rooms is None else sum(r.get("phase") != "ended" for r in rooms),
            }
        )
    return out


def discover_lines(found: list[dict[str, Any]], timeout: float) -> list[str]:
    if not found:
        return [f"No partyhost answered on this network within {timeout:g} s."]
    lines = [f"{'NAME':<24} {'ADDRESS':<16} {'PORT':>5}  ROOMS OPEN"]
    for item in found:
        address = ", ".join(item["addresses"]) or item["host"]
        rooms = "unreachable over HTTP" if item["rooms_open"] is None else str(item["rooms_open"])
        lines.append(f"{item['name']:<24} {address:<16} {item['port']:>5}  {rooms}")
    return lines
