"""partyhost's own formats: a pack as JSON, or a zip with ``pack.json`` and its media.

A native pack is all or nothing: one broken question refuses the file with the
question's number and field, as ``partyhost packs check`` always has. In a
zip, ``pack.json`` sits at the top or in one folder; pictures and sounds are
referenced by their path relative to it (``images/cat.jpg``). Only the files a
question refers to are read; a zip with a member whose name escapes the pack
(absolute, ``..``, a symlink) is refused whole.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from partyhost.packs.importers.base import ImportFailed, ImportResult, Taken, short
from partyhost.packs.media import MAX_AUDIO, MAX_IMAGE, MediaError, read_member, zip_entries
from partyhost.packs.model import PackError, parse_pack

MAX_PACK_JSON = 2 * 1024 * 1024


def _decode(data: bytes, source: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(source, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(source, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def _result(document: Any, source: str, fmt: str) -> ImportResult:
    try:
        pack = parse_pack(document, source)
    except PackError as exc:
        raise ImportFailed(source, exc.message) from None
    taken = [Taken(f"question {n}", short(q.text)) for n, q in enumerate(pack.questions, start=1)]
    return ImportResult(pack, fmt, taken, [])


def import_json(data: bytes, filename: str) -> ImportResult:
    return _result(_decode(data, filename), filename, "json")


def import_zip(data: bytes, filename: str) -> ImportResult:
    try:
        archive = zip_entries(data, filename)
    except MediaError as exc:
        raise ImportFailed(filename, exc.args[0].split(": ", 1)[-1]) from None
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        candidates = [n for n in names if PurePosixPath(n).name == "pack.json" and len(PurePosixPath(n).parts) <= 2]
        if not candidates:
            raise ImportFailed(filename, "has no pack.json (at the top of the zip or in one folder)")
        if len(candidates) > 1:
            raise ImportFailed(filename, f"has {len(candidates)} pack.json files; a zip holds one pack")
        manifest = candidates[0]
        base = PurePosixPath(manifest).parent
        try:
            document = _decode(read_member(archive, manifest, MAX_PACK_JSON, filename), f"{filename}/pack.json")
        except MediaError as exc:
            raise ImportFailed(filename, exc.args[0].split(": ", 1)[-1]) from None
        result = _result(document, f"{filename}/pack.json", "zip")
        for question in result.pack.questions:
            for key, limit in (("image", MAX_IMAGE), ("audio", MAX_AUDIO)):
                path = getattr(question, key)
                if path is None or path in result.media:
                    continue
                member = str(base / path) if str(base) != "." else path
                try:
                    result.media[path] = read_member(archive, member, limit, filename)
                except MediaError as exc:
                    if f"{member} is not in the zip" in str(exc):
                        continue  # reported when the media are stored: the question stays, without it
                    raise ImportFailed(filename, exc.args[0].split(": ", 1)[-1]) from None
    return result
