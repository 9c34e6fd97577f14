"""What the host (and ``partyhost sync``) use of sync: the engine's outbox hook, commands, status.

The engine calls :meth:`SyncService.on_game_end` while it decides the command
that ends a room: the statements it returns are committed in the same
transaction as ``GameEnded`` (``Batch.extra``). The core knows nothing of this:
it only emits ``GameEnded``; the document is built here from the room. With no
cloud and no webhook set, nothing is queued.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from partyhost.cloud.signing import parse_key
from partyhost.core.room import Phase, Room
from partyhost.store.db import Database, connect
from partyhost.store.writer import Statement, Writer
from partyhost.sync import document, outbox, running
from partyhost.sync.outbox import CLOUD, WEBHOOK
from partyhost.sync.settings import FORMATS, SettingsError, SyncSettings, check_url
from partyhost.sync.worker import Worker

log = logging.getLogger(__name__)


def host_identity(db: Database) -> str:
    """This data folder's host id for the cloud, made once and kept (``settings``: ``sync.host_id``)."""
    conn = connect(db.path)
    try:
        conn.execute(*outbox.host_identity_statement("h_" + secrets.token_hex(8)))
        row = conn.execute("SELECT value FROM settings WHERE key = 'sync.host_id'").fetchone()
        return str(row[0])
    finally:
        conn.close()


class SyncService:
    def __init__(self, db: Database, writer: Writer, flags: SyncSettings, *, host_name: str | None = None) -> None:
        self.db = db
        self.writer = writer
        self.flags = flags
        conn = db.reader()
        try:
            self.settings = flags.with_stored(outbox.stored_settings(conn))
        finally:
            conn.close()
        self.host_id = host_identity(db)
        self.host_name = (host_name or socket.gethostname())[:100]
        self.worker = Worker(db, writer, lambda: self.settings, self.host_id, self.host_name)
        self._data_dir: Path | None = None

    # ------------------------------------------------------- the engine's hook

    def on_game_end(self, room: Room) -> list[Statement]:
        """The outbox rows of a room that ends now (none when nothing is set up, or on a fault)."""
        settings = self.settings
        statements: list[Statement] = []
        try:
            now_ms = time.time_ns() // 1_000_000
            if settings.cloud:
                body = document.encode(document.result(room))
                statements.append(outbox.queue_result(room.code, body, document.digest(body), now_ms))
            if settings.notify:
                facts = document.encode(document.notification(room))
                statements.append(outbox.queue_notification(room.code, facts, now_ms))
        except Exception:  # never let a fault here stop a room from ending
            log.exception("could not build the result of room %s for the cloud", room.code)
            return []
        return statements

    def committed(self) -> None:
        self.worker.poke()

    # ------------------------------------------------------------- lifecycle

    async def start(self, data_dir: Path | None = None, url: str | None = None) -> None:
        await self.worker.start()
        if data_dir is not None and url is not None:
            self._data_dir = data_dir
            running.write(data_dir, url)

    async def stop(self) -> None:
        await self.worker.stop()
        if self._data_dir is not None:
            running.remove(self._data_dir)

    # -------------------------------------------------------------- commands

    async def sync_now(self) -> None:
        await self.worker.sync_now()

    async def configure(self, changes: dict[str, Any]) -> None:
        """Save and apply settings from the host page; ``SettingsError`` names a wrong one.

        ``cloud_url`` and ``notify_url`` (empty: off), ``cloud_key`` (left out: keep the one
        set), ``notify_format``.
        """
        current = self.settings
        url = check_url(str(changes.get("cloud_url", current.cloud_url)), "the cloud address")
        key = current.key
        if "cloud_key" in changes and str(changes["cloud_key"]).strip():
            try:
                key = parse_key(str(changes["cloud_key"]))
            except ValueError as exc:
                raise SettingsError(str(exc)) from None
        if not url:
            key = None
        if url and key is None:
            raise SettingsError("a cloud address needs a cloud key too (KEYID:SECRET)")
        notify_url = check_url(str(changes.get("notify_url", current.notify_url)), "the webhook address")
        notify_format = str(changes.get("notify_format", current.notify_format))
        if notify_format not in FORMATS:
            raise SettingsError(f"the webhook format is one of {', '.join(FORMATS)}")
        saved = {
            "sync.cloud_url": url,
            "sync.cloud_key": str(key) if key else "",
            "sync.notify_url": notify_url,
            "sync.notify_format": notify_format if notify_url else "",
        }
        await self.writer.execute(outbox.save_settings(saved))
        self.settings = replace(
            current,
            cloud_url=url,
            key=key,
            notify_url=notify_url,
            notify_format=notify_format,
            source="saved" if url else "",
        )
        await self.sync_now()

    async def set_room(self, room: Room, sync: bool) -> None:
        """Mark a room "do not sync" (what it has waiting is withdrawn), or lift the mark."""
        now_ms = time.time_ns() // 1_000_000
        if not sync:
            await self.writer.execute(outbox.skip(room.code, now_ms))
        else:
            statements = outbox.unskip(room.code)
            if room.phase is Phase.ENDED and self.settings.cloud:
                body = document.encode(document.result(room))
                statements.append(outbox.queue_result(room.code, body, document.digest(body), now_ms, again=True))
            await self.writer.execute(statements)
        self.worker.poke()

    # ---------------------------------------------------------------- status

    async def status(self) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            conn = self.db.reader()
            try:
                return {
                    "counts": outbox.counts(conn, CLOUD),
                    "notify_counts": outbox.counts(conn, WEBHOOK),
                    "items": outbox.recent(conn),
                }
            finally:
                conn.close()

        found = await asyncio.to_thread(read)
        return describe(self.settings, self.host_id, self.host_name, self.worker, found)

    async def room_status(self, code: str) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            conn = self.db.reader()
            try:
                return {"skipped": outbox.skipped(conn, code), "items": outbox.room_items(conn, code)}
            finally:
                conn.close()

        found = await asyncio.to_thread(read)
        return {
            "room": code,
            "sync": not found["skipped"],
            "cloud": self.settings.cloud,
            "notify": self.settings.notify,
            "items": found["items"],
        }


def describe(
    settings: SyncSettings, host_id: str, host_name: str, worker: Worker, found: dict[str, Any]
) -> dict[str, Any]:
    """The sync status as ``GET /api/sync`` and ``partyhost sync status --json`` give it."""
    cloud = worker.lanes[CLOUD].snapshot()
    counts = found["counts"]
    if not settings.cloud:
        state = "off"
    elif cloud["busy"]:
        state = "pushing"
    elif counts["pending"] and cloud["next_try_at"] is not None:
        state = "waiting"
    elif counts["pending"]:
        state = "due"
    else:
        state = "idle"
    return {
        "state": state,
        "host": {"id": host_id, "name": host_name},
        "cloud": {
            "configured": settings.cloud,
            "url": settings.cloud_url,
            "key_id": settings.key.id if settings.key else None,
            "source": settings.source,
            **counts,
            **cloud,
        },
        "notify": {
            "configured": settings.notify,
            # a webhook address is a secret: only its host is shown
            "host": _host_of(settings.notify_url),
            "format": settings.webhook_format() if settings.notify else None,
            **found["notify_counts"],
            **worker.lanes[WEBHOOK].snapshot(),
        },
        "max_wait": settings.max_wait,
        "items": found["items"],
    }


def _host_of(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname if url else None
