"""QR codes as a phone's camera reads them: every code partyhost serves or prints is decoded by zbar.

``zbarimg`` comes from Debian's ``zbar-tools`` (installed by ``.ci/run``).
"""

from __future__ import annotations

import asyncio
import io
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import png
import pytest

from partyhost import qr
from partyhost.app import create_app
from partyhost.config import Config

from hosting import ROOT, Host, start_host

SSID = 'Quiz; "Night", 2:1'
PASSWORD = 'p:a\\s,s;"w0rd'


def zbar(image: bytes, suffix: str, tmp_path: Path) -> list[str]:
    """What zbar reads in an image: one string per code found."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is needed: apt-get install zbar-tools")
    path = tmp_path / f"code{suffix}"
    path.write_bytes(image)
    done = subprocess.run(
        ["zbarimg", "--nodbus", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, f"zbar found no code: {done.stderr}"
    return done.stdout.splitlines()


def fetch(url: str) -> tuple[int, str, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as resp:
        return resp.status, resp.headers["content-type"], resp.read()


# ----------------------------------------------------------------- join codes


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_the_served_join_qr_code_decodes_to_the_join_url_and_that_url_opens_the_game(
    host: Host, kind: str, tmp_path: Path
) -> None:
    room = host.create_room()
    status, headers, body = host.get(f"/api/rooms/{room['code']}/qr.{kind}")
    assert status == 200
    assert headers["content-type"] == {"png": "image/png", "svg": "image/svg+xml"}[kind]
    assert zbar(body, f".{kind}", tmp_path) == [room["join_url"]]
    status, content_type, page = fetch(room["join_url"])
    assert status == 200 and content_type.startswith("text/html") and b"<html" in page


def test_the_png_join_code_is_a_one_bit_png_with_a_four_module_quiet_zone() -> None:
    width, height, rows, info = png.Reader(bytes=qr.png("http://10.1.2.3:8080/join/KQXW")).read()
    assert info["bitdepth"] == 1 and info["greyscale"]
    assert width == height
    first = [list(row) for _, row in zip(range(4 * qr.PNG_BOX), rows, strict=False)]
    assert all(all(px == 1 for px in row) for row in first), "the top quiet zone must be white"


def test_a_png_of_an_unknown_room_is_the_json_404(host: Host) -> None:
    status, headers, body = host.get("/api/rooms/ZZZZ/qr.png")
    assert status == 404
    assert headers["content-type"] == "application/json"
    assert b'"no_such_room"' in body


def _terminal_qr(text: str) -> bytes:
    """Draw terminal QR text as a dark terminal shows it: lit half blocks on a dark background."""
    halves = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}
    rows: list[list[int]] = []
    for line in text.splitlines():
        rows.append([halves[ch][0] for ch in line])
        rows.append([halves[ch][1] for ch in line])
    pad, scale = 6, 8
    width = len(rows[0]) + 2 * pad
    grid = [[0] * width] * pad + [[0] * pad + row + [0] * pad for row in rows] + [[0] * width] * pad
    pixels = [[v for v in row for _ in range(scale)] for row in grid for _ in range(scale)]
    out = io.BytesIO()
    png.Writer(len(pixels[0]), len(pixels), greyscale=True, bitdepth=1).write(out, pixels)
    return out.getvalue()


def test_the_terminal_shows_a_qr_code_of_the_join_address_at_start(tmp_path: Path) -> None:
    """Run the host on a real terminal (a pty) and read the QR code it prints with zbar."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "partyhost",
            "serve",
            "--no-browser",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            str(tmp_path / "data"),
            "--public-url",
            "http://10.1.2.3:9999",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    os.close(child)
    output = b""
    try:
        deadline = time.monotonic() + 30
        while b"Press Ctrl-C to stop." not in output:
            left = deadline - time.monotonic()
            assert left > 0, f"no start-up message on the terminal:\n{output.decode(errors='replace')}"
            ready, _, _ = select.select([main], [], [], left)
            if ready:
                try:
                    output += os.read(main, 65536)
                except OSError:  # the child closed the terminal
                    break
    finally:
        process.terminate()
        process.wait(timeout=15)
        os.close(main)
    text = output.decode("utf-8").replace("\r\n", "\n")
    assert "Phones join at:          http://10.1.2.3:9999" in text
    block = "\n".join(line for line in text.splitlines() if line and set(line) <= set("█▀▄ "))
    assert block, text
    assert zbar(_terminal_qr(block), ".png", tmp_path) == ["http://10.1.2.3:9999/"]


