"""Private network namespaces for tests that need a LAN address that is not loopback.

A namespace gets its own loopback and a LAN interface with a private address, so a
host started inside it sees a connection to that address as coming from the LAN: the
real path of a phone, without touching this machine's own interfaces. Test code joins
the namespace in a thread of its own (``setns`` moves only the calling thread, and the
sockets it opens stay in the namespace).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Namespace:
    name: str
    address: str

    def command(self, *argv: str) -> list[str]:
        """``argv`` run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def run(self, work: Callable[[], T]) -> T:
        """Call ``work`` in a thread that has joined the namespace; returns its result."""
        outcome: dict[str, T] = {}
        failure: list[BaseException] = []

        def body() -> None:
            try:
                with Path(f"/var/run/netns/{self.name}").open() as handle:
                    if _libc.setns(handle.fileno(), CLONE_NEWNET) != 0:
                        error = ctypes.get_errno()
                        raise OSError(error, f"setns: {os.strerror(error)}")
                outcome["value"] = work()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                failure.append(exc)

        thread = threading.Thread(target=body, name=f"in-{self.name}")
        thread.start()
        thread.join()
        if failure:
            raise failure[0]
        return outcome["value"]


@contextmanager
def lan_namespace(tag: str, address: str = "10.77.0.1") -> Iterator[Namespace]:
    """A namespace with loopback and one LAN interface at ``address``/24.

    The interface is one end of a veth pair whose other end stays in the namespace too
    (kernels without the dummy driver have veth), so nothing outside it changes.
    """
    name = f"ph-{tag}-{os.getpid()}"
    steps = [
        ["ip", "netns", "add", name],
        ["ip", "-n", name, "link", "set", "lo", "up"],
        ["ip", "-n", name, "link", "add", "lan0", "type", "veth", "peer", "name", "lan1"],
        ["ip", "-n", name, "addr", "add", f"{address}/24", "dev", "lan0"],
        ["ip", "-n", name, "link", "set", "lan0", "up"],
        ["ip", "-n", name, "link", "set", "lan1", "up"],
    ]
    try:
        for step in steps:
            subprocess.run(step, check=True, capture_output=True, text=True)
        yield Namespace(name, address)
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False, capture_output=True)
