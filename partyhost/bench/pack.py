"""The bench's question pack: plain questions whose phone frame is about 300 bytes of question."""

from __future__ import annotations

from typing import Any

PACK_ID = "bench"
OPTIONS = ("Mercury, the closest", "Venus, the hottest", "Mars, the red one", "Jupiter, the largest")


def bench_pack(questions: int) -> dict[str, Any]:
    """A pack of ``questions`` single-choice questions; the right answer of question ``i`` is ``i % 4``."""
    return {
        "format": "partyhost-pack/1",
        "id": PACK_ID,
        "title": "Bench",
        "description": "Made by partyhost bench.",
        "settings": {"time_limit": 300},
        "questions": [
            {
                "type": "single",
                "text": f"Question {i + 1}: which planet of the solar system is described by the option below?",
                "options": list(OPTIONS),
                "correct": i % 4,
            }
            for i in range(questions)
        ],
    }
