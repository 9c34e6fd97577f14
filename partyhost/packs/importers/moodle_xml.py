"""Moodle XML question banks (``<quiz><question type="…">…``).

Read: ``multichoice`` (single or several right answers), ``truefalse``,
``shortanswer`` (as a ``typed`` question) and ``numerical`` (as a ``number``
question, with its tolerance), the last two skipped with the reason where the
pack format has no such type yet; every other type is reported as skipped;
``category`` entries are not questions and are passed over. HTML in question
text, answers and feedback is reduced to plain text. A picture
embedded in a question's text (``<file encoding="base64">`` referenced as
``@@PLUGINFILE@@/name``) becomes the question's image.

The XML is parsed with the standard library's expat, hardened by hand (defusedxml
only guards openpyxl's .xlsx parsing, see pyproject.toml): a Moodle export never has a DTD, so any ``<!DOCTYPE``,
entity declaration or external entity reference refuses the whole file. That
leaves nothing for entity expansion (billion laughs) or external entities
(file or network reads) to work with, and keeps line numbers for the report.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

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

LINE = "{partyhost}line"  # where an element started, kept as a private attribute
MAX_EMBEDDED = 10 * 1024 * 1024


class UnsafeXml(ValueError):
    """The document declares a DTD or entities, which a Moodle export never does."""


def parse_xml(data: bytes) -> ET.Element:
    """Parse XML with expat, refusing DTDs and entity declarations; elements carry their line."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = ET.TreeBuilder()

    def refuse(*_: Any) -> None:
        raise UnsafeXml("it declares a DTD or entities, which a Moodle export never has")

    def start(tag: str, attrs: dict[str, str]) -> None:
        builder.start(tag, {**attrs, LINE: str(parser.CurrentLineNumber)})

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    parser.Parse(data, True)
    return builder.close()


def _text_of(element: ET.Element | None) -> str:
    """The plain text of an element's ``<text>`` child, HTML reduced to text."""
    if element is None:
        return ""
    node = element.find("text")
    raw = node.text if node is not None and node.text else ""
    if element.get("format", "html") in ("html", "moodle_auto_format"):
        return html_to_text(raw)[0]
    return plain(raw)


