"""Question packs: the bundled ones are complete, broken ones are refused with where and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from partyhost.packs.library import Library
from partyhost.packs.model import PackError, load_pack, parse_pack
from partyhost.resources import questions_dir

BUNDLED = sorted(questions_dir().glob("*.json"))


def test_at_least_three_packs_are_bundled() -> None:
    assert len(BUNDLED) >= 3


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_pack_has_twenty_questions_each_with_an_explanation(path: Path) -> None:
    pack = load_pack(path)
    assert len(pack.questions) >= 20
    assert all(q.explanation.strip() for q in pack.questions)
    assert {q.type for q in pack.questions} == {"single", "multi", "truefalse"}
    assert path.stem == pack.id


def _pack(**changes: Any) -> dict[str, Any]:
    pack: dict[str, Any] = {
        "format": "partyhost-pack/1",
        "id": "tiny",
        "title": "Tiny",
        "questions": [
            {"type": "single", "text": "One?", "options": ["a", "b"], "correct": 0},
            {"type": "multi", "text": "Two?", "options": ["a", "b", "c"], "correct": [0, 2]},
            {"type": "truefalse", "text": "Three?", "correct": False},
        ],
    }
    pack.update(changes)
    return pack


def _question(index: int, **changes: Any) -> dict[str, Any]:
    pack = _pack()
    pack["questions"][index].update(changes)
    return pack


@pytest.mark.parametrize(
    "pack,expected",
    [
        (_question(0, correct=2), "question 1: correct is 2 but there are 2 options"),
        (_question(0, options=["only"]), "question 1, options:"),
        (_question(0, options=["Same", "same"]), "question 1: the option 'same' appears twice"),
        (_question(1, correct=[0, 7]), "question 2: correct names option 7"),
        (_question(2, correct="yes"), "question 3, correct:"),
        (_question(2, type="essay"), "question 3: type must be one of single, multi, truefalse"),
        (_question(0, text=""), "question 1, text:"),
        (_question(0, colour="red"), "question 1, colour:"),
        (_pack(questions=[]), "questions:"),
        (_pack(id="Has Spaces"), "id:"),
        (_pack(format="other/2"), "format:"),
    ],
)
def test_a_broken_pack_is_refused_naming_file_question_and_field(pack: dict[str, Any], expected: str) -> None:
    with pytest.raises(PackError) as info:
        parse_pack(pack, "my-pack.json")
    assert str(info.value).startswith("my-pack.json: ")
    assert expected in str(info.value)


def test_a_file_that_is_not_json_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "partyhost-pack/1",\n "id": }', encoding="utf-8")
    with pytest.raises(PackError, match=r"broken.json: is not valid JSON \(line 2"):
        load_pack(path)


def test_a_broken_file_in_the_library_is_skipped_and_reported(tmp_path: Path) -> None:
    imported = tmp_path / "packs"
    imported.mkdir()
    (imported / "bad.json").write_text("{}", encoding="utf-8")
    (imported / "tiny.json").write_text(json.dumps(_pack()), encoding="utf-8")
    library = Library(questions_dir(), imported)
    ids = {info.pack.id for info in library.packs()}
    assert "tiny" in ids
    assert "bad.json" in library.problems


def test_importing_copies_the_pack_into_the_data_dir(tmp_path: Path) -> None:
    library = Library(questions_dir(), tmp_path / "packs")
    info = library.import_pack(_pack(), "tiny.json")
    assert (tmp_path / "packs" / "tiny.json").is_file()
    assert library.get("tiny") is not None
    assert info.source == "imported"


def test_importing_a_pack_with_a_bundled_id_is_refused(tmp_path: Path) -> None:
    library = Library(questions_dir(), tmp_path / "packs")
    with pytest.raises(PackError, match="taken by a bundled pack"):
        library.import_pack(_pack(id="science"), "copy.json")
    assert not (tmp_path / "packs" / "science.json").exists()
