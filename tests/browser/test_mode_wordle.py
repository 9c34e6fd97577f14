"""A Wordle race in real Chromium: two phones guess the same word, one on the on-screen keyboard
and one on a physical keyboard; a word not in the list is refused and fixed; the projector shows
the race as colour-only grids, then the word and how many solved it in how many tries.

Screenshots of every view are kept in ``test-artifacts/<test>/``. The pictures of docs/modes.md
(``wordle-*.png``) go to ``test-artifacts/docs-modes/``, or, with ``PARTYHOST_DOCS_PICTURES=1``,
over the ones in ``docs/modes/``: a test run leaves the checkout as it was.
"""

from __future__ import annotations

import os
from typing import Any

from playwright.sync_api import Browser, Page, expect

from conftest import ARTIFACTS, LAPTOP, PHONE, PROJECTOR, ROOT, SMALL_PROJECTOR, Shots, watch
from hosting import Host

DOCS = ROOT / "docs" / "modes" if os.environ.get("PARTYHOST_DOCS_PICTURES") == "1" else ARTIFACTS / "docs-modes"
#: a phone of today (the docs' phone pictures), beside conftest's small 360-wide one
TALL_PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "reduced_motion": "reduce",
}
#: the projector drawn at a third of its size, for the pictures in docs/modes.md
DOCS_PROJECTOR: dict[str, Any] = {**PROJECTOR, "device_scale_factor": 1 / 3}

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-wordle",
    "title": "Friday Wordle",
    "questions": [{"type": "wordle", "word": "crane", "time_limit": 300}],
}


def join(page: Page, url: str, code: str, name: str) -> Page:
    page.goto(f"{url}/join/{code}")
    page.fill("#nickname", name)
    page.click("#join-button")
    expect(page.locator(".lobby-card")).to_be_visible()
    return page


def tap_word(phone: Page, word: str) -> None:
    """Type ``word`` on the on-screen keyboard, then its Enter key."""
    for letter in word:
        phone.locator(f'.wordle-key[data-key="{letter}"]').tap()
    phone.locator('.wordle-key[data-key="enter"]').tap()


def guessed(phone: Page, rows: int) -> None:
    """The phone shows ``rows`` coloured rows (the server's colours came back)."""
    expect(phone.locator(".wordle-grid .wordle-row.is-done")).to_have_count(rows)


