"""A phone that meets a full host backs off instead of hammering it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import PHONE
from hosting import Host, start_host
from support import Party

WATCH_MS = 6000


@pytest.fixture
def full_host(tmp_path: Path) -> Iterator[Host]:
    running = start_host(tmp_path / "data", "--max-connections", "1")
    yield running
    running.stop()


def test_a_phone_backs_off_from_a_full_host(browser: Browser, full_host: Host) -> None:
    code = full_host.create_room()["code"]
    context = browser.new_context(**PHONE)
    # Count the page's connection attempts.
    context.add_init_script(
        """
        (() => {
          const Real = window.WebSocket;
          window.__attempts = 0;
          window.WebSocket = class extends Real {
            constructor(...args) { super(...args); window.__attempts += 1; }
          };
        })();
        """
    )
    with Party(full_host.ws_url) as party:
        party.screen(code)  # the one connection the host takes
        phone = context.new_page()
        phone.goto(f"{full_host.url}/join/{code}")
        phone.fill("#nickname", "Ada")
        phone.click("#join-button")
        expect(phone.locator("#banner")).to_be_visible()
        phone.wait_for_timeout(WATCH_MS)  # the observation window itself, not a wait for an effect
        attempts = phone.evaluate("window.__attempts")
    # Backing off (0.25 s doubling, capped at 4 s, full jitter) makes at most a dozen attempts
    # in 6 s; resetting the backoff on every refusal would make dozens.
    assert 2 <= attempts <= 12, attempts
    context.close()
