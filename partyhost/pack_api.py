"""HTTP routes for packs beyond listing: import any format, export, edit, and the media files.

Everything that reads a whole pack (with its answers) or changes one needs host
rights: a phone on the LAN must never be able to fetch the answer key. Media
files are public (phones show them) and never change once stored, so they are
served with a year-long, immutable cache time.

The editor saves through ``PUT /api/packs/{id}``: a valid pack is written as the
pack itself (atomically); one with problems is kept as a draft
(``DATA/packs/drafts/ID.json``) and the problems are returned, so autosave never
loses typing and never leaves a broken pack where rooms are made from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from partyhost import protocol
from partyhost.app import ApiError, State, require_host
from partyhost.packs import exporters, importers
from partyhost.packs.library import Library, PackInfo
from partyhost.packs.media import CONTENT_TYPES, MAX_IMAGE, MAX_UPLOAD, STORED, MediaError, MediaStore
from partyhost.packs.model import PackError, problems

MAX_DRAFT = 2 * 1024 * 1024
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def _state(request: Request) -> State:
    return request.app.state.partyhost  # type: ignore[no-any-return]


def media_store(state: State) -> MediaStore:
    from partyhost.resources import questions_dir

    return MediaStore(state.config.data_dir / "media", questions_dir() / "media")


def drafts_dir(library: Library) -> Path:
    return library.imported / "drafts"


async def _raw_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"That upload is larger than {limit // (1024 * 1024)} MB.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"That upload is larger than {limit // (1024 * 1024)} MB.")
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request, limit: int = MAX_DRAFT) -> Any:
    body = await _raw_body(request, limit)
    try:
        return protocol.loads(body or b"{}")
    except ValueError:
        raise ApiError(400, "bad_json", "The request body is not JSON.") from None


def _name(request: Request) -> str:
    name = request.query_params.get("filename", "upload")
    return os.path.basename(name.replace("\\", "/"))[:200] or "upload"


def _info(request: Request) -> PackInfo:
    info = _state(request).library.get(request.path_params["pack"])
    if info is None:
        raise ApiError(404, "no_such_pack", f"There is no pack with the id {request.path_params['pack']!r}.")
    return info


# ------------------------------------------------------------------ import / export


async def import_file(request: Request) -> Response:
    """``POST /api/packs/import?filename=NAME[&format=F]``: the file's bytes as the body."""
    require_host(request)
    state = _state(request)
    data = await _raw_body(request, MAX_UPLOAD)
    filename = _name(request)
    fmt = request.query_params.get("format") or None
    if fmt is not None and fmt not in importers.FORMATS:
        raise ApiError(400, "bad_message", f"format is one of {', '.join(importers.FORMATS)}.")
    try:
        result = importers.read(data, filename, fmt)
        info, notes = importers.save(result, state.library, media_store(state), filename)
    except PackError as exc:  # ImportFailed too
        raise ApiError(400, "bad_pack", str(exc)) from None
    report = result.report()
    report["notes"] = [{"where": n.where, "reason": n.reason} for n in notes]
    return JSONResponse({"pack": info.summary(), "report": report}, status_code=201)


async def export_pack(request: Request) -> Response:
    """``GET /api/packs/{id}/export?format=json|zip|gift|csv``."""
    require_host(request)
    info = _info(request)
    fmt = request.query_params.get("format", "json")
    if fmt not in exporters.FORMATS:
        raise ApiError(400, "bad_message", f"format is one of {', '.join(exporters.FORMATS)}.")
    exported = exporters.export(info.pack, fmt, media_store(_state(request)))
    headers = {
        "Content-Disposition": f'attachment; filename="{info.pack.id}.{exporters.EXTENSIONS[fmt]}"',
        "Cache-Control": "no-store",
    }
    if exported.lost:
        headers["X-Partyhost-Lost"] = str(len(exported.lost))
    return Response(exported.body, media_type=exporters.MEDIA_TYPES[fmt], headers=headers)


# ------------------------------------------------------------------ editing


