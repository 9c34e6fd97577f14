"""The one-file binary: built here from ``build/partyhost.spec`` with PyInstaller, then run from
a folder outside the checkout, as someone who downloaded it would.

The build takes about a minute and happens once for this module. PyInstaller comes with the
``test`` extra; without it these tests fail with a message saying so, they never skip.

Every run gets its own ``TMPDIR``, where the binary unpacks itself, so each test can also
check that the binary removed what it unpacked once it stopped.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from partyhost import __version__
from partyhost.config import default_data_dir
from partyhost.packs.model import Pack

from hosting import ROOT, Host
from support import KEY, Party, trio_room

pytestmark = pytest.mark.binary

SPEC = ROOT / "build" / "partyhost.spec"
#: the size the binary must stay under (docs/binary.md)
MAX_BYTES = 30 * 1024 * 1024
#: how long a binary may take to print its address, unpacking included
START_SECONDS = 30.0
HOST_LINE = re.compile(r"Host page \(this laptop\): (http://127\.0\.0\.1:\d+)/host")


@pytest.fixture(scope="module")
def binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``dist/partyhost`` built from the spec in this checkout, into a temporary folder."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail(
            "PyInstaller is not installed, so the binary cannot be built and tested: pip install -e '.[test]'",
            pytrace=False,
        )
    where = tmp_path_factory.mktemp("pyinstaller")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(where / "dist"), "--workpath", str(where / "work"), str(SPEC)]
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert built.returncode == 0, f"PyInstaller failed:\n{built.stdout[-3000:]}\n{built.stderr[-6000:]}"
    made = sorted((where / "dist").iterdir())
    assert [path.name for path in made] == ["partyhost.exe" if os.name == "nt" else "partyhost"], made
    return made[0]


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty working directory, outside the checkout."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture
def unpack_dir(tmp_path: Path) -> Iterator[Path]:
    """The binary's ``TMPDIR``; the test fails if anything is left in it after the binary stopped."""
    folder = tmp_path / "unpack"
    folder.mkdir()
    yield folder
    assert list(folder.iterdir()) == [], "the binary left its unpacked files behind"


