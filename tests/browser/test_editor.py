"""The pack editor in real Chromium: write a pack, autosave, reload, undo a deletion, play a question from it;
write one question of every type through its form fields; edit a type the editor has no form for as JSON."""

from __future__ import annotations

import io
import json
import re

from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from conftest import LAPTOP, PHONE, Shots, watch
from hosting import Host


def _picture() -> bytes:
    image = Image.new("RGB", (900, 600), (40, 90, 200))
    for x in range(300, 600):
        for y in range(200, 400):
            image.putpixel((x, y), (250, 210, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _saved(page: Page) -> None:
    expect(page.locator("#status")).to_have_text(re.compile(r"^Saved"), timeout=10_000)


def test_a_pack_written_in_the_editor_is_saved_reloaded_and_played(
    browser: Browser, host: Host, shots: Shots, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    editor = watch(browser.new_context(**LAPTOP).new_page(), errors, "editor")
    editor.goto(f"{host.url}/editor")
    editor.click("#new-pack")
    expect(editor.locator("#pack-title")).to_have_value("My quiz")
    pack_id = editor.evaluate("location.hash.slice(1)")

    # The first question is blank: the server's own messages show as you type.
    expect(editor.locator("#problems")).to_contain_text("question 1, text")
    editor.fill("#pack-title", "Harbour Quiz")
    editor.fill("#q-text", "Which colour is the square in the picture?")
    options = editor.locator(".q-option")
    options.nth(0).fill("Blue")
    options.nth(1).fill("Yellow")
    editor.click("#add-option")
    editor.locator(".q-option").nth(2).fill("Green")
    editor.locator(".editor-option input[type=radio]").nth(1).check()
    editor.fill("#q-explanation", "The square is painted yellow.")
    picture = tmp_path / "square.png"
    picture.write_bytes(_picture())
    editor.set_input_files("#q-image", str(picture))
    expect(editor.locator(".editor-thumb")).to_be_visible()
    _saved(editor)
    expect(editor.locator("#problems li")).to_have_count(0)

    # A second question, then delete it and bring it back with Undo.
    editor.click("#add-question")
    editor.select_option("#q-type", "truefalse")
    editor.fill("#q-text", "Harbours have tides.")
    _saved(editor)
    editor.click("#delete-question")
    expect(editor.locator(".q-pick")).to_have_count(1)
    editor.get_by_role("button", name="Undo").click()
    expect(editor.locator(".q-pick")).to_have_count(2)
    _saved(editor)
    shots(editor, "editor-laptop")
    editor.click("#preview-screen")
    shots(editor, "editor-preview-screen")

    # Autosaved to the data dir: a reload shows the same pack.
    stored = json.loads((host.data_dir / "packs" / f"{pack_id}.json").read_text(encoding="utf-8"))
    assert [q["text"] for q in stored["questions"]] == [
        "Which colour is the square in the picture?",
        "Harbours have tides.",
    ]
    editor.reload()
    expect(editor.locator("#pack-title")).to_have_value("Harbour Quiz")
    expect(editor.locator("#q-text")).to_have_value("Which colour is the square in the picture?")

    phone_editor = watch(browser.new_context(**PHONE).new_page(), errors, "editor-phone")
    phone_editor.goto(f"{host.url}/editor#{pack_id}")
    expect(phone_editor.locator("#q-text")).to_be_visible()
    shots(phone_editor, "editor-phone")

    # Play it: a room from the pack shows the picture on a phone.
    room = host.create_room(pack=pack_id)
    phone = watch(browser.new_context(**PHONE).new_page(), errors, "phone")
    phone.goto(f"{host.url}/join/{room['code']}")
    phone.fill("#nickname", "Skipper")
    phone.locator("#join-button").click()
    control = watch(browser.new_context(**LAPTOP).new_page(), errors, "host")
    control.goto(f"{host.url}/host/{room['code']}")
    expect(control.get_by_text("Skipper").first).to_be_visible()
    control.keyboard.press("n")
    image = phone.locator("img.q-media")
    expect(image).to_be_visible()
    assert "/media/phone/" in (image.get_attribute("src") or "")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shots(phone, "phone-question-with-picture")
    phone.locator(".answer").nth(1).click()
    expect(phone.locator(".result-card.is-locked, .reveal-view").first).to_be_visible()
    assert errors == []


def test_bundled_packs_are_read_only_and_can_be_copied(browser: Browser, host: Host) -> None:
    errors: list[str] = []
    page = watch(browser.new_context(**LAPTOP).new_page(), errors, "editor")
    page.goto(f"{host.url}/editor#science")
    expect(page.locator("#copy-pack")).to_be_visible()
    expect(page.locator("#q-text")).to_be_disabled()
    page.click("#copy-pack")
    expect(page.locator("#pack-title")).to_have_value(re.compile(r"\(copy\)$"))
    expect(page.locator("#q-text")).to_be_enabled()
    assert (host.data_dir / "packs" / "science-copy.json").is_file()
    assert errors == []


# ---------------------------------------------------------------- every question type, by its form fields

DESKTOP = {"viewport": {"width": 1440, "height": 900}, "reduced_motion": "reduce"}
PHONE_390 = {**PHONE, "viewport": {"width": 390, "height": 844}}

#: what the form below writes, question by question (the stored pack also has every default
#: written out, so it is compared field by field against these)
EVERY_TYPE = [
    {
        "type": "single",
        "text": "Which gas makes bread rise?",
        "options": ["Oxygen", "Carbon dioxide", "Nitrogen"],
        "correct": 1,
        "explanation": "Yeast turns sugar into carbon dioxide.",
    },
    {
        "type": "poll",
        "text": "Which gas makes bread rise?",
        "options": ["Oxygen", "Carbon dioxide", "Nitrogen", "No idea"],
        "multiple": True,
        "anonymous": False,
    },
    {
        "type": "multi",
        "text": "Which of these are acids?",
        "options": ["Vinegar", "Baking soda", "Lemon juice"],
        "correct": [0, 2],
    },
    {"type": "truefalse", "text": "Salt water boils hotter than pure water.", "correct": False, "time_limit": 30},
    {
        "type": "typed",
        "text": "What is the capital of Iceland?",
        "accepted": ["Reykjavík", "Reykjavik city"],
        "typos": False,
    },
    {
        "type": "number",
        "text": "What percent of the Earth is ocean?",
        "answer": 71,
        "tolerance": 2,
        "unit": "%",
        "min": 0,
        "max": 100,
        "step": 1,
    },
    {"type": "order", "text": "Smallest to largest", "items": ["Ant", "Mouse", "Cat", "Horse"]},
    {
        "type": "scale",
        "text": "How useful was this session?",
        "max": 10,
        "labels": ["Not at all", "Very"],
        "show_results": False,
    },
    {"type": "wordcloud", "text": "One word for today?", "max_entries": 1, "max_length": 20},
    {
        "type": "poker",
        "text": "Story 42: export the report as PDF",
        "deck": ["XXS", "S", "M", "L", "XL", "XXL", "?"],
        "anonymous": True,
    },
    {
        "type": "buzzer",
        "text": "It flows through Baghdad",
        "category": "Rivers",
        "value": 200,
        "answer": "The Tigris",
        "time_limit": 0,
        "daily_double": True,
    },
]

LONG_TITLE = "Every Kind of Question for the Thursday Science Club Quiz Night"


def _add(page: Page, type_name: str) -> None:
    """A new question after the current one, turned into a type picked by its plain name."""
    count = page.locator(".q-pick").count()
    page.click("#add-question")
    expect(page.locator(".q-pick")).to_have_count(count + 1)
    page.select_option("#q-type", label=type_name)
    expect(page.locator(".q-pick").nth(count)).to_contain_text(type_name)


def _pick(page: Page, number: int) -> None:
    page.locator(".q-pick").nth(number - 1).click()
    expect(page.locator(".q-form > legend")).to_have_text(f"Question {number}")


def _write_every_type(page: Page, shots: Shots) -> None:
    def label(text: str) -> Locator:
        return page.get_by_label(text, exact=True)

    # 1. One right answer (the new pack's first question).
    page.fill("#q-text", "Which gas makes bread rise?")
    label("Option A").fill("Oxygen")
    label("Option B").fill("Carbon dioxide")
    page.click("#add-option")
    expect(label("Option C")).to_be_focused()
    page.keyboard.type("Nitrogen")
    label("Option B is right").check()
    label("Explanation").fill("Yeast turns sugar into carbon dioxide.")

    # 2. A copy of it as a poll keeps the text and the options.
    page.click("#duplicate-question")
    page.select_option("#q-type", label="Poll")
    expect(page.locator("#q-text")).to_have_value("Which gas makes bread rise?")
    expect(label("Option B")).to_have_value("Carbon dioxide")
    expect(label("Time limit")).to_have_attribute("placeholder", "default: no timer")
    page.click("#add-option")
    page.keyboard.type("No idea")
    label("Players may pick several").check()
    label("Anonymous (nobody sees who answered what)").uncheck()

    # 3. Pick all that apply.
    _add(page, "Pick all that apply")
    page.fill("#q-text", "Which of these are acids?")
    page.click("#add-option")
    page.click("#add-option")
    for letter, text in zip("ABCD", ["Vinegar", "Baking soda", "Lemon juice", "Water"], strict=True):
        label(f"Option {letter}").fill(text)
    page.get_by_role("button", name="Remove option D").click()
    expect(page.locator(".q-option")).to_have_count(3)
    expect(label("Option A is right")).to_be_checked()
    label("Option C is right").check()

    # 4. True or false, with its own timer.
    _add(page, "True or false")
    page.fill("#q-text", "Salt water boils hotter than pure water.")
    expect(label("Time limit")).to_have_attribute("placeholder", "default: 20 s")
    page.get_by_role("radio", name="False").check()
    label("Time limit").fill("30")

    # 5. Type the answer.
    _add(page, "Type the answer")
    page.fill("#q-text", "What is the capital of Iceland?")
    label("Accepted answer 1").fill("Reykjavík")
    page.get_by_role("button", name="\uff0b Add another accepted answer").click()
    expect(label("Accepted answer 2")).to_be_focused()
    page.keyboard.type("Reykjavik city")
    expect(label("Forgive a small typo")).to_be_checked()
    label("Forgive a small typo").uncheck()

    # 6. Number / slider: the server's message about the answer shows next to it.
    _add(page, "Number / slider")
    page.fill("#q-text", "What percent of the Earth is ocean?")
    expect(label("Tolerance (±)")).to_have_attribute("placeholder", "default: 0")
    expect(label("Step")).to_have_attribute("placeholder", "default: 1/100 of the range")
    label("Right answer").fill("710")
    label("Min").fill("0")
    label("Max").fill("100")
    expect(label("Step")).to_have_attribute("placeholder", "default: 1")
    expect(page.locator("#q-answer-error")).to_contain_text("outside min and max", timeout=10_000)
    expect(label("Right answer")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#problems")).to_contain_text("question 6, answer: answer 710 is outside min and max")
    page.locator("#q-answer").scroll_into_view_if_needed()
    shots(page, "editor-number-message-desktop")
    label("Right answer").fill("71")
    expect(page.locator("#q-answer-error")).to_be_empty(timeout=10_000)
    label("Tolerance (±)").fill("2")
    label("Unit").fill("%")
    label("Step").fill("1")
    # Switching the type away and back brings the number's fields back.
    page.select_option("#q-type", label="Scale")
    expect(label("Highest number")).to_have_value("")
    page.select_option("#q-type", label="Number / slider")
    expect(label("Right answer")).to_have_value("71")
    expect(label("Unit")).to_have_value("%")

    # 7. Put in order: typed out of order, then moved.
    _add(page, "Put in order")
    page.fill("#q-text", "Smallest to largest")
    for i, text in enumerate(["Mouse", "Ant", "Cat"], start=1):
        label(f"Item {i}").fill(text)
    page.get_by_role("button", name="Move item 2 up").click()
    expect(page.get_by_role("button", name="Move item 1 up")).to_be_disabled()
    page.get_by_role("button", name="\uff0b Add item").click()
    page.keyboard.type("Horse")
    expect(label("Item 1")).to_have_value("Ant")

    # 8. Scale.
    _add(page, "Scale")
    page.fill("#q-text", "How useful was this session?")
    expect(label("Lowest number")).to_have_attribute("placeholder", "default: 1")
    expect(label("Highest number")).to_have_attribute("placeholder", "default: 5")
    label("Highest number").fill("10")
    label("Label of the lowest").fill("Not at all")
    label("Label of the highest").fill("Very")
    label("Phones see the results after the close").uncheck()

    # 9. Word cloud.
    _add(page, "Word cloud")
    page.fill("#q-text", "One word for today?")
    expect(label("Entries per player")).to_have_attribute("placeholder", "default: 3")
    label("Entries per player").fill("1")
    label("Letters per entry").fill("20")

    # 10. Planning poker: the T-shirt deck, then its cards made our own.
    _add(page, "Planning poker")
    page.fill("#q-text", "Story 42: export the report as PDF")
    expect(page.locator("#q-deck-fibonacci")).to_be_checked()
    page.locator("#q-deck-tshirt").check()
    page.locator("#q-deck-custom").check()
    expect(label("Card 1")).to_have_value("XS")
    label("Card 1").fill("XXS")
    page.get_by_role("button", name="Remove card 8").click()
    expect(page.locator(".field-list.is-compact .editor-option")).to_have_count(7)
    label("Anonymous (the reveal hides who picked which card)").check()

    # 11. Buzzer clue, open until the host judges it.
    _add(page, "Buzzer clue")
    page.fill("#q-text", "It flows through Baghdad")
    label("Category").fill("Rivers")
    expect(label("Points")).to_have_attribute("placeholder", "default: 100")
    label("Points").fill("200")
    label("Answer").fill("The Tigris")
    label("Time limit").fill("0")
    label("Daily Double (the player in control wagers and answers alone)").check()


def _check_every_type(page: Page) -> None:
    """The form shows back what _write_every_type wrote."""

    def label(text: str) -> Locator:
        return page.get_by_label(text, exact=True)

    _pick(page, 1)
    expect(label("Option B")).to_have_value("Carbon dioxide")
    expect(label("Option B is right")).to_be_checked()
    expect(label("Explanation")).to_have_value("Yeast turns sugar into carbon dioxide.")
    _pick(page, 2)
    expect(page.locator("#q-type")).to_have_value("poll")
    expect(label("Option D")).to_have_value("No idea")
    expect(label("Players may pick several")).to_be_checked()
    expect(label("Anonymous (nobody sees who answered what)")).not_to_be_checked()
    _pick(page, 3)
    expect(label("Option C is right")).to_be_checked()
    expect(label("Option B is right")).not_to_be_checked()
    _pick(page, 4)
    expect(page.get_by_role("radio", name="False")).to_be_checked()
    expect(label("Time limit")).to_have_value("30")
    _pick(page, 5)
    expect(label("Accepted answer 2")).to_have_value("Reykjavik city")
    expect(label("Forgive a small typo")).not_to_be_checked()
    _pick(page, 6)
    for name, value in [
        ("Right answer", "71"),
        ("Tolerance (±)", "2"),
        ("Unit", "%"),
        ("Min", "0"),
        ("Max", "100"),
        ("Step", "1"),
    ]:
        expect(label(name)).to_have_value(value)
    _pick(page, 7)
    for i, text in enumerate(["Ant", "Mouse", "Cat", "Horse"], start=1):
        expect(label(f"Item {i}")).to_have_value(text)
    _pick(page, 8)
    expect(label("Lowest number")).to_have_value("1")  # the default, written out by the server
    expect(label("Highest number")).to_have_value("10")
    expect(label("Label of the highest")).to_have_value("Very")
    expect(label("Phones see the results after the close")).not_to_be_checked()
    _pick(page, 9)
    expect(label("Entries per player")).to_have_value("1")
    expect(label("Letters per entry")).to_have_value("20")
    _pick(page, 10)
    expect(page.locator("#q-deck-custom")).to_be_checked()
    expect(label("Card 1")).to_have_value("XXS")
    expect(label("Card 7")).to_have_value("?")
    _pick(page, 11)
    expect(label("Category")).to_have_value("Rivers")
    expect(label("Answer")).to_have_value("The Tigris")
    expect(label("Time limit")).to_have_value("0")
    expect(label("Daily Double (the player in control wagers and answers alone)")).to_be_checked()


def _question_shots(page: Page, shots: Shots, size: str) -> None:
    """The editor on a typed, a number and a poker question, the form's question at the top."""
    for number, name in [(5, "typed"), (6, "number"), (10, "poker")]:
        _pick(page, number)
        page.locator(".q-form").evaluate("el => el.scrollIntoView({block: 'start'})")
        shots(page, f"editor-{name}-{size}")
        page.screenshot(path=str(shots.folder / f"editor-{name}-{size}-full.png"), full_page=True)


def test_every_question_type_is_written_with_its_form_fields(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    editor = watch(browser.new_context(**DESKTOP).new_page(), errors, "editor")
    editor.goto(f"{host.url}/editor")
    editor.click("#new-pack")
    expect(editor.locator("#pack-title")).to_have_value("My quiz")
    pack_id = editor.evaluate("location.hash.slice(1)")
    editor.fill("#pack-title", LONG_TITLE)
    expect(editor.get_by_label("Seconds per question")).to_have_attribute("placeholder", "default: 20 s")
    # A message about the pack shows next to its field, and goes once the value is right.
    editor.get_by_label("Seconds per question").fill("3")
    expect(editor.locator("#pack-time-error")).to_contain_text("greater than or equal to 5", timeout=10_000)
    editor.get_by_label("Seconds per question").fill("")
    expect(editor.locator("#pack-time-error")).to_be_empty(timeout=10_000)

    _write_every_type(editor, shots)
    _saved(editor)
    expect(editor.locator("#status")).to_have_text("Saved.")
    expect(editor.locator("#problems li")).to_have_count(0)
    expect(editor.locator(".q-pick")).to_have_count(len(EVERY_TYPE))
    assert not (host.data_dir / "packs" / "drafts" / f"{pack_id}.json").exists()

    # The long name wraps inside the packs list instead of running out of it.
    entry = editor.locator("#pack-list li.is-current button")
    expect(entry).to_contain_text(LONG_TITLE)
    box, panel = entry.bounding_box(), editor.locator(".editor-list").bounding_box()
    assert box is not None and panel is not None
    assert box["x"] + box["width"] <= panel["x"] + panel["width"]
    assert entry.evaluate("el => el.scrollWidth <= el.clientWidth")

    # Reloaded, every value is back in its field.
    editor.reload()
    expect(editor.locator("#pack-title")).to_have_value(LONG_TITLE)
    _check_every_type(editor)
    _question_shots(editor, shots, "desktop")

    phone = watch(browser.new_context(**PHONE_390).new_page(), errors, "editor-phone")
    phone.goto(f"{host.url}/editor#{pack_id}")
    expect(phone.locator("#q-text")).to_be_visible()
    _question_shots(phone, shots, "phone")
    # Nothing wider than the phone: no field runs off the right edge.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Through the API: the pack as stored, valid, with each question's fields.
    status, body = host.get_json(f"/api/packs/{pack_id}")
    assert status == 200
    assert body["problems"] == [] and body["draft"] is False
    stored = body["pack"]["questions"]
    assert [q["type"] for q in stored] == [q["type"] for q in EVERY_TYPE]
    for got, want in zip(stored, EVERY_TYPE, strict=True):
        assert {k: got.get(k) for k in want} == want
    # Fields left empty got their defaults.
    assert body["pack"]["settings"]["time_limit"] == 20
    assert stored[7]["min"] == 1 and stored[9]["show_results"] is True and "time_limit" not in stored[4]
    assert errors == []


def test_a_type_the_editor_does_not_know_is_edited_as_json(browser: Browser, host: Host, shots: Shots) -> None:
    errors: list[str] = []
    page = watch(browser.new_context(**DESKTOP).new_page(), errors, "editor")
    page.goto(f"{host.url}/editor")
    page.click("#new-pack")
    expect(page.locator("#pack-title")).to_have_value("My quiz")
    pack_id = page.evaluate("location.hash.slice(1)")
    # A pack holding a type from a newer partyhost, saved as a draft (this host refuses it).
    draft = {
        "format": "partyhost-pack/1",
        "id": pack_id,
        "title": "Newer types",
        "questions": [
            {"type": "truefalse", "text": "Owls can turn their heads all the way round.", "correct": False},
            {"type": "crossword", "text": "Five letters, a bird", "clues": {"1 across": "HERON"}, "size": 5},
        ],
    }
    saved = page.evaluate(
        """async (pack) => (await fetch(`/api/packs/${pack.id}`, {method: "PUT", body: JSON.stringify(pack),
             headers: {"Content-Type": "application/json"}})).json()""",
        draft,
    )
    assert saved["saved"] == "draft"
    page.reload()
    expect(page.locator("#pack-title")).to_have_value("Newer types")
    _pick(page, 2)
    expect(page.locator(".q-pick").nth(1)).to_contain_text("crossword")
    expect(page.locator("#q-type")).to_have_value("crossword")
    area = page.get_by_label("Question as JSON (advanced)")
    assert json.loads(area.input_value()) == draft["questions"][1]
    # The server's message about the question shows above it.
    expect(page.locator('[data-error-for="q:"]')).to_contain_text("type must be one of")
    page.locator(".q-form").evaluate("el => el.scrollIntoView({block: 'start'})")
    shots(page, "editor-json-desktop")

    # Edited as JSON: kept in the draft as typed; broken JSON is said so next to the box.
    area.fill('{"type": "crossword", "text": "Five letters, a bird"')
    expect(page.locator("#q-json-error")).to_contain_text("Not valid JSON yet")
    area.fill(json.dumps({**draft["questions"][1], "clues": {"1 across": "EGRET"}}))
    expect(page.locator("#q-json-error")).to_be_empty()
    expect(page.locator("#status")).to_have_text(re.compile(r"^Saved as a draft"), timeout=10_000)
    kept = json.loads((host.data_dir / "packs" / "drafts" / f"{pack_id}.json").read_text(encoding="utf-8"))
    assert kept["questions"][1]["clues"] == {"1 across": "EGRET"}

    # Turned into a type the editor knows, it gets that form, with its text carried over.
    page.select_option("#q-type", label="Type the answer")
    expect(page.locator("#q-text")).to_have_value("Five letters, a bird")
    page.get_by_label("Accepted answer 1", exact=True).fill("Egret")
    expect(page.locator("#status")).to_have_text("Saved.", timeout=10_000)
    expect(page.locator("#problems li")).to_have_count(0)

    # Any question can be written as JSON, so a type with no form yet can be made from scratch.
    page.select_option("#q-type", label="Any type, as JSON")
    area = page.get_by_label("Question as JSON (advanced)")
    expect(area).to_be_focused()
    assert json.loads(area.input_value())["accepted"] == ["Egret"]
    wordle = {"type": "wordle", "text": "Guess the bird", "word": "EGRET", "time_limit": 120}
    area.fill(json.dumps(wordle))
    area.blur()
    expect(page.locator("#status")).to_have_text("Saved.", timeout=10_000)
    expect(page.locator("#q-type")).to_have_value("wordle")
    status, body = host.get_json(f"/api/packs/{pack_id}")
    assert status == 200 and body["draft"] is False
    assert {k: body["pack"]["questions"][1].get(k) for k in wordle} == wordle
    # Picking a type from the list brings its form back, with the text.
    page.select_option("#q-type", label="Type the answer")
    expect(page.locator("#q-text")).to_have_value("Guess the bird")
    assert errors == []
