"""kill -9 of the host mid-question, in real Chromium: the pages come back by themselves.

The host process is killed with SIGKILL while a question is open and restarted on the same
port and data dir, as a host would after a crash. Nobody reloads anything: the phones, the
projector and the host page reconnect on their own, the question is paused where it was,
the acknowledged answer is still there, and one click on Resume carries the game on.
"""

from __future__ import annotations

import signal
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from conftest import LAPTOP, PHONE, PROJECTOR, Shots, watch
from hosting import Host, start_host
from support import TRIO_PACK

RECONNECT_S = 15  # generous: backoff is capped at a few seconds, the machine may be busy


def _join(browser: Browser, host: Host, code: str, name: str, errors: list[str]) -> Page:
    phone = watch(browser.new_context(**PHONE).new_page(), errors, name)
    phone.goto(f"{host.url}/join/{code}")
    phone.fill("#nickname", name)
    phone.click("#join-button")
    expect(phone.locator(".lobby-card")).to_be_visible()
    return phone


def test_pages_come_back_by_themselves_after_kill_minus_nine(browser: Browser, tmp_path: Path, shots: Shots) -> None:
    data = tmp_path / "data"
    host = start_host(data)
    port = urlsplit(host.url).port
    assert port is not None
    # A page that loses its server logs the failed connection attempts as console errors;
    # those are expected here, so only uncaught script errors count.
    errors: list[str] = []
    try:
        assert host.post_json("/api/packs", TRIO_PACK)[0] == 201
        code = host.create_room(TRIO_PACK["id"], time_limit=60)["code"]
        control = browser.new_context(**LAPTOP).new_page()
        control.on("pageerror", lambda exc: errors.append(f"host: {exc}"))
        control.goto(f"{host.url}/host/{code}")
        screen = browser.new_context(**PROJECTOR).new_page()
        screen.on("pageerror", lambda exc: errors.append(f"screen: {exc}"))
        screen.goto(f"{host.url}/screen/{code}")
        ada = _join(browser, host, code, "Ada", [])
        bob = _join(browser, host, code, "Bob", [])
        for page in (ada, bob):
            page.on("pageerror", lambda exc: errors.append(f"phone: {exc}"))

        control.keyboard.press("Space")
        expect(ada.locator(".question-view")).to_be_visible()
        ada.locator(".answer").nth(1).click()
        expect(ada.locator(".result-card.is-locked")).to_be_visible()  # shown only after the ack

        host.process.send_signal(signal.SIGKILL)
        host.process.wait()
        host.stop()
        for page in (ada, bob, control):
            expect(page.locator("#banner")).to_be_visible(timeout=RECONNECT_S * 1000)
        shots(bob, "phone-host-down")

        host = start_host(data, "--port", str(port))
        assert urlsplit(host.url).port == port, "restarted on the same port"

        # Everyone is back without a reload: paused at the same question.
        for page in (ada, bob, control, screen):
            expect(page.locator("#banner")).to_be_hidden(timeout=RECONNECT_S * 1000)
        expect(ada.locator(".result-card.is-locked")).to_be_visible()
        expect(bob.locator(".question-view")).to_be_visible()
        expect(bob.locator(".timer")).to_have_text("Paused")
        # After a restart the natural next step (the big button, Space) is to resume.
        resume = control.locator("button.btn-primary", has_text="Resume")
        expect(resume).to_be_visible()
        shots(control, "host-paused-after-restart")
        shots(bob, "phone-paused-after-restart")
        shots(screen, "screen-paused-after-restart")

        # One click resumes; Bob answers and the question closes with Ada's answer counted.
        resume.click()
        expect(bob.locator(".timer")).not_to_have_text("Paused")
        bob.locator(".answer").nth(0).click()
        expect(ada.locator(".result-card.is-correct")).to_be_visible()
        expect(bob.locator(".result-card.is-wrong")).to_be_visible()
        expect(screen.locator(".board.is-revealed")).to_be_visible()
        status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
        assert status == 200
        answered = {row["player"]: row["correct"] for row in document["answers"] if row["answer"]}
        assert answered == {"Ada": True, "Bob": False}
        assert errors == []
    finally:
        host.stop()
