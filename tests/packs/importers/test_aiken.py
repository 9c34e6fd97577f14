"""Aiken: lettered options and an ANSWER line; mistakes reported with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyhost.packs.importers import ImportFailed, read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_aiken_questions_are_read_with_multi_line_text_and_both_option_styles() -> None:
    result = read((FIXTURES / "rivers.aiken.txt").read_bytes(), "rivers.aiken.txt")
    assert result.format == "aiken"
    assert result.pack.title == "Rivers"
    texts = [q.model_dump(exclude_none=True) for q in result.pack.questions]
    assert texts[0] == {**texts[0], "options": ["The Niger", "The Nile", "The Congo"], "correct": 1}
    assert texts[1]["text"] == "Which is the longest river in South America?"
    assert texts[2]["correct"] == 0  # "ANSWER: a" in lower case


def test_aiken_mistakes_are_skipped_with_line_numbers() -> None:
    result = read((FIXTURES / "rivers.aiken.txt").read_bytes(), "rivers.aiken.txt")
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("line 13", "the question has no ANSWER: line"),
        ("line 17", "line 19: option C where B was expected"),
        ("line 25", "ANSWER: 'D' is not one of the options A, B"),
    ]


def test_a_text_file_with_no_answer_lines_is_not_aiken() -> None:
    with pytest.raises(ImportFailed, match="no Aiken questions"):
        read(b"Just some notes\nA. not a quiz\n", "notes.txt", "aiken")
