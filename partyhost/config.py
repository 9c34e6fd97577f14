"""Settings for one run of the host, from flags, ``PARTYHOST_*`` variables or defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

DEFAULT_PORT = 8080


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("partyhost", appauthor=False))


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    open_browser: bool = True
    #: the base URL phones use, e.g. ``http://192.168.1.20:8080``; found at start if empty
    public_url: str = ""
    #: WebSocket connections at once, all rooms together
    max_connections: int = 10_000
    #: the LAN address for join links and mDNS instead of the one found at start, e.g. ``192.168.1.20``
    advertise_ip: str = ""
    #: announce the host on the LAN as ``partyhost-<id>.local`` (mDNS / DNS-SD)
    mdns: bool = True
    #: the venue's Wi-Fi, offered as a QR code on the projector in the lobby
    wifi_ssid: str = ""
    #: kept in memory only, never printed, logged or stored (see docs/cli.md)
    wifi_password: str = field(default="", repr=False)
    #: where results go when a room ends (docs/sync.md); empty: nothing is queued or sent
    cloud_url: str = ""
    #: ``KEYID:SECRET`` from ``partyhost cloud keys create``
    cloud_key: str = field(default="", repr=False)
    #: a Slack or Microsoft Teams incoming webhook told about each room's end
    notify_url: str = field(default="", repr=False)
    #: ``auto`` (from the webhook's address), ``slack`` or ``teams``
    notify_format: str = "auto"
    #: the longest wait, in seconds, between two tries to deliver
    sync_max_wait: float = 300.0
    #: seconds to wait for the cloud (or the webhook) to answer one request
    sync_timeout: float = 30.0
