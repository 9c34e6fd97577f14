"""The packs a host can choose from: bundled ones and ones imported into the data dir."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partyhost.packs.model import Pack, PackError, load_pack, parse_pack

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PackInfo:
    pack: Pack
    source: str  # "bundled" or "imported"
    path: Path

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.pack.id,
            "title": self.pack.title,
            "description": self.pack.description,
            "questions": len(self.pack.questions),
            "source": self.source,
        }


class Library:
    """Bundled packs (read-only) and imported packs (``DATA/packs/*.json``)."""

    def __init__(self, bundled: Path, imported: Path) -> None:
        self.bundled = bundled
        self.imported = imported
        #: packs that failed to load, by file name, with the reason
        self.problems: dict[str, str] = {}

    def _scan(self, folder: Path, source: str) -> list[PackInfo]:
        found: list[PackInfo] = []
        if not folder.is_dir():
            return found
        for path in sorted(folder.glob("*.json")):
            try:
                found.append(PackInfo(load_pack(path), source, path))
            except PackError as exc:
                # One broken file never stops the others from loading.
                self.problems[path.name] = str(exc)
                log.warning("skipping pack %s", exc)
        return found

    def packs(self) -> list[PackInfo]:
        self.problems = {}
        bundled = self._scan(self.bundled, "bundled")
        taken = {info.pack.id for info in bundled}
        imported = [i for i in self._scan(self.imported, "imported") if i.pack.id not in taken]
        return bundled + imported

    def get(self, pack_id: str) -> PackInfo | None:
        for info in self.packs():
            if info.pack.id == pack_id:
                return info
        return None

    def import_pack(self, data: Any, source: str = "upload") -> PackInfo:
        """Validate a pack and copy it into the data dir; a bundled id is refused."""
        pack = parse_pack(data, source)
        if any(i.pack.id == pack.id for i in self._scan(self.bundled, "bundled")):
            raise PackError(source, f"id {pack.id!r} is taken by a bundled pack; choose another id")
        self.imported.mkdir(parents=True, exist_ok=True)
        path = self.imported / f"{pack.id}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(pack.model_dump(exclude_none=True), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return PackInfo(pack, "imported", path)