# ---------------------------------------------------------------------- Wi-Fi


@pytest.mark.parametrize(
    "ssid,password,expected",
    [
        ("PubQuiz", "letmein!", "WIFI:T:WPA;S:PubQuiz;P:letmein!;;"),
        ('a\\b;c,d:e"f', 'x;y,z:"\\', 'WIFI:T:WPA;S:a\\\\b\\;c\\,d\\:e\\"f;P:x\\;y\\,z\\:\\"\\\\;;'),
        ("Open Café", "", "WIFI:T:nopass;S:Open Café;;"),
    ],
)
def test_the_wifi_string_escapes_backslash_semicolon_comma_colon_and_quote(
    ssid: str, password: str, expected: str
) -> None:
    assert qr.wifi_payload(ssid, password) == expected


def test_a_wifi_string_needs_a_network_name() -> None:
    with pytest.raises(ValueError):
        qr.wifi_payload("", "secret")


@pytest.fixture
def wifi_host(tmp_path: Path) -> Iterator[Host]:
    host = start_host(
        tmp_path / "data", "--wifi-ssid", SSID, env={"PARTYHOST_WIFI_PASSWORD": PASSWORD, "PARTYHOST_NO_MDNS": "1"}
    )
    yield host
    host.stop()


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_the_served_wifi_qr_code_decodes_to_the_escaped_wifi_string(wifi_host: Host, kind: str, tmp_path: Path) -> None:
    status, headers, body = wifi_host.get(f"/api/wifi-qr.{kind}")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert zbar(body, f".{kind}", tmp_path) == [qr.wifi_payload(SSID, PASSWORD)]


def test_the_wifi_password_is_never_sent_as_text_printed_or_stored(wifi_host: Host) -> None:
    status, body = wifi_host.get_json("/api/wifi")
    assert status == 200
    assert body["wifi"] == {"ssid": SSID, "password_set": True, "security": "WPA"}
    for path in ("/api/wifi", "/api/lan", "/api/health", "/api/rooms", "/screen/ABCD", "/host"):
        assert PASSWORD.encode() not in wifi_host.get(path)[2], path
    wifi_host.stop()
    assert PASSWORD not in "".join(wifi_host.output)
    for path in wifi_host.data_dir.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_without_a_wifi_network_the_wifi_code_is_a_json_404(host: Host) -> None:
    status, _, body = host.get("/api/wifi-qr.png")
    assert status == 404
    assert b'"not_found"' in body


def test_only_the_host_gets_the_wifi_code_and_sets_the_network(tmp_path: Path) -> None:
    """A phone on the LAN (not loopback, no host key) gets neither the code nor the settings."""
    config = Config(data_dir=tmp_path / "data", open_browser=False, wifi_ssid="PubQuiz", wifi_password="s3cret-pw")
    app = create_app(config)
    key = {"X-Partyhost-Key": app.state.partyhost.host_key}

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            # The request comes from 192.168.1.50, as a phone's would.
            transport = httpx.ASGITransport(app=app, client=("192.168.1.50", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://192.168.1.20:8080") as phone:
                for path in ("/api/wifi", "/api/wifi-qr.png", "/api/wifi-qr.svg"):
                    response = await phone.get(path)
                    assert response.status_code == 403, path
                    assert response.json()["error"]["code"] == "not_allowed"
                    assert b"s3cret-pw" not in response.content
                assert (await phone.post("/api/wifi", json={"ssid": "Evil", "password": "x"})).status_code == 403
                assert (await phone.get("/api/wifi-qr.png", headers=key)).status_code == 200
                changed = await phone.post("/api/wifi", json={"ssid": "Garden"}, headers=key)
                assert changed.json()["wifi"] == {"ssid": "Garden", "password_set": True, "security": "WPA"}
                cleared = await phone.post("/api/wifi", json={"ssid": ""}, headers=key)
                assert cleared.json()["wifi"]["password_set"] is False
                assert (await phone.get("/api/wifi-qr.png", headers=key)).status_code == 404

    asyncio.run(scenario())


def test_the_wifi_password_is_not_in_the_config_repr() -> None:
    config = Config(data_dir=Path("x"), wifi_ssid="PubQuiz", wifi_password="s3cret-pw")
    assert "s3cret-pw" not in repr(config)
    assert re.search(r"wifi_ssid='PubQuiz'", repr(config))
