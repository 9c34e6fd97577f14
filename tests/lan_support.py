"""Test hosts on their own networks: Linux network namespaces, joined by veth pairs.

Each :class:`Netns` has a unique name and is deleted when the test ends. Code can run inside a
namespace in two ways: a command through ``ip netns exec`` (:meth:`Netns.command`), or a Python
function in a thread that has entered the namespace (:meth:`Netns.call`), so sockets that
function opens live on that network. Nothing here leaves the machine: the namespaces reach only
each other.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from hosting import ROOT

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
_names = itertools.count(1)
_libc = ctypes.CDLL(None, use_errno=True)


def ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


class Netns:
    """A network namespace with only loopback up, until links are added."""

    def __init__(self, tag: str) -> None:
        self.name = f"ph-{tag}-{os.getpid()}-{next(_names)}"
        ip("netns", "add", self.name)
        ip("-n", self.name, "link", "set", "lo", "up")

    def delete(self) -> None:
        ip("netns", "delete", self.name)

    def command(self, *args: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=_env()
        )

    def call(self, fn: Callable[..., T], *args: Any, timeout: float = 60) -> T:
        """Run ``fn(*args)`` in a new thread that has entered this namespace; return or raise its result."""
        box: dict[str, Any] = {}

        def inside() -> None:
            fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
            try:
                if _libc.setns(fd, CLONE_NEWNET) != 0:
                    box["error"] = OSError(ctypes.get_errno(), "setns failed")
                    return
            finally:
                os.close(fd)
            try:
                box["value"] = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, which raises it
                box["error"] = exc

        worker = threading.Thread(target=inside, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise AssertionError(f"{getattr(fn, '__name__', fn)} did not finish within {timeout} s in {self.name}")
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]

    def snmp(self) -> dict[str, int]:
        """The namespace's IP, TCP and UDP counters (``/proc/net/snmp`` and ``snmp6`` as seen inside)."""
        counters: dict[str, int] = {}
        lines = self.run("cat", "/proc/net/snmp").stdout.splitlines()
        for names, values in zip(lines[::2], lines[1::2], strict=True):
            group = names.split(":")[0]
            for key, value in zip(names.split()[1:], values.split()[1:], strict=True):
                counters[f"{group}{key}"] = int(value)
        for line in self.run("cat", "/proc/net/snmp6").stdout.splitlines():
            key, value = line.split()
            counters[key] = int(value)
        return counters


def require_netns() -> None:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.fail("these tests make network namespaces: run them as root with iproute2 installed")


@contextmanager
def namespaces(*tags: str) -> Iterator[list[Netns]]:
    require_netns()
    made: list[Netns] = []
    try:
        for tag in tags:
            made.append(Netns(tag))
        yield made
    finally:
        for ns in made:
            ns.delete()


def link(a: Netns, a_ip: str, b: Netns, b_ip: str, name: str = "lan0") -> None:
    """Join two namespaces with a veth pair, ``name`` on both sides, addresses in a /24."""
    ip("-n", a.name, "link", "add", name, "type", "veth", "peer", "name", name, "netns", b.name)
    for ns, address in ((a, a_ip), (b, b_ip)):
        ip("-n", ns.name, "addr", "add", f"{address}/24", "dev", name)
        ip("-n", ns.name, "link", "set", name, "up")