def binary_env(unpack_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARTYHOST_")}
    return {**env, "TMPDIR": str(unpack_dir), **extra}


def run_binary(binary: Path, *args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def start_binary(
    binary: Path, *args: str, cwd: Path, env: dict[str, str], data_dir: Path, own_group: bool = False
) -> Host:
    """Start the binary's ``serve`` and wait (with a deadline) until it prints its address and answers."""
    process = subprocess.Popen(
        [str(binary), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=own_group,
    )
    lines: list[str] = []
    found: dict[str, str] = {}
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = HOST_LINE.search(line)
            if match and not found:
                found["url"] = match.group(1)
                ready.set()
        ready.set()  # the output ended: the process has exited

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(START_SECONDS)
    host = Host(process, found.get("url", ""), data_dir, lines, reader)
    if not host.url:
        host.stop()
        raise AssertionError("the binary did not print its address:\n" + "".join(lines))
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            if host.get("/api/health")[0] == 200:
                return host
        except OSError:
            pass
        threading.Event().wait(0.02)  # polling a starting server, bounded by the deadline
    host.stop()
    raise AssertionError("the binary never answered /api/health:\n" + "".join(lines))


def serve_args(data_dir: Path) -> list[str]:
    return ["--no-browser", "--host", "127.0.0.1", "--port", "0", "--data", str(data_dir)]


def bundled_pack_ids() -> list[str]:
    return sorted(json.loads(path.read_text(encoding="utf-8"))["id"] for path in (ROOT / "questions").glob("*.json"))


def test_the_binary_is_one_file_under_30_mb(binary: Path) -> None:
    size = binary.stat().st_size
    assert size < MAX_BYTES, f"the binary is {size / 2**20:.1f} MiB"


def test_version_and_pack_commands_answer_from_another_folder(
    binary: Path, elsewhere: Path, unpack_dir: Path, tmp_path: Path
) -> None:
    env = binary_env(unpack_dir)
    version = run_binary(binary, "--version", cwd=elsewhere, env=env)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"partyhost, version {__version__}"

    listed = run_binary(binary, "packs", "list", "--data", str(tmp_path / "data"), cwd=elsewhere, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert sorted(row[0] for row in rows) == bundled_pack_ids()
    assert all("bundled" in row for row in rows), listed.stdout

    pack = ROOT / "questions" / "science.json"
    checked = run_binary(binary, "packs", "check", str(pack), cwd=elsewhere, env=env)
    assert checked.returncode == 0, checked.stderr
    questions = len(json.loads(pack.read_text(encoding="utf-8"))["questions"])
    assert checked.stdout.strip() == f"{pack}: ok ({questions} questions)"

    schema = run_binary(binary, "packs", "schema", cwd=elsewhere, env=env)
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout) == Pack.model_json_schema()
    assert list(elsewhere.iterdir()) == []


def test_a_game_against_the_binary_from_another_folder_then_its_exports(
    binary: Path, elsewhere: Path, unpack_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = binary_env(unpack_dir)
    host = start_binary(binary, *serve_args(data), cwd=elsewhere, env=env, data_dir=data)
    try:
        assert len(list(unpack_dir.iterdir())) == 1, "the binary unpacks itself into TMPDIR"
        status, health = host.get_json("/api/health")
        assert (status, health["status"], health["version"]) == (200, "ok", __version__)
        assert Path(health["database"]["path"]).resolve().parent == data.resolve()

        # The pages and every file of the web client are served, byte for byte as in web/.
        for path, page in (("/", "index.html"), ("/host", "host.html")):
            status, headers, body = host.get(path)
            assert status == 200 and headers["content-type"].startswith("text/html"), path
            assert body == (ROOT / "web" / page).read_bytes(), path
        for file in sorted(p for p in (ROOT / "web").rglob("*") if p.is_file()):
            status, _, body = host.get("/static/" + file.relative_to(ROOT / "web").as_posix())
            assert status == 200 and body == file.read_bytes(), file
        status, packs = host.get_json("/api/packs")
        assert status == 200 and sorted(p["id"] for p in packs["packs"]) == bundled_pack_ids()

        code = trio_room(host)
        for path, page in ((f"/join/{code}", "play.html"), (f"/screen/{code}", "screen.html")):
            status, _, body = host.get(path)
            assert status == 200 and body == (ROOT / "web" / page).read_bytes(), path
        status, headers, body = host.get(f"/api/rooms/{code}/qr.svg")
        assert status == 200 and headers["content-type"].startswith("image/svg+xml") and b"<svg" in body
        status, headers, body = host.get(f"/api/rooms/{code}/qr.png")
        assert status == 200 and headers["content-type"] == "image/png" and body.startswith(b"\x89PNG\r\n\x1a\n")

        with Party(host.ws_url) as party:
            boss = party.control(code)
            ada = party.player(code, "Ada")
            bob = party.player(code, "Bob")
            boss.wait_for(lambda f: f["type"] == "state" and f["room"]["players"] == 2, what="2 players on the host")
            boss.command("start")
            for phone in (ada, bob):
                phone.state("question", 0)
            assert ada.answer("Ada-q0-0001", 0, KEY[0])["status"] == "accepted"
            assert bob.answer("Bob-q0-0001", 0, [0])["status"] == "accepted"
            # Everyone has answered, so the question closes without waiting for its timer.
            for phone, right in ((ada, True), (bob, False)):
                reveal = phone.state("reveal", 0)
                assert reveal["reveal"]["correct"] == KEY[0]
                assert reveal["me"]["result"]["correct"] is right
            boss.state("reveal", 0)
            boss.command("end")
            board = boss.state("ended")["leaderboard"]
            assert [(row["rank"], row["nickname"]) for row in board] == [(1, "Ada"), (2, "Bob")]

        status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200, document
        assert [(row["player"], row["correct"]) for row in document["answers"]] == [("Ada", True), ("Bob", False)]
        status, _, answers_csv = host.get(f"/api/rooms/{code}/export?format=csv")
        assert status == 200
        assert [row["player"] for row in csv.DictReader(io.StringIO(answers_csv.decode("utf-8")))] == ["Ada", "Bob"]

        # The binary's own export and backup commands, reading the data folder while it serves.
        exported = run_binary(binary, "export", code, "--data", str(data), cwd=elsewhere, env=env)
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout == answers_csv.decode("utf-8")
        as_json = run_binary(
            binary, "export", code.lower(), "--format", "json", "--data", str(data), cwd=elsewhere, env=env
        )
        assert as_json.returncode == 0, as_json.stderr
        assert json.loads(as_json.stdout) == document
        copy = tmp_path / "copy.db"
        backed_up = run_binary(binary, "backup", str(copy), "--data", str(data), cwd=elsewhere, env=env)
        assert backed_up.returncode == 0, backed_up.stderr
        with sqlite3.connect(copy) as db:
            assert db.execute("SELECT count(*) FROM events WHERE room = ?", (code,)).fetchone()[0] > 0
    finally:
        stopped = host.stop()
    assert stopped == 0, "".join(host.output)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_in_a_terminal_stops_the_binary_as_gently_as_a_stop_from_pip(
    binary: Path, elsewhere: Path, unpack_dir: Path, tmp_path: Path
) -> None:
    """Ctrl-C signals the whole process group: the bootloader and the Python process in it.

    The phone must be told the host is stopping (``closing``, then close code 1001), which
    uvicorn would skip if it saw SIGINT twice; the binary then exits with 0 and cleans up.
    """
    data = tmp_path / "data"
    host = start_binary(
        binary, *serve_args(data), cwd=elsewhere, env=binary_env(unpack_dir), data_dir=data, own_group=True
    )
    try:
        code = trio_room(host)
        with Party(host.ws_url) as party:
            ada = party.player(code, "Ada")
            ada.ping()
            os.killpg(host.process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
            ada.wait_for(lambda f: f["type"] == "closing", what="closing after Ctrl-C")
            assert ada.wait_closed() == 1001
        host.process.wait(timeout=30)
    finally:
        stopped = host.stop()
    assert stopped == 0, "".join(host.output)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_killing_the_bootloader_outright_stops_the_host_too(binary: Path, elsewhere: Path, tmp_path: Path) -> None:
    """The Python process is in a process group of its own, so SIGKILL for the bootloader's group
    does not reach it; it must not go on serving without its launcher."""
    data = tmp_path / "data"
    unpack = tmp_path / "unpack"
    unpack.mkdir()
    env = binary_env(unpack)
    host = start_binary(binary, *serve_args(data), cwd=elsewhere, env=env, data_dir=data, own_group=True)
    try:
        children = Path(f"/proc/{host.process.pid}/task/{host.process.pid}/children").read_text().split()
        assert len(children) == 1, children
        python = int(children[0])
        os.killpg(host.process.pid, signal.SIGKILL)
        assert host.process.wait(timeout=30) == -signal.SIGKILL
        deadline = time.monotonic() + START_SECONDS
        while _alive(python) and time.monotonic() < deadline:
            threading.Event().wait(0.02)  # waiting for another process's exit, bounded by the deadline
        assert not _alive(python), "the Python process outlived its bootloader:\n" + "".join(host.output)
        with pytest.raises(OSError):
            host.get("/api/health")
    finally:
        host.stop()
    # Nobody was left to delete the unpacked files (docs/binary.md says so); this test does.
    left = list(unpack.iterdir())
    assert [path.name[:4] for path in left] == ["_MEI"], left
    shutil.rmtree(left[0])


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for init to reap it has stopped running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(os.name != "posix", reason="the stand-in browser is a shell script")
def test_by_default_the_binary_keeps_its_data_per_user_and_opens_the_host_page(
    binary: Path, elsewhere: Path, unpack_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ``--data`` and no ``--no-browser``: what someone who double-clicks the binary gets.

    The browser is a stand-in named by ``BROWSER`` (Python's webbrowser honours it) that writes
    down the address it was asked to open and the library path it was started with, which
    must be the user's, not the unpacked folder of the binary.
    """
    home = tmp_path / "home"
    homes = {"HOME": str(home), "XDG_DATA_HOME": str(home / "xdg"), "LOCALAPPDATA": str(home / "local")}
    for key, value in homes.items():
        monkeypatch.setenv(key, value)
    expected = default_data_dir()
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n%s\\n' \"$1\" \"${{LD_LIBRARY_PATH-}}\" > '{opened}.part'\n"
        f"mv '{opened}.part' '{opened}'\n"  # so the test never reads half a file
    )
    browser.chmod(0o755)
    env = binary_env(unpack_dir, **homes, BROWSER=str(browser), LD_LIBRARY_PATH="/the-users/lib")
    host = start_binary(binary, "--host", "127.0.0.1", "--port", "0", cwd=elsewhere, env=env, data_dir=expected)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not opened.exists() and time.monotonic() < deadline:
            threading.Event().wait(0.02)  # the browser is opened from a thread once the server is up
        assert opened.exists(), "no browser was opened:\n" + "".join(host.output)
        url, library_path = opened.read_text().splitlines()
        assert url == host.url + "/host"
        assert library_path == "/the-users/lib"
        assert f"Data: {expected}" in "".join(host.output)
        status, health = host.get_json("/api/health")
        assert status == 200 and Path(health["database"]["path"]).resolve().parent == expected.resolve()
        assert (expected / "partyhost.db").is_file()
    finally:
        stopped = host.stop()
    assert stopped == 0, "".join(host.output)
    assert list(elsewhere.iterdir()) == []
