"""partyhost's CSV layout: BOM or none, `,` or `;`, quoted cells, broken rows reported by number."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyhost.packs.importers import ImportFailed, read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(name: str):  # type: ignore[no-untyped-def]
    return read((FIXTURES / name).read_bytes(), name)


def test_semicolon_csv_with_a_bom_is_read() -> None:
    result = _read("kitchen-semicolon.csv")
    questions = [q.model_dump(exclude_none=True) for q in result.pack.questions]
    assert questions[0]["text"] == "Which gas makes bread rise?"  # no BOM glued to the header
    assert questions[0]["correct"] == 1
    assert questions[0]["time_limit"] == 30
    assert questions[1]["type"] == "multi" and questions[1]["correct"] == [0, 2]
    assert questions[1]["explanation"] == "Acetic; citric"
    assert questions[2]["text"] == 'A "quoted" question; with a semicolon'
    assert questions[3] == {**questions[3], "type": "truefalse", "correct": True, "time_limit": 5}
    assert questions[4]["text"] == "Crème brûlée has a crust of burnt sugar."


def test_broken_rows_are_skipped_with_their_row_number() -> None:
    result = _read("kitchen-semicolon.csv")
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("row 1", "unknown columns ignored: Colour"),
        ("row 6", "correct 'Z' is not option letters such as B or A,C"),
        ("row 7", "option B is empty but a later one is not"),
        ("row 8", "type single names more than one correct option"),
    ]
    assert any("time limit 3 s raised to 5 s" in note for t in result.taken for note in t.notes)


def test_comma_csv_without_a_bom_and_lower_case_headers() -> None:
    result = _read("kitchen-comma.csv")
    assert [q.text for q in result.pack.questions] == [
        "Which is a fruit, botanically?",
        "What boils first at sea level?",
    ]
    assert result.skipped == []


def test_a_csv_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(ImportFailed, match="row 1: the header row needs at least the columns question and correct"):
        read(b"name,score\nAda,3\n", "scores.csv")


def test_a_csv_that_is_not_utf8_is_refused_with_advice() -> None:
    with pytest.raises(ImportFailed, match="CSV UTF-8"):
        read("question;correct\nCaf\u00e9?;A\n".encode("cp1252"), "windows.csv")


def test_a_csv_whose_rows_all_fail_is_refused_whole() -> None:
    with pytest.raises(ImportFailed, match="no question could be imported: row 2: the question cell is empty"):
        read(b"question,a,b,correct\n,x,y,A\n", "empty.csv")