def switch(hub: Netns, hub_ip: str, *members: tuple[Netns, str]) -> None:
    """One LAN segment: a bridge in ``hub`` with its address, and a veth to each member (``lan0`` there)."""
    ip("-n", hub.name, "link", "add", "br0", "type", "bridge")
    ip("-n", hub.name, "addr", "add", f"{hub_ip}/24", "dev", "br0")
    ip("-n", hub.name, "link", "set", "br0", "up")
    for position, (ns, address) in enumerate(members):
        port = f"port{position}"
        ip("-n", ns.name, "link", "add", "lan0", "type", "veth", "peer", "name", port, "netns", hub.name)
        ip("-n", hub.name, "link", "set", port, "master", "br0")
        ip("-n", hub.name, "link", "set", port, "up")
        ip("-n", ns.name, "addr", "add", f"{address}/24", "dev", "lan0")
        ip("-n", ns.name, "link", "set", "lan0", "up")


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return {**env, "PYTHONUNBUFFERED": "1", **(extra or {})}


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, str, bytes]:
    """GET without any proxy: ``(status, content type, body)``."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as resp:
            return resp.status, resp.headers.get("content-type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read()


@dataclass
class NsHost:
    """A ``partyhost serve`` process inside a namespace, with its output read as it comes."""

    process: subprocess.Popen[str]
    ns: Netns
    data_dir: Path
    lines: list[str] = field(default_factory=list)
    port: int = 0
    _new: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        with self._new:
            return "".join(self.lines)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._new:
                self.lines.append(line)
                self._new.notify_all()
        with self._new:
            self.lines.append("")  # end of output
            self._new.notify_all()

    def wait_line(self, pattern: str, timeout: float = 30, start: int = 0) -> re.Match[str]:
        """The first output line from ``start`` on that matches ``pattern``; waits for it up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._new:
            while True:
                for line in self.lines[start:]:
                    match = re.search(pattern, line)
                    if match:
                        return match
                left = deadline - time.monotonic()
                ended = bool(self.lines) and self.lines[-1] == ""
                if left <= 0 or ended:
                    raise AssertionError(f"no line matching {pattern!r}; output:\n{''.join(self.lines)}")
                self._new.wait(left)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        """GET from inside the host's namespace, over loopback (so with host rights)."""
        return self.ns.call(fetch, self.url + path, headers)

    def pid(self) -> int:
        """The partyhost process (under ``strace`` the traced child, not strace)."""
        if Path(f"/proc/{self.process.pid}/comm").read_text().strip() != "strace":
            return self.process.pid
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def stop(self) -> int:
        if self.process.poll() is None:
            os.kill(self.pid(), signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def start_host(
    ns: Netns, data_dir: Path, *extra: str, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> NsHost:
    """``partyhost serve`` in ``ns`` on all of its addresses and any free port; waits until it answers."""
    command = [*prefix, sys.executable, "-m", "partyhost", "serve", "--no-browser", "--port", "0"]
    process = subprocess.Popen(
        ns.command(*command, "--data", str(data_dir), *extra),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(env),
    )
    host = NsHost(process, ns, data_dir)
    threading.Thread(target=host._read, daemon=True).start()
    try:
        host.port = int(host.wait_line(r"Host page \(this laptop\): http://127\.0\.0\.1:(\d+)/host").group(1))
        deadline = time.monotonic() + 30
        while True:
            try:
                if host.get("/api/health")[0] == 200:
                    return host
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the host never answered /api/health:\n{host.output}")
            time.sleep(0.05)  # polling a starting server, bounded by the deadline
    except BaseException:
        host.stop()
        raise


@contextmanager
def hosts() -> Iterator[Callable[..., NsHost]]:
    """``start(ns, data_dir, ...)`` for a test; every host started is stopped at the end."""
    started: list[NsHost] = []

    def start(*args: Any, **kwargs: Any) -> NsHost:
        host = start_host(*args, **kwargs)
        started.append(host)
        return host

    try:
        yield start
    finally:
        for host in started:
            host.stop()


BROWSER = """
import sys, time
from zeroconf import ServiceBrowser, ServiceStateChange, Zeroconf

def seen(zeroconf, service_type, name, state_change):
    print(state_change.name, name, round(time.monotonic(), 3), flush=True)

zc = Zeroconf(interfaces=[sys.argv[1]])
ServiceBrowser(zc, "_partyhost._tcp.local.", handlers=[seen])
print("browsing", flush=True)
sys.stdin.read()
zc.close()
"""


class Browser:
    """A zeroconf browser in another process and namespace, printing what it sees as it sees it."""

    def __init__(self, ns: Netns, address: str) -> None:
        self.process = subprocess.Popen(
            ns.command(sys.executable, "-c", BROWSER, address),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_env(),
        )
        self.events: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait(lambda line: line == "browsing")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.events.put(line.strip())

    def wait(self, predicate: Callable[[str], bool], timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise queue.Empty
                line = self.events.get(timeout=left)
            except queue.Empty:
                raise AssertionError(f"the browser saw nothing matching; it saw: {seen}") from None
            seen.append(line)
            if predicate(line):
                return line

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
