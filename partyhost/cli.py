"""The command line: a thin shell over the Python API.

``partyhost`` alone runs ``serve``. Every option can also be set with a
``PARTYHOST_*`` environment variable (``--port`` → ``PARTYHOST_PORT``).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from partyhost import __version__
from partyhost.cloud.cli import cloud as cloud_group
from partyhost.config import DEFAULT_PORT, Config, default_data_dir
from partyhost.sync.cli import sync as sync_group


class DefaultGroup(click.Group):
    """A group that runs ``serve`` when no command is named."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=DefaultGroup,
    context_settings={"auto_envvar_prefix": "PARTYHOST", "show_default": True, "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="partyhost")
def cli() -> None:
    """partyhost: a quiz night on the local network, with no internet needed.

    Run with no command to start the host (same as `partyhost serve`).
    """


def _data_option(func: Any) -> Any:
    return click.option(
        "--data",
        "data_dir",
        envvar="PARTYHOST_DATA",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_data_dir,
        show_default="a per-user data directory",
        help="Folder for the database and imported packs.",
    )(func)


@cli.command()
@click.option("--host", envvar="PARTYHOST_HOST", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    envvar="PARTYHOST_PORT",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; if taken, a free port is used (0: any free port).",
)
@_data_option
@click.option(
    "--no-browser", envvar="PARTYHOST_NO_BROWSER", is_flag=True, help="Do not open the host page in a browser."
)
@click.option(
    "--public-url",
    envvar="PARTYHOST_PUBLIC_URL",
    default="",
    help="Base URL phones use, e.g. http://192.168.1.20:8080.",
)
@click.option(
    "--advertise-ip",
    envvar="PARTYHOST_ADVERTISE_IP",
    default="",
    help="LAN address for join links and mDNS, instead of the one found at start.",
)
@click.option("--no-mdns", envvar="PARTYHOST_NO_MDNS", is_flag=True, help="Do not announce the host on the LAN (mDNS).")
@click.option(
    "--wifi-ssid", envvar="PARTYHOST_WIFI_SSID", default="", help="Wi-Fi name shown as a QR code on the projector."
)
@click.option(
    "--wifi-password",
    envvar="PARTYHOST_WIFI_PASSWORD",
    default="",
    show_default=False,
    help="Password of that Wi-Fi (prefer the variable: a flag is visible to other users in the process list).",
)
@click.option(
    "--cloud-url",
    envvar="PARTYHOST_CLOUD_URL",
    default="",
    help="Send each room's results here when it ends (a `partyhost cloud` receiver; docs/sync.md).",
)
@click.option(
    "--cloud-key",
    envvar="PARTYHOST_CLOUD_KEY",
    default="",
    show_default=False,
    help="KEYID:SECRET from `partyhost cloud keys create` (prefer the variable).",
)
@click.option(
    "--notify-url",
    envvar="PARTYHOST_NOTIFY_URL",
    default="",
    show_default=False,
    help="A Slack or Microsoft Teams incoming webhook told the top 3 when a room ends.",
)
@click.option(
    "--notify-format",
    envvar="PARTYHOST_NOTIFY_FORMAT",
    type=click.Choice(["auto", "slack", "teams"]),
    default="auto",
    help="The webhook's message format; auto decides from its address.",
)
@click.option(
    "--sync-max-wait",
    envvar="PARTYHOST_SYNC_MAX_WAIT",
    type=click.FloatRange(0.1, 3600),
    default=300.0,
    help="Longest wait in seconds between two tries to deliver results.",
)
@click.option(
    "--sync-timeout",
    envvar="PARTYHOST_SYNC_TIMEOUT",
    type=click.FloatRange(0.1, 600),
    default=30.0,
    help="Seconds to wait for the cloud or the webhook to answer one request.",
)
@click.option(
    "--max-connections",
    envvar="PARTYHOST_MAX_CONNECTIONS",
    type=click.IntRange(1, 100_000),
    default=10_000,
    help="WebSocket connections at once, all rooms together.",
)
@click.option(
    "--log-level",
    envvar="PARTYHOST_LOG_LEVEL",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="warning",
    show_default=True,
    help="How much the host logs.",
)
def serve(
    host: str,
    port: int,
    data_dir: Path,
    no_browser: bool,
    public_url: str,
    advertise_ip: str,
    no_mdns: bool,
    wifi_ssid: str,
    wifi_password: str,
    cloud_url: str,
    cloud_key: str,
    notify_url: str,
    notify_format: str,
    sync_max_wait: float,
    sync_timeout: float,
    max_connections: int,
    log_level: str,
) -> None:
    """Run the host: web pages, WebSocket hub and database."""
    from partyhost.server import PortError, run

    if advertise_ip:
        try:
            ipaddress.IPv4Address(advertise_ip)
        except ValueError:
            raise click.BadParameter("an IPv4 address such as 192.168.1.20", param_hint="--advertise-ip") from None
    if wifi_password and not wifi_ssid:
        raise click.BadParameter("a Wi-Fi password needs --wifi-ssid too", param_hint="--wifi-password")
    from partyhost.sync.settings import SettingsError, from_flags

    try:
        from_flags(cloud_url, cloud_key, notify_url, notify_format, sync_max_wait, sync_timeout)
    except SettingsError as exc:
        raise click.BadParameter(str(exc), param_hint="--cloud-url/--cloud-key/--notify-url") from None

    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    from partyhost.limits import collect_cycles_rarely, raise_open_files

    raise_open_files(max_connections + 1024)  # a socket per phone, plus the database and the pages
    collect_cycles_rarely()
    config = Config(
        data_dir=data_dir,
        host=host,
        port=port,
        open_browser=not no_browser,
        public_url=public_url,
        max_connections=max_connections,
        advertise_ip=advertise_ip,
        mdns=not no_mdns,
        wifi_ssid=wifi_ssid,
        wifi_password=wifi_password,
        cloud_url=cloud_url,
        cloud_key=cloud_key,
        notify_url=notify_url,
        notify_format=notify_format,
        sync_max_wait=sync_max_wait,
        sync_timeout=sync_timeout,
    )
    try:
        run(config, echo=lambda line: click.echo(line))
    except PortError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command("export")
@click.argument("room")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--table",
    type=click.Choice(["answers", "summary", "teams"]),
    default="answers",
    show_default=True,
    help="For CSV: one row per player per question, one row per player, or one row per team.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@_data_option
def export_cmd(room: str, fmt: str, table: str, out: Path | None, data_dir: Path) -> None:
    """Export the results of ROOM (its join code) as CSV or JSON."""
    from partyhost import export
    from partyhost.core.room import Room
    from partyhost.store.db import FILENAME, Database

    if not (data_dir / FILENAME).exists():
        raise click.ClickException(f"no partyhost database in {data_dir}")
    db = Database.open(data_dir)
    code = room.strip().upper()
    events = db.events(code)
    if not events:
        raise click.ClickException(f"there is no room {code} in {data_dir}")
    document = export.build(Room.replay(events))
    text = (
        json.dumps(document, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else export.to_csv(document, table)
    )
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)
    if "note" in document:
        click.echo(document["note"], err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_data_option
def backup(file: Path, data_dir: Path) -> None:
    """Write a consistent copy of the database to FILE, also while a game runs."""
    from partyhost.store.db import FILENAME, Database

    if not (data_dir / FILENAME).exists():
        raise click.ClickException(f"no partyhost database in {data_dir}")
    if file.exists():
        raise click.ClickException(f"{file} exists; choose a new file name")
    rooms = Database(data_dir / FILENAME).backup(file)
    click.echo(f"Backed up {rooms} rooms to {file}")


@cli.command()
@click.option(
    "--timeout",
    type=click.FloatRange(0.5, 60),
    default=3.0,
    show_default=True,
    help="Seconds to listen for announcements.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def discover(timeout: float, as_json: bool) -> None:
    """List the partyhost instances on this network (found with mDNS)."""
    from partyhost import doctor

    found = doctor.discover(timeout)
    if as_json:
        click.echo(json.dumps({"hosts": found}, indent=2))
        return
    for line in doctor.discover_lines(found, timeout):
        click.echo(line)


@cli.command("doctor")
@click.option("--host", envvar="PARTYHOST_HOST", default="0.0.0.0", show_default=True, help="Address serve listens on.")
@click.option(
    "--port",
    envvar="PARTYHOST_PORT",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port serve listens on.",
)
@_data_option
@click.option("--no-mdns", envvar="PARTYHOST_NO_MDNS", is_flag=True, help="Skip the mDNS check.")
def doctor_cmd(host: str, port: int, data_dir: Path, no_mdns: bool) -> None:
    """Check this laptop for the night: addresses, port, mDNS, database, firewall hints."""
    from partyhost import doctor

    checks = doctor.run(data_dir, host=host, port=port, mdns_check=not no_mdns)
    click.echo(doctor.report(checks, port))
    if any(check.status == "fail" for check in checks):
        sys.exit(1)


@cli.command("bench")
@click.option("--players", type=click.IntRange(1, 10_000), default=200, help="Simulated phones in the room.")
@click.option("--questions", type=click.IntRange(1, 100), default=3, help="Questions to play through.")
@click.option("--repeat", type=click.IntRange(1, 50), default=1, help="Runs of each target; figures are medians.")
@click.option("--baseline/--no-baseline", default=True, help="Also measure the baseline server, run for run.")
@click.option("--pin/--no-pin", default=True, help="Pin the host and the load generator to one core each.")
@click.option("--url", default="", help="Measure a running host (e.g. http://192.168.1.20:8080) instead.")
@click.option(
    "--key",
    envvar="PARTYHOST_HOST_KEY",
    default="",
    show_default=False,
    help="The host key, to create the room and drive it from another machine.",
)
@click.option("--room", default="", help="With --url: join this room (made by the host) instead of creating one.")
@click.option("--pid", type=int, default=None, help="With --url: the host's process id here, to read CPU and memory.")
@click.option("--hold", type=click.FloatRange(0, 3600), default=0.0, help="Seconds to keep every phone connected.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=60.0, help="Seconds to wait for one phase.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def bench_cmd(
    players: int,
    questions: int,
    repeat: int,
    baseline: bool,
    pin: bool,
    url: str,
    key: str,
    room: str,
    pid: int | None,
    hold: float,
    timeout: float,
    as_json: bool,
) -> None:
    """Load-test a host with simulated phones and report latencies, CPU and memory."""
    import asyncio

    from partyhost.bench import report
    from partyhost.bench.runner import Options, bench
    from partyhost.bench.target import BenchError
    from partyhost.limits import collect_cycles_rarely

    if (room or pid is not None) and not url:
        raise click.BadParameter("needs --url", param_hint="--room/--pid")
    options = Options(
        players=players,
        questions=questions,
        repeat=repeat,
        baseline=baseline and not url,
        pin=pin,
        url=url,
        key=key,
        room=room,
        pid=pid,
        hold=hold,
        timeout=timeout,
    )
    collect_cycles_rarely()  # a full collection in the load generator would be timed as the host's latency
    try:
        result = asyncio.run(bench(options, log=lambda line: click.echo(line, err=True)))
    except BenchError as exc:
        raise click.ClickException(str(exc)) from None
    document = result.document()
    click.echo(json.dumps(document, indent=2, ensure_ascii=False) if as_json else report.text(document))


@cli.group()
def packs() -> None:
    """List, import, export, check and describe question packs."""


#: the formats `packs import` and `packs check` read, and `packs export` writes (kept in step with the
#: importers and exporters by tests/packs/test_cli_packs.py)
FORMATS = ("json", "zip", "kahoot", "gift", "moodle-xml", "aiken", "csv", "opentdb")
EXPORT_FORMATS = ("json", "zip", "gift", "csv")


@packs.command("list")
@_data_option
def packs_list(data_dir: Path) -> None:
    """List the bundled and imported packs."""
    from partyhost.packs.library import Library
    from partyhost.resources import questions_dir

    library = Library(questions_dir(), data_dir / "packs")
    for info in library.packs():
        s = info.summary()
        click.echo(f"{s['id']:<24} {s['questions']:>3} questions  {s['source']:<8}  {s['title']}")
    for problem in library.problems.values():
        click.echo(f"skipped: {problem}", err=True)


@packs.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The files' format (default: found from each file).")
def packs_check(files: tuple[Path, ...], fmt: str | None) -> None:
    """Check pack files of any format partyhost imports; report problems and what would be skipped."""
    from partyhost.packs import importers
    from partyhost.packs.media import MediaStore
    from partyhost.packs.model import PackError

    failed = False
    for path in files:
        try:
            result = importers.read(_read_file(path), path.name, fmt)
            notes = importers.finish(result, MediaStore(path.parent / ".no-media")).notes
        except PackError as exc:
            failed = True
            click.echo(f"{path}: {exc.message}", err=True)
            continue
        kind = "" if result.format == "json" else f", {result.format}"
        click.echo(f"{path}: ok ({len(result.pack.questions)} questions{kind})")
        for line in result.lines()[1:] + [f"  {n.where}: {n.reason}" for n in notes]:
            click.echo(line)
    if failed:
        sys.exit(1)


def _read_file(path: Path) -> bytes:
    from partyhost.packs.importers import ImportFailed
    from partyhost.packs.media import MAX_UPLOAD

    try:
        if path.stat().st_size > MAX_UPLOAD:
            raise ImportFailed(path.name, f"is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot be read ({exc.strerror})") from None


@packs.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The file's format (default: found from the file).")
@_data_option
def packs_import(file: Path, fmt: str | None, data_dir: Path) -> None:
    """Import FILE (partyhost JSON or zip, Kahoot .xlsx, GIFT, Moodle XML, Aiken, CSV, Open Trivia DB)."""
    from partyhost.packs import importers
    from partyhost.packs.library import Library
    from partyhost.packs.media import MediaStore
    from partyhost.packs.model import PackError
    from partyhost.resources import questions_dir

    library = Library(questions_dir(), data_dir / "packs")
    try:
        result = importers.read(_read_file(file), file.name, fmt)
        info, notes = importers.save(
            result, library, MediaStore(data_dir / "media", questions_dir() / "media"), file.name
        )
    except PackError as exc:
        raise click.ClickException(f"{file}: {exc.message}") from None
    click.echo(f"Imported {info.pack.id!r} ({info.pack.title}) into {info.path.parent}")
    for line in result.lines() + [f"  {n.where}: {n.reason}" for n in notes]:
        click.echo(line)


@packs.command("export")
@click.argument("pack_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@_data_option
def packs_export(pack_id: str, fmt: str, out: Path | None, data_dir: Path) -> None:
    """Export the pack ID as partyhost JSON, a zip with its media, GIFT or CSV."""
    from partyhost.packs.exporters import export
    from partyhost.packs.library import Library
    from partyhost.packs.media import MediaStore
    from partyhost.resources import questions_dir

    info = Library(questions_dir(), data_dir / "packs").get(pack_id)
    if info is None:
        raise click.ClickException(f"there is no pack {pack_id!r} (see partyhost packs list)")
    exported = export(info.pack, fmt, MediaStore(data_dir / "media", questions_dir() / "media"))
    if out is None:
        if fmt == "zip" and sys.stdout.isatty():
            raise click.ClickException("a zip is binary: give --out FILE")
        click.get_binary_stream("stdout").write(exported.body)
    else:
        out.write_bytes(exported.body)
        click.echo(f"Wrote {out}", err=True)
    for line in exported.lost:
        click.echo(f"not exported: {line}", err=True)


@packs.command("schema")
def packs_schema() -> None:
    """Print the JSON Schema of the pack format."""
    from partyhost.packs.model import Pack

    click.echo(json.dumps(Pack.model_json_schema(), indent=2))


cli.add_command(cloud_group)
cli.add_command(sync_group)


def main() -> None:
    cli(prog_name="partyhost")
