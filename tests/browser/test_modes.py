"""Each question type and activity in real Chromium: phones answer, the projector and the host page show it.

Screenshots of every view are kept in ``test-artifacts/<test>/`` at phone (360x740) and
projector (1920x1080 and 1280x720) sizes.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from conftest import Shots
from hosting import Host
from pages import Room

QUIZ: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-types",
    "title": "Typed, Numbers and Orders",
    "settings": {"time_limit": 60},
    "questions": [
        {"type": "typed", "text": "What is the capital of Iceland?", "accepted": ["Reykjavík"],
         "explanation": "Its name means smoky bay."},
        {"type": "number", "text": "What percent of the Earth's surface is ocean?", "answer": 71,
         "tolerance": 3, "min": 0, "max": 100, "step": 1, "unit": "%"},
        {"type": "order", "text": "Put these from smallest to largest", "items": ["Ant", "Mouse", "Cat", "Horse"]},
        {"type": "number", "text": "How many bones are in an adult human body?", "answer": 206, "closest": True},
    ],
}  # fmt: skip


def locked(phone: Page) -> None:
    """The answer is stored: "Answer locked in", or the reveal when it was the last answer."""
    expect(phone.locator(".result-card.is-locked, .reveal-view").first).to_be_visible()


def order_by_clicks(phone: Page, target: list[str]) -> None:
    """Move the items on the phone with the ▲ buttons until they read ``target``, top to bottom."""
    for place, label in enumerate(target):
        while True:
            labels = phone.locator(".order-item .order-label").all_inner_texts()
            at = labels.index(label)
            if at == place:
                break
            phone.get_by_role("button", name=f"Move {label} up").click()


def test_typed_number_and_ordering_questions_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, QUIZ, ["Ada", "Bob"], errors)
    ada, bob = room.phones["Ada"], room.phones["Bob"]
    room.control.keyboard.press("Space")

    # Typed: Ada types it with a typo and no accent, Bob gets it wrong.
    expect(ada.locator(".typed-input")).to_be_visible()
    expect(room.screen.get_by_text("Type your answer on your phone")).to_be_visible()
    expect(room.control.get_by_text("Accepted (only you see this)")).to_be_visible()
    assert room.screen.get_by_text("Reykjavík").count() == 0
    ada.fill(".typed-input", "reykjavk")
    room.shoot(shots, "typed-question", "Ada")
    shots(room.control, "host-typed-question")
    ada.get_by_role("button", name="Send").click()
    locked(ada)
    expect(ada.locator(".typed-summary")).to_have_text("reykjavk")
    shots(ada, "phone-typed-locked-Ada")
    bob.fill(".typed-input", "Oslo")
    bob.keyboard.press("Enter")
    expect(room.screen.locator(".typed-board.is-revealed")).to_be_visible()
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(bob.locator(".result-card.is-wrong")).to_be_visible()
    expect(bob.locator(".answer-box .key-main")).to_have_text("Reykjavík")
    expect(room.screen.get_by_text("1 of 2 answers right")).to_be_visible()
    room.shoot(shots, "typed-reveal", "Ada", "Bob")
    room.to_next_question()

    # Number on a slider: Ada nudges to 72 (within 3 of 71), Bob leaves it in the middle (50).
    expect(ada.locator(".slider")).to_be_visible()
    expect(ada.locator(".slider-value")).to_have_text("50 %")
    for _ in range(22):
        ada.get_by_role("button", name="More").click()
    expect(ada.locator(".slider-value")).to_have_text("72 %")
    room.shoot(shots, "slider-question", "Ada")
    ada.get_by_role("button", name="Send").click()
    locked(ada)
    bob.get_by_role("button", name="Send").click()
    expect(room.screen.locator(".number-board.is-revealed")).to_be_visible()
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(bob.locator(".result-card.is-wrong")).to_be_visible()
    expect(room.screen.locator(".number-board .key-main")).to_contain_text("71 %")
    room.shoot(shots, "slider-reveal", "Ada", "Bob")
    room.to_next_question()

    # Ordering: Ada puts all four in place, Bob swaps the middle two (5 of 6 pairs right).
    expect(ada.locator(".order-item")).to_have_count(4)
    expect(room.screen.locator(".order-shown li")).to_have_count(4)
    room.shoot(shots, "order-question", "Ada")
    shots(room.control, "host-order-question")
    order_by_clicks(ada, ["Ant", "Mouse", "Cat", "Horse"])
    ada.get_by_role("button", name="Send this order").click()
    locked(ada)
    order_by_clicks(bob, ["Ant", "Cat", "Mouse", "Horse"])
    shots(bob, "phone-order-sorting-Bob")
    bob.get_by_role("button", name="Send this order").click()
    expect(room.screen.locator(".order-board.is-revealed")).to_be_visible()
    expect(room.screen.locator(".order-summary.is-key li .order-label")).to_have_text(["Ant", "Mouse", "Cat", "Horse"])
    expect(ada.locator(".result-card.is-correct")).to_be_visible()
    expect(bob.locator(".result-card.is-partial")).to_be_visible()
    expect(bob.locator(".result-card.is-partial .result-title")).to_have_text("Partly right")
    room.shoot(shots, "order-reveal", "Ada", "Bob")
    room.to_next_question()

    # A typed number, closest wins: Bob (200) is nearer to 206 than Ada (250).
    expect(ada.locator(".number-input")).to_be_visible()
    ada.fill(".number-input", "250")
    room.shoot(shots, "number-question", "Ada")
    ada.keyboard.press("Enter")
    locked(ada)
    bob.fill(".number-input", "2OO")  # a typo: the phone says it is not a number
    bob.keyboard.press("Enter")
    expect(bob.get_by_text("Type a number, such as 42 or 3.5.")).to_be_visible()
    bob.fill(".number-input", "200")
    bob.keyboard.press("Enter")
    expect(room.screen.get_by_text(re.compile(r"closest guess 200"))).to_be_visible()
    expect(bob.locator(".result-card.is-correct")).to_be_visible()
    expect(ada.locator(".result-card.is-wrong")).to_be_visible()
    room.shoot(shots, "number-reveal", "Ada", "Bob")
    room.to_next_question()
    expect(room.screen.locator(".podium")).to_be_visible()
    assert errors == []


VOICE: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-voice",
    "title": "The Room's Voice",
    "questions": [
        {"type": "poll", "text": "Where shall we go for the team day?",
         "options": ["Seaside", "Mountains", "City", "Stay in"]},
        {"type": "scale", "text": "How useful was this morning?", "min": 1, "max": 5, "labels": ["Not at all", "Very"],
         "show_results": False},
        {"type": "wordcloud", "text": "One word for this year?", "max_entries": 3},
    ],
}  # fmt: skip

CLOUD_WORDS = {
    "Ada": ["Growth", "busy", "Teamwork"],
    "Bob": ["growth!", "Chaos", "coffee"],
    "Cy": ["Busy", "GROWTH", "Learning"],
    "Dee": ["Teamwork", "Fun", "bleh"],
}


def test_poll_scale_and_word_cloud_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, VOICE, list(CLOUD_WORDS), errors)
    phones = room.phones
    room.control.keyboard.press("Space")

    # Poll: the bars grow on the projector as votes come in; no timer anywhere.
    expect(phones["Ada"].locator(".poll-option")).to_have_count(4)
    assert phones["Ada"].locator(".timer").count() == 0
    assert room.screen.locator(".ring").count() == 0
    shots(phones["Ada"], "phone-poll-question-Ada")
    for name, option in (("Ada", 0), ("Bob", 0), ("Cy", 1)):
        phones[name].locator(".poll-option").nth(option).click()
        locked(phones[name])
    expect(room.screen.get_by_text(re.compile(r"^3\s*/\s*4$"))).to_be_visible()
    expect(room.screen.locator(".bar-row").first).to_have_attribute("aria-label", re.compile(r"Seaside: 2 votes"))
    room.shoot(shots, "poll-live")
    shots(room.control, "host-poll-live")
    room.control.keyboard.press("r")
    expect(phones["Dee"].locator(".results-view")).to_be_visible()
    expect(phones["Dee"].locator(".bar-row").first).to_have_attribute("aria-label", re.compile(r"Seaside: 2 votes"))
    room.shoot(shots, "poll-reveal", "Ada", "Dee")
    room.next()  # no leaderboard after a poll

    # Scale with results kept off the phones until the host shows them.
    expect(phones["Ada"].locator(".scale-button")).to_have_count(5)
    shots(phones["Ada"], "phone-scale-question-Ada")
    for name, value in (("Ada", 5), ("Bob", 4), ("Cy", 4), ("Dee", 2)):
        phones[name].get_by_role("button", name=str(value), exact=True).click()
    expect(room.screen.get_by_text("Mean 3.75")).to_be_visible()
    expect(phones["Ada"].get_by_text("The results are on the big screen.")).to_be_visible()
    room.shoot(shots, "scale-reveal", "Ada")
    room.control.get_by_role("button", name="Show results on phones").click()
    expect(phones["Ada"].locator(".columns")).to_be_visible()
    shots(phones["Ada"], "phone-scale-shown-Ada")
    room.next()

    # Word cloud: the words are grouped; the host hides one from its list.
    expect(phones["Ada"].locator(".cloud-input")).to_have_count(3)
    for name, words in CLOUD_WORDS.items():
        phone = phones[name]
        for i, word in enumerate(words):
            phone.locator(".cloud-input").nth(i).fill(word)
        if name == "Ada":
            shots(phone, "phone-cloud-question-Ada")
        if name == "Dee":
            room.shoot(shots, "cloud-live")
            shots(room.control, "host-cloud-live")
            room.control.get_by_role("button", name="Hide bleh").wait_for(state="detached")
        phone.get_by_role("button", name="Send").click()
        if name != "Dee":
            locked(phone)
    # Dee's answer closed it (everyone answered): the host hides "bleh" after the reveal.
    expect(room.screen.locator(".cloud-board.is-revealed")).to_be_visible()
    expect(room.screen.locator(".cloud-word", has_text="bleh")).to_have_count(1)
    room.control.get_by_role("button", name="Hide bleh").click()
    expect(room.screen.locator(".cloud-word", has_text="bleh")).to_have_count(0)
    expect(phones["Ada"].locator(".cloud-word", has_text="bleh")).to_have_count(0)
    expect(room.screen.locator(".cloud-word").first).to_have_text("Growth")
    expect(room.control.locator(".cloud-item.is-hidden")).to_have_text(re.compile("bleh"))
    room.shoot(shots, "cloud-reveal", "Ada")
    shots(room.control, "host-cloud-reveal")
    room.next()
    expect(room.screen.locator(".end-stage")).to_be_visible()
    assert errors == []


def test_the_host_page_changes_the_show_live(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, QUIZ, ["Ada", "Bob"], errors)
    ada = room.phones["Ada"]
    control = room.control
    show = control.locator(".show-item")
    expect(show).to_have_count(4)

    # Before the start: the ordering question moves first, the closest-number one goes.
    control.get_by_role("button", name="Move “Put these from smallest to largest” up").click()
    expect(show.nth(1)).to_contain_text("Put these from smallest to largest")
    control.get_by_role("button", name="Remove “How many bones are in an adult human body?”").click()
    expect(show).to_have_count(3)
    control.keyboard.press("Space")
    expect(ada.locator(".typed-input")).to_be_visible()

    # While the first question is open, the host types a poll and adds it next.
    control.fill("#quick-text", "Pizza or pasta for dinner?")
    control.fill("#quick-options", "Pizza\nPasta\nBoth")
    shots(control, "host-show-typing")
    control.get_by_role("button", name="Add next").click()
    expect(show).to_have_count(4)
    expect(show.nth(1)).to_contain_text("Pizza or pasta for dinner?")
    expect(show.nth(1).locator(".badge").first).to_have_text("poll")
    expect(show.nth(0)).to_have_class(re.compile("is-current"))
    shots(control, "host-show-added")
    # A poll with one option is refused on the page, before anything is sent.
    control.fill("#quick-text", "Just one?")
    control.fill("#quick-options", "Yes")
    control.get_by_role("button", name="Add next").click()
    expect(control.get_by_text("A poll needs at least two options, one per line.")).to_be_visible()
    expect(show).to_have_count(4)
    # A Wordle race goes at the end with no typing at all: the host draws its word.
    control.select_option("#quick-kind", "wordle")
    control.fill("#quick-text", "")
    control.get_by_role("button", name="Add at the end").click()
    expect(show).to_have_count(5)
    expect(show.nth(4)).to_contain_text("Guess the five-letter word")
    expect(show.nth(4).locator(".badge").first).to_have_text("Wordle race")
    # Nothing to type next: the box lets go of the keyboard, so Space goes on with the game.
    expect(control.locator("#quick-text")).not_to_be_focused()
    control.select_option("#quick-kind", "poll")

    ada.fill(".typed-input", "Reykjavik")
    ada.keyboard.press("Enter")
    room.phones["Bob"].fill(".typed-input", "Oslo")
    room.phones["Bob"].keyboard.press("Enter")
    expect(room.screen.locator(".typed-board.is-revealed")).to_be_visible()
    room.to_next_question()
    expect(ada.locator(".poll-option")).to_have_count(3)
    expect(room.screen.get_by_text("Pizza or pasta for dinner?")).to_be_visible()
    room.shoot(shots, "show-poll-added", "Ada")
    assert errors == []


POKER: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-poker",
    "title": "Sprint 12 Planning",
    "questions": [
        {"type": "poker", "text": "Story 42: export the monthly report as PDF"},
        {"type": "poker", "text": "How big is the login page rework?", "deck": "tshirt"},
    ],
}


def test_planning_poker_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, POKER, ["Ada", "Bob", "Cy"], errors)
    phones = room.phones
    room.control.keyboard.press("Space")
    expect(phones["Ada"].locator(".poker-card")).to_have_count(13)
    shots(phones["Ada"], "phone-poker-question-Ada")
    phones["Ada"].get_by_role("button", name="Card 13", exact=True).click()
    locked(phones["Ada"])
    phones["Bob"].get_by_role("button", name="Card 3", exact=True).click()
    locked(phones["Bob"])
    # Two cards face down with their names; no card is on any page yet.
    expect(room.screen.locator(".poker-card.is-back")).to_have_count(2)
    expect(room.screen.get_by_text("2 cards down")).to_be_visible()
    assert room.screen.locator(".poker-card.is-face").count() == 0
    assert room.control.locator(".poker-card.is-face").count() == 0
    room.shoot(shots, "poker-voting", "Bob")
    shots(room.control, "host-poker-voting")
    phones["Cy"].get_by_role("button", name="Card 5", exact=True).click()
    expect(room.screen.locator(".poker-card.is-face")).to_have_count(3)
    expect(room.screen.get_by_text("Spread 3 \u2013 13 \u00b7 mean 7")).to_be_visible()
    expect(phones["Cy"].locator(".poker-card.is-face")).to_have_count(4)  # her own and the three on the table
    room.shoot(shots, "poker-reveal", "Cy")
    shots(room.control, "host-poker-reveal")

    # The host asks for a re-vote: everyone agrees on 8.
    room.control.get_by_role("button", name="Vote again").click()
    for phone in phones.values():
        phone.get_by_role("button", name="Card 8", exact=True).click()
    expect(room.screen.get_by_text("Consensus: 8")).to_be_visible()
    room.shoot(shots, "poker-consensus", "Ada")
    room.next()
    expect(phones["Ada"].get_by_role("button", name="Card XL", exact=True)).to_be_visible()
    shots(phones["Ada"], "phone-poker-tshirt-Ada")
    assert errors == []


TRIVIA: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-teams",
    "title": "Team Trivia",
    "settings": {"time_limit": 60},
    "questions": [
        {
            "type": "single",
            "text": "Which is the largest ocean?",
            "options": ["Atlantic", "Pacific", "Indian"],
            "correct": 1,
        },
        {"type": "typed", "text": "Which planet has the most moons?", "accepted": ["Saturn"]},
    ],
}


def test_teams_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, TRIVIA, ["Ada", "Bob", "Cy", "Dee"], errors)
    phones = room.phones
    room.control.get_by_text("Teams", exact=True).click()
    room.control.get_by_role("button", name="2 teams").click()
    expect(phones["Ada"].locator(".team-button")).to_have_count(2)
    for name, team in (("Ada", "Owls"), ("Bob", "Owls"), ("Cy", "Owls")):
        phones[name].get_by_role("button", name=team).click()
        expect(phones[name].locator(".team-button.is-mine")).to_have_text(team)
    expect(room.screen.locator(".team-column").first).to_contain_text("Cy")
    shots(phones["Ada"], "phone-teams-lobby-Ada")
    room.shoot(shots, "teams-lobby")
    # Three Owls and Dee with no team: the host balances, by score (all 0, so by join order).
    room.control.get_by_role("button", name="Balance teams").click()
    expect(phones["Bob"].locator(".team-button.is-mine")).to_have_text("Foxes")
    expect(phones["Dee"].locator(".team-button.is-mine")).to_have_text("Owls")
    shots(room.control, "host-teams-lobby")

    room.control.keyboard.press("Space")
    for name, option in (("Ada", 1), ("Bob", 0), ("Cy", 1), ("Dee", 1)):
        phones[name].locator(".answer").nth(option).click()
    expect(room.screen.locator(".board.is-revealed")).to_be_visible()
    room.next()
    expect(room.screen.locator(".lb-with-teams")).to_be_visible()
    # Owls (Ada, Dee) both right; Foxes (Bob wrong, Cy right): the Owls lead on the mean.
    expect(room.screen.locator(".team-row").first).to_contain_text("Owls")
    expect(phones["Bob"].locator(".team-row.is-mine")).to_contain_text("Foxes")
    room.shoot(shots, "teams-leaderboard", "Bob")
    room.next()
    expect(phones["Ada"].locator(".typed-input")).to_be_visible()
    room.control.get_by_role("button", name="End game").click()
    room.control.locator("#confirm-ok").click()
    expect(room.screen.get_by_text(re.compile("Winning team: Owls"))).to_be_visible()
    room.shoot(shots, "teams-ended", "Ada")
    assert errors == []


BOARD: dict[str, Any] = {
    "format": "partyhost-pack/1",
    "id": "browser-board",
    "title": "Buzzer Board",
    "questions": [
        {"type": "buzzer", "category": category, "value": value, "text": text, "answer": answer}
        for category, value, text, answer in [
            ("Rivers", 100, "The longest river in Africa", "The Nile"),
            ("Rivers", 200, "It flows through Baghdad", "The Tigris"),
            ("Moons", 100, "Mars has two: Phobos and …", "Deimos"),
            ("Moons", 200, "Saturn's largest moon", "Titan"),
            ("Capitals", 100, "Capital of Canada", "Ottawa"),
            ("Capitals", 200, "Capital of Australia", "Canberra"),
        ]
    ],
}


def test_buzzer_board_in_the_browser(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    room = Room(browser, host, BOARD, ["Ada", "Bob", "Cy"], errors)
    phones = room.phones
    expect(room.control.locator(".board-clue.is-open")).to_have_count(6)
    shots(room.control, "host-board-lobby")
    # The host picks Moons for 200 from the board.
    room.control.get_by_role("button", name="Open Moons for 200").click()
    expect(phones["Ada"].locator(".buzz-button")).to_be_visible()
    expect(room.screen.get_by_text("Saturn's largest moon")).to_be_visible()
    shots(phones["Ada"], "phone-buzzer-Ada")
    phones["Bob"].locator(".buzz-button").click()
    expect(phones["Bob"].get_by_text("You're up! Say your answer.")).to_be_visible()
    phones["Ada"].locator(".buzz-button").click()
    expect(phones["Ada"].get_by_text("You buzzed 2nd")).to_be_visible()
    expect(room.screen.locator(".buzz-row.is-up")).to_contain_text("Bob")
    room.shoot(shots, "buzzer-queue", "Bob", "Ada")
    shots(room.control, "host-buzzer-queue")
    room.control.get_by_role("button", name="✗ Wrong").click()
    expect(phones["Ada"].get_by_text("You're up! Say your answer.")).to_be_visible()
    expect(phones["Bob"].get_by_text("Not right: \u2212200")).to_be_visible()
    room.control.get_by_role("button", name="✓ Right").click()
    expect(phones["Ada"].locator(".result-card.is-correct")).to_be_visible()
    expect(phones["Bob"].locator(".result-card.is-wrong")).to_contain_text("\u2212200 points")
    expect(room.screen.locator(".buzz-board .key-main")).to_have_text("Titan")
    room.shoot(shots, "buzzer-reveal", "Ada", "Bob")
    room.next()
    # Between clues the projector shows the board with the clue done, and the scores.
    expect(room.screen.locator(".lb-with-board .board-clue.is-done")).to_have_count(1)
    room.shoot(shots, "buzzer-board")
    room.control.get_by_role("button", name="Open Capitals for 100").click()
    expect(room.screen.get_by_text("Capital of Canada")).to_be_visible()
    assert errors == []