async def get_pack(request: Request) -> Response:
    """The whole pack for the editor, with its draft if one is newer."""
    require_host(request)
    state = _state(request)
    pack_id = request.path_params["pack"]
    info = state.library.get(pack_id)
    draft_path = drafts_dir(state.library) / f"{pack_id}.json"
    draft = None
    if draft_path.is_file() and (info is None or info.source != "bundled"):
        try:
            draft = json.loads(draft_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            draft = None
    if info is None and draft is None:
        raise ApiError(404, "no_such_pack", f"There is no pack with the id {pack_id!r}.")
    body: dict[str, Any] = {
        "pack": draft if draft is not None else info.pack.model_dump(exclude_none=True),  # type: ignore[union-attr]
        "source": info.source if info else "draft",
        "editable": info is None or info.source != "bundled",
        "draft": draft is not None,
    }
    body["problems"] = [{"where": w, "message": m} for w, m in problems(body["pack"])]
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _bundled_ids(library: Library) -> set[str]:
    return {info.pack.id for info in library.packs() if info.source == "bundled"}


async def validate_pack(request: Request) -> Response:
    """``POST /api/packs/validate``: every problem, in the words the import uses."""
    require_host(request)
    data = await _json(request)
    found = [{"where": w, "message": m} for w, m in problems(data)]
    return JSONResponse({"problems": found})


async def save_pack(request: Request) -> Response:
    """``PUT /api/packs/{id}``: save a valid pack, or keep an invalid one as a draft."""
    require_host(request)
    state = _state(request)
    pack_id = request.path_params["pack"]
    if pack_id in _bundled_ids(state.library):
        raise ApiError(403, "read_only", "Bundled packs are read-only; make a copy to edit.")
    data = await _json(request)
    if not isinstance(data, dict) or data.get("id") != pack_id:
        raise ApiError(400, "bad_message", "The pack's id must match the address it is saved to.")
    found = problems(data)
    drafts = drafts_dir(state.library)
    draft_path = drafts / f"{pack_id}.json"
    if found:
        drafts.mkdir(parents=True, exist_ok=True)
        _write(draft_path, json.dumps(data, ensure_ascii=False, indent=2))
        report = [{"where": w, "message": m} for w, m in found]
        return JSONResponse({"saved": "draft", "problems": report})
    missing = [q.get("image") for q in data["questions"] if q.get("image") and not media_store(state).has(q["image"])]
    if missing:
        drafts.mkdir(parents=True, exist_ok=True)
        _write(draft_path, json.dumps(data, ensure_ascii=False, indent=2))
        report = [{"where": "the pack", "message": f"the picture {missing[0]} is not on this host"}]
        return JSONResponse({"saved": "draft", "problems": report})
    try:
        info = state.library.import_pack(data, source=f"{pack_id}.json")
    except PackError as exc:
        raise ApiError(400, "bad_pack", str(exc)) from None
    draft_path.unlink(missing_ok=True)
    return JSONResponse({"saved": "pack", "problems": [], "pack": info.summary()})


async def delete_pack(request: Request) -> Response:
    require_host(request)
    state = _state(request)
    pack_id = request.path_params["pack"]
    if pack_id in _bundled_ids(state.library):
        raise ApiError(403, "read_only", "Bundled packs cannot be deleted.")
    path = state.library.imported / f"{pack_id}.json"
    draft = drafts_dir(state.library) / f"{pack_id}.json"
    if not path.is_file() and not draft.is_file():
        raise ApiError(404, "no_such_pack", f"There is no pack with the id {pack_id!r}.")
    path.unlink(missing_ok=True)
    draft.unlink(missing_ok=True)
    return JSONResponse({"deleted": pack_id})


async def copy_pack(request: Request) -> Response:
    """``POST /api/packs/{id}/copy``: an editable copy under a free id."""
    require_host(request)
    state = _state(request)
    info = _info(request)
    data = info.pack.model_dump(exclude_none=True)
    data["id"] = importers.free_id(state.library, f"{info.pack.id[:58]}-copy")
    data["title"] = f"{info.pack.title[:73]} (copy)"
    copied = state.library.import_pack(data, source=f"{data['id']}.json")
    return JSONResponse({"pack": copied.summary()}, status_code=201)


async def new_pack(request: Request) -> Response:
    """``POST /api/packs/new``: an empty draft to fill in the editor."""
    require_host(request)
    state = _state(request)
    pack_id = importers.free_id(state.library, "my-quiz")
    drafts = drafts_dir(state.library)
    while (drafts / f"{pack_id}.json").exists():
        pack_id = importers.free_id(state.library, f"{pack_id}-x")
    data = {
        "format": "partyhost-pack/1",
        "id": pack_id,
        "title": "My quiz",
        "questions": [{"type": "single", "text": "", "options": ["", ""], "correct": 0}],
    }
    drafts.mkdir(parents=True, exist_ok=True)
    _write(drafts / f"{pack_id}.json", json.dumps(data, indent=2))
    return JSONResponse({"id": pack_id}, status_code=201)


async def list_drafts(request: Request) -> Response:
    require_host(request)
    folder = drafts_dir(_state(request).library)
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        title = data.get("title") if isinstance(data, dict) else None
        found.append({"id": path.stem, "title": title if isinstance(title, str) else path.stem})
    return JSONResponse({"drafts": found})


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# ------------------------------------------------------------------ media


async def upload_media(request: Request) -> Response:
    """``POST /api/media?filename=NAME``: a picture or sound; answers with the path a question uses."""
    require_host(request)
    data = await _raw_body(request, MAX_IMAGE)
    try:
        path = media_store(_state(request)).add(data, _name(request))
    except MediaError as exc:
        raise ApiError(400, "bad_media", str(exc)) from None
    return JSONResponse({"path": path}, status_code=201)


def _media_response(request: Request, phone: bool) -> Response:
    name = request.path_params["name"]
    found = media_store(_state(request)).find(name, phone=phone) if STORED.match(name) else None
    if found is None:
        raise ApiError(404, "not_found", "No such picture or sound.")
    kind = name.rsplit(".", 1)[1]
    return FileResponse(found, media_type=CONTENT_TYPES[kind], headers=IMMUTABLE)


async def media_file(request: Request) -> Response:
    return _media_response(request, phone=False)


async def media_phone(request: Request) -> Response:
    return _media_response(request, phone=True)


def routes() -> list[Route]:
    return [
        Route("/api/packs/import", import_file, methods=["POST"]),
        Route("/api/packs/validate", validate_pack, methods=["POST"]),
        Route("/api/packs/new", new_pack, methods=["POST"]),
        Route("/api/drafts", list_drafts, methods=["GET"]),
        Route("/api/packs/{pack}", get_pack, methods=["GET"]),
        Route("/api/packs/{pack}", save_pack, methods=["PUT"]),
        Route("/api/packs/{pack}", delete_pack, methods=["DELETE"]),
        Route("/api/packs/{pack}/copy", copy_pack, methods=["POST"]),
        Route("/api/packs/{pack}/export", export_pack, methods=["GET"]),
        Route("/api/media", upload_media, methods=["POST"]),
        Route("/media/phone/{name}", media_phone, methods=["GET"]),
        Route("/media/{name}", media_file, methods=["GET"]),
    ]
