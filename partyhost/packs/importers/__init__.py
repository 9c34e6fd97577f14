"""Importing question files of other tools, and partyhost's own, into packs.

:func:`read` turns a file into an :class:`ImportResult` (a whole, valid pack
and a report of what was taken, what was skipped and why, with line or row
numbers) without writing anything. :func:`finish` checks and prepares the
pictures and sounds; :func:`save` then stores media and pack, so a broken file
never leaves half a pack behind.

Formats: ``json`` and ``zip`` (partyhost), ``kahoot`` (.xlsx), ``gift``,
``moodle-xml``, ``aiken``, ``csv`` and ``opentdb``. :func:`detect` picks one
from the file name and the first bytes.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from partyhost.packs.importers.aiken import import_aiken
from partyhost.packs.importers.base import ImportFailed, ImportResult, Skipped, Taken
from partyhost.packs.importers.csvtable import import_csv
from partyhost.packs.importers.gift import import_gift
from partyhost.packs.importers.kahoot import import_kahoot
from partyhost.packs.importers.moodle_xml import import_moodle_xml
from partyhost.packs.importers.native import import_json, import_zip
from partyhost.packs.importers.opentdb import import_opentdb, looks_like
from partyhost.packs.library import Library, PackInfo
from partyhost.packs.media import AUDIO_TYPES, IMAGE_TYPES, MediaError, MediaStore, Prepared, prepare, sniff
from partyhost.packs.model import parse_pack

READERS: dict[str, Callable[[bytes, str], ImportResult]] = {
    "json": import_json,
    "zip": import_zip,
    "kahoot": import_kahoot,
    "gift": import_gift,
    "moodle-xml": import_moodle_xml,
    "aiken": import_aiken,
    "csv": import_csv,
    "opentdb": import_opentdb,
}
FORMATS = tuple(READERS)
#: formats whose file names the pack's id and title come from (they carry none of their own)
NAMED_BY_FILE = frozenset({"kahoot", "gift", "aiken", "csv", "opentdb", "moodle-xml"})

_EXTENSIONS = {
    ".xlsx": "kahoot",
    ".gift": "gift",
    ".xml": "moodle-xml",
    ".csv": "csv",
    ".tsv": "csv",
    ".aiken": "aiken",
    ".zip": "zip",
}


def detect(filename: str, data: bytes) -> str:
    """The format of a file, from its name and its first bytes; :class:`ImportFailed` if unknown."""
    name = filename.lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                return "kahoot" if "xl/workbook.xml" in archive.namelist() else "zip"
        except (zipfile.BadZipFile, ValueError, OSError):
            return "kahoot" if ext == ".xlsx" else "zip"
    if ext in _EXTENSIONS and ext != ".zip":
        return _EXTENSIONS[ext]
    head = data[:4096].decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("<"):
        return "moodle-xml"
    if head.startswith(("{", "[")):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return "json"
        return "opentdb" if looks_like(document) else "json"
    text = data[:65536].decode("utf-8-sig", errors="replace")
    if re.search(r"^\s*ANSWER\s*:\s*[A-Za-z]\s*$", text, flags=re.MULTILINE) and "{" not in text:
        return "aiken"
    if "{" in text and "}" in text:
        return "gift"
    first = next((line for line in text.splitlines() if line.strip()), "").lower()
    if "question" in first and "correct" in first:
        return "csv"
    raise ImportFailed(
        filename,
        "is not a format partyhost knows (JSON, zip, Kahoot .xlsx, GIFT, Moodle XML, Aiken, CSV, Open Trivia DB)",
    )


def read(data: bytes, filename: str, fmt: str | None = None) -> ImportResult:
    """Read a file into a pack and its report; nothing is written. :class:`ImportFailed` says why not."""
    chosen = fmt or detect(filename, data)
    if chosen not in READERS:
        raise ImportFailed(filename, f"the format {chosen!r} is not one of {', '.join(FORMATS)}")
    return READERS[chosen](data, filename)


@dataclass
class Finished:
    """A pack ready to store: its JSON with media paths as stored, and the media to write."""

    data: dict[str, Any]
    media: list[Prepared]
    notes: list[Skipped] = field(default_factory=list)


def finish(result: ImportResult, store: MediaStore) -> Finished:
    """Check and prepare every picture and sound; a bad one is left out of its question, with a note."""
    data = result.pack.model_dump(exclude_none=True)
    ready: dict[str, Prepared] = {}
    notes: list[Skipped] = []
    for number, question in enumerate(data["questions"], start=1):
        for key, kinds, what in (("image", IMAGE_TYPES, "picture"), ("audio", AUDIO_TYPES, "sound")):
            path = question.get(key)
            if not path:
                continue
            blob = result.media.get(path)
            if blob is None:
                if not store.has(path):
                    del question[key]
                    notes.append(Skipped(f"question {number}", f"{key} {path} is not in the file; kept without it"))
                continue
            if sniff(blob) not in kinds:
                del question[key]
                notes.append(
                    Skipped(f"question {number}", f"{path} is not a {what} partyhost can show; kept without it")
                )
                continue
            try:
                prepared = ready.get(path) or prepare(blob, path)
            except MediaError as exc:
                del question[key]
                notes.append(Skipped(f"question {number}", f"{exc}; kept without it"))
                continue
            ready[path] = prepared
            question[key] = prepared.path
    return Finished(data, list({p.name: p for p in ready.values()}.values()), notes)


def free_id(library: Library, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … whichever no pack uses yet."""
    taken = {info.pack.id for info in library.packs()} | {p.stem for p in library.imported.glob("*.json")}
    if wanted not in taken:
        return wanted
    for number in range(2, 10_000):
        suffix = f"-{number}"
        candidate = wanted[: 64 - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise ImportFailed(wanted, "no free pack id is left")


def save(result: ImportResult, library: Library, store: MediaStore, filename: str) -> tuple[PackInfo, list[Skipped]]:
    """Store the media, then the pack (in one atomic write); the pack's info and the media notes."""
    finished = finish(result, store)
    if result.format in NAMED_BY_FILE:
        finished.data["id"] = free_id(library, finished.data["id"])
    parse_pack(finished.data, filename)  # still whole and valid after the media were settled
    for prepared in finished.media:
        store.write(prepared)
    return library.import_pack(finished.data, source=filename), finished.notes


__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "MediaError",
    "Skipped",
    "Taken",
    "detect",
    "finish",
    "read",
    "save",
]
