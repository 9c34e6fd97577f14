"""Which address phones can reach: the LAN candidates, best first."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import ifaddr

_VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vmnet",
    "vboxnet",
    "utun",
    "tun",
    "tap",
    "zt",
    "tailscale",
    "wg",
)


def _default_route_interfaces() -> set[str]:
    route = Path("/proc/net/route")
    names: set[str] = set()
    try:
        for line in route.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 2 and fields[1] == "00000000":
                names.add(fields[0])
    except OSError:
        pass
    return names


def candidates() -> list[str]:
    """IPv4 addresses of this machine that a phone on the LAN could reach, best first."""
    preferred = _default_route_interfaces()
    found: list[tuple[int, str]] = []
    for adapter in ifaddr.get_adapters():
        name = adapter.nice_name or adapter.name
        if isinstance(name, bytes):
            name = name.decode(errors="replace")
        virtual = str(name).lower().startswith(_VIRTUAL_PREFIXES)
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_multicast:
                continue
            score = 0 if adapter.name in preferred else 2
            score += 0 if address.is_private else 1
            score += 4 if virtual else 0
            found.append((score, str(address)))
    found.sort()
    ordered: list[str] = []
    for _, text in found:
        if text not in ordered:
            ordered.append(text)
    return ordered


def hostname() -> str:
    return socket.gethostname()
