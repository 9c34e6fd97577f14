"""``partyhost sync``: the state of the outbox, "sync now", and "do not sync" for a room.

Each command asks the host running on the data folder when there is one (so
"sync now" wakes its worker and the status shows a push in progress), and
works on the data folder itself when there is none.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from partyhost.config import default_data_dir

TIMEOUT = 10.0


def _data_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data",
        "data_dir",
        envvar="PARTYHOST_DATA",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_data_dir,
        show_default="a per-user data directory",
        help="The host's data folder.",
    )(func)


def _cloud_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--cloud-url", envvar="PARTYHOST_CLOUD_URL", default="", help="The receiver (if no host runs)."),
        click.option("--cloud-key", envvar="PARTYHOST_CLOUD_KEY", default="", help="KEYID:SECRET (if no host runs)."),
        click.option("--notify-url", envvar="PARTYHOST_NOTIFY_URL", default="", help="The webhook (if no host runs)."),
        click.option(
            "--notify-format",
            envvar="PARTYHOST_NOTIFY_FORMAT",
            type=click.Choice(["auto", "slack", "teams"]),
            default="auto",
            help="The webhook's message format.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group("sync")
def sync() -> None:
    """Results to the cloud: see what waits, send now, or keep a room's results here."""


# ------------------------------------------------------------------ the host


class Host:
    """The host running on a data folder, reached over its HTTP API on this machine."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "X-Partyhost-Key": self.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


def _running_host(data_dir: Path) -> Host | None:
    from partyhost.store.db import FILENAME, Database
    from partyhost.sync import running

    found = running.read(data_dir)
    if found is None:
        return None
    host = Host(found["url"], Database(data_dir / FILENAME).setting("host_key") or "")
    try:
        status, _ = host.call("GET", "/api/sync")
    except (OSError, ValueError):
        return None
    return host if status == 200 else None


def _database(data_dir: Path) -> Any:
    from partyhost.store.db import FILENAME, Database

    if not (data_dir / FILENAME).exists():
        raise click.ClickException(f"no partyhost database in {data_dir}")
    return Database.open(data_dir)


async def _local(data_dir: Path, flags: Any, work: Callable[[Any], Any]) -> Any:
    """Run ``work(service)`` on the data folder with its own writer (no host is running)."""
    from partyhost.store.writer import Writer
    from partyhost.sync.service import SyncService

    db = _database(data_dir)
    writer = Writer(db.path)
    writer.start()
    service = SyncService(db, writer, flags)
    try:
        return await work(service)
    finally:
        await service.worker.stop()
        writer.stop()


def _flags(cloud_url: str, cloud_key: str, notify_url: str, notify_format: str) -> Any:
    from partyhost.sync.settings import SettingsError, from_flags

    try:
        return from_flags(cloud_url, cloud_key, notify_url, notify_format)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


# ------------------------------------------------------------------ commands


@sync.command("status")
@_data_option
@_cloud_options
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_cmd(
    data_dir: Path, cloud_url: str, cloud_key: str, notify_url: str, notify_format: str, as_json: bool
) -> None:
    """What is waiting, delivered and failed; the last error and the next try."""
    host = _running_host(data_dir)
    if host is not None:
        _, body = host.call("GET", "/api/sync")
        found = body["sync"]
    else:
        flags = _flags(cloud_url, cloud_key, notify_url, notify_format)

        async def read(service: Any) -> Any:
            await service.worker.load()
            return await service.status()

        found = asyncio.run(_local(data_dir, flags, read))
    found["host_running"] = host is not None
    if as_json:
        click.echo(json.dumps(found, indent=2))
    else:
        for line in report(found):
            click.echo(line)


@sync.command("now")
@_data_option
@_cloud_options
@click.option(
    "--timeout", type=click.FloatRange(1, 3600), default=60.0, show_default=True,
    help="Seconds to wait for the running host to finish.",
)  # fmt: skip
def now_cmd(
    data_dir: Path, cloud_url: str, cloud_key: str, notify_url: str, notify_format: str, timeout: float
) -> None:
    """Try to deliver everything waiting now, and say how it went."""
    host = _running_host(data_dir)
    if host is not None:
        status, body = host.call("POST", "/api/sync/now")
        if status != 200:
            raise click.ClickException(body.get("error", {}).get("message", f"the host answered {status}"))
        found = _wait_for_host(host, timeout)
    else:
        flags = _flags(cloud_url, cloud_key, notify_url, notify_format)

        async def deliver(service: Any) -> Any:
            if not service.settings.cloud and not service.settings.notify:
                raise click.ClickException(
                    "no cloud is set up: give --cloud-url and --cloud-key, or save them on the host page"
                )
            await service.worker.drain_once()
            return await service.status()

        found = asyncio.run(_local(data_dir, flags, deliver))
    found["host_running"] = host is not None
    for line in report(found):
        click.echo(line)
    if found["cloud"]["pending"] or found["notify"]["pending"]:
        sys.exit(1)


def _wait_for_host(host: Host, timeout: float) -> Any:
    """The host's status once its push is over (or the deadline has passed)."""
    deadline = time.monotonic() + timeout
    while True:
        _, body = host.call("GET", "/api/sync")
        found = body["sync"]
        lanes = (found["cloud"], found["notify"])
        running = any(lane["busy"] or (lane["pending"] and lane["next_try_at"] is None) for lane in lanes)
        if not running or time.monotonic() > deadline:
            return found
        time.sleep(0.2)  # polling the host's status, bounded by the deadline


