"""Writing a pack out: partyhost JSON, a zip with its media, GIFT and CSV.

Each export returns the bytes and a list of what it could not carry (GIFT has
no time limits or pictures), so nothing is lost silently. Every export reads
back with the matching importer into the same questions (the round-trip tests
in ``tests/packs/`` hold this).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from partyhost.packs.importers.gift import escape
from partyhost.packs.media import MediaError, MediaStore
from partyhost.packs.model import Pack

FORMATS = ("json", "zip", "gift", "csv")
MEDIA_TYPES = {
    "json": "application/json",
    "zip": "application/zip",
    "gift": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
EXTENSIONS = {"json": "json", "zip": "zip", "gift": "gift.txt", "csv": "csv"}
CSV_COLUMNS = ["type", "question", "A", "B", "C", "D", "E", "F", "correct", "time_limit", "explanation", "image"]
LETTERS = "ABCDEF"


@dataclass
class Exported:
    body: bytes
    lost: list[str] = field(default_factory=list)


def to_json(pack: Pack) -> Exported:
    text = json.dumps(pack.model_dump(exclude_none=True), indent=2, ensure_ascii=False) + "\n"
    return Exported(text.encode("utf-8"))


def to_zip(pack: Pack, store: MediaStore) -> Exported:
    """``pack.json`` and every picture and sound it refers to, under the same relative paths."""
    out = io.BytesIO()
    lost: list[str] = []
    data = pack.model_dump(exclude_none=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        written: set[str] = set()
        for number, question in enumerate(data["questions"], start=1):
            for key in ("image", "audio"):
                path = question.get(key)
                if not path or path in written:
                    continue
                try:
                    blob = store.read(path)
                except MediaError:
                    lost.append(f"question {number}: {path} is missing from the media folder")
                    del question[key]
                    continue
                # Pictures and sounds are compressed already.
                archive.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), blob, zipfile.ZIP_STORED)
                written.add(path)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        archive.writestr(zipfile.ZipInfo("pack.json", date_time=(2020, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return Exported(out.getvalue(), lost)


def _gift_weight(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def _gift_number(value: float) -> str:
    return f"{value:.10g}"


def to_gift(pack: Pack) -> Exported:
    """Moodle GIFT: single → ``=right ~wrong``; multi → ``~%50%a ~%50%b ~%-100%c``; true/false → ``{T}``;
    typed → ``{=a =b}``; number → ``{#answer:tolerance}``."""
    lines = [f"// {pack.title}", f"// exported by partyhost from the pack {pack.id}", ""]
    lost: list[str] = []
    for number, question in enumerate(pack.model_dump(exclude_none=True)["questions"], start=1):
        kind = question["type"]
        text = escape(question["text"])
        if text.startswith("["):
            text = "[plain]" + text
        general = f"####{escape(question['explanation'])}" if question.get("explanation") else ""
        items: list[str] = []
        if kind == "truefalse":
            lines.append(f"::Q{number}:: {text} {{{'TRUE' if question['correct'] else 'FALSE'}{general}}}")
        elif kind in ("single", "multi"):
            options = question["options"]
            if kind == "single":
                items = [f"{'=' if i == question['correct'] else '~'}{escape(o)}" for i, o in enumerate(options)]
            else:
                right = _gift_weight(len(question["correct"]))
                wrong_count = len(options) - len(question["correct"])
                wrong = _gift_weight(wrong_count) if wrong_count else "100"
                items = [
                    f"~%{right}%{escape(o)}" if i in question["correct"] else f"~%-{wrong}%{escape(o)}"
                    for i, o in enumerate(options)
                ]
        elif kind == "typed":
            items = [f"={escape(answer)}" for answer in question["accepted"]]
        elif kind == "number":
            tolerance = question.get("tolerance", 0)
            items = [f"#{_gift_number(question['answer'])}" + (f":{_gift_number(tolerance)}" if tolerance else "")]
            if question.get("closest") or question.get("min") is not None or question.get("unit"):
                lost.append(f"question {number}: GIFT keeps only the number and its tolerance")
        else:
            lost.append(f"question {number}: GIFT has no {kind} questions; left out")
            continue
        if items:
            lines.append(f"::Q{number}:: {text} {{")
            lines.extend(f"\t{item}" for item in items)
            if general:
                lines.append(f"\t{general}")
            lines.append("}")
        lines.append("")
        if question.get("time_limit") is not None:
            lost.append(f"question {number}: GIFT has no time limit ({question['time_limit']} s)")
        if question.get("image") or question.get("audio"):
            lost.append(f"question {number}: GIFT carries no pictures or sounds")
    return Exported("\n".join(lines).encode("utf-8"), lost)


def to_csv(pack: Pack) -> Exported:
    """partyhost's CSV layout (docs/packs.md), comma-separated, UTF-8 with a byte-order mark for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    lost: list[str] = []
    for number, question in enumerate(pack.model_dump(exclude_none=True)["questions"], start=1):
        kind = question["type"]
        options = ["", "", "", "", "", ""]
        if kind == "truefalse":
            correct = "true" if question["correct"] else "false"
        elif kind in ("single", "multi"):
            for i, option in enumerate(question["options"]):
                options[i] = option
            indexes = [question["correct"]] if kind == "single" else question["correct"]
            correct = ",".join(LETTERS[i] for i in sorted(indexes))
        else:
            lost.append(f"question {number}: the CSV layout has no {kind} questions; left out")
            continue
        row = [kind, question["text"], *options, correct]
        row += [str(question.get("time_limit") or ""), question.get("explanation", ""), question.get("image", "")]
        writer.writerow(row)
        if question.get("audio"):
            lost.append(f"question {number}: the CSV layout has no column for sounds")
    return Exported(("\ufeff" + out.getvalue()).encode("utf-8"), lost)


def export(pack: Pack, fmt: str, store: MediaStore) -> Exported:
    if fmt == "json":
        return to_json(pack)
    if fmt == "zip":
        return to_zip(pack, store)
    if fmt == "gift":
        return to_gift(pack)
    if fmt == "csv":
        return to_csv(pack)
    raise ValueError(f"unknown export format {fmt!r}")