def test_a_wordle_race_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    assert host.post_json("/api/packs", PACK)[0] == 201
    code = str(host.create_room(PACK["id"])["code"])
    control = watch(browser.new_context(**LAPTOP).new_page(), errors, "host")
    control.goto(f"{host.url}/host/{code}")
    screens = {}
    for name, options in (("1080", PROJECTOR), ("720", SMALL_PROJECTOR), ("docs", DOCS_PROJECTOR)):
        screens[name] = watch(browser.new_context(**options).new_page(), errors, f"screen-{name}")
        screens[name].goto(f"{host.url}/screen/{code}")
    screen = screens["1080"]
    ada = join(watch(browser.new_context(**TALL_PHONE).new_page(), errors, "Ada"), host.url, code, "Ada")
    bob = join(watch(browser.new_context(**TALL_PHONE).new_page(), errors, "Bob"), host.url, code, "Bob")
    cy = join(watch(browser.new_context(**PHONE).new_page(), errors, "Cy"), host.url, code, "Cy")
    expect(control.get_by_text("Players (3)")).to_be_visible()
    control.keyboard.press("Space")

    # Every phone has the empty grid and the keyboard; the screen asks for guesses.
    for phone in (ada, bob, cy):
        expect(phone.locator(".wordle-grid .wordle-row")).to_have_count(6)
        expect(phone.locator(".wordle-key")).to_have_count(28)
    expect(screen.get_by_text("Guess the word on your phone")).to_be_visible()
    expect(control.get_by_text("The word (only you see this)")).to_be_visible()
    expect(control.locator(".wordle-board .key-main")).to_have_text("CRANE")
    assert screen.get_by_text("CRANE").count() == 0

    # Ada plays on the on-screen keyboard: SLATE, then MONEY.
    tap_word(ada, "slate")
    guessed(ada, 1)
    first = ada.locator(".wordle-row.is-done").first
    expect(first.locator(".wordle-tile")).to_have_text(["S", "L", "A", "T", "E"])
    expect(first.get_by_role("img", name="A, right place")).to_be_visible()
    expect(first.get_by_role("img", name="S, not in the word")).to_be_visible()
    # The keys take the colours learnt: A and E right, S, L and T out.
    expect(ada.get_by_role("button", name="A, right place")).to_be_visible()
    expect(ada.get_by_role("button", name="S, not in the word")).to_have_class("wordle-key is-absent")
    tap_word(ada, "money")
    guessed(ada, 2)
    second = ada.locator(".wordle-row.is-done").nth(1)
    expect(second.get_by_role("img", name="N, in the word, wrong place")).to_be_visible()
    expect(ada.get_by_role("button", name="E, right place")).to_be_visible()  # right once is right
    # Too short: a gentle word, nothing sent.
    tap_word(ada, "lig")
    expect(ada.locator(".wordle-message")).to_have_text("Not enough letters")
    expect(ada.locator(".wordle-row.is-current .wordle-tile")).to_have_text(["L", "I", "G", "", ""])
    guessed(ada, 2)

    # Bob plays on a physical keyboard: HOUSE, then CRANX (refused, fixed to CRANE: solved).
    bob.keyboard.type("house")
    bob.keyboard.press("Enter")
    guessed(bob, 1)
    expect(bob.locator(".wordle-row.is-done").first.get_by_role("img", name="E, right place")).to_be_visible()
    bob.keyboard.type("cranx")
    bob.keyboard.press("Enter")
    expect(bob.locator(".wordle-message")).to_have_text("CRANX is not in the word list. Try another word.")
    expect(bob.locator(".wordle-row.is-current .wordle-tile")).to_have_text(["C", "R", "A", "N", "X"])
    guessed(bob, 1)
    shots(bob, "phone-refused-Bob")
    bob.keyboard.press("Backspace")
    expect(bob.locator(".wordle-message")).to_have_text("")
    bob.keyboard.type("e")
    bob.keyboard.press("Enter")
    guessed(bob, 2)
    expect(bob.locator(".wordle-outcome")).to_have_text("Solved in 2!")
    expect(bob.locator(".wordle-keyboard")).to_have_count(0)
    expect(bob.locator(".wordle-row.is-done").nth(1).get_by_role("img", name="C, right place")).to_be_visible()

    # Cy (a small phone) makes one guess.
    tap_word(cy, "about")
    guessed(cy, 1)

    # The screen's race: Bob solved in 2 first, then Ada (3 rows to come) and Cy; colours only.
    racers = screen.locator(".wordle-racer")
    expect(racers).to_have_count(3)
    expect(racers.first).to_have_attribute("aria-label", "1. Bob: solved in 2")
    expect(racers.nth(1)).to_have_attribute("aria-label", "2. Ada: 2 of 6 tries")
    expect(racers.nth(2)).to_have_attribute("aria-label", "3. Cy: 1 of 6 tries")
    expect(screen.get_by_text("1 of 3 solved · 1 of 3 finished")).to_be_visible()
    expect(racers.first.locator(".wordle-tile.is-right")).to_have_count(5 + 1)  # CRANE, and HOUSE's E
    assert screen.locator(".wordle-race").inner_text().upper().count("CRANE") == 0

    # Ada's phone mid-game: two coloured rows and a word being typed (the docs' phone picture).
    ada.locator('.wordle-key[data-key="h"]').tap()
    ada.locator('.wordle-key[data-key="t"]').tap()
    expect(ada.locator(".wordle-message")).to_have_text("")
    expect(ada.locator(".wordle-row.is-current .wordle-tile")).to_have_text(["L", "I", "G", "H", "T"])
    DOCS.mkdir(parents=True, exist_ok=True)
    ada.screenshot(path=str(DOCS / "wordle-phone.png"))
    shots(ada, "phone-mid-game-Ada")
    shots(cy, "phone-360-Cy")
    shots(bob, "phone-solved-Bob")
    shots(screen, "screen-race")
    shots(screens["720"], "screen-720-race")
    shots(control, "host-race")
    screens["docs"].locator(".wordle-racer").nth(2).wait_for()
    screens["docs"].screenshot(path=str(DOCS / "wordle-screen.png"))
    tap_word(ada, "")  # Enter: LIGHT goes
    guessed(ada, 3)

    # The host reveals: the word in big tiles, and how many solved it in how many tries.
    control.keyboard.press("r")
    expect(screen.locator(".wordle-board.is-revealed .wordle-word")).to_have_attribute("aria-label", "The word: CRANE")
    expect(screen.locator(".wordle-chart .wordle-bar")).to_have_count(6)
    expect(screen.locator(".wordle-bar").nth(1)).to_have_attribute("aria-label", "2 tries: 1 player")
    expect(screen.get_by_text("1 of 3 players solved it")).to_be_visible()
    expect(screens["docs"].locator(".wordle-board.is-revealed")).to_be_visible()
    screens["docs"].screenshot(path=str(DOCS / "wordle-reveal.png"))
    shots(screen, "screen-reveal")
    shots(screens["720"], "screen-720-reveal")
    shots(control, "host-reveal")

    # Each phone: its own grid and the word.
    expect(bob.locator(".result-card.is-correct")).to_be_visible()
    expect(bob.locator(".wordle-run .wordle-grid .wordle-row")).to_have_count(2)
    expect(ada.locator(".result-card.is-wrong")).to_be_visible()
    expect(ada.locator(".wordle-run .wordle-grid .wordle-row")).to_have_count(3)
    for phone in (ada, bob, cy):
        expect(phone.locator(".wordle-run .wordle-word")).to_have_attribute("aria-label", "The word: CRANE")
    shots(ada, "phone-reveal-Ada")
    shots(bob, "phone-reveal-Bob")
    shots(cy, "phone-360-reveal-Cy")
    assert errors == []
