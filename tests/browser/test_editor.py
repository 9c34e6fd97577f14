"""The pack editor in real Chromium: write a pack, autosave, reload, undo a deletion, play a question from it."""

from __future__ import annotations

import io
import json
import re

from PIL import Image
from playwright.sync_api import Browser, Page, expect

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
