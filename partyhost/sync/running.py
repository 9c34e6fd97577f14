"""Finding the host that runs on a data folder, so ``partyhost sync`` can ask it.

While it runs, the host keeps ``DATA/running.json``: its process id and the
address of its HTTP API on this machine. The file is removed when the host
stops; after a crash it stays behind, so a reader also checks that the process
is alive (and the caller that the address answers).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

FILENAME = "running.json"


def local_url(host: str, port: int) -> str:
    """The address to reach a host listening on ``host:port`` from this machine."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def write(data_dir: Path, url: str) -> None:
    path = data_dir / FILENAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    temporary.replace(path)


def remove(data_dir: Path) -> None:
    path = data_dir / FILENAME
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()


def read(data_dir: Path) -> dict[str, Any] | None:
    """``{"pid", "url"}`` of a live host on ``data_dir``, or ``None``."""
    try:
        found = json.loads((data_dir / FILENAME).read_text(encoding="utf-8"))
        pid = int(found["pid"])
        url = str(found["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if os.name != "nt":  # on Windows os.kill would end the process: there the HTTP check decides
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, but another user's
    return {"pid": pid, "url": url}
