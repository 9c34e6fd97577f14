"""Kahoot's spreadsheet template: the header is found by its text, wherever it is."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from partyhost.packs.importers import ImportFailed, read

HEADER = [
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) \u2013 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
ROWS: list[list[Any]] = [
    [1, "Which ocean is the largest?", "Atlantic", "Pacific", "Indian", "Arctic", 20, 2],
    [2, "Which of these are even?", "2", "3", "4", None, 30, "1,3"],
    [3, "The Moon makes its own light.", "True", "False", None, None, 10, 2],
    [4, "Which answer is fifth?", "a", "b", None, None, 20, 5],
    [5, None, None, None, None, None, None, None],
    [6, "A long think", "yes", "no", None, None, 240, 1.0],
    [7, "Far too quick", "yes", "no", None, None, 2, "1"],
]


def kahoot_workbook(instruction_rows: int = 6, title: str = "Sheet1") -> bytes:
    """A workbook shaped like Kahoot's template: a few rows of instructions, the header, numbered rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append([])
    sheet.append(["", "Quiz template"])
    sheet.append(["", "Add questions, at least two answer alternatives, time limit and choose correct answers."])
    for _ in range(instruction_rows - 3):
        sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for number in range(len(ROWS) + 1, 20):
        sheet.append([number])  # the template numbers empty rows
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_imports_with_types_taken_from_the_answers() -> None:
    result = read(kahoot_workbook(), "Oceans Kahoot.xlsx")
    assert result.format == "kahoot"
    assert (result.pack.id, result.pack.title) == ("oceans-kahoot", "Oceans Kahoot")
    q = [q.model_dump(exclude_none=True) for q in result.pack.questions]
    assert q[0] == {**q[0], "type": "single", "correct": 1, "time_limit": 20}
    assert q[1] == {**q[1], "type": "multi", "correct": [0, 2], "options": ["2", "3", "4"]}
    assert q[2] == {**q[2], "type": "truefalse", "correct": False}
    assert q[3]["time_limit"] == 240


def test_broken_rows_are_skipped_with_their_row_and_time_limits_are_fitted() -> None:
    result = read(kahoot_workbook(), "k.xlsx")
    # Header on row 7 (1 blank, 2 text rows, 3 blank rows before it): the data starts at row 8.
    assert [(s.where, s.reason) for s in result.skipped] == [("row 11", "correct answer '5' is not one of 1 to 2")]
    assert ("row 14", ("time limit 2 s raised to 5 s",)) in [(t.where, t.notes) for t in result.taken]


@pytest.mark.parametrize("rows", [0, 3, 12])
def test_the_header_is_found_by_its_text_not_its_row(rows: int) -> None:
    result = read(kahoot_workbook(instruction_rows=max(rows, 3)), "k.xlsx")
    assert len(result.pack.questions) == 5


def test_a_named_sheet_names_the_pack() -> None:
    assert read(kahoot_workbook(title="Ocean facts"), "k.xlsx").pack.title == "Ocean facts"


def test_a_spreadsheet_without_the_header_is_refused() -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["name", "score"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportFailed, match="no Kahoot header row"):
        read(out.getvalue(), "scores.xlsx")


def test_a_file_that_only_claims_to_be_xlsx_is_refused() -> None:
    with pytest.raises(ImportFailed, match=r"not a readable \.xlsx"):
        read(b"PK\x03\x04 this is not really a zip", "fake.xlsx")
