"""``partyhost cloud``: run the receiver, and manage its organizations' keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from partyhost.config import default_data_dir

MIB = 1024 * 1024


def default_db() -> str:
    return f"sqlite:///{default_data_dir() / 'cloud.db'}"


def _db_option(default: Any) -> Callable[[Any], Any]:
    return click.option(
        "--db",
        "db_url",
        envvar="PARTYHOST_CLOUD_DB",
        default=default,
        show_default="cloud.db in the per-user data directory" if default else False,
        help="Database URL: sqlite:///PATH or postgresql://USER@HOST:PORT/NAME.",
    )


@click.group("cloud", invoke_without_command=True)
@_db_option(default_db)
@click.option("--host", envvar="PARTYHOST_CLOUD_HOST", default="127.0.0.1", show_default=True, help="Listen address.")
@click.option(
    "--port", envvar="PARTYHOST_CLOUD_PORT", type=click.IntRange(0, 65535), default=8090, show_default=True,
    help="Port to listen on (0: any free port).",
)  # fmt: skip
@click.option(
    "--max-push-bytes", envvar="PARTYHOST_CLOUD_MAX_PUSH_BYTES", type=click.IntRange(8 * 1024, 64 * MIB),
    default=MIB, show_default=True, help="Largest request body taken; hosts send larger documents in pieces.",
)  # fmt: skip
@click.option(
    "--max-document-bytes", envvar="PARTYHOST_CLOUD_MAX_DOCUMENT_BYTES", type=click.IntRange(1024, 2**40),
    default=64 * MIB, show_default=True, help="Largest result document taken; a larger one is refused as a bad item.",
)  # fmt: skip
@click.option(
    "--log-level",
    envvar="PARTYHOST_CLOUD_LOG_LEVEL",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="warning",
    show_default=True,
)
@click.pass_context
def cloud(
    ctx: click.Context,
    db_url: str,
    host: str,
    port: int,
    max_push_bytes: int,
    max_document_bytes: int,
    log_level: str,
) -> None:
    """Run the cloud receiver that hosts push their results to (see docs/sync.md).

    Subcommands manage its keys: `partyhost cloud keys create ORG`.
    """
    ctx.obj = {"db_url": db_url}
    if ctx.invoked_subcommand is not None:
        return
    import logging

    from partyhost.cloud.push import Limits
    from partyhost.cloud.server import StartError, run

    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    limits = Limits(max_push_bytes=max_push_bytes, max_document_bytes=max_document_bytes)
    try:
        run(db_url, host=host, port=port, limits=limits, log_level=log_level, echo=click.echo)
    except StartError as exc:
        raise click.ClickException(str(exc)) from None


def _open(ctx: click.Context, db_url: str | None) -> Any:
    from partyhost.cloud import schema
    from partyhost.cloud.db import Database, errors

    db = Database(db_url or (ctx.obj or {}).get("db_url") or default_db())
    try:
        schema.migrate(db)
    except errors() as exc:
        raise click.ClickException(f"cannot open the database {db.describe()}: {exc}") from None
    return db


@cloud.group("keys")
def keys_group() -> None:
    """Create, list and revoke the keys hosts sign with."""


@keys_group.command("create")
@click.argument("org")
@_db_option(None)
@click.pass_context
def keys_create(ctx: click.Context, org: str, db_url: str | None) -> None:
    """Make a key for organization ORG (made if new) and print it."""
    from partyhost.cloud import keys

    db = _open(ctx, db_url)
    try:
        name, key = keys.create(db, org)
    except keys.KeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.close()
    click.echo(f"Organization: {name}")
    click.echo(f"Key id:       {key.id}")
    click.echo(f"Secret:       {key.secret}")
    click.echo("")
    click.echo("Give the host both, as one value (the secret is not shown again):")
    click.echo(f"  partyhost --cloud-url URL --cloud-key {key}")


@keys_group.command("list")
@click.option("--org", default=None, help="Only this organization's keys.")
@_db_option(None)
@click.pass_context
def keys_list(ctx: click.Context, org: str | None, db_url: str | None) -> None:
    """List the keys (never their secrets)."""
    from datetime import UTC, datetime

    from partyhost.cloud import keys

    db = _open(ctx, db_url)
    try:
        found = keys.listing(db, org)
    except keys.KeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.close()
    if not found:
        click.echo("No keys yet. Make one with: partyhost cloud keys create ORG")
    for key in found:
        made = datetime.fromtimestamp(key.created_at / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        click.echo(f"{key.org:<24} {key.id:<22} made {made}{'' if key.active else '  REVOKED'}")


@keys_group.command("revoke")
@click.argument("key_id")
@_db_option(None)
@click.pass_context
def keys_revoke(ctx: click.Context, key_id: str, db_url: str | None) -> None:
    """Revoke KEY_ID: pushes signed with it are refused from now on."""
    from partyhost.cloud import keys

    db = _open(ctx, db_url)
    try:
        key = keys.revoke(db, key_id)
    except keys.KeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.close()
    click.echo(f"Revoked {key.id} of {key.org}." if key.active else f"{key.id} was already revoked.")
