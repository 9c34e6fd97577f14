"""A real partyhost process on a free loopback port, for tests that talk to it over the network."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from namespaces import Namespace

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Host:
    """A partyhost process started for a test."""

    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    output: list[str] = field(default_factory=list)
    drain: threading.Thread | None = None
    #: the network namespace the host runs in; requests are made from inside it
    namespace: Namespace | None = None

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/ws"

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if self.namespace is not None:
            return self.namespace.run(lambda: self._get(path))
        return self._get(path)

    def _get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def get_json(self, path: str) -> tuple[int, Any]:
        status, _, body = self.get(path)
        return status, json.loads(body)

    def post_json(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        if self.namespace is not None:
            return self.namespace.run(lambda: self._post_json(path, data, headers))
        return self._post_json(path, data, headers)

    def _post_json(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def create_room(self, pack: str = "science", **settings: Any) -> dict[str, Any]:
        status, body = self.post_json("/api/rooms", {"pack": pack, "settings": settings})
        assert status == 201, body
        return body["room"]  # type: ignore[no-any-return]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.drain is not None:
            self.drain.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def start_host(
    data_dir: Path, *extra: str, env: dict[str, str] | None = None, namespace: Namespace | None = None
) -> Host:
    """Start ``python -m partyhost serve`` on a free port and wait until it answers.

    On loopback by default; with ``namespace``, inside it, listening on every address, and
    reached at the namespace's LAN address (so connections to it are not from loopback).
    """
    prefix = namespace.command() if namespace is not None else []
    command = [
        *prefix,
        sys.executable,
        "-m",
        "partyhost",
        "serve",
        "--no-browser",
        "--host",
        "0.0.0.0" if namespace is not None else "127.0.0.1",
        "--port",
        "0",
        "--data",
        str(data_dir),
        *extra,
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        match = re.search(r"Host page \(this laptop\): (http://127\.0\.0\.1:\d+)/host", line)
        if match:
            url = match.group(1)
            if namespace is not None:
                url = url.replace("127.0.0.1", namespace.address)
            host = Host(process, url, data_dir, lines, namespace=namespace)
            break
    else:
        process.wait()
        raise RuntimeError("partyhost did not start:\n" + "".join(lines))
    # Keep draining output so the process never blocks on a full pipe.
    host.drain = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
    host.drain.start()
    for _ in range(100):
        try:
            status, _, _ = host.get("/api/health")
            if status == 200:
                return host
        except OSError:
            pass
        threading.Event().wait(0.05)  # polling a starting server, bounded above
    host.stop()
    raise RuntimeError("partyhost never answered /api/health:\n" + "".join(lines))
