"""Moodle GIFT, read by our own parser (the PyPI ones are stale and collide on their import name).

What is read: questions separated by blank lines, ``//`` comment lines,
``::title::``, ``[html]`` / ``[plain]`` / ``[moodle]`` / ``[markdown]`` text
formats, ``$CATEGORY:`` lines, and the escapes ``\\~ \\= \\# \\{ \\} \\: \\\\``
and ``\\n``. Answer blocks: multiple choice (``=right ~wrong``), multiple
answers (``~%50%a ~%50%b ~%-100%c``), true/false (``{T}``, ``{FALSE}``,
with ``#wrong#right`` feedback), short answer (``{=a =b}``), numerical
(``{#3.14:0.01}``, ``{#1..5}``, ``{#=3:0 =%50%3:1}``), matching (``->``),
essay (``{}``) and descriptions (no answer block), each answer's ``#feedback``
and the general feedback ``####``. A question with text after its answer block
(a missing-word question) becomes one sentence with a blank.

Short answer becomes a ``typed`` question and numerical a ``number`` one (a
range ``low..high`` as its middle plus or minus half its width) when the pack
format has those types; otherwise they are skipped with the reason. Matching
and essay questions and descriptions are parsed (so a broken one is reported
as broken) and skipped: partyhost has nothing to play them with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from partyhost.packs.importers.base import (
    Collector,
    ImportFailed,
    ImportResult,
    assemble,
    html_to_text,
    plain,
    slug,
    title_from,
)

ESCAPABLE = "~=#{}:\\"
_PLACEHOLDER = "\ue000"  # a private-use character stands for an escaped one while parsing


class GiftError(ValueError):
    """A question block that does not follow GIFT, with what is wrong."""


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    correct: bool
    weight: float | None = None
    feedback: str = ""
    mark: str = "="  # "=" or "~", as written


@dataclass(frozen=True, slots=True)
class NumericAnswer:
    low: float
    high: float
    weight: float = 100.0
    feedback: str = ""


@dataclass(slots=True)
class GiftQuestion:
    """One question as GIFT means it, before it is mapped to a partyhost type."""

    line: int
    kind: str  # multichoice, multiresponse, truefalse, shortanswer, numerical, matching, essay, description
    text: str
    title: str = ""
    answers: list[Answer] = field(default_factory=list)
    numbers: list[NumericAnswer] = field(default_factory=list)
    truth: bool | None = None
    feedback: str = ""  # general feedback (####)


# ------------------------------------------------------------------ escapes


def _protect(text: str) -> str:
    """Replace each escaped character by a private-use stand-in so plain searches skip it."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and (text[i + 1] in ESCAPABLE or text[i + 1] == "n"):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else chr(0xE100 + ESCAPABLE.index(nxt)))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(ESCAPABLE[ord(c) - 0xE100] if 0xE100 <= ord(c) < 0xE100 + len(ESCAPABLE) else c for c in text)


