"""A lightning round in real Chromium: two phones go through four items at their own pace, the
projector shows the race with one player ahead of the other, and the reveal shows the keys.

Screenshots are kept in ``test-artifacts/<test>/``: the projector at 1920x1080 and 1280x720, the
phones at 390x844, the host page.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from conftest import LAPTOP, PROJECTOR, SMALL_PROJECTOR, Shots, watch
from hosting import Host

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-lightning",
    "title": "Quick Fire",
    "questions": [
        {
            "type": "lightning",
            "text": "Capitals in 90 seconds",
            "time_limit": 90,
            "questions": [
                {"type": "single", "text": "Capital of Australia?",
                 "options": ["Sydney", "Canberra", "Melbourne", "Perth"], "correct": 1},
                {"type": "truefalse", "text": "Ottawa is the capital of Canada.", "correct": True},
                {"type": "typed", "text": "Capital of Japan?", "accepted": ["Tokyo"]},
                {"type": "number", "text": "How many countries border Germany?", "answer": 9},
            ],
        }
    ],
}  # fmt: skip
#: phones at a common size; reduced motion, so the screenshots show the finished view
PHONE_390: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "reduced_motion": "reduce",
}


def join(browser: Browser, url: str, name: str, errors: list[str], **options: Any) -> Page:
    phone = watch(browser.new_context(**{**PHONE_390, **options}).new_page(), errors, name)
    phone.goto(url)
    phone.fill("#nickname", name)
    phone.click("#join-button")
    expect(phone.locator(".lobby-card")).to_be_visible()
    return phone


def on_item(phone: Page, k: int, text: str) -> None:
    """The phone shows item ``k`` of 4 with its question."""
    expect(phone.locator(".lt-count")).to_have_text(f"Item {k} of 4")
    expect(phone.locator(".lt-item-text")).to_have_text(text)


def test_a_lightning_round_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    assert host.post_json("/api/packs", PACK)[0] == 201
    code = str(host.create_room(PACK["id"])["code"])
    control = watch(browser.new_context(**LAPTOP).new_page(), errors, "host")
    control.goto(f"{host.url}/host/{code}")
    screen = watch(browser.new_context(**PROJECTOR).new_page(), errors, "screen")
    screen.goto(f"{host.url}/screen/{code}")
    small = watch(browser.new_context(**SMALL_PROJECTOR).new_page(), errors, "screen-720")
    small.goto(f"{host.url}/screen/{code}")
    ada = join(browser, f"{host.url}/join/{code}", "Ada", errors)
    # Bob's phone does not ask for reduced motion: each result flashes over his next item.
    bob = join(browser, f"{host.url}/join/{code}", "Bob", errors, reduced_motion="no-preference")
    expect(control.get_by_text("Players (2)")).to_be_visible()
    control.keyboard.press("Space")

    # Both start on item 1; the projector waits for the first answers and shows no question.
    on_item(ada, 1, "Capital of Australia?")
    on_item(bob, 1, "Capital of Australia?")
    expect(ada.locator(".lt-cell")).to_have_count(4)
    expect(screen.get_by_text("4 questions: answer them on your phone, as fast as you can")).to_be_visible()
    expect(control.locator(".lt-host-keys")).to_contain_text("Tokyo")
    shots(ada, "phone-item-1-Ada")

    # Ada: right, right, then the typed one with a typo (forgiven).
    ada.get_by_role("button", name=re.compile("Canberra")).click()
    on_item(ada, 2, "Ottawa is the capital of Canada.")
    expect(ada.locator(".lt-cell").first).to_have_text("✓")
    expect(ada.locator(".lt-last")).to_have_text("✓ Right")
    expect(ada.locator(".lt-flash")).to_be_hidden()  # reduced motion: no flash, the chip says it
    ada.get_by_role("button", name=re.compile("True")).click()
    on_item(ada, 3, "Capital of Japan?")
    ada.fill(".typed-input", "tokio")
    ada.keyboard.press("Enter")
    on_item(ada, 4, "How many countries border Germany?")
    expect(ada.locator(".lt-cell.is-right")).to_have_count(3)
    expect(ada.locator(".lt-points")).not_to_have_text("0 points")

    # Bob: wrong on item 1; his next item comes at once, with a brief ✗ over it.
    bob.get_by_role("button", name=re.compile("Sydney")).click()
    on_item(bob, 2, "Ottawa is the capital of Canada.")
    expect(bob.locator(".lt-flash.is-wrong")).to_have_count(1)
    expect(bob.locator(".lt-cell").first).to_have_text("✗")
    expect(bob.locator(".lt-last")).to_have_text("✗ Wrong")

    # The race: Ada (3 answered, 3 right) ahead of Bob (1 answered, none right).
    rows = screen.locator(".lt-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("aria-label", "1. Ada: 3 of 4 answered, 3 right")
    expect(rows.nth(1)).to_have_attribute("aria-label", "2. Bob: 1 of 4 answered, 0 right")
    expect(screen.locator(".lt-finished")).to_have_text("0 of 2 finished")
    expect(small.locator(".lt-row")).to_have_count(2)
    # Nothing of the items is on the projector while the race runs.
    for key in ("Capital of Japan", "Tokyo", "Canberra"):
        assert screen.get_by_text(key).count() == 0, key
    shots(screen, "screen-race")
    shots(small, "screen-720-race")
    shots(ada, "phone-item-4-Ada")
    shots(control, "host-race")
    # The flash is brief: it is gone, and the item under it is ready to answer.
    expect(bob.locator(".lt-flash")).to_be_hidden()
    expect(bob.get_by_role("button", name=re.compile("True"))).to_be_enabled()
    shots(bob, "phone-item-2-Bob")

    # Ada finishes first and waits; the round stays open for Bob.
    ada.fill(".number-input", "9")
    ada.keyboard.press("Enter")
    expect(ada.locator(".lt-done-title")).to_have_text("All 4 answered: 4 right")
    expect(ada.get_by_text("Done! Waiting for the others…")).to_be_visible()
    expect(screen.locator(".lt-finished")).to_have_text("1 of 2 finished")
    expect(screen.locator(".lt-row").nth(0)).to_contain_text("done")
    shots(ada, "phone-done-Ada")
    shots(screen, "screen-race-one-done")

    # Bob at his own pace: the round closes when he has answered the last item.
    bob.get_by_role("button", name=re.compile("False")).click()
    on_item(bob, 3, "Capital of Japan?")
    bob.fill(".typed-input", "Tokyo")
    bob.get_by_role("button", name="Send").click()
    on_item(bob, 4, "How many countries border Germany?")
    bob.fill(".number-input", "9")
    bob.keyboard.press("Enter")

    # The reveal: every item with its key and how many answered it.
    keys = screen.locator(".lt-board.is-revealed .lt-key")
    expect(keys).to_have_count(4)
    expect(keys.nth(0)).to_contain_text("Canberra")
    expect(keys.nth(0)).to_contain_text("1 of 2 right")
    expect(keys.nth(1)).to_contain_text("True")
    expect(keys.nth(2)).to_contain_text("Tokyo")
    expect(keys.nth(2)).to_contain_text("2 of 2 right")
    expect(keys.nth(3).locator(".lt-key-answer")).to_have_text("9")
    expect(screen.get_by_text("2 of 2 players answered all 4")).to_be_visible()
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(ada.locator(".lt-run-line")).to_contain_text("4 of 4 right")
    expect(bob.locator(".result-card.is-partial")).to_be_visible()
    expect(bob.locator(".lt-run .lt-cell.is-wrong")).to_have_count(2)
    expect(bob.locator(".lt-answers .lt-key")).to_have_count(4)
    shots(screen, "screen-reveal")
    shots(small, "screen-720-reveal")
    shots(ada, "phone-reveal-Ada")
    shots(bob, "phone-reveal-Bob")
    shots(control, "host-reveal")
    assert errors == []
