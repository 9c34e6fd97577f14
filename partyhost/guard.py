"""Protection for a LAN with strangers on it.

- :class:`HostGuard` (ASGI middleware) answers ``bad_host`` to any HTTP request
  or WebSocket whose ``Host`` is a name partyhost does not answer to, and
  refuses a WebSocket whose ``Origin`` is a page from elsewhere. A web page on
  the internet can point a DNS name at a LAN address (DNS rebinding), but it
  cannot make the browser send one of our names: IP literals, ``localhost``,
  ``*.local`` (mDNS), this machine's host name, and the public URL's host.
- :class:`RateLimit` is a token bucket per connection.
- :class:`Strikes` counts bad frames; a connection that keeps sending them is closed.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from partyhost import protocol


def _hostname(value: str) -> str:
    """The host part of a ``Host`` header or an origin, lower-cased, without port or brackets."""
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).netloc
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class AllowedHosts:
    """The names this host answers to."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = {"localhost"} | {_hostname(n) for n in names if n}

    def allows(self, value: str) -> bool:
        name = _hostname(value)
        if not name:
            return False
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            pass
        return name in self.names or name.endswith(".local") or name.endswith(".localhost")


class HostGuard:
    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        origin = headers.get("origin")
        if not self.allowed.allows(host):
            await self._refuse(scope, receive, send, "bad_host", "This address is not one partyhost answers to.")
            return
        if scope["type"] == "websocket" and origin is not None and not self.allowed.allows(origin):
            await self._refuse(scope, receive, send, "bad_origin", "Pages from elsewhere cannot connect.")
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, code: str, message: str) -> None:
        if scope["type"] == "websocket":
            # Close during the handshake: the browser sees a failed connection (HTTP 403).
            await receive()
            await send({"type": "websocket.close", "code": 1008, "reason": code})
            return
        body = json.dumps(protocol.error_body(code, message)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RateLimit:
    """A token bucket: ``burst`` frames at once, ``rate`` per second after that."""

    def __init__(self, rate: float = 10.0, burst: float = 30.0) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp: float | None = None

    def take(self, now: float) -> bool:
        if self.stamp is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Strikes:
    """Bad frames, forgiven at one per second; past ``limit`` the connection is closed."""

    def __init__(self, limit: float = 30.0) -> None:
        self.limit = limit
        self.count = 0.0
        self.stamp: float | None = None

    def add(self, now: float) -> bool:
        """Count one bad frame; ``True`` when the connection should be closed."""
        if self.stamp is not None:
            self.count = max(0.0, self.count - (now - self.stamp))
        self.stamp = now
        self.count += 1
        return self.count > self.limit
