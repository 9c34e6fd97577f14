"""Being found on the LAN: mDNS / DNS-SD announcements, and following the laptop's network.

:class:`Presence` runs as one task on the server's loop:

- every few seconds it reads the laptop's addresses (``lan.candidates()``, a
  ``getifaddrs`` call and no traffic) and, when they change, tells the app
  (new join links) and announces the host again on the new network;
- it announces ``_partyhost._tcp`` and ``_http._tcp`` under the name
  ``partyhost-<id>`` with the host name ``partyhost-<id>.local``, where ``<id>``
  comes from the data folder's host key, so the name stays the same from one
  night to the next. It never claims the machine's own host name;
- the announcement is probed and sent in the background: the host serves
  pages before it is done;
- when another responder already has the name (another partyhost made from a
  copy of the same data folder), it takes ``partyhost-<id>-2``, ``-3`` …;
  if two start at the same moment and both take the name, the one whose
  address and port sort higher moves on;
- on :meth:`Presence.stop` it says goodbye (records with TTL 0), so browsers
  forget the host at once instead of after the records expire.

:func:`browse` finds partyhost instances for ``partyhost discover``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import zeroconf
from zeroconf import (
    DNSQuestionType,
    InterfaceChoice,
    IPVersion,
    NonUniqueNameException,
    ServiceInfo,
    ServiceStateChange,
    Zeroconf,
)
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from partyhost import __version__, protocol

log = logging.getLogger(__name__)

#: asks who answers to a host name (public in zeroconf, but not listed in its ``__all__``)
AddressResolverIPv4 = zeroconf.AddressResolverIPv4  # type: ignore[attr-defined]

SERVICE_TYPE = "_partyhost._tcp.local."
HTTP_TYPE = "_http._tcp.local."
TYPES = (SERVICE_TYPE, HTTP_TYPE)
#: seconds between two looks at the laptop's addresses
POLL_SECONDS = 3.0
#: milliseconds to wait for an answer when asking whether a host name is taken
NAME_CHECK_MS = 1000
#: names tried (``partyhost-<id>``, ``-2`` … ``-20``) before giving up
MAX_NAMES = 20

_TYPE_A = 1
_TYPE_SRV = 33
_CLASS_IN = 1


def short_id(host_key: str) -> str:
    """Six hex digits naming this data folder on the LAN.

    A domain-separated hash of the host key: stable for a data folder, and it
    tells nothing about the key (24 bits of a hash of a 144-bit secret).
    """
    return hashlib.sha256(b"partyhost mdns name\x00" + host_key.encode()).hexdigest()[:6]


def label(ident: str, attempt: int = 1) -> str:
    """The instance and host label for the ``attempt``-th try: ``partyhost-3fa2c1``, ``partyhost-3fa2c1-2`` …"""
    return f"partyhost-{ident}" if attempt <= 1 else f"partyhost-{ident}-{attempt}"


def properties(ident: str) -> dict[str, str]:
    """TXT records: the protocol version a client must speak, the page to open, who this is."""
    return {"protocol": str(protocol.VERSION), "path": "/", "version": __version__, "id": ident}


def service_infos(name: str, ident: str, port: int, addresses: list[str]) -> list[AsyncServiceInfo]:
    """The two services of one host: ``_partyhost._tcp`` for partyhost clients, ``_http._tcp`` for browsers."""
    return [
        AsyncServiceInfo(
            kind,
            f"{name}.{kind}",
            server=f"{name}.local.",
            port=port,
            parsed_addresses=addresses,
            properties=properties(ident),
        )
        for kind in TYPES
    ]


@dataclass(frozen=True, slots=True, order=True)
class Found:
    """A partyhost instance seen on the LAN."""

    name: str
    addresses: tuple[str, ...]
    port: int
    host: str = ""
    properties: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def url(self) -> str:
        address = self.addresses[0] if self.addresses else self.host.rstrip(".")
        return f"http://{address}:{self.port}{self.properties.get('path', '/')}"


class Presence:
    """Follows the laptop's addresses and announces the host on them (see the module docstring)."""

    def __init__(
        self,
        *,
        port: int,
        ident: str,
        local: Callable[[], list[str]],
        advertise_ip: str = "",
        announce: bool = True,
        on_change: Callable[[list[str]], None] | None = None,
        report: Callable[[str], None] | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        self.port = port
        self.ident = ident
        self.local = local
        self.advertise_ip = advertise_ip
        self.announce = announce
        self.on_change = on_change
        self.report = report
        self.poll = poll
        #: the host name while announced, e.g. ``partyhost-3fa2c1.local``
        self.name: str | None = None
        #: ``off``, ``no network``, ``probing``, ``announced`` or ``failed: …``
        self.status = "off"
        self.addresses: list[str] = []
        self._attempt = 1
        self._zc: AsyncZeroconf | None = None
        self._infos: list[AsyncServiceInfo] = []
        self._task: asyncio.Task[None] | None = None
        self._retry_at = 0.0
        self._backoff = 0.0

    @property
    def url(self) -> str | None:
        """``http://partyhost-<id>.local:PORT`` while announced."""
        return f"http://{self.name}:{self.port}" if self.name else None

    def start(self) -> None:
        """Begin in the background; returns at once (probing takes about two seconds)."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="partyhost-presence")

    async def stop(self) -> None:
        """Stop watching and say goodbye on the network."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._withdraw()
        self.status = "off"

    # ------------------------------------------------------------------ loop

    async def _run(self) -> None:
        first = True
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self._step(first)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # being found is a convenience: it never stops the host
                log.warning("mDNS: %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
                self.status = f"failed: {exc}"
                await self._withdraw()
                self._backoff = min(60.0, self._backoff * 2 or self.poll)
                self._retry_at = loop.time() + self._backoff
            first = False
            await asyncio.sleep(self.poll)  # the polling period, not a wait for something to happen

    async def _step(self, first: bool) -> None:
        local = self.local()
        changed = local != self.addresses
        self.addresses = local
        if changed and not first and self.on_change is not None:
            self.on_change(local)
        if not local or not self.announce:
            await self._withdraw()
            self.status = "no network" if not local else "off"
            return
        if changed or (self._zc is None and asyncio.get_running_loop().time() >= self._retry_at):
            await self._withdraw()
            await self._register()
            self._backoff = 0.0
        elif self._zc is not None and self._conflict():
            log.warning("mDNS: another host answers to %s; taking another name", self.name)
            await self._withdraw(goodbye=False)  # a goodbye would also drop the other host's identical records
            self._attempt += 1
            await self._register()

    # ------------------------------------------------------------ announcing

    def _announced(self) -> list[str]:
        return [self.advertise_ip] if self.advertise_ip else list(self.addresses)

    def _interfaces(self) -> list[str]:
        if self.advertise_ip and self.advertise_ip in self.addresses:
            return [self.advertise_ip]
        return list(self.addresses)

    async def _register(self) -> None:
        self.status = "probing"
        zc = AsyncZeroconf(interfaces=self._interfaces(), ip_version=IPVersion.V4Only)
        self._zc = zc
        addresses = self._announced()
        for attempt in range(self._attempt, MAX_NAMES + 1):
            name = label(self.ident, attempt)
            if await self._host_taken(zc.zeroconf, name):
                log.info("mDNS: %s.local is taken", name)
                continue
            infos = service_infos(name, self.ident, self.port, addresses)
            results = await asyncio.gather(
                *(zc.async_register_service(info, allow_name_change=False) for info in infos),
                return_exceptions=True,
            )
            failed = [r for r in results if isinstance(r, BaseException)]
            if failed:
                for info, result in zip(infos, results, strict=True):
                    if not isinstance(result, BaseException):
                        await zc.async_unregister_service(info)
                if all(isinstance(r, NonUniqueNameException) for r in failed):
                    log.info("mDNS: the name %s is taken", name)
                    continue
                raise failed[0]
            self._attempt = attempt
            self._infos = infos
            self.name = f"{name}.local"
            self.status = "announced"
            if self.report is not None:
                self.report(f"Announced on the network as {self.url} (mDNS)")
            return
        raise RuntimeError(f"no free name from {label(self.ident)} to {label(self.ident, MAX_NAMES)}")

    @staticmethod
    async def _host_taken(zc: Zeroconf, name: str) -> bool:
        resolver = AddressResolverIPv4(f"{name}.local.")
        # Asked by multicast (QM), so the answer reaches every responder socket on this
        # machine too: a unicast answer to port 5353 goes to only one of them.
        return bool(await resolver.async_request(zc, NAME_CHECK_MS, question_type=DNSQuestionType.QM))

    def _conflict(self) -> bool:
        """Another responder announces our names (both took a name at the same moment).

        Only the host whose address and port sort higher gives way, so the two
        never keep renaming in step.
        """
        assert self._zc is not None and self.name is not None
        cache = self._zc.zeroconf.cache
        ours = (sorted(self._announced()), self.port)
        theirs: list[tuple[list[str], int]] = []
        server = f"{self.name}."
        for record in cache.async_all_by_details(server, _TYPE_A, _CLASS_IN):
            address = str(ipaddress.IPv4Address(record.address))  # type: ignore[attr-defined]
            if address not in ours[0]:
                theirs.append(([address], self.port))
        for info in self._infos:
            for record in cache.async_all_by_details(info.name, _TYPE_SRV, _CLASS_IN):
                if record.port != self.port or record.server.lower() != server.lower():  # type: ignore[attr-defined]
                    theirs.append((ours[0], record.port))  # type: ignore[attr-defined]
        return any(other < ours for other in theirs)

    async def _withdraw(self, goodbye: bool = True) -> None:
        zc, self._zc = self._zc, None
        infos, self._infos = self._infos, []
        self.name = None
        if zc is None:
            return
        if not goodbye:
            unsaid: list[ServiceInfo] = list(infos)
            zc.zeroconf.registry.async_remove(unsaid)
        try:
            await zc.async_close()  # sends the goodbyes
        except (OSError, RuntimeError) as exc:
            log.info("mDNS: goodbye not sent: %s", exc)


# ----------------------------------------------------------------- browsing


async def browse(timeout: float = 3.0, interfaces: list[str] | None = None) -> list[Found]:
    """The partyhost instances that answer within ``timeout`` seconds, by name."""
    zc = AsyncZeroconf(interfaces=interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)
    names: set[str] = set()

    def seen(zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            names.discard(name)
        else:
            names.add(name)

    browser = AsyncServiceBrowser(zc.zeroconf, SERVICE_TYPE, handlers=[seen])
    try:
        await asyncio.sleep(timeout)  # browsing is listening for a while: the timeout is the point
        found = []
        for name in sorted(names):
            info = AsyncServiceInfo(SERVICE_TYPE, name)
            if not await info.async_request(zc.zeroconf, 1500):
                continue
            props = {k: v for k, v in info.decoded_properties.items() if v is not None}
            found.append(
                Found(
                    name=name.removesuffix("." + SERVICE_TYPE),
                    addresses=tuple(info.parsed_addresses(IPVersion.V4Only)),
                    port=info.port or 0,
                    host=info.server or "",
                    properties=props,
                )
            )
        return found
    finally:
        await browser.async_cancel()
        await zc.async_close()
