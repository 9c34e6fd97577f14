"""The host's HTTP routes for sync (host rights: the laptop itself, or the host key).

| Route | Does |
|---|---|
| ``GET /api/sync`` | the status: pending, delivered, failed, last error, next try, progress |
| ``POST /api/sync/now`` | try to deliver now, whatever the backoff said |
| ``POST /api/sync/settings`` | save and apply the cloud address and key, and the webhook |
| ``GET /api/rooms/{code}/sync`` | whether the room's results will be sent, and its outbox items |
| ``POST /api/rooms/{code}/sync`` | ``{"sync": false}`` marks the room "do not sync"; ``true`` lifts it |
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from partyhost import protocol
from partyhost.engine import NoSuchRoom
from partyhost.sync.service import SyncService
from partyhost.sync.settings import SettingsError
from partyhost.ws import is_loopback

MAX_BODY = 16 * 1024
NO_STORE = {"Cache-Control": "no-store"}


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _refused(exc: Refused) -> JSONResponse:
    return JSONResponse(protocol.error_body(exc.code, exc.message), status_code=exc.status)


def _host_only(request: Request) -> Any:
    state = request.app.state.partyhost
    key = request.headers.get("x-partyhost-key", "")
    peer = request.client.host if request.client else None
    if not (is_loopback(peer) or (key and hmac.compare_digest(key, state.host_key))):
        raise Refused(403, "not_allowed", "Only the host can do that.")
    return state


async def _object(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise Refused(413, "too_large", "That request is larger than 16 KB.")
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise Refused(400, "bad_json", "The request body is not JSON.") from None
    if not isinstance(data, dict):
        raise Refused(400, "bad_message", "The request body must be a JSON object.")
    return data


def _guarded(handler: Any) -> Any:
    async def route(request: Request) -> Response:
        try:
            return await handler(request)  # type: ignore[no-any-return]
        except Refused as exc:
            return _refused(exc)

    return route


async def get_status(request: Request) -> Response:
    sync: SyncService = _host_only(request).sync
    return JSONResponse({"sync": await sync.status()}, headers=NO_STORE)


async def sync_now(request: Request) -> Response:
    sync: SyncService = _host_only(request).sync
    await sync.sync_now()
    return JSONResponse({"sync": await sync.status()}, headers=NO_STORE)


async def set_settings(request: Request) -> Response:
    sync: SyncService = _host_only(request).sync
    data = await _object(request)
    allowed = {"cloud_url", "cloud_key", "notify_url", "notify_format"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        names = ", ".join(sorted(allowed))
        raise Refused(400, "bad_message", f"unknown setting {unknown[0]!r}; the settings are {names}")
    if not all(isinstance(v, str) for v in data.values()):
        raise Refused(400, "bad_message", "every setting is a string")
    try:
        await sync.configure(data)
    except SettingsError as exc:
        raise Refused(400, "bad_setting", str(exc)) from None
    return JSONResponse({"sync": await sync.status()}, headers=NO_STORE)


def _room(request: Request) -> Any:
    state = _host_only(request)
    try:
        return state, state.engine.room(request.path_params["code"])
    except NoSuchRoom as exc:
        raise Refused(404, "no_such_room", str(exc)) from None


async def get_room(request: Request) -> Response:
    state, room = _room(request)
    return JSONResponse(await state.sync.room_status(room.code), headers=NO_STORE)


async def set_room(request: Request) -> Response:
    state, room = _room(request)
    data = await _object(request)
    if set(data) != {"sync"} or not isinstance(data["sync"], bool):
        raise Refused(400, "bad_message", 'the body is {"sync": true} or {"sync": false}')
    await state.sync.set_room(room, data["sync"])
    return JSONResponse(await state.sync.room_status(room.code), headers=NO_STORE)


routes = [
    Route("/api/sync", _guarded(get_status), methods=["GET"]),
    Route("/api/sync/now", _guarded(sync_now), methods=["POST"]),
    Route("/api/sync/settings", _guarded(set_settings), methods=["POST"]),
    Route("/api/rooms/{code}/sync", _guarded(get_room), methods=["GET"]),
    Route("/api/rooms/{code}/sync", _guarded(set_room), methods=["POST"]),
]
