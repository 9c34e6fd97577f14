"""The Starlette application: pages, the JSON API, static files and the WebSocket.

Every error, from any route, has one shape: ``{"error": {"code", "message"}}``.
A fault inside partyhost answers ``internal_error`` and is logged; no stack
trace ever reaches a client.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from partyhost import __version__, export, lan, mdns, protocol, qr
from partyhost.config import Config
from partyhost.core.questions import Settings
from partyhost.engine import Engine, NoSuchRoom
from partyhost.guard import AllowedHosts, HostGuard
from partyhost.hub import Hub
from partyhost.packs.library import Library
from partyhost.packs.model import PackError
from partyhost.resources import questions_dir, web_dir
from partyhost.store.db import Database
from partyhost.store.writer import StorageError, Writer
from partyhost.sync import api as sync_api
from partyhost.sync import running
from partyhost.sync.service import SyncService
from partyhost.sync.settings import from_flags
from partyhost.ws import endpoint, is_loopback

log = logging.getLogger(__name__)

MAX_BODY = 2 * 1024 * 1024


@dataclass
class State:
    config: Config
    db: Database
    writer: Writer
    hub: Hub
    engine: Engine
    library: Library
    host_key: str
    base_url: str = ""
    urls: list[str] = field(default_factory=list)
    #: the listening port (0 when the app runs without a socket of its own, as in tests)
    port: int = 0
    #: the join address follows the network (no --public-url, --advertise-ip or choice on the host page)
    auto_base: bool = True
    presence: mdns.Presence | None = None
    wifi: Wifi = field(default_factory=lambda: Wifi())
    #: results to the cloud (docs/sync.md); set by build_state
    sync: SyncService = field(init=False)


@dataclass
class Wifi:
    """The venue's Wi-Fi for the projector's QR code. In memory only: never stored, logged or sent as text."""

    ssid: str = ""
    password: str = field(default="", repr=False)

    def payload(self) -> str | None:
        return qr.wifi_payload(self.ssid, self.password) if self.ssid else None

    def public(self) -> dict[str, Any]:
        security = "WPA" if self.password else "nopass"
        return {"ssid": self.ssid, "password_set": bool(self.password), "security": security}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(protocol.error_body(code, message), status_code=status)


def _state(request: Request) -> State:
    return request.app.state.partyhost  # type: ignore[no-any-return]


def require_host(request: Request) -> None:
    state = _state(request)
    key = request.headers.get("x-partyhost-key", "")
    peer = request.client.host if request.client else None
    if is_loopback(peer) or (key and hmac.compare_digest(key, state.host_key)):
        return
    raise ApiError(403, "not_allowed", "Only the host can do that.")


async def _json_body(request: Request) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise ApiError(413, "too_large", "That upload is larger than 2 MB.")
    try:
        return protocol.loads(body or b"{}")
    except ValueError:  # also UnicodeDecodeError and JSONDecodeError
        raise ApiError(400, "bad_json", "The request body is not JSON.") from None


_Model = TypeVar("_Model", bound=BaseModel)


async def _body_as(model: type[_Model], request: Request) -> _Model:
    """The JSON body checked against ``model``; the first problem is a ``bad_message`` naming its field."""
    try:
        return model.model_validate(await _json_body(request))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise ApiError(400, "bad_message", f"{where}: {first['msg']}") from None


# ---------------------------------------------------------------------- pages


def _page(name: str) -> Any:
    async def page(request: Request) -> Response:
        return FileResponse(web_dir() / name, headers={"Cache-Control": "no-cache"})

    return page


# ------------------------------------------------------------------------ API


async def health(request: Request) -> Response:
    state = _state(request)
    database = state.db.check()
    database["path"] = str(state.db.path)
    return JSONResponse(
        {
            "status": "ok" if database["ok"] else "degraded",
            "version": __version__,
            "protocol": protocol.VERSION,
            "database": database,
            "writer": dataclasses.asdict(state.writer.stats),
        },
        status_code=200 if database["ok"] else 503,
    )


async def list_packs(request: Request) -> Response:
    library = _state(request).library
    packs = [info.summary() for info in library.packs()]
    return JSONResponse({"packs": packs, "problems": library.problems})


async def import_pack(request: Request) -> Response:
    require_host(request)
    data = await _json_body(request)
    try:
        info = _state(request).library.import_pack(data, source=request.query_params.get("filename", "upload"))
    except PackError as exc:
        raise ApiError(400, "bad_pack", str(exc)) from None
    return JSONResponse({"pack": info.summary()}, status_code=201)


class RoomSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    time_limit: int | None = Field(default=None, ge=5, le=300)
    points: bool | None = None
    base_points: int | None = Field(default=None, ge=1, le=100_000)
    late_join: bool | None = None
    max_players: int | None = Field(default=None, ge=1, le=10_000)
    classroom: bool | None = None
    nickname_filter: bool | None = None


class NewRoom(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    pack: str = Field(min_length=1, max_length=64)
    title: str | None = Field(default=None, min_length=1, max_length=80)
    settings: RoomSettings = RoomSettings()


def room_links(state: State, code: str) -> dict[str, str]:
    return {
        "join_url": f"{state.base_url}/join/{code}",
        "screen_url": f"{state.base_url}/screen/{code}",
        "host_url": f"{state.base_url}/host/{code}",
    }


async def create_room(request: Request) -> Response:
    require_host(request)
    state = _state(request)
    spec = await _body_as(NewRoom, request)
    info = state.library.get(spec.pack)
    if info is None:
        raise ApiError(404, "no_such_pack", f"There is no pack with the id {spec.pack!r}.")
    pack_settings = info.pack.settings.model_dump()
    overrides = {k: v for k, v in spec.settings.model_dump().items() if v is not None}
    settings = Settings.from_dict({**pack_settings, **overrides})
    room = await state.engine.create_room(
        title=spec.title or info.pack.title,
        pack_id=info.pack.id,
        questions=info.pack.question_dicts(),
        settings=settings,
    )
    body = {"code": room.code, "title": room.title, **room_links(state, room.code)}
    return JSONResponse({"room": body}, status_code=201)


async def list_rooms(request: Request) -> Response:
    state = _state(request)
    rooms = []
    for row in state.db.rooms():
        actor = state.engine.actors.get(row["code"])
        if actor is not None:
            row["phase"] = actor.room.phase.value
            row["players"] = len(actor.room.active_players())
        rooms.append({k: row[k] for k in ("code", "title", "phase", "players", "created_at")})
    return JSONResponse({"rooms": rooms})


def _room_or_404(request: Request) -> Any:
    try:
        return _state(request).engine.room(request.path_params["code"])
    except NoSuchRoom as exc:
        raise ApiError(404, "no_such_room", str(exc)) from None


async def room_qr(request: Request) -> Response:
    room = _room_or_404(request)
    url = room_links(_state(request), room.code)["join_url"]
    return Response(qr.svg(url), media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


async def room_qr_png(request: Request) -> Response:
    room = _room_or_404(request)
    url = room_links(_state(request), room.code)["join_url"]
    return Response(qr.png(url), media_type="image/png", headers={"Cache-Control": "no-cache"})


async def room_host_qr(request: Request) -> Response:
    """A QR code that opens this room's host page on a phone, with the host key."""
    require_host(request)
    room = _room_or_404(request)
    state = _state(request)
    url = f"{room_links(state, room.code)['host_url']}#key={state.host_key}"
    return Response(qr.svg(url), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


async def room_export(request: Request) -> Response:
    require_host(request)
    room = _room_or_404(request)
    fmt = request.query_params.get("format", "json")
    table = request.query_params.get("table", "answers")
    if fmt not in ("json", "csv") or table not in export.TABLES:
        raise ApiError(400, "bad_message", "format is json or csv; table is answers, summary or teams.")
    document = export.build(room)
    name = f"partyhost-{room.code}"
    if fmt == "json":
        return Response(
            json.dumps(document, indent=2, ensure_ascii=False),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
        )
    suffix = "" if table == "answers" else f"-{table}"
    return Response(
        export.to_csv(document, table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}{suffix}.csv"'},
    )


def lan_choices(state: State) -> list[str]:
    """Every base URL the host may pick: the chosen one, the LAN addresses, the mDNS name."""
    choices = [state.base_url, *state.urls]
    if state.presence is not None and state.presence.url:
        choices.append(state.presence.url)
    return list(dict.fromkeys(u for u in choices if u))


async def lan_urls(request: Request) -> Response:
    state = _state(request)
    presence = state.presence
    return JSONResponse(
        {
            "urls": state.urls,
            "chosen": state.base_url,
            "choices": lan_choices(state),
            "mdns": {"name": presence.name, "url": presence.url, "status": presence.status} if presence else None,
        }
    )


async def choose_lan_url(request: Request) -> Response:
    """The host picks the address phones use; every join link and QR code follows."""
    require_host(request)
    state = _state(request)
    body = await _json_body(request)
    url = body.get("url") if isinstance(body, dict) else None
    if not isinstance(url, str) or url.rstrip("/") not in lan_choices(state):
        raise ApiError(400, "bad_message", "url must be one of the addresses in GET /api/lan.")
    set_base_url(state, url.rstrip("/"), auto=False)
    return await lan_urls(request)


def set_base_url(state: State, url: str, *, auto: bool) -> None:
    state.auto_base = auto
    if url != state.base_url:
        state.base_url = url
        for code in list(state.engine.actors):
            state.engine.touch(code)


def network_changed(state: State, addresses: list[str]) -> None:
    """The laptop's addresses changed: new candidate links; a join link that followed the network moves."""
    state.urls = [f"http://{ip}:{state.port}" for ip in addresses]
    if state.config.advertise_ip:
        state.urls.insert(0, f"http://{state.config.advertise_ip}:{state.port}")
    if state.auto_base:
        set_base_url(state, state.urls[0] if state.urls else f"http://127.0.0.1:{state.port}", auto=True)
    log.warning("network changed: phones join at %s", state.base_url)


# ----------------------------------------------------------------- Wi-Fi QR
#
# The Wi-Fi QR code carries the password, so it is served only with host rights
# (the laptop itself, or a device holding the host key): the projector on the
# laptop shows it, a player's phone never gets it. The JSON API never returns
# the password, and it is never written to disk or to the log.


class WifiSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    ssid: str = Field(max_length=32)
    #: ``None`` keeps the password that is set
    password: str | None = Field(default=None, max_length=63)


async def get_wifi(request: Request) -> Response:
    require_host(request)
    return JSONResponse({"wifi": _state(request).wifi.public()}, headers={"Cache-Control": "no-store"})


async def set_wifi(request: Request) -> Response:
    require_host(request)
    state = _state(request)
    spec = await _body_as(WifiSettings, request)
    state.wifi.ssid = spec.ssid.strip()
    if spec.password is not None:
        state.wifi.password = spec.password
    if not state.wifi.ssid:
        state.wifi.password = ""
    for code in list(state.engine.actors):
        state.engine.touch(code)
    return JSONResponse({"wifi": state.wifi.public()}, headers={"Cache-Control": "no-store"})


def _wifi_payload(request: Request) -> str:
    require_host(request)
    payload = _state(request).wifi.payload()
    if payload is None:
        raise ApiError(404, "not_found", "No Wi-Fi network is set.")
    return payload


async def wifi_qr_svg(request: Request) -> Response:
    return Response(qr.svg(_wifi_payload(request)), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


async def wifi_qr_png(request: Request) -> Response:
    return Response(qr.png(_wifi_payload(request)), media_type="image/png", headers={"Cache-Control": "no-store"})


# ---------------------------------------------------------------- error shape


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error(exc.status, exc.code, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    message = {404: "Nothing here.", 405: "That method is not allowed here."}.get(exc.status_code, str(exc.detail))
    return error(exc.status_code, codes.get(exc.status_code, "http_error"), message)


async def _storage_error(request: Request, exc: Exception) -> Response:
    return error(503, "storage_error", "The host could not save that; nothing was stored.")


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("fault in %s %s", request.method, request.url.path, exc_info=exc)
    return error(500, "internal_error", "Something went wrong on the host.")


def build_state(config: Config, base_url: str, urls: list[str]) -> State:
    db = Database.open(config.data_dir)
    writer = Writer(db.path)
    hub = Hub()
    engine = Engine(db, writer, hub)
    library = Library(questions_dir(), config.data_dir / "packs")
    state = State(config, db, writer, hub, engine, library, db.host_key(), base_url, urls)
    engine.base_url = lambda: state.base_url
    flags = from_flags(
        config.cloud_url,
        config.cloud_key,
        config.notify_url,
        config.notify_format,
        config.sync_max_wait,
        config.sync_timeout,
    )
    state.sync = SyncService(db, writer, flags)
    engine.outbox = state.sync
    state.wifi = Wifi(config.wifi_ssid.strip(), config.wifi_password if config.wifi_ssid.strip() else "")
    return state


def create_app(
    config: Config,
    *,
    base_url: str = "",
    urls: list[str] | None = None,
    port: int | None = None,
    report: Callable[[str], None] | None = None,
) -> Starlette:
    """The whole host as an ASGI app; the lifespan opens and closes the store.

    With ``port`` (the port it listens on), the app follows the laptop's network
    and announces itself with mDNS (``partyhost/mdns.py``) while it runs.
    """
    state = build_state(config, base_url or f"http://127.0.0.1:{config.port}", urls or [])
    state.auto_base = not config.public_url and not config.advertise_ip
    ident = mdns.short_id(state.host_key)
    if port is not None and not _is_loopback_host(config.host):
        state.port = port
        wildcard = config.host in ("0.0.0.0", "::", "")
        state.presence = mdns.Presence(
            port=port,
            ident=ident,
            local=lan.candidates if wildcard else lambda: [config.host],
            advertise_ip=config.advertise_ip,
            announce=config.mdns,
            on_change=lambda addresses: network_changed(state, addresses),
            report=report,
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.writer.start()
        state.engine.load()
        await state.engine.recover()
        await state.sync.start(config.data_dir, running.local_url(config.host, port) if port is not None else None)
        if state.presence is not None:
            state.presence.start()  # in the background: probing never delays serving
        try:
            yield
        finally:
            if state.presence is not None:
                await state.presence.stop()  # goodbye on the network first
            state.hub.everyone(
                protocol.encode(
                    {"type": "closing", "message": "The host is pausing the game. You will be reconnected."}
                )
            )
            for client in list(state.hub.connections):
                client.close(1001, "host shutting down")
            await state.sync.stop()
            state.engine.close()
            state.writer.stop()

    from partyhost import pack_api  # it imports this module, so it is loaded once this one is

    routes = [
        Route("/", _page("index.html")),
        Route("/join/{code}", _page("play.html")),
        Route("/screen/{code}", _page("screen.html")),
        Route("/host", _page("host.html")),
        Route("/host/{code}", _page("host.html")),
        Route("/editor", _page("editor.html")),
        Route("/api/health", health),
        Route("/api/packs", list_packs, methods=["GET"]),
        Route("/api/packs", import_pack, methods=["POST"]),
        Route("/api/rooms", list_rooms, methods=["GET"]),
        Route("/api/rooms", create_room, methods=["POST"]),
        Route("/api/rooms/{code}/qr.svg", room_qr),
        Route("/api/rooms/{code}/qr.png", room_qr_png),
        Route("/api/rooms/{code}/host-qr.svg", room_host_qr),
        Route("/api/rooms/{code}/export", room_export),
        Route("/api/lan", lan_urls, methods=["GET"]),
        Route("/api/lan", choose_lan_url, methods=["POST"]),
        Route("/api/wifi", get_wifi, methods=["GET"]),
        Route("/api/wifi", set_wifi, methods=["POST"]),
        Route("/api/wifi-qr.svg", wifi_qr_svg),
        Route("/api/wifi-qr.png", wifi_qr_png),
        *sync_api.routes,
        WebSocketRoute("/ws", endpoint),
        *pack_api.routes(),
        Mount("/static", StaticFiles(directory=web_dir()), name="static"),
    ]
    allowed = AllowedHosts(
        [
            lan.hostname(),
            f"{lan.hostname()}.local",
            urlsplit(state.base_url).hostname or "",
            f"{mdns.label(ident)}.local",  # and -2, -3 … after a name clash: every *.local is allowed
        ]
    )
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(HostGuard, allowed=allowed)],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            StorageError: _storage_error,
            Exception: _server_error,
        },
    )
    app.state.partyhost = state
    return app


def candidate_urls(port: int, host: str, advertise_ip: str = "") -> list[str]:
    """The base URLs phones could use, best first; ``advertise_ip`` (``--advertise-ip``) comes first."""
    found = [host] if host not in ("0.0.0.0", "::", "") else lan.candidates()
    ips = [advertise_ip, *found] if advertise_ip else found
    return [f"http://{ip}:{port}" for ip in dict.fromkeys(ips)]


def _is_loopback_host(host: str) -> bool:
    return host == "localhost" or is_loopback(host)
