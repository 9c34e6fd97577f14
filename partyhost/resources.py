"""Where the web client and the bundled question packs are.

In a source checkout they are the top-level ``web/`` and ``questions/``; an
installed wheel carries them as ``partyhost/_web`` and ``partyhost/_questions``;
a PyInstaller binary unpacks them under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE / installed, _PACKAGE.parent / checkout]
    if frozen:
        candidates.insert(0, Path(frozen) / "partyhost" / installed)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"partyhost is missing its {checkout}/ folder")


def web_dir() -> Path:
    return _find("_web", "web")


def questions_dir() -> Path:
    return _find("_questions", "questions")
