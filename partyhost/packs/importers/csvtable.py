"""partyhost's CSV layout: one question per row, under a header row (documented in docs/packs.md).

Columns, found by their header (any order, any case; unknown columns are
reported and ignored):

``type``        single, multi or truefalse; empty: truefalse when ``correct`` is true/false,
                multi when it names several options, single otherwise
``question``    the question (required)
``A`` … ``F``   the options (also ``option 1`` … ``option 6``)
``correct``     the right option(s) by letter: ``B``, ``A C``, ``A,C`` or ``A+C``
                (numbers 1-6 work too); ``true`` or ``false`` for true/false
``time_limit``  seconds, 5-300 (also ``time``)
``explanation`` shown at the reveal
``image``       a picture of the pack (``media/…``)

UTF-8 with or without a byte-order mark; the delimiter (``,``, ``;`` or tab)
is detected from the header row. Rows are counted as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from partyhost.packs.importers.base import (
    Collector,
    ImportFailed,
    ImportResult,
    assemble,
    clock_seconds,
    fit_time_limit,
    slug,
    title_from,
)

LETTERS = "ABCDEF"

_ALIASES = {
    "type": "type",
    "question type": "type",
    "question": "question",
    "text": "question",
    "correct": "correct",
    "answer": "correct",
    "correct answer": "correct",
    "correct answers": "correct",
    "time_limit": "time_limit",
    "time limit": "time_limit",
    "time": "time_limit",
    "seconds": "time_limit",
    "explanation": "explanation",
    "feedback": "explanation",
    "image": "image",
    "audio": "audio",
}
for _i, _letter in enumerate(LETTERS, start=1):
    for _name in (_letter.lower(), f"option {_i}", f"option{_i}", f"option_{_i}", f"answer {_i}", f"answer{_i}"):
        _ALIASES[_name] = _letter

_TYPES = {
    "single": "single",
    "multi": "multi",
    "multiple": "multi",
    "truefalse": "truefalse",
    "true/false": "truefalse",
}
_TRUTH = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def _delimiter(header_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _correct_letters(value: str, count: int) -> list[int] | str:
    parts = [p for p in re.split(r"[\s,;+/&]+", value.strip().upper()) if p]
    if len(parts) == 1 and re.fullmatch(r"[A-F]{2,6}", parts[0]):
        parts = list(parts[0])
    indexes: list[int] = []
    for part in parts:
        if part in LETTERS and len(part) == 1:
            index = LETTERS.index(part)
        elif part.isdigit() and 1 <= int(part) <= 6:
            index = int(part) - 1
        else:
            return f"correct {value!r} is not option letters such as B or A,C"
        if index >= count:
            return f"correct names option {LETTERS[index]} but the row has {count} options"
        if index not in indexes:
            indexes.append(index)
    if not indexes:
        return "correct is empty: name the right option(s), such as B or A,C"
    return indexes


def row_question(row: dict[str, str], notes: list[str]) -> dict[str, Any] | str:
    """A question dict from one row, or the reason it cannot be one."""
    text = row.get("question", "").strip()
    if not text:
        return "the question cell is empty"
    options = [row.get(letter, "").strip() for letter in LETTERS]
    while options and not options[-1]:
        options.pop()
    if "" in options:
        return f"option {LETTERS[options.index('')]} is empty but a later one is not"
    kind = row.get("type", "").strip().lower().replace(" ", "")
    correct = row.get("correct", "").strip()
    if kind and kind not in _TYPES:
        return f"type {row.get('type', '').strip()!r} is not single, multi or truefalse"
    kind = _TYPES.get(kind, "")
    if not kind:
        kind = "truefalse" if correct.lower() in _TRUTH and not options else ""
    question: dict[str, Any]
    if kind == "truefalse":
        if correct.lower() not in _TRUTH:
            return f"correct {correct!r} is not true or false"
        if options and [o.lower() for o in options] != ["true", "false"]:
            notes.append("options of a true/false row ignored")
        question = {"type": "truefalse", "text": text, "correct": _TRUTH[correct.lower()]}
    else:
        picked = _correct_letters(correct, len(options))
        if isinstance(picked, str):
            return picked
        kind = kind or ("multi" if len(picked) > 1 else "single")
        if kind == "single" and len(picked) > 1:
            return "type single names more than one correct option"
        question = {"type": kind, "text": text, "options": options}
        question["correct"] = sorted(picked) if kind == "multi" else picked[0]
    limit = row.get("time_limit", "").strip()
    if limit:
        seconds = clock_seconds(limit)
        if seconds is None:
            return f"time_limit {limit!r} is not a number of seconds"
        fitted = fit_time_limit(seconds, notes)
        if fitted is not None:
            question["time_limit"] = fitted
    for key in ("explanation", "image", "audio"):
        if row.get(key, "").strip():
            question[key] = row[key].strip()
    return question


def import_csv(data: bytes, filename: str) -> ImportResult:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(filename, "is not UTF-8 text; in a spreadsheet, save as “CSV UTF-8”") from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise ImportFailed(filename, "is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    collector = Collector()
    header: list[str | None] | None = None
    try:
        for number, row in enumerate(reader, start=1):
            if header is None:
                if not any(cell.strip() for cell in row):
                    continue
                header = [_ALIASES.get(" ".join(cell.strip().lower().split())) for cell in row]
                if "question" not in header or "correct" not in header:
                    raise ImportFailed(
                        filename, f"row {number}: the header row needs at least the columns question and correct"
                    )
                unknown = [cell.strip() for cell, key in zip(row, header, strict=True) if key is None and cell.strip()]
                if unknown:
                    collector.skip(f"row {number}", f"unknown columns ignored: {', '.join(unknown)}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                collector.skip(f"row {number}", f"{len(row)} cells but the header has {len(header)} columns")
                continue
            cells = {key: value for key, value in zip(header, row, strict=False) if key is not None}
            notes: list[str] = []
            question = row_question(cells, notes)
            if isinstance(question, str):
                collector.skip(f"row {number}", question)
            else:
                collector.take(f"row {number}", question, *notes)
    except csv.Error as exc:
        raise ImportFailed(filename, f"line {reader.line_num}: is not valid CSV ({exc})") from None
    if header is None:
        raise ImportFailed(filename, "has no header row")
    return assemble(
        collector, fmt="csv", source=filename, pack_id=slug(title_from(filename)), title=title_from(filename)
    )
