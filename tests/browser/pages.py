"""The pages of one browser test's game: the host page, two projectors and the phones."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from conftest import LAPTOP, PHONE, PROJECTOR, SMALL_PROJECTOR, Shots, watch
from hosting import Host


class Room:
    """The pages of one test: the host page, two projectors and the phones."""

    def __init__(
        self,
        browser: Browser,
        host: Host,
        pack: dict[str, Any],
        names: list[str] | dict[str, dict[str, Any]],
        errors: list[str],
    ) -> None:
        """Import ``pack``, open a room, the pages, and join each phone (``names``, or names with
        their own browser sizes; a 360 by 740 phone by default)."""
        sizes = names if isinstance(names, dict) else dict.fromkeys(names, PHONE)
        assert host.post_json("/api/packs", pack)[0] == 201
        self.code = str(host.create_room(pack["id"])["code"])
        self.control = watch(browser.new_context(**LAPTOP).new_page(), errors, "host")
        self.control.goto(f"{host.url}/host/{self.code}")
        self.screen = watch(browser.new_context(**PROJECTOR).new_page(), errors, "screen")
        self.screen.goto(f"{host.url}/screen/{self.code}")
        self.small = watch(browser.new_context(**SMALL_PROJECTOR).new_page(), errors, "screen-720")
        self.small.goto(f"{host.url}/screen/{self.code}")
        self.phones: dict[str, Page] = {}
        for name, size in sizes.items():
            phone = watch(browser.new_context(**size).new_page(), errors, name)
            phone.goto(f"{host.url}/join/{self.code}")
            phone.fill("#nickname", name)
            phone.click("#join-button")
            expect(phone.locator(".lobby-card")).to_be_visible()
            self.phones[name] = phone
        expect(self.control.get_by_text(f"Players ({len(sizes)})")).to_be_visible()

    def shoot(self, shots: Shots, name: str, *phones: str) -> None:
        shots(self.screen, f"screen-{name}")
        shots(self.small, f"screen-720-{name}")
        for phone in phones:
            shots(self.phones[phone], f"phone-{name}-{phone}")

    def next(self) -> None:
        self.control.keyboard.press("n")

    def to_next_question(self) -> None:
        """From a reveal: the leaderboard, then the next question (each step waits for the last)."""
        self.next()
        expect(self.screen.locator(".lb-stage")).to_be_visible()
        # The host page drops a step pressed while it still waits for the last one's answer.
        step = re.compile("Next question|Show final results")
        expect(self.control.locator("button.btn-primary:not([hidden])", has_text=step)).to_be_enabled()
        self.next()
        expect(self.screen.locator(".lb-stage")).to_be_hidden()
