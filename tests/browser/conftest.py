"""Real Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, and a place for screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PARTYHOST_CHROMIUM", "/usr/bin/chromium")
#: screenshots of every view, kept after the run for people to look at
ARTIFACTS = Path(os.environ.get("PARTYHOST_ARTIFACTS", ROOT / "test-artifacts"))

# Reduced motion: screenshots show the finished view, not a frame of an animation.
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "reduced_motion": "reduce"}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "reduced_motion": "reduce"}
SMALL_PROJECTOR = {"viewport": {"width": 1280, "height": 720}, "reduced_motion": "reduce"}
LAPTOP = {"viewport": {"width": 1366, "height": 900}, "reduced_motion": "reduce"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
    # The slowest tests last, so a broken core or protocol shows up first.
    items.sort(key=lambda item: "tests/browser" in str(item.path))


# One browser per module, not per session: Playwright's sync API keeps an event loop running
# in the main thread until it stops, and tests elsewhere call ``asyncio.run``.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed for the browser tests: install Debian's chromium ({CHROMIUM})")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


class Shots:
    """Saves screenshots under ``test-artifacts/<test name>/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page, name: str) -> None:
        page.screenshot(path=str(self.folder / f"{name}.png"))


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    return Shots(ARTIFACTS / request.node.name)


def watch(page: Page, errors: list[str], name: str) -> Page:
    """Collect the page's script errors, so a test can assert there were none."""
    page.on("pageerror", lambda exc: errors.append(f"{name}: {exc}"))
    page.on("console", lambda msg: errors.append(f"{name}: {msg.text}") if msg.type == "error" else None)
    return page
