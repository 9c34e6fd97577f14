"""Results to the cloud in Chromium: the host page's sync panel, a room's switch, and the receiver's dashboard.

The host is set up from its page (no flags), plays while the receiver is down, shows the error
and the next try, shows a progress bar while a large result goes in delayed pieces, and is up
to date after "Sync now". Then the dashboard shows the rooms and a leaderboard.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import LAPTOP, Shots, watch
from hosting import Host, start_host

# The cloud tests' helpers (a receiver process, a flaky proxy, a game) live with them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cloud"))

from cloud_support import Receiver, free_port, make_key, play_room, start_receiver
from flaky_proxy import FlakyProxy


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    running = start_host(tmp_path / "data", "--no-mdns", "--sync-max-wait", "600")
    yield running
    running.stop()


def _status(page: Page) -> str:
    return page.locator("#sync-status").inner_text()


def test_the_host_page_shows_sync_from_setup_to_delivery_and_the_dashboard_shows_the_results(
    browser: Browser, host: Host, tmp_path: Path, shots: Shots
) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    key = make_key(db_url, "springfield")
    port = free_port()
    context = browser.new_context(**LAPTOP)
    errors: list[str] = []
    page = watch(context.new_page(), errors, "host")
    receiver: Receiver | None = None
    proxy: FlakyProxy | None = None
    try:
        page.goto(f"{host.url}/host")
        panel = page.locator("#sync-panel")
        expect(panel.locator(".sync-state")).to_have_text("Off")
        expect(panel).to_contain_text("No cloud set up")

        # Set up from the page: the receiver is not running yet.
        page.locator("#sync-panel summary").click()
        page.fill("#sync-url", "not a url")
        page.fill("#sync-key", str(key))
        page.click("#sync-form button[type=submit]")
        expect(page.locator("#sync-form-error")).to_contain_text("http:// or https://")
        page.fill("#sync-url", f"http://127.0.0.1:{port}")
        page.click("#sync-form button[type=submit]")
        expect(panel).to_contain_text(f"to http://127.0.0.1:{port}")
        expect(panel).to_contain_text(f"key {key.id}")

        play_room(host, players=2)
        expect(panel.locator(".sync-state")).to_have_text("Waiting to retry", timeout=10_000)
        expect(panel.locator(".sync-error")).to_contain_text("Connection refused")
        expect(panel).to_contain_text("Next try in")
        assert page.locator("#sync-pending").inner_text() == "1"
        panel.screenshot(path=str(shots.folder / "host-sync-waiting.png"))

        # A large result through a slow network: a progress bar while it goes, in pieces.
        receiver = start_receiver(db_url, "--max-push-bytes", "8192")
        proxy = FlakyProxy(int(receiver.url.rsplit(":", 1)[1]), port=port, choose=lambda: "delay", delay=0.7).start()
        play_room(host, players=12, questions=3, long_names=True)
        page.click("#sync-now")
        expect(page.locator(".sync-bar")).to_be_visible(timeout=10_000)
        expect(panel.locator(".sync-state")).to_have_text("Sending…")
        page.wait_for_function("Number(document.querySelector('.sync-bar')?.getAttribute('aria-valuenow')) > 0")
        page.locator("#sync-panel").scroll_into_view_if_needed()
        panel.screenshot(path=str(shots.folder / "host-sync-pushing.png"))
        expect(panel.locator(".sync-state")).to_have_text("Up to date", timeout=30_000)
        expect(panel).to_contain_text("2 delivered")
        expect(page.locator(".sync-bar")).to_have_count(0)
        panel.screenshot(path=str(shots.folder / "host-sync-delivered.png"))

        # A room's switch on its control page.
        code = str(host.create_room("science")["code"])
        page.goto(f"{host.url}/host/{code}")
        switch = page.locator("#room-sync")
        expect(switch).to_be_checked()
        expect(page.locator("#room-sync-note")).to_contain_text("Sent when the game ends")
        switch.uncheck()
        expect(page.locator("#room-sync-note")).to_have_text("Kept on this laptop.")
        shots(page, "host-room-do-not-sync")
        _, body = host.get_json(f"/api/rooms/{code}/sync")
        assert body["sync"] is False

        # The receiver's dashboard, signed in with the organization's key.
        dashboard = watch(context.new_page(), errors, "dashboard")
        dashboard.goto(receiver.url + "/")
        dashboard.fill("#key", str(key))
        dashboard.click("button[type=submit]")
        expect(dashboard.locator("h1")).to_have_text("Results")
        rows = dashboard.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(dashboard.locator("header")).to_contain_text("springfield")
        shots(dashboard, "cloud-dashboard")
        rows.nth(0).locator("a").click()
        expect(dashboard.locator("h2")).to_have_text("Leaderboard")
        expect(dashboard.locator("tbody tr")).to_have_count(12)
        shots(dashboard, "cloud-room-leaderboard")
        # The one refused request is the wrong address above (Chromium logs every 4xx it fetches).
        assert [e for e in errors if "status of 400" not in e] == [], errors
        assert len(errors) == 1, errors
    finally:
        context.close()
        if proxy is not None:
            proxy.stop()
        if receiver is not None:
            receiver.stop()
