"""Moodle GIFT: every construct of the format, escapes, and broken blocks reported by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partyhost.packs.importers import ImportFailed, read
from partyhost.packs.importers.base import check_question
from partyhost.packs.importers.gift import GiftError, parse, parse_block

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HAS_TYPED = check_question({"type": "typed", "text": "x", "accepted": ["a"]}) is None
HAS_NUMBER = check_question({"type": "number", "text": "x", "answer": 1}) is None


def _fixture() -> tuple[dict[str, dict], dict[str, str]]:
    result = read((FIXTURES / "astronomy.gift").read_bytes(), "astronomy.gift")
    by_text = {q.text: q.model_dump(exclude_none=True) for q in result.pack.questions}
    skipped = {s.where: s.reason for s in result.skipped}
    return by_text, skipped


def test_multiple_choice_takes_the_right_answer_and_its_feedback() -> None:
    questions, _ = _fixture()
    q = questions["Which planet has the moon Titan?"]
    assert q["type"] == "single"
    assert q["options"] == ["Jupiter", "Saturn", "Neptune", "Uranus"]
    assert q["correct"] == 1
    assert q["explanation"] == "Right: Titan is Saturn's largest moon."


def test_true_false_uses_the_feedback_for_the_right_answer() -> None:
    questions, _ = _fixture()
    q = questions["Pluto is a dwarf planet."]
    assert q == {**q, "type": "truefalse", "correct": True, "explanation": "Yes, since 2006."}


def test_weighted_answers_become_pick_all_that_apply_and_html_is_reduced_to_text() -> None:
    questions, _ = _fixture()
    q = questions["Which of these are gas giants?"]
    assert q["type"] == "multi"
    assert q["correct"] == [0, 1]
    assert q["explanation"] == "Jupiter and Saturn are mostly hydrogen & helium."


def test_every_escape_is_decoded() -> None:
    questions, _ = _fixture()
    q = questions["In the ratio 1:2, what does {x} = 3 ~ 4 mean # here?"]
    assert q["options"] == ["a ratio = a comparison", "a path with a \\ backslash"]
    assert "First line\nsecond line." in questions


def test_missing_word_questions_get_a_blank() -> None:
    questions, _ = _fixture()
    assert questions["The _____ causes most of the tides on Earth."]["options"] == ["Moon", "Sun"]


def test_short_answer_is_typed_or_skipped_with_the_reason() -> None:
    questions, skipped = _fixture()
    if HAS_TYPED:
        assert questions["What star is closest to Earth?"]["accepted"] == ["the Sun", "Sun", "Sol"]
    else:
        assert skipped["line 29"] == "short-answer questions are not supported yet"


def test_numerical_answers_with_tolerance_and_ranges() -> None:
    questions, skipped = _fixture()
    if HAS_NUMBER:
        sun = questions["How many light-minutes away is the Sun?"]
        assert (sun["answer"], sun["tolerance"]) == (8.3, 0.2)
        ranged = questions["How many planets have rings?"]
        assert (ranged["answer"], ranged["tolerance"]) == (4, 1)
        assert questions["When did Apollo 11 land?"]["answer"] == 1969
    else:
        assert skipped["line 31"] == "numerical questions are not supported yet"


def test_unsupported_and_broken_blocks_are_skipped_with_their_line() -> None:
    result = read((FIXTURES / "astronomy.gift").read_bytes(), "astronomy.gift")
    skipped = {s.where: s.reason for s in result.skipped}
    assert skipped["line 40"] == "matching questions are not supported yet"
    assert skipped["line 46"] == "essay questions have no right answer to play"
    assert skipped["line 48"] == "a description has no answers to play"
    assert skipped["line 50"] == "the answer block opened with { is never closed with }"
    assert [s.where for s in result.skipped] == sorted((s.where for s in result.skipped), key=lambda w: int(w[5:]))


@pytest.mark.parametrize(
    "block,message",
    [
        ("::Title without end {=a ~b}", "never closed with ::"),
        ("Q {=a ~b", "never closed with }"),
        ("Q } {=a}", "} with no {"),
        ("Q {=a ~b} and {=c ~d}", "only one answer block"),
        ("Q1 {=a ~b}\nQ2 {=c ~d}", "separate questions with an empty line"),
        ("Q {right ~wrong}", "answers start with = (right) or ~ (wrong)"),
        ("Q {#abc}", "is not a number"),
        ("Q {#5..1}", "from a larger number to a smaller one"),
    ],
)
def test_broken_blocks_say_what_is_wrong(block: str, message: str) -> None:
    with pytest.raises(GiftError, match=re.escape(message)):
        parse_block(1, block)


def test_a_question_with_no_right_answer_is_skipped() -> None:
    result = read(b"Q1 {=a ~b}\n\nQ2 {~%-50%x ~%-50%y}\n", "two.gift")
    assert result.skipped[0].where == "line 3"
    assert "no answer is marked right" in result.skipped[0].reason


def test_a_file_with_nothing_usable_is_refused_whole() -> None:
    with pytest.raises(ImportFailed, match="no question could be imported: line 1: essay"):
        read(b"Write about it. {}\n", "essay.gift")


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(ImportFailed, match="not UTF-8"):
        read("Caf\u00e9? {T}".encode("latin-1"), "latin.gift")


def test_categories_and_comments_are_not_questions() -> None:
    questions, broken = parse("// only a comment\n$CATEGORY: top\n\nQ {T}\n")
    assert [q.text for q in questions] == ["Q"]
    assert broken == []
