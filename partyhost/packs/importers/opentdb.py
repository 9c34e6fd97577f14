"""The Open Trivia Database's JSON (``{"response_code": 0, "results": [...]}``).

Text in that format is HTML-escaped (``&quot;``, ``&#039;``); it is decoded.
``multiple`` questions become single choice, ``boolean`` ones true/false. The
right answer is placed among the wrong ones at a position taken from a hash of
the question, so the same file always imports the same way and the right
answer is not always first.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

from partyhost.packs.importers.base import Collector, ImportFailed, ImportResult, assemble, plain, slug, title_from

_CODES = {
    1: "the Open Trivia DB had too few questions for that request",
    2: "the request to the Open Trivia DB had an invalid parameter",
    3: "the session token was not found",
    4: "the session token has returned every question",
    5: "the Open Trivia DB was asked too often",
}


def looks_like(data: Any) -> bool:
    if isinstance(data, dict):
        return "results" in data and ("response_code" in data or isinstance(data.get("results"), list))
    return isinstance(data, list) and bool(data) and isinstance(data[0], dict) and "correct_answer" in data[0]


def _text(value: Any) -> str:
    return plain(html.unescape(value)) if isinstance(value, str) else ""


def _question(item: Any) -> dict[str, Any] | str:
    if not isinstance(item, dict):
        return "is not an object"
    text = _text(item.get("question"))
    right = _text(item.get("correct_answer"))
    if not text:
        return "has no question"
    if item.get("type") == "boolean":
        if right.lower() not in ("true", "false"):
            return f"correct_answer {right!r} is not True or False"
        return {"type": "truefalse", "text": text, "correct": right.lower() == "true"}
    wrong = item.get("incorrect_answers")
    if not isinstance(wrong, list) or not wrong:
        return "has no incorrect_answers"
    if item.get("type") not in (None, "multiple"):
        return f"type {item.get('type')!r} is not multiple or boolean"
    options = [_text(w) for w in wrong]
    slot = int(hashlib.sha256(text.encode()).hexdigest(), 16) % (len(options) + 1)
    options.insert(slot, right)
    return {"type": "single", "text": text, "options": options, "correct": slot}


def import_opentdb(data: bytes, filename: str) -> ImportResult:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(filename, f"is not valid JSON ({exc})") from None
    if isinstance(document, dict):
        code = document.get("response_code", 0)
        if code in _CODES:
            raise ImportFailed(filename, f"holds no questions: {_CODES[code]} (response_code {code})")
        results = document.get("results")
    else:
        results = document
    if not isinstance(results, list) or not results:
        raise ImportFailed(filename, "has no results list of questions")
    collector = Collector()
    categories: list[str] = []
    for number, item in enumerate(results, start=1):
        where = f"result {number}"
        question = _question(item)
        if isinstance(question, str):
            collector.skip(where, question)
            continue
        category = _text(item.get("category"))
        if category and category not in categories:
            categories.append(category)
        collector.take(where, question)
    description = f"From the Open Trivia Database: {', '.join(categories)}." if categories else ""
    title = title_from(filename)
    return assemble(
        collector, fmt="opentdb", source=filename, pack_id=slug(title), title=title, description=description
    )