@sync.command("skip")
@click.argument("room")
@click.option("--undo", is_flag=True, help="Send the room's results after all.")
@_data_option
@_cloud_options
def skip_cmd(
    room: str, undo: bool, data_dir: Path, cloud_url: str, cloud_key: str, notify_url: str, notify_format: str
) -> None:
    """Keep the results of ROOM on this laptop ("do not sync"); what waits is withdrawn."""
    code = room.strip().upper()
    host = _running_host(data_dir)
    if host is not None:
        status, body = host.call("POST", f"/api/rooms/{code}/sync", {"sync": undo})
        if status != 200:
            raise click.ClickException(body.get("error", {}).get("message", f"the host answered {status}"))
    else:
        from partyhost.core.room import Room

        async def mark(service: Any) -> None:
            events = service.db.events(code)
            if not events:
                raise click.ClickException(f"there is no room {code} in {data_dir}")
            await service.set_room(Room.replay(events), undo)

        asyncio.run(_local(data_dir, _flags(cloud_url, cloud_key, notify_url, notify_format), mark))
    if undo:
        click.echo(f"The results of {code} will be sent.")
    else:
        click.echo(f"The results of {code} stay on this laptop.")


# -------------------------------------------------------------------- report


def _clock(ms: int | None) -> str:
    return "" if ms is None else datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


def report(found: dict[str, Any]) -> list[str]:
    """The status as lines for a terminal."""
    cloud, notify = found["cloud"], found["notify"]
    lines = []
    if cloud["configured"]:
        lines.append(f"Cloud: {cloud['url']} (key {cloud['key_id']})")
    elif cloud["pending"]:
        lines.append("Cloud: not set up (--cloud-url and --cloud-key, or the host page); these results wait for it.")
    else:
        lines.append("Cloud: not set up (--cloud-url and --cloud-key, or the host page); nothing is queued.")
    lines.append(
        f"  {cloud['pending']} pending, {cloud['delivered']} delivered, {cloud['failed']} failed, "
        f"{cloud['withdrawn']} kept here (do not sync)"
    )
    progress = cloud.get("progress")
    if cloud["busy"] and progress and progress["total"]:
        share = 100 * progress["done"] // progress["total"]
        lines.append(f"  Pushing: {_size(progress['done'])} of {_size(progress['total'])} ({share}%)")
    if cloud["last_error"] and cloud["pending"]:
        lines.append(f"  Last error: {cloud['last_error']} ({_clock(cloud['last_error_at'])})")
    if cloud["pending"] and cloud["next_try_at"] is not None:
        wait = max(0, (cloud["next_try_at"] - time.time() * 1000) / 1000)
        lines.append(f"  Next try: in {wait:.0f} s ({_clock(cloud['next_try_at'])})")
    if cloud["last_success_at"]:
        lines.append(f"  Last delivery: {_clock(cloud['last_success_at'])}")
    if notify["configured"] or notify["pending"] or notify["delivered"]:
        where = f"{notify['host']} ({notify['format']})" if notify["configured"] else "not set up"
        lines.append(f"Webhook: {where}")
        lines.append(f"  {notify['pending']} pending, {notify['delivered']} delivered, {notify['failed']} failed")
        if notify["last_error"] and notify["pending"]:
            lines.append(f"  Last error: {notify['last_error']}")
    failed = [item for item in found["items"] if item["state"] == "failed"]
    if failed:
        lines.append("Refused for good:")
        for item in failed:
            label = f"seq {item['seq']}" if item["seq"] is not None else item["target"]
            lines.append(f"  {label}, room {item['room']}: {item['last_error']}")
    if not found.get("host_running", True):
        lines.append("(No host is running on this data folder.)")
    return lines
