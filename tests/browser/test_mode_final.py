"""The buzzer board's Daily Double and the final wager round in real Chromium.

A projector (1920x1080, and one at 1280x720), the host page and three phones (two at 390x844,
one at 360x740): Bob, in control of the board, plays a Daily Double with a wager while the
others are told it is his; then the final: everyone wagers seeing only the category, the clue
appears on each phone after its wager (never on the projector), and the host's Reveal shows
every wager and answer; scores move by the wagers. Screenshots of every step are kept in
``test-artifacts/<test>/``.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, expect

from conftest import PHONE, Shots
from hosting import Host
from pages import Room

CLUE = "The planet whose day is longer than its year"
PACK: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-final",
    "title": "Board and Final",
    "questions": [
        {"type": "buzzer", "category": "Rivers", "value": 100, "text": "Longest river in Africa", "answer": "The Nile"},
        {"type": "buzzer", "category": "Moons", "value": 200, "text": "Saturn's largest moon", "answer": "Titan"},
        {"type": "buzzer", "category": "Rivers", "value": 200, "text": "The river of Vienna and Budapest",
         "answer": "The Danube", "daily_double": True},
        {"type": "final", "category": "Planets", "text": CLUE, "accepted": ["Venus"]},
    ],
}  # fmt: skip
TALL_PHONE = {**PHONE, "viewport": {"width": 390, "height": 844}}


class FinalRoom(Room):
    """The game's pages, with the host's steps, scores and buzzer clues."""

    def step(self, label: str) -> None:
        """Press the host's main button once it says ``label`` (it waits for the last step's answer)."""
        button = self.control.locator("button.btn-primary:not([hidden])", has_text=label)
        expect(button).to_be_enabled()
        button.click()

    def score(self, name: str) -> Any:
        return expect(self.control.locator(".player", has_text=name).locator(".player-score"))

    def buzz_right(self, clue: str, name: str) -> None:
        """Open a clue from the board; ``name`` buzzes and the host marks it right."""
        self.control.get_by_role("button", name=clue).click()
        self.phones[name].locator(".buzz-button").click()
        expect(self.control.get_by_text(f"{name} is answering:")).to_be_visible()
        self.control.get_by_role("button", name="✓ Right").click()
        expect(self.phones[name].locator(".result-card.is-correct")).to_be_visible()
        self.step("Show leaderboard")
        expect(self.screen.locator(".lb-stage")).to_be_visible()


def test_a_daily_double_and_the_final_wager_round_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = FinalRoom(browser, host, PACK, {"Ada": TALL_PHONE, "Bob": TALL_PHONE, "Cy": PHONE}, errors)
    ada, bob, cy = (room.phones[n] for n in ("Ada", "Bob", "Cy"))

    # Ada takes Rivers for 100, Bob Moons for 200: Bob has the board.
    room.buzz_right("Open Rivers for 100", "Ada")
    room.buzz_right("Open Moons for 200", "Bob")
    room.score("Bob").to_have_text("200")

    # The Daily Double: Bob's phone asks for a wager (up to 200: his score and the top value);
    # the others are told it is not theirs, the projector whose it is.
    room.control.get_by_role("button", name="Open Rivers for 200").click()
    expect(bob.locator(".dd-banner")).to_have_text("Daily Double!")
    expect(bob.locator(".wager-max")).to_have_text("You can wager up to 200")
    expect(bob.locator(".buzz-button")).to_have_count(0)
    expect(ada.get_by_text("Only one player answers a Daily Double.")).to_be_visible()
    expect(ada.locator(".wager-form, .buzz-button")).to_have_count(0)
    expect(room.screen.locator(".dd-banner")).to_have_text("Daily Double")
    expect(room.screen.get_by_text("Bob plays this one: waiting for the wager")).to_be_visible()
    expect(room.control.get_by_text("Waiting for Bob to wager…")).to_be_visible()
    expect(room.control.get_by_role("button", name="✓ Right")).to_be_disabled()
    bob.fill(".wager-input", "250")
    expect(bob.get_by_text("Wager a whole number from 0 to 200.")).to_be_visible()
    expect(bob.locator(".wager-form button[type=submit]")).to_be_disabled()
    bob.get_by_role("button", name="Half · 100").click()
    expect(bob.locator(".wager-input")).to_have_value("100")
    bob.fill(".wager-input", "150")
    room.shoot(shots, "daily-double-wager", "Bob", "Ada")
    bob.get_by_role("button", name="Wager 150").click()
    expect(bob.locator(".typed-summary")).to_have_text("Wager 150")
    expect(ada.get_by_text("Bob plays this one")).to_be_visible()
    expect(room.screen.get_by_text("Bob wagers 150")).to_be_visible()
    expect(room.control.get_by_text(re.compile("Read the clue to Bob"))).to_be_visible()
    room.shoot(shots, "daily-double-up", "Bob", "Ada")
    shots(room.control, "host-daily-double")
    room.control.get_by_role("button", name="✓ Right").click()
    expect(bob.locator(".result-card.is-correct .result-points")).to_have_text("+150 points")
    expect(room.screen.get_by_text("Bob: right, wins 150")).to_be_visible()
    room.score("Bob").to_have_text("350")
    room.score("Ada").to_have_text("100")
    room.shoot(shots, "daily-double-reveal", "Bob")
    room.step("Show leaderboard")
    expect(room.screen.locator(".lb-stage")).to_be_visible()

    # The final: the category only, everywhere; each phone wagers up to its score.
    room.step("Next question")
    for phone in (ada, bob, cy):
        expect(phone.locator(".final-category")).to_have_text("Planets")
    expect(room.screen.locator(".final-category")).to_have_text("Planets")
    expect(room.control.locator(".final-host-clue")).to_have_text(CLUE)
    expect(room.control.get_by_text(re.compile("Reveal closes the round"))).to_be_visible()
    expect(ada.locator(".wager-max")).to_have_text("You can wager up to 100")
    expect(bob.locator(".wager-max")).to_have_text("You can wager up to 350")
    expect(cy.get_by_text("You have no points, so you can only wager 0. Answer anyway, for glory!")).to_be_visible()
    ada.get_by_role("button", name="All · 100").click()
    room.shoot(shots, "final-wager", "Ada", "Cy")
    shots(room.control, "host-final")
    ada.get_by_role("button", name="Wager 100").click()
    expect(ada.locator(".final-clue")).to_have_text(CLUE)
    expect(ada.get_by_text("Your wager: 100")).to_be_visible()
    for phone in (bob, cy):
        expect(phone.get_by_text(CLUE)).to_have_count(0)
    expect(room.screen.locator(".final-stat", has_text="wagered")).to_contain_text("1")
    assert room.screen.get_by_text(CLUE).count() == 0
    room.shoot(shots, "final-clue", "Ada")
    ada.fill(".final-phone .typed-input", "venus")
    ada.keyboard.press("Enter")
    expect(ada.locator(".final-locked")).to_contain_text("Your answer: venus")
    expect(ada.locator(".final-locked")).to_contain_text("Wager: 100")
    bob.fill(".wager-input", "200")
    bob.keyboard.press("Enter")
    bob.fill(".final-phone .typed-input", "Mars")
    bob.get_by_role("button", name="Lock in answer").click()
    expect(bob.locator(".final-locked")).to_be_visible()
    cy.get_by_role("button", name="Wager 0").click()
    expect(cy.locator(".final-clue")).to_have_text(CLUE)
    expect(room.screen.locator(".final-stat", has_text="wagered")).to_contain_text("3")
    expect(room.screen.locator(".final-stat", has_text="answered")).to_contain_text("2")
    assert room.screen.get_by_text(CLUE).count() == 0
    room.shoot(shots, "final-answered", "Ada", "Bob", "Cy")

    # Cy never answers: the host closes the round.
    room.step("Reveal answer")
    expect(room.screen.locator(".final-board.is-revealed .final-clue")).to_have_text(CLUE)
    expect(room.screen.locator(".final-board .key-main")).to_have_text("Venus")
    rows = room.screen.locator(".final-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Ada")).to_contain_text("✓ +100")
    expect(rows.filter(has_text="Bob")).to_contain_text("✗ \u2212200")
    expect(rows.filter(has_text="Cy")).to_contain_text("no answer")
    expect(room.screen.get_by_text("1 of 3 players right")).to_be_visible()
    expect(ada.locator(".result-card.is-correct .result-points")).to_have_text("+100 points")
    expect(bob.locator(".result-card.is-wrong .result-points")).to_have_text("\u2212200 points")
    expect(bob.locator(".final-run .final-delta")).to_contain_text("Wrong: \u2212200")
    expect(bob.locator(".final-answer-box .key-main")).to_have_text("Venus")
    room.score("Ada").to_have_text("200")
    room.score("Bob").to_have_text("150")
    room.score("Cy").to_have_text("0")
    room.shoot(shots, "final-reveal", "Ada", "Bob", "Cy")
    shots(room.control, "host-final-reveal")
    assert errors == []
