"""What every importer shares: the report, the question check, and building the pack.

An importer reads a file into *candidates* (a question as a partyhost dict, with
where it came from) and *skips* (where, and why). :func:`assemble` checks each
candidate on its own with the pack model, so one bad question is skipped with
the model's own message instead of sinking the file, and then builds the pack
in one go: an import either gives a whole, valid pack or raises
:class:`ImportFailed`. Nothing is written anywhere here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pydantic import TypeAdapter, ValidationError

from partyhost.packs.model import FORMAT, Pack, PackError, Question, parse_pack

MAX_QUESTIONS = 500
MAX_TEXT = 300
MAX_OPTION = 120
MAX_EXPLANATION = 500
MAX_OPTIONS = 6

_QUESTION: TypeAdapter[Any] = TypeAdapter(Question)

#: why a question is skipped when the pack format has no type for it (yet)
NOT_YET = {
    "typed": "short-answer questions are not supported yet",
    "number": "numerical questions are not supported yet",
    "order": "ordering questions are not supported yet",
}


class ImportFailed(PackError):
    """The file as a whole cannot be imported (not this format, unreadable, no usable question)."""


@dataclass(frozen=True, slots=True)
class Taken:
    """A question that was imported, where it came from, and anything changed on the way."""

    where: str
    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something in the file that was not imported, and why."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class Candidate:
    where: str
    question: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass
class ImportResult:
    """A whole, valid pack and the report of how it was made."""

    pack: Pack
    format: str
    taken: list[Taken]
    skipped: list[Skipped]
    #: pictures and sounds the questions refer to, by the path they use in the pack
    media: dict[str, bytes] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "taken": [{"where": t.where, "text": t.text, "notes": list(t.notes)} for t in self.taken],
            "skipped": [{"where": s.where, "reason": s.reason} for s in self.skipped],
        }

    def lines(self) -> list[str]:
        """The report as lines for a terminal."""
        out = [f"{len(self.taken)} questions taken, {len(self.skipped)} skipped ({self.format})"]
        out += [f"  {t.where}: {note}" for t in self.taken for note in t.notes]
        out += [f"  skipped {s.where}: {s.reason}" for s in self.skipped]
        return out


@dataclass
class Collector:
    """Gathers candidates and skips while a file is read."""

    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)

    def take(self, where: str, question: dict[str, Any], *notes: str) -> None:
        self.candidates.append(Candidate(where, question, tuple(notes)))

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append(Skipped(where, reason))


def check_question(question: dict[str, Any]) -> str | None:
    """Why the pack model refuses this question, or ``None`` if it is fine."""
    try:
        _QUESTION.validate_python(question, strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "union_tag_invalid":
            return NOT_YET.get(str(question.get("type")), f"{question.get('type')} questions are not supported")
        loc = [str(p) for p in error["loc"] if p != question.get("type") and p not in ("float", "int")]
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "string_too_long" and loc[:1] == ["text"]:
            return f"the question is {len(question.get('text', ''))} characters long; at most {MAX_TEXT} fit"
        if error["type"] == "string_too_long" and loc[:1] == ["options"]:
            return f"an answer is longer than {MAX_OPTION} characters"
        return f"{'.'.join(loc)}: {message}" if loc else message
    return None


def assemble(
    collector: Collector,
    *,
    fmt: str,
    source: str,
    pack_id: str,
    title: str,
    description: str = "",
    extra: dict[str, Any] | None = None,
) -> ImportResult:
    """Check every candidate, keep the good ones, and build the pack; :class:`ImportFailed` if none is left."""
    taken: list[Taken] = []
    questions: list[dict[str, Any]] = []
    skipped = list(collector.skipped)
    for candidate in collector.candidates:
        question = _tidy(candidate.question)
        notes = list(candidate.notes)
        explanation = question.get("explanation", "")
        if len(explanation) > MAX_EXPLANATION:
            question["explanation"] = explanation[: MAX_EXPLANATION - 1].rstrip() + "…"
            notes.append(f"explanation shortened to {MAX_EXPLANATION} characters")
        problem = check_question(question)
        if problem is not None:
            skipped.append(Skipped(candidate.where, problem))
            continue
        if len(questions) >= MAX_QUESTIONS:
            skipped.append(Skipped(candidate.where, f"a pack holds at most {MAX_QUESTIONS} questions"))
            continue
        questions.append(question)
        taken.append(Taken(candidate.where, question["text"], tuple(notes)))
    skipped.sort(key=_order)
    if not questions:
        reasons = "; ".join(f"{s.where}: {s.reason}" for s in skipped[:3])
        more = f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else ""
        raise ImportFailed(source, f"no question could be imported{': ' + reasons + more if reasons else ''}")
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": pack_id,
        "title": title[:80].strip() or pack_id,
        "questions": questions,
    }
    if description:
        data["description"] = description[:300]
    data.update(extra or {})
    pack = parse_pack(data, source)
    used = {q.image for q in pack.questions} | {q.audio for q in pack.questions}
    media = {path: blob for path, blob in collector.media.items() if path in used}
    return ImportResult(pack, fmt, taken, skipped, media)


def _order(item: Skipped) -> int:
    match = re.search(r"\d+", item.where)
    return int(match.group()) if match else 0


def _tidy(question: dict[str, Any]) -> dict[str, Any]:
    """Trim text fields and drop empty optional ones, so blank cells do not fail validation."""
    out: dict[str, Any] = {}
    for key, value in question.items():
        if isinstance(value, str):
            value = value.strip()
            if not value and key in ("explanation", "image", "audio"):
                continue
        elif isinstance(value, list):
            value = [v.strip() if isinstance(v, str) else v for v in value]
        if value is None:
            continue
        out[key] = value
    return out


# ------------------------------------------------------------------ helpers


def slug(name: str, fallback: str = "imported") -> str:
    """A pack id from a file name: lower case letters, digits and dashes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64].strip("-")
    return text or fallback


_EXTENSIONS = {"txt", "gift", "aiken", "csv", "tsv", "xml", "json", "xlsx", "zip"}


def title_from(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    while "." in stem and stem.rsplit(".", 1)[1].lower() in _EXTENSIONS:
        stem = stem.rsplit(".", 1)[0]
    words = re.sub(r"[_-]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:80] or "Imported pack"


def clock_seconds(value: Any) -> int | None:
    """A time limit in whole seconds, from a number or text such as ``"20"`` or ``"20 s"``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return round(value)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds)?\s*", str(value), flags=re.IGNORECASE)
    return round(float(match.group(1))) if match else None


def fit_time_limit(seconds: int | None, notes: list[str]) -> int | None:
    """Clamp a time limit into 5-300 seconds, noting the change."""
    if seconds is None or seconds <= 0:
        return None
    if seconds < 5:
        notes.append(f"time limit {seconds} s raised to 5 s")
        return 5
    if seconds > 300:
        notes.append(f"time limit {seconds} s lowered to 300 s")
        return 300
    return seconds


class _TextOnly(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append(" ")
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(src)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment (entities decoded, tags dropped), and its image sources."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split()), parser.images


def plain(text: str) -> str:
    """Collapse runs of white space; partyhost shows questions as one paragraph."""
    return " ".join(text.split())


def short(text: str, limit: int = 60) -> str:
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