def escape(text: str) -> str:
    """GIFT-escape text for export: the special characters and line breaks."""
    out = "".join("\\" + c if c in ESCAPABLE else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


# ------------------------------------------------------------------ blocks


def _blocks(text: str) -> list[tuple[int, str]]:
    """Question blocks with the line each starts on; comment lines removed, blank lines split."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _with_format(text: str) -> tuple[str, str]:
    match = re.match(r"\s*\[(html|moodle|plain|markdown)\]", text)
    if match:
        return match.group(1), text[match.end() :]
    return "moodle", text


def _clean(text: str, fmt: str) -> str:
    """Restore escapes and make one paragraph; HTML is reduced to its text."""
    text = _restore(text)
    if fmt == "html":
        # Keep escaped line breaks: html_to_text would fold them into spaces.
        return "\n".join(html_to_text(part)[0] for part in text.split("\n"))
    return "\n".join(plain(part) for part in text.split("\n"))


def _split_feedback(text: str) -> tuple[str, str]:
    if "#" in text:
        head, _, tail = text.partition("#")
        return head, tail
    return text, ""


def parse_block(line: int, raw: str) -> GiftQuestion | None:
    """Parse one block; ``None`` for a ``$CATEGORY`` line. Raises :class:`GiftError`."""
    text = _protect(raw.strip())
    if text.startswith("$CATEGORY:"):
        return None
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError("the title opened with :: is never closed with ::")
        title = _clean(text[2:end], "plain")
        text = text[end + 2 :]
    fmt, text = _with_format(text)
    open_at = text.find("{")
    if open_at < 0:
        if "}" in text:
            raise GiftError("there is a } with no { before it")
        return GiftQuestion(line, "description", _clean(text, fmt), title)
    close_at = text.find("}", open_at)
    if close_at < 0:
        raise GiftError("the answer block opened with { is never closed with }")
    if "{" in text[open_at + 1 : close_at]:
        raise GiftError("a { inside an answer block must be escaped as \\{")
    before, body, after = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    if "}" in before:
        raise GiftError("there is a } with no { before it")
    if "{" in after or "}" in after:
        if "\n" in raw.strip():
            raise GiftError("a question has only one answer block (separate questions with an empty line)")
        raise GiftError("a question has only one answer block")
    stem = _clean(before, fmt)
    rest = _clean(after, fmt)
    if rest:
        stem = f"{stem} _____ {rest}" if stem else f"_____ {rest}"
    question = GiftQuestion(line, "essay", stem, title)
    body, _, general = body.partition("####")
    question.feedback = _clean(general, fmt)
    body = body.strip()
    if not body:
        return question  # essay
    if body.startswith("#"):
        question.kind = "numerical"
        question.numbers = _numbers(body[1:], fmt)
        return question
    head, feedback = _split_feedback(body)
    if head.strip().upper() in ("T", "TRUE", "F", "FALSE"):
        question.kind = "truefalse"
        question.truth = head.strip().upper().startswith("T")
        wrong, _, right = feedback.partition("#")
        question.answers = [
            Answer("right", True, feedback=_clean(right, fmt)),
            Answer("wrong", False, feedback=_clean(wrong, fmt)),
        ]
        return question
    question.answers = _answers(body, fmt)
    if any("->" in a.text for a in question.answers) and all(a.mark == "=" for a in question.answers):
        question.kind = "matching"
    elif all(a.mark == "=" and a.weight is None for a in question.answers):
        question.kind = "shortanswer"
    elif any(a.weight is not None for a in question.answers) and not any(
        a.correct and a.weight is None for a in question.answers
    ):
        question.kind = "multiresponse"
    else:
        question.kind = "multichoice"
    return question


_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _answers(body: str, fmt: str) -> list[Answer]:
    items = re.split(r"(?=[=~])", body)
    if items and items[0].strip():
        raise GiftError(f"answers start with = (right) or ~ (wrong), not {items[0].strip()[:20]!r}")
    answers: list[Answer] = []
    for item in items[1:]:
        mark, content = item[0], item[1:]
        weight: float | None = None
        match = _WEIGHT.match(content.strip())
        if match:
            weight = float(match.group(1))
            content = content.strip()[match.end() :]
        answer_text, feedback = _split_feedback(content)
        correct = mark == "=" if weight is None else weight > 0
        answers.append(Answer(_clean(answer_text, fmt), correct, weight, _clean(feedback, fmt), mark))
    if not answers:
        raise GiftError("the answer block has no answers")
    return answers


_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


def _one_number(spec: str) -> tuple[float, float]:
    spec = spec.strip()
    range_match = re.fullmatch(rf"({_NUMBER})\s*\.\.\s*({_NUMBER})", spec)
    if range_match:
        low, high = float(range_match.group(1)), float(range_match.group(2))
        if low > high:
            raise GiftError(f"the range {spec} goes from a larger number to a smaller one")
        return low, high
    tol_match = re.fullmatch(rf"({_NUMBER})(?:\s*:\s*({_NUMBER}))?", spec)
    if tol_match:
        value = float(tol_match.group(1))
        tolerance = abs(float(tol_match.group(2) or 0))
        return value - tolerance, value + tolerance
    raise GiftError(f"{spec!r} is not a number, a number:tolerance or a low..high range")


def _numbers(body: str, fmt: str) -> list[NumericAnswer]:
    body = body.strip()
    if not body.startswith(("=", "~")):
        spec, feedback = _split_feedback(body)
        low, high = _one_number(spec)
        return [NumericAnswer(low, high, 100.0, _clean(feedback, fmt))]
    found: list[NumericAnswer] = []
    for item in re.split(r"(?=[=~])", body)[1:]:
        mark, content = item[0], item[1:].strip()
        weight = 100.0 if mark == "=" else 0.0
        match = _WEIGHT.match(content)
        if match:
            weight = float(match.group(1))
            content = content[match.end() :]
        spec, feedback = _split_feedback(content)
        if mark == "~" and not spec.strip():
            continue
        low, high = _one_number(spec)
        found.append(NumericAnswer(low, high, weight, _clean(feedback, fmt)))
    if not found:
        raise GiftError("the numerical answer block has no numbers")
    return found


def parse(text: str) -> tuple[list[GiftQuestion], list[tuple[int, str]]]:
    """Every question in a GIFT text, and the blocks that are broken (line, reason)."""
    questions: list[GiftQuestion] = []
    broken: list[tuple[int, str]] = []
    for line, raw in _blocks(text):
        try:
            question = parse_block(line, raw)
        except GiftError as exc:
            broken.append((line, str(exc)))
            continue
        if question is not None:
            questions.append(question)
    return questions, broken


# ------------------------------------------------------------------ to partyhost

UNSUPPORTED = {
    "matching": "matching questions are not supported yet",
    "essay": "essay questions have no right answer to play",
    "description": "a description has no answers to play",
}


def _range_text(numbers: list[NumericAnswer]) -> str:
    best = max(numbers, key=lambda n: n.weight)
    if best.low == best.high:
        return f"{best.low:g}"
    return f"{best.low:g} to {best.high:g}"


def _tidy_number(value: float) -> float | int:
    """``3.0`` as ``3``; other values rounded to 10 significant digits (``3.13 + 0.01`` is ``3.14``)."""
    rounded = float(f"{value:.10g}")
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def to_partyhost(question: GiftQuestion) -> tuple[dict[str, Any] | None, str, list[str]]:
    """A partyhost question dict (or ``None`` and why not), and notes on what changed."""
    notes: list[str] = []
    out: dict[str, Any]
    if question.kind in UNSUPPORTED:
        return None, UNSUPPORTED[question.kind], notes
    explanation = question.feedback
    if question.kind == "numerical":
        best = max(question.numbers, key=lambda n: n.weight)
        if best.weight <= 0:
            return None, "no number is marked right", notes
        if len(question.numbers) > 1:
            notes.append(f"only the best answer ({_range_text(question.numbers)}) kept; partial credit left out")
        middle = (best.low + best.high) / 2
        out = {"type": "number", "text": question.text, "answer": _tidy_number(middle)}
        if best.high > best.low:
            out["tolerance"] = _tidy_number((best.high - best.low) / 2)
        explanation = explanation or best.feedback
    elif question.kind == "shortanswer":
        accepted = [a.text for a in question.answers if a.correct and (a.weight is None or a.weight >= 100)]
        partial = len([a for a in question.answers if a.correct]) - len(accepted)
        if partial:
            notes.append(f"{partial} partly right answers left out")
        out = {"type": "typed", "text": question.text, "accepted": accepted or [question.answers[0].text]}
        explanation = explanation or next((a.feedback for a in question.answers if a.feedback), "")
    elif question.kind == "truefalse":
        right = question.answers[0].feedback
        out = {"type": "truefalse", "text": question.text, "correct": bool(question.truth)}
        explanation = explanation or right
    else:
        options = [a.text for a in question.answers]
        correct = [i for i, a in enumerate(question.answers) if a.correct]
        if not correct:
            return None, "no answer is marked right (= or a positive %weight%)", notes
        multi = question.kind == "multiresponse" or len(correct) > 1
        if question.kind == "multichoice" and len(correct) > 1:
            notes.append("several answers marked = : played as pick-all-that-apply")
        out = {"type": "multi" if multi else "single", "text": question.text, "options": options}
        out["correct"] = correct if multi else correct[0]
        if not explanation:
            feedbacks = [question.answers[i].feedback for i in correct if question.answers[i].feedback]
            explanation = " ".join(feedbacks)
    if explanation:
        out["explanation"] = explanation
    return out, "", notes


def import_gift(data: bytes, filename: str) -> ImportResult:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(filename, "is not UTF-8 text; save the GIFT file as UTF-8") from None
    questions, broken = parse(text)
    collector = Collector()
    for line, reason in broken:
        collector.skip(f"line {line}", reason)
    for question in questions:
        where = f"line {question.line}"
        converted, reason, notes = to_partyhost(question)
        if converted is None:
            collector.skip(where, reason)
        else:
            collector.take(where, converted, *notes)
    if not questions and not broken:
        raise ImportFailed(filename, "holds no GIFT questions")
    return assemble(
        collector, fmt="gift", source=filename, pack_id=slug(title_from(filename)), title=title_from(filename)
    )
