"""The WebSocket endpoint: one connection, one role, frames in and out.

Every frame is parsed by :mod:`partyhost.protocol`; the first one says who
the connection is (``join``, ``resume``, ``watch`` or ``host``). Refusals from
the core become ``error`` frames with the core's code; an unexpected fault is
logged and becomes ``internal_error``, never a stack trace on a phone.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import secrets
import time
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from starlette.websockets import WebSocket, WebSocketDisconnect

from partyhost import protocol as p
from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import DuplicateAnswer, LateAnswer, RoomError
from partyhost.core.modes import mode_for
from partyhost.core.room import Phase
from partyhost.engine import NoSuchRoom
from partyhost.guard import RateLimit, Strikes
from partyhost.hub import Client
from partyhost.packs.model import PackError, parse_question
from partyhost.store.writer import StorageError

if TYPE_CHECKING:
    from partyhost.app import State

log = logging.getLogger(__name__)

HOST_ACTIONS: dict[str, c.Command] = {
    "start": c.Start(),
    "next": c.Next(),
    "reveal": c.Reveal(),
    "pause": c.Pause(),
    "resume": c.Resume(),
    "skip": c.Skip(),
    "lock": c.Lock(True),
    "unlock": c.Lock(False),
    "end": c.End(),
    "show_results": c.ShowResults(True),
    "hide_results": c.ShowResults(False),
    "revote": c.Revote(),
    "balance_teams": c.BalanceTeams(),
}


def is_loopback(host: str | None) -> bool:
    return bool(host) and (host == "::1" or str(host).startswith("127.") or host == "localhost")


async def endpoint(websocket: WebSocket) -> None:
    state: State = websocket.app.state.partyhost
    await websocket.accept()
    if len(state.hub.connections) >= state.config.max_connections:
        await websocket.send_text(p.error_frame("server_full", "The host has too many connections. Try again soon."))
        await websocket.close(1013, "server full")
        return
    peer = websocket.client.host if websocket.client else None

    async def close(code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):
            await websocket.close(code, reason)

    client = Client(websocket.send_text, close, local=is_loopback(peer))
    state.hub.add(client)
    session = Session(state, client)
    try:
        while not client.closed:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                await session.handle_bytes()
                continue
            await session.handle_text(text)
    except WebSocketDisconnect:
        pass
    finally:
        state.hub.remove(client)
        await client.finish()
        if client.room is not None:
            state.engine.touch(client.room)


class Session:
    """What one connection may do, given the role it took."""

    def __init__(self, state: State, client: Client) -> None:
        self.state = state
        self.client = client
        self.bucket = RateLimit()
        self.strikes = Strikes()

    def error(self, code: str, message: str, ref: str | None = None) -> None:
        self.client.send(p.error_frame(code, message, ref))

    def strike(self) -> None:
        """A bad frame; a connection that keeps sending them is closed."""
        if self.strikes.add(time.monotonic()):
            log.info("closing a connection that kept sending bad frames")
            self.client.close(1008, "too many bad frames")

    async def handle_bytes(self) -> None:
        self.error("bad_message", "Frames are JSON text, not binary.")
        self.strike()

    async def handle_text(self, text: str) -> None:
        if not self.bucket.take(time.monotonic()):
            self.error("rate_limited", "Slow down: too many messages.")
            self.strike()
            return
        try:
            msg = p.parse(text)
        except p.ProtocolError as exc:
            self.error(exc.code, exc.message, exc.ref)
            self.strike()
            return
        kind = str(getattr(msg, "type", ""))
        # An answer's errors name the answer, so the phone knows which one failed.
        ref = msg.id if isinstance(msg, p.AnswerMsg) else kind
        try:
            await self.dispatch(msg)
        except NoSuchRoom as exc:
            self.error("no_such_room", str(exc), ref)
        except RoomError as exc:
            self.error(exc.code, exc.message, ref)
        except StorageError:
            self.error("storage_error", "The host could not save that; nothing was stored. Try again.", ref)
        except Exception:
            log.exception("fault while handling a %s frame", kind)
            self.error("internal_error", "Something went wrong on the host. Please try again.", ref)

    async def dispatch(self, msg: BaseModel) -> None:
        if isinstance(msg, p.PingMsg):
            self.client.send(p.encode({"type": "pong", "t": msg.t}))
            return
        if isinstance(msg, p.JoinMsg | p.ResumeMsg | p.WatchMsg | p.HostMsg):
            if self.client.role is not None:
                self.error("already_joined", "This connection already has a role.", msg.type)
                return
            await self.hello(msg)
            return
        if isinstance(msg, p.AnswerMsg):
            await self.answer(msg)
            return
        if isinstance(msg, p.CommandMsg):
            await self.command(msg)
            return
        if isinstance(msg, p.TeamMsg):
            if self.client.role != "player" or self.client.room is None or self.client.player_id is None:
                self.error("not_joined", "Join the game before picking a team.", "team")
                return
            await self.state.engine.execute(self.client.room, c.ChooseTeam(self.client.player_id, msg.team))

    async def hello(self, msg: p.JoinMsg | p.ResumeMsg | p.WatchMsg | p.HostMsg) -> None:
        engine, hub = self.state.engine, self.state.hub
        code = msg.room.strip().upper()
        room = engine.room(code)
        if not isinstance(msg, p.JoinMsg):
            await engine.settled(code)  # the first view shows only what is on disk
        room = engine.room(code)
        now = engine.clock()
        if isinstance(msg, p.JoinMsg):
            token = secrets.token_urlsafe(24)
            events = await engine.execute(code, c.Join(msg.nickname, token))
            player = room.players[events[0].player_id]  # type: ignore[attr-defined]
            self._welcome_player(code, player.id, player.nickname, token)
        elif isinstance(msg, p.ResumeMsg):
            player = room.seat(msg.token)
            self._welcome_player(code, player.id, player.nickname, msg.token)
        elif isinstance(msg, p.WatchMsg):
            hub.attach(self.client, code, "screen")
            self.client.send(p.encode({"type": "welcome", "role": "screen", "room": code}))
            self.client.send_state(engine.screen_frame(room, now))
        else:
            if not (self.client.local or (msg.key and hmac.compare_digest(msg.key, self.state.host_key))):
                self.error("not_allowed", "Only the host can control this room.", "host")
                return
            hub.attach(self.client, code, "host")
            self.client.send(p.encode({"type": "welcome", "role": "host", "room": code}))
            self.client.send_state(engine.host_frame(room, now))
        engine.touch(code)

    def _welcome_player(self, code: str, player_id: str, nickname: str, token: str) -> None:
        engine = self.state.engine
        self.state.hub.attach(self.client, code, "player", player_id)
        welcome = {
            "type": "welcome",
            "role": "player",
            "room": code,
            "player": {"id": player_id, "nickname": nickname, "token": token},
        }
        self.client.send(p.encode(welcome))
        room = engine.room(code)
        self.client.send_state(engine.player_frame(room, player_id, engine.clock()))

    async def answer(self, msg: p.AnswerMsg) -> None:
        if self.client.role != "player" or self.client.room is None or self.client.player_id is None:
            self.error("not_joined", "Join the game before answering.", msg.id)
            return
        ack: dict[str, Any] = {"type": "ack", "id": msg.id}
        command = c.Answer(self.client.player_id, msg.question, msg.id, msg.raw(), msg.step)
        try:
            events = await self.state.engine.execute(self.client.room, command)
        except DuplicateAnswer as dup:
            try:
                # The stored answer may still be waiting for its commit: report it once it is on disk.
                await self.state.engine.settled(self.client.room)
            except StorageError:
                self.error("storage_error", "The host could not save your answer. Tap again.", msg.id)
                return
            room = self.state.engine.room(self.client.room)
            ack.update(status="duplicate", **views.answer_fields(room, dup.question, dup.stored))
            ack["elapsed_ms"] = dup.elapsed_ms
        except LateAnswer as late:
            ack.update(status="late", question=late.question, message=late.message)
        except StorageError:
            self.error("storage_error", "The host could not save your answer. Tap again.", msg.id)
            return
        except RoomError as exc:
            self.error(exc.code, exc.message, msg.id)
            return
        else:
            recorded = events[0]
            assert isinstance(recorded, e.AnswerRecorded)
            room = self.state.engine.room(self.client.room)
            ack.update(status="accepted", **views.answer_fields(room, recorded.index, recorded.answer))
            ack["elapsed_ms"] = recorded.elapsed_ms
        self._add_progress(ack, msg)
        self.client.send(p.encode(ack))

    def _add_progress(self, ack: dict[str, Any], msg: p.AnswerMsg) -> None:
        """In a stepped question the ack carries the step and the phone's run as it is now, so the
        phone shows the next step at once (a Wordle guess's colours) without waiting for a state."""
        assert self.client.room is not None and self.client.player_id is not None
        room = self.state.engine.room(self.client.room)
        player = room.players.get(self.client.player_id)
        question = room.question
        if (
            player is None
            or question is None
            or msg.question != room.index
            or room.phase not in (Phase.QUESTION, Phase.REVEAL)
            or not mode_for(question.type).stepped
        ):
            return
        ack["step"] = msg.step
        ack["progress"] = views.progress(room, player)

    def show_command(self, msg: p.CommandMsg) -> c.Command | None:
        """A change to the room's show, or ``None`` after telling the host what is wrong."""
        if msg.action == "add":
            if msg.question is None:
                self.error("bad_message", "add needs a question.", "command")
                return None
            try:
                data = parse_question(msg.question)
            except PackError as exc:
                self.error("bad_question", exc.message, "command")
                return None
            return c.AddQuestions((data,), msg.position)
        if msg.action == "add_pack":
            info = self.state.library.get(msg.pack) if msg.pack else None
            if info is None:
                self.error("no_such_pack", f"There is no pack with the id {msg.pack!r}.", "command")
                return None
            return c.AddQuestions(tuple(info.pack.question_dicts()), msg.position)
        if msg.index is None or (msg.action == "move" and msg.to is None):
            self.error(
                "bad_message",
                f"{msg.action} needs the question's index{' and to' * (msg.action == 'move')}.",
                "command",
            )
            return None
        if msg.action == "move":
            return c.MoveQuestion(msg.index, msg.to or 0)
        return c.RemoveQuestion(msg.index)

    async def command(self, msg: p.CommandMsg) -> None:
        if self.client.role != "host" or self.client.room is None:
            self.error("not_allowed", "Only the host can do that.", "command")
            return
        cmd: c.Command
        if msg.action == "rename":
            if not msg.player or msg.nickname is None:
                self.error("bad_message", "rename needs the player's id and a nickname.", "command")
                return
            cmd = c.Rename(msg.player, msg.nickname)
        elif msg.action == "kick":
            if not msg.player:
                self.error("bad_message", "kick needs the player's id.", "command")
                return
            cmd = c.Kick(msg.player)
        elif msg.action == "extend":
            cmd = c.Extend(msg.seconds)
        elif msg.action in ("add", "add_pack", "move", "remove"):
            show = self.show_command(msg)
            if show is None:
                return
            cmd = show
        elif msg.action == "judge":
            if msg.right is None:
                self.error("bad_message", "judge needs right: true or false.", "command")
                return
            cmd = c.Judge(msg.right)
        elif msg.action == "open":
            if msg.index is None:
                self.error("bad_message", "open needs the question's index.", "command")
                return
            cmd = c.OpenQuestion(msg.index)
        elif msg.action == "teams":
            cmd = c.SetTeams(tuple(msg.names or ()))
        elif msg.action == "assign_team":
            if not msg.player:
                self.error("bad_message", "assign_team needs the player's id (and team, or none).", "command")
                return
            cmd = c.ChooseTeam(msg.player, msg.team)
        elif msg.action in ("hide_entry", "show_entry"):
            if msg.entry is None:
                self.error("bad_message", f"{msg.action} needs the entry's key.", "command")
                return
            cmd = c.HideEntry(msg.entry, hidden=msg.action == "hide_entry")
        else:
            cmd = HOST_ACTIONS[msg.action]
        await self.state.engine.execute(self.client.room, cmd)