def _picture(question: ET.Element, collector: Collector, notes: list[str]) -> str | None:
    """The first picture embedded in the question text, stored in the collector's media."""
    text_el = question.find("questiontext")
    if text_el is None:
        return None
    node = text_el.find("text")
    _, sources = html_to_text(node.text if node is not None and node.text else "")
    files = {f.get("name", ""): f for f in text_el.findall("file")}
    for src in sources:
        if not src.startswith("@@PLUGINFILE@@/"):
            notes.append("a picture linked from outside the file was left out")
            continue
        name = src.removeprefix("@@PLUGINFILE@@/").split("?")[0]
        name = unquote(name)
        element = files.get(name)
        if element is None or element.get("encoding") != "base64":
            notes.append(f"picture {name} is not embedded in the file")
            continue
        try:
            blob = base64.b64decode("".join((element.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            notes.append(f"picture {name} is not valid base64")
            continue
        if len(blob) > MAX_EMBEDDED:
            notes.append(f"picture {name} is larger than 10 MB and was left out")
            continue
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "picture"
        path = f"images/{question.get(LINE, '0')}-{safe}".lower()
        collector.media[path] = blob
        if len(sources) > 1:
            notes.append("only the first picture of the question is shown")
        return path
    return None


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


SKIP_TYPES = {
    "matching": "matching questions are not supported yet",
    "essay": "essay questions have no right answer to play",
    "description": "a description has no answers to play",
    "multianswer": "embedded-answer (cloze) questions are not supported",
    "calculated": "calculated questions are not supported",
    "calculatedsimple": "calculated questions are not supported",
    "calculatedmulti": "calculated questions are not supported",
    "ddwtos": "drag-and-drop questions are not supported",
    "ddimageortext": "drag-and-drop questions are not supported",
    "ddmarker": "drag-and-drop questions are not supported",
    "gapselect": "select-missing-words questions are not supported",
    "randomsamatch": "random matching questions are not supported",
    "random": "random questions are not supported",
}


def _number(text: str) -> float | int | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _typed_or_number(kind: str, question: ET.Element, text: str, notes: list[str]) -> dict[str, Any] | str:
    answers = [a for a in question.findall("answer") if _fraction(a) > 0]
    full = [a for a in answers if _fraction(a) >= 100]
    if not full:
        return "no answer has a fraction of 100"
    if len(full) < len(answers):
        notes.append(f"{len(answers) - len(full)} partly right answers left out")
    if kind == "shortanswer":
        accepted = [plain(a.findtext("text") or "") for a in full]
        return {"type": "typed", "text": text, "accepted": [a for a in accepted if a]}
    best = full[0]
    value = _number(best.findtext("text") or "")
    if value is None:
        return f"the answer {(best.findtext('text') or '').strip()!r} is not a number"
    out: dict[str, Any] = {"type": "number", "text": text, "answer": value}
    tolerance = _number(best.findtext("tolerance") or "0")
    if tolerance:
        out["tolerance"] = abs(tolerance)
    if len(full) > 1:
        notes.append("only the first right number kept")
    return out


def convert(question: ET.Element, collector: Collector) -> None:
    kind = question.get("type", "")
    where = f"line {question.get(LINE, '?')}"
    if kind == "category":
        return
    name = plain(question.findtext("name/text") or "")
    label = f"{where} ({name})" if name else where
    if kind in SKIP_TYPES:
        collector.skip(label, SKIP_TYPES[kind])
        return
    if kind not in ("multichoice", "truefalse", "shortanswer", "numerical"):
        collector.skip(label, f"{kind or 'untyped'} questions are not supported")
        return
    notes: list[str] = []
    text = _text_of(question.find("questiontext"))
    explanation = _text_of(question.find("generalfeedback"))
    answers = question.findall("answer")
    out: dict[str, Any]
    if kind in ("shortanswer", "numerical"):
        made = _typed_or_number(kind, question, text, notes)
        if isinstance(made, str):
            collector.skip(label, made)
            return
        out = made
        right = [a for a in answers if _fraction(a) >= 100]
        explanation = explanation or (_text_of(right[0].find("feedback")) if right else "")
    elif kind == "truefalse":
        right = [a for a in answers if _fraction(a) > 0]
        if len(right) != 1:
            collector.skip(label, "a true/false question needs exactly one answer with a positive fraction")
            return
        value = (right[0].findtext("text") or "").strip().lower()
        if value not in ("true", "false"):
            collector.skip(label, f"the right answer {value!r} is not true or false")
            return
        out = {"type": "truefalse", "text": text, "correct": value == "true"}
        explanation = explanation or _text_of(right[0].find("feedback"))
    else:
        options = [_text_of(a) for a in answers]
        correct = [i for i, a in enumerate(answers) if _fraction(a) > 0]
        if not correct:
            collector.skip(label, "no answer has a positive fraction")
            return
        single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
        multi = not single or len(correct) > 1
        if multi and single:
            notes.append("several right answers: played as pick-all-that-apply")
        out = {"type": "multi" if multi else "single", "text": text, "options": options}
        out["correct"] = correct if multi else correct[0]
        if not explanation:
            explanation = " ".join(f for f in (_text_of(answers[i].find("feedback")) for i in correct) if f)
    if explanation:
        out["explanation"] = explanation
    picture = _picture(question, collector, notes)
    if picture:
        out["image"] = picture
    collector.take(label, out, *notes)


def import_moodle_xml(data: bytes, filename: str) -> ImportResult:
    try:
        root = parse_xml(data)
    except UnsafeXml as exc:
        raise ImportFailed(filename, f"is refused: {exc}") from None
    except expat.ExpatError as exc:
        raise ImportFailed(
            filename,
            f"is not valid XML (line {exc.lineno}, column {exc.offset + 1}: {expat.errors.messages[exc.code]})",
        ) from None
    if root.tag != "quiz":
        raise ImportFailed(filename, f"is not a Moodle XML export (its root is <{root.tag}>, not <quiz>)")
    collector = Collector()
    category = ""
    for question in root.findall("question"):
        if question.get("type") == "category" and not category:
            path = plain(question.findtext("category/text") or "")
            category = path.rsplit("/", 1)[-1].replace("$course$", "").replace("$system$", "").strip()
        convert(question, collector)
    if not collector.candidates and not collector.skipped:
        raise ImportFailed(filename, "holds no questions")
    title = category or title_from(filename)
    return assemble(collector, fmt="moodle-xml", source=filename, pack_id=slug(title), title=title)
