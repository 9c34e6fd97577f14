"""Moodle XML: the four question types, embedded pictures, and a parser that refuses DTDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyhost.packs.importers import ImportFailed, read
from partyhost.packs.importers.base import check_question
from partyhost.packs.media import sniff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HAS_TYPED = check_question({"type": "typed", "text": "x", "accepted": ["a"]}) is None
HAS_NUMBER = check_question({"type": "number", "text": "x", "answer": 1}) is None


def _result():  # type: ignore[no-untyped-def]
    return read((FIXTURES / "moodle-volcanoes.xml").read_bytes(), "moodle-volcanoes.xml")


def test_the_category_names_the_pack() -> None:
    result = _result()
    assert (result.pack.id, result.pack.title, result.format) == ("volcanoes", "Volcanoes", "moodle-xml")


def test_multichoice_html_and_general_feedback_become_plain_text() -> None:
    first = _result().pack.questions[0]
    assert first.text == 'Which ocean is ringed by the "Ring of Fire"?'
    assert first.explanation == "Most active volcanoes line the Pacific."
    assert first.type == "single" and first.correct == 0  # type: ignore[union-attr]


def test_an_embedded_picture_becomes_the_question_image() -> None:
    result = _result()
    path = result.pack.questions[0].image
    assert path is not None
    assert sniff(result.media[path]) == "png"


def test_truefalse_and_multiple_right_answers() -> None:
    questions = _result().pack.questions
    assert questions[1].type == "truefalse" and questions[1].correct is True
    assert questions[1].explanation == "Below ground it is magma."
    assert questions[2].type == "multi" and questions[2].correct == [0, 1]  # type: ignore[union-attr]


def test_shortanswer_and_numerical_are_mapped_or_skipped_with_the_reason() -> None:
    result = _result()
    data = {q.text: q.model_dump(exclude_none=True) for q in result.pack.questions}
    skipped = {s.where: s.reason for s in result.skipped}
    if HAS_TYPED:
        assert data["Which island holds the volcano Hekla?"]["accepted"] == ["Iceland"]
    else:
        assert skipped["line 37 (Island)"] == "short-answer questions are not supported yet"
    if HAS_NUMBER:
        fuji = data["How high is Mount Fuji, in metres?"]
        assert (fuji["answer"], fuji["tolerance"]) == (3776, 50)
    else:
        assert skipped["line 50 (Height)"] == "numerical questions are not supported yet"


def test_other_types_are_reported_skipped_with_line_and_name() -> None:
    skipped = {s.where: s.reason for s in _result().skipped}
    assert skipped["line 56 (Essay)"] == "essay questions have no right answer to play"
    assert skipped["line 61 (Match)"] == "matching questions are not supported yet"
    assert skipped["line 66 (No right answer)"] == "no answer has a positive fraction"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<quiz><question type="truefalse"><questiontext><text>&c;</text></questiontext></question></quiz>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<quiz><question type="truefalse"><questiontext><text>&secret;</text></questiontext></question></quiz>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "http://example.invalid/quiz.dtd"><quiz/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD], ids=["laughs", "external", "dtd"])
def test_documents_with_a_dtd_or_entities_are_refused(data: bytes) -> None:
    with pytest.raises(ImportFailed, match="declares a DTD or entities"):
        read(data, "evil.xml")


def test_broken_xml_is_refused_with_its_line() -> None:
    with pytest.raises(ImportFailed, match=r"is not valid XML \(line 3"):
        read(b"<quiz>\n<question type='truefalse'>\n</quiz>", "broken.xml")


def test_an_xml_file_that_is_not_a_question_bank_is_refused() -> None:
    with pytest.raises(ImportFailed, match="not a Moodle XML export"):
        read(b"<html><body/></html>", "page.xml")
