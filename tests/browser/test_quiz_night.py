"""A whole quiz night in real Chromium: host page, projector screen and three phones to the podium."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from conftest import LAPTOP, PHONE, PROJECTOR, SMALL_PROJECTOR, Shots, watch
from hosting import Host

PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-trio",
    "title": "Three for the Road",
    "questions": [
        {"type": "single", "text": "Which planet is called the Red Planet?",
         "options": ["Venus", "Mars", "Jupiter", "Mercury"], "correct": 1,
         "explanation": "Iron oxide dust gives Mars its colour."},
        {"type": "multi", "text": "Which of these are mammals?",
         "options": ["Dolphin", "Shark", "Bat", "Penguin"], "correct": [0, 2],
         "explanation": "Dolphins and bats feed their young on milk."},
        {"type": "truefalse", "text": "Sound travels faster in water than in air.", "correct": True,
         "explanation": "Water carries sound about four times faster."},
    ],
}  # fmt: skip

NAMES = ["Ada", "<b>Bob</b>", "Cy"]


def _answer(phone: Page, *options: int, multi: bool = False) -> None:
    buttons = phone.locator(".answer")
    for option in options:
        buttons.nth(option).click()
    if multi:
        phone.locator(".submit-multi").click()
    # "Answer locked in" appears only after the host's acknowledgement (or, for the last
    # player to answer, the reveal that follows at once).
    expect(phone.locator(".result-card.is-locked, .reveal-view").first).to_be_visible()


def _press(control: Page, key: str, step: str | re.Pattern[str]) -> None:
    """Press a shortcut once the host page shows the step it leads to (its big button).

    The host page ignores a second step while it waits for the server's answer to the
    first, so a key pressed before its own view caught up would be dropped.
    """
    expect(control.locator("button.btn-primary:not([hidden])", has_text=step)).to_be_enabled()
    control.keyboard.press(key)


def _all_revealed(phones: list[Page], screen: Page) -> None:
    for phone in phones:
        expect(phone.locator(".reveal-view")).to_be_visible()
    expect(screen.locator(".board.is-revealed")).to_be_visible()


def test_a_quiz_night_from_host_page_to_podium(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    assert host.post_json("/api/packs", PACK)[0] == 201

    # The host picks the pack on the host page and creates a room.
    control = watch(browser.new_context(**LAPTOP).new_page(), errors, "host")
    control.goto(f"{host.url}/host")
    control.locator("label.pack", has=control.locator("input[value='browser-trio']")).click()
    control.fill("#time-limit", "60")
    shots(control, "host-setup")
    control.click("#create")
    control.wait_for_url(re.compile(r"/host/[A-Z]{4,5}$"))
    code = control.url.rsplit("/", 1)[1]

    # The projector shows the code, the join address and the QR code.
    screen = watch(browser.new_context(**PROJECTOR).new_page(), errors, "screen")
    screen.goto(f"{host.url}/screen/{code}")
    expect(screen.locator(".room-code-huge")).to_have_text(re.compile(code))
    expect(screen.get_by_text(f"/join/{code}").first).to_be_visible()
    qr = screen.locator(f"img[src*='/api/rooms/{code}/qr.svg']")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    # A second, smaller projector (1280x720) follows the same room.
    small = watch(browser.new_context(**SMALL_PROJECTOR).new_page(), errors, "screen-720")
    small.goto(f"{host.url}/screen/{code}")
    expect(small.locator(".room-code-huge")).to_have_text(re.compile(code))

    # Three phones join with the code typed in lower case.
    phones = []
    for number, name in enumerate(NAMES):
        phone = watch(browser.new_context(**PHONE).new_page(), errors, f"phone{number}")
        phone.goto(f"{host.url}/join/{code.lower()}")
        phone.fill("#nickname", name)
        if number == 0:
            shots(phone, "phone-join")
        phone.click("#join-button")
        expect(phone.locator(".lobby-card")).to_be_visible()
        phones.append(phone)
    ada, bob, cy = phones
    # Names are shown as text everywhere: markup in a nickname is never markup.
    expect(screen.get_by_text("<b>Bob</b>", exact=True)).to_be_visible()
    assert screen.locator("main b").count() == 0
    shots(ada, "phone-lobby")
    shots(screen, "screen-lobby")
    expect(small.get_by_text("<b>Bob</b>", exact=True)).to_be_visible()
    shots(small, "screen-720-lobby")
    shots(control, "host-lobby")

    # Question 1 (single choice): Space starts the game.
    control.keyboard.press("Space")
    for phone in phones:
        expect(phone.locator(".question-view")).to_be_visible()
    expect(screen.get_by_text("Which planet is called the Red Planet?")).to_be_visible()
    first = ada.locator(".answer").first
    assert re.search(r"triangle", first.get_attribute("aria-label") or "", re.I), "shape named for screen readers"
    shots(ada, "phone-question")
    shots(screen, "screen-question")
    expect(small.get_by_text("Which planet is called the Red Planet?")).to_be_visible()
    shots(small, "screen-720-question")
    shots(control, "host-question")
    _answer(ada, 1)
    expect(screen.get_by_text(re.compile(r"^1\s*/\s*3$")).first).to_be_visible()  # live answer count
    _answer(bob, 0)
    _answer(cy, 1)
    _all_revealed(phones, screen)  # everyone answered: the question closed by itself
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(bob.locator(".result-card.is-wrong")).to_be_visible()
    expect(screen.get_by_text("Iron oxide dust gives Mars its colour.")).to_be_visible()
    shots(ada, "phone-reveal-correct")
    shots(bob, "phone-reveal-wrong")
    shots(screen, "screen-reveal")
    expect(small.locator(".board.is-revealed")).to_be_visible()
    shots(small, "screen-720-reveal")
    _press(control, "n", "Show leaderboard")
    expect(screen.locator(".lb-stage")).to_be_visible()
    shots(screen, "screen-leaderboard")
    shots(cy, "phone-leaderboard")

    # Question 2 (multiple select).
    _press(control, "n", re.compile("Next question|Show final results"))
    expect(screen.get_by_text("Which of these are mammals?")).to_be_visible()
    _answer(ada, 0, 2, multi=True)
    _answer(bob, 1, multi=True)
    _answer(cy, 0, multi=True)
    _all_revealed(phones, screen)
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(cy.locator(".result-card.is-wrong")).to_be_visible()
    _press(control, "n", "Show leaderboard")
    expect(screen.locator(".lb-stage")).to_be_visible()

    # Question 3 (true/false): Cy does not answer, so the host reveals it (R).
    _press(control, "n", re.compile("Next question|Show final results"))
    expect(screen.get_by_text("Sound travels faster in water than in air.")).to_be_visible()
    _answer(ada, 0)
    _answer(bob, 1)
    _press(control, "r", "Reveal answer")
    _all_revealed(phones, screen)
    expect(cy.locator(".result-card.is-neutral")).to_be_visible()
    shots(cy, "phone-reveal-none")
    _press(control, "n", "Show leaderboard")
    expect(screen.locator(".lb-stage")).to_be_visible()

    # The end: a podium on the screen, a final rank on each phone.
    _press(control, "n", re.compile("Next question|Show final results"))
    podium = screen.locator(".podium")
    expect(podium).to_be_visible()
    expect(podium.locator(".podium-1 .podium-name")).to_have_text("Ada")
    expect(podium.locator(".podium-2 .podium-name")).to_have_text("Cy")
    expect(podium.locator(".podium-3 .podium-name")).to_have_text("<b>Bob</b>")
    expect(ada.locator(".rank-big")).to_have_text("1st")
    expect(cy.locator(".rank-big")).to_have_text("2nd")
    expect(bob.locator(".rank-big")).to_have_text("3rd")
    shots(screen, "screen-podium")
    expect(small.locator(".podium-3 .podium-name")).to_have_text("<b>Bob</b>")
    shots(small, "screen-720-podium")
    for name, phone in zip(NAMES, phones, strict=True):
        shots(phone, f"phone-final-{name.strip('<>/b')}")
    shots(control, "host-ended")

    # The export from the host page matches what was played.
    status, document = host.get_json(f"/api/rooms/{code}/export?format=json")
    assert status == 200
    summary = {row["player"]: row for row in document["summary"]}
    assert [summary[n]["correct_count"] for n in NAMES] == [3, 0, 1]
    assert [summary[n]["rank"] for n in NAMES] == [1, 3, 2]
    assert len(document["answers"]) == 9
    assert errors == []
