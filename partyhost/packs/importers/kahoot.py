"""Kahoot's quiz spreadsheet template (.xlsx), read with openpyxl.

The template has a few rows of instructions, then a header row (``Question -
max 120 characters``, ``Answer 1 - max 75 characters`` … ``Answer 4``,
``Time limit (sec) …``, ``Correct answer(s) - choose at least one``), then one
question per row. The header row is found by its text, not its number, so a
sheet with the instructions deleted or extra rows added still imports. Right
answers are numbers (``2``, or ``1,3`` for several); two answers that read
True and False make a true/false question. Empty numbered rows are ignored.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from partyhost.packs.importers.base import (
    Collector,
    ImportFailed,
    ImportResult,
    assemble,
    clock_seconds,
    fit_time_limit,
    plain,
    slug,
    title_from,
)
from partyhost.packs.media import MediaError, zip_entries

HEADER_SEARCH_ROWS = 50
MAX_ROWS = 2000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return plain(str(value))


def _columns(row: tuple[Any, ...]) -> dict[str, int] | None:
    """Column indexes by role, if this row is the header row."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        text = _cell(value).lower()
        if not text:
            continue
        answer = re.match(r"answer\s*(\d)", text)
        if text.startswith("question") and "question" not in found:
            found["question"] = index
        elif answer:
            found.setdefault(f"answer{answer.group(1)}", index)
        elif text.startswith("time limit") or text.startswith("time"):
            found.setdefault("time", index)
        elif text.startswith("correct"):
            found.setdefault("correct", index)
        elif "image" in text:
            found.setdefault("image", index)
    if "question" in found and "correct" in found and "answer1" in found:
        return found
    return None


def _row_question(cells: dict[str, str], notes: list[str]) -> dict[str, Any] | str:
    text = cells.get("question", "")
    answers = [cells.get(f"answer{n}", "") for n in range(1, 7)]
    while answers and not answers[-1]:
        answers.pop()
    if not text:
        return "the question cell is empty"
    if "" in answers:
        return f"answer {answers.index('') + 1} is empty but a later one is not"
    if len(answers) < 2:
        return "a question needs at least two answers"
    raw = cells.get("correct", "")
    parts = [p for p in re.split(r"[\s,;]+", raw) if p]
    if not parts:
        return "no correct answer is given"
    correct: list[int] = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= len(answers):
            return f"correct answer {part!r} is not one of 1 to {len(answers)}"
        if int(part) - 1 not in correct:
            correct.append(int(part) - 1)
    question: dict[str, Any]
    if [a.lower() for a in answers] == ["true", "false"] and len(correct) == 1:
        question = {"type": "truefalse", "text": text, "correct": correct[0] == 0}
    elif len(correct) > 1:
        question = {"type": "multi", "text": text, "options": answers, "correct": sorted(correct)}
    else:
        question = {"type": "single", "text": text, "options": answers, "correct": correct[0]}
    time = cells.get("time", "")
    if time:
        seconds = clock_seconds(time)
        if seconds is None:
            return f"time limit {time!r} is not a number of seconds"
        fitted = fit_time_limit(seconds, notes)
        if fitted:
            question["time_limit"] = fitted
    if cells.get("image"):
        notes.append("the image link was left out (partyhost never fetches from the internet)")
    return question


def import_kahoot(data: bytes, filename: str) -> ImportResult:
    try:
        zip_entries(data, filename).close()  # sizes and names checked before openpyxl unpacks anything
    except MediaError as exc:
        raise ImportFailed(filename, f"is not a readable .xlsx file ({exc.args[0].split(': ', 1)[-1]})") from None
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise ImportFailed(filename, f"is not a readable .xlsx file ({type(exc).__name__})") from None
    try:
        collector = Collector()
        columns: dict[str, int] | None = None
        title = ""
        for sheet in workbook.worksheets:
            for number, row in enumerate(sheet.iter_rows(values_only=True, max_row=MAX_ROWS), start=1):
                if columns is None:
                    columns = _columns(row)
                    if columns is None and number >= HEADER_SEARCH_ROWS:
                        break
                    continue
                cells = {role: _cell(row[i]) if i < len(row) else "" for role, i in columns.items()}
                if not any(cells.values()):
                    continue
                notes: list[str] = []
                question = _row_question(cells, notes)
                if isinstance(question, str):
                    collector.skip(f"row {number}", question)
                else:
                    collector.take(f"row {number}", question, *notes)
            if columns is not None:
                title = sheet.title if sheet.title and not sheet.title.lower().startswith("sheet") else ""
                break
    finally:
        workbook.close()
    if columns is None:
        raise ImportFailed(
            filename,
            "has no Kahoot header row (cells such as “Question - max 120 characters”, “Answer 1”, “Correct answer(s)”)",
        )
    title = title or title_from(filename)
    return assemble(collector, fmt="kahoot", source=filename, pack_id=slug(title), title=title)
