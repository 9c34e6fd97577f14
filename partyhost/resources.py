"""Where the web client and the bundled question packs are.

In a source checkout they are the top-level ``web/`` and ``questions/``; an
installed wheel carries them as ``partyhost/_web`` and ``partyhost/_questions``.
The one-file binary (``build/partyhost.spec``) unpacks them to the same places
under ``sys._MEIPASS``; a frozen partyhost looks nowhere else, so it serves
exactly what was built into it.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        candidates = [Path(bundle) / "partyhost" / installed]
    else:
        candidates = [_PACKAGE / installed, _PACKAGE.parent / checkout]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"partyhost is missing its {checkout}/ folder")


def web_dir() -> Path:
    return _find("_web", "web")


def questions_dir() -> Path:
    return _find("_questions", "questions")
