"""The projector's lobby with the venue's Wi-Fi, and the host page's choice of address, in Chromium.

The screenshots are read back with zbar: both QR codes on the projector must scan.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import LAPTOP, PROJECTOR, SMALL_PROJECTOR, Shots, watch
from hosting import Host, start_host

SSID = "Quiz Night"
PASSWORD = "pub;quiz:2026"


@pytest.fixture
def wifi_host(tmp_path: Path) -> Iterator[Host]:
    host = start_host(
        tmp_path / "data",
        "--wifi-ssid",
        SSID,
        "--public-url",
        "http://10.9.9.9:8080",
        env={"PARTYHOST_WIFI_PASSWORD": PASSWORD},
    )
    yield host
    host.stop()


def _codes_in(image: Path) -> list[str]:
    done = subprocess.run(["zbarimg", "--nodbus", "--quiet", "--raw", str(image)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return sorted(done.stdout.splitlines())


@pytest.mark.parametrize("size", ["1920x1080", "1280x720"])
def test_the_lobby_shows_join_this_wifi_then_scan_to_play_and_both_codes_scan(
    browser: Browser, wifi_host: Host, shots: Shots, size: str
) -> None:
    room = wifi_host.create_room()
    context = browser.new_context(**(PROJECTOR if size == "1920x1080" else SMALL_PROJECTOR))
    errors: list[str] = []
    page = watch(context.new_page(), errors, "screen")
    try:
        page.goto(f"{wifi_host.url}/screen/{room['code']}")
        step = page.locator("#wifi-step")
        expect(step).to_be_visible()
        expect(step.locator(".step-title")).to_have_text("1 Join this Wi-Fi")
        expect(step.locator(".wifi-name")).to_have_text(SSID)
        expect(page.locator(".lobby-step .step-title").nth(1)).to_have_text("2 Scan to play")
        expect(page.locator(".room-code-huge")).to_have_text(room["code"])
        page.wait_for_function("[...document.images].every((img) => img.complete && img.naturalWidth > 0)")
        assert PASSWORD not in page.content() and PASSWORD not in page.inner_text("body")
        shots(page, f"screen-lobby-wifi-{size}")
        # Nothing is cut off: both codes, the name and the game code are inside the projector's picture.
        for selector in ("#wifi-step img", ".lobby-step img >> nth=1", ".wifi-name", ".room-code-huge"):
            box = page.locator(selector).bounding_box()
            viewport = page.viewport_size
            assert box is not None and viewport is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], selector
        image = shots.folder / f"screen-lobby-wifi-{size}.png"
        assert _codes_in(image) == sorted([room["join_url"], f"WIFI:T:WPA;S:{SSID};P:pub\\;quiz\\:2026;;"])
        assert errors == []
    finally:
        context.close()


def test_picking_another_address_on_the_host_page_moves_the_join_link_and_qr(
    browser: Browser, wifi_host: Host, shots: Shots
) -> None:
    room = wifi_host.create_room()
    context = browser.new_context(**LAPTOP)
    errors: list[str] = []
    try:
        screen = watch(context.new_page(), errors, "screen")
        screen.goto(f"{wifi_host.url}/screen/{room['code']}")
        expect(screen.locator(".join-url")).to_have_text(f"http://10.9.9.9:8080/join/{room['code']}")

        host = watch(context.new_page(), errors, "host")
        host.goto(f"{wifi_host.url}/host")
        choices = host.locator("#lan-choices input[type=radio]")
        expect(choices).to_have_count(2)
        expect(host.locator("#lan-choices input:checked")).to_have_value("http://10.9.9.9:8080")
        expect(host.locator("#wifi-ssid")).to_have_value(SSID)
        expect(host.locator("#wifi-password")).to_have_value("")
        expect(host.locator("#wifi-status")).to_contain_text("with its password")
        host.locator("#network").scroll_into_view_if_needed()
        shots(host, "host-network-panel")
        host.locator("#lan-choices input[value='" + wifi_host.url + "']").check()
        expect(host.locator("#lan-choices input:checked")).to_have_value(wifi_host.url)

        expect(screen.locator(".join-url")).to_have_text(f"{wifi_host.url}/join/{room['code']}")
        screen.wait_for_function("[...document.images].every((img) => img.complete && img.naturalWidth > 0)")
        shots(screen, "screen-after-address-change")
        codes = _codes_in(shots.folder / "screen-after-address-change.png")
        assert f"{wifi_host.url}/join/{room['code']}" in codes
        assert errors == []
    finally:
        context.close()
