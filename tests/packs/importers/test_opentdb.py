"""Open Trivia DB JSON: HTML entities decoded, the right answer placed the same way every time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyhost.packs.importers import ImportFailed, read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_entities_are_decoded_and_types_mapped() -> None:
    result = read((FIXTURES / "opentdb.json").read_bytes(), "opentdb.json")
    assert result.format == "opentdb"
    first, second, third = result.pack.questions
    assert first.text == 'Which element has the chemical symbol "Fe"?'
    assert first.type == "single"
    assert first.options[first.correct] == "Iron"  # type: ignore[union-attr]
    assert second.text == "The Eiffel Tower was finished in 1889 \u2013 for the World's Fair."
    assert second.type == "truefalse" and second.correct is True
    assert third.text == "Åland belongs to Finland & speaks Swedish."
    assert result.pack.description == "From the Open Trivia Database: Science & Nature, History, Geography."
    assert [(s.where, s.reason) for s in result.skipped] == [("result 3", "has no incorrect_answers")]


def test_the_same_file_imports_the_same_way_twice() -> None:
    data = (FIXTURES / "opentdb.json").read_bytes()
    assert read(data, "a.json").pack.questions == read(data, "a.json").pack.questions


def test_an_error_response_is_explained() -> None:
    with pytest.raises(ImportFailed, match="asked too often"):
        read(json.dumps({"response_code": 5, "results": []}).encode(), "limited.json")
