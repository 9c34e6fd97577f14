"""Media packs: pictures checked and downscaled, zips read safely (evil zips refused, nothing written)."""

from __future__ import annotations

import io
import json
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from partyhost.packs import importers
from partyhost.packs.importers import ImportFailed
from partyhost.packs.library import Library
from partyhost.packs.media import PHONE_EDGE, SCREEN_EDGE, MediaError, MediaStore, prepare, sniff
from partyhost.resources import questions_dir


def picture(width: int, height: int, fmt: str = "PNG", exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "CameraMaker"  # a tag that must not survive
        image.save(out, fmt, exif=info)
    else:
        image.save(out, fmt)
    return out.getvalue()


PACK = {
    "format": "partyhost-pack/1",
    "id": "zipped",
    "title": "Zipped",
    "questions": [
        {"type": "truefalse", "text": "Is this blue?", "correct": True, "image": "images/blue.png"},
        {"type": "single", "text": "Which?", "options": ["a", "b"], "correct": 0, "image": "images/missing.jpg"},
    ],
}


def make_zip(members: dict[str, bytes], *, prefix: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in members.items():
            archive.writestr(prefix + name, blob)
    return out.getvalue()


def test_a_large_photo_is_downscaled_for_the_screen_and_the_phones_and_loses_its_metadata() -> None:
    prepared = prepare(picture(4000, 3000, "JPEG", exif=True), "photo.jpg")
    with Image.open(io.BytesIO(prepared.screen)) as screen:
        assert max(screen.size) == SCREEN_EDGE
        assert 0x010F not in screen.getexif()
    assert prepared.phone is not None
    with Image.open(io.BytesIO(prepared.phone)) as phone:
        assert max(phone.size) == PHONE_EDGE


def test_the_type_comes_from_the_bytes_not_the_name() -> None:
    with pytest.raises(MediaError, match="is not a PNG, JPEG, GIF or WebP picture"):
        prepare(b"<script>alert(1)</script>", "cat.png")
    assert sniff(picture(4, 4, "GIF")) == "gif"


def test_a_truncated_picture_is_refused() -> None:
    with pytest.raises(MediaError, match="damaged"):
        prepare(picture(50, 50)[:60], "cut.png")


def test_a_zip_pack_stores_its_pictures_and_keeps_a_question_whose_picture_is_missing(tmp_path: Path) -> None:
    data = make_zip({"pack.json": json.dumps(PACK).encode(), "images/blue.png": picture(30, 20)}, prefix="My pack/")
    library = Library(questions_dir(), tmp_path / "packs")
    store = MediaStore(tmp_path / "media")
    info, notes = importers.save(importers.read(data, "pack.zip"), library, store, "pack.zip")
    first, second = info.pack.questions
    assert first.image is not None and first.image.startswith("media/") and store.has(first.image)
    assert second.image is None
    assert [(n.where, n.reason) for n in notes] == [
        ("question 2", "image images/missing.jpg is not in the file; kept without it")
    ]


def _evil(name: str, blob: bytes = b"x", *, symlink: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("pack.json", json.dumps(PACK))
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, blob)
    return out.getvalue()


@pytest.mark.parametrize(
    "name,symlink,message",
    [
        ("../../outside.png", False, "leaves the pack"),
        ("images/../../outside.png", False, "leaves the pack"),
        ("/etc/passwd", False, "absolute path"),
        ("C:/Windows/evil.png", False, "absolute path"),
        ("images\\..\\evil.png", False, "backslash"),
        ("images/blue.png", True, "symbolic link"),
    ],
)
def test_evil_zips_are_refused_whole_and_nothing_is_written(
    tmp_path: Path, name: str, symlink: bool, message: str
) -> None:
    data = _evil(name, b"/etc/passwd" if symlink else picture(5, 5), symlink=symlink)
    with pytest.raises(ImportFailed, match=message):
        importers.read(data, "evil.zip")
    assert list(tmp_path.iterdir()) == []


def _lying_zip(real: bytes, declared: int) -> bytes:
    """A zip whose headers claim ``declared`` bytes for a member that really inflates to more."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.json", json.dumps(PACK))
        archive.writestr("images/blue.png", real)
    data = bytearray(out.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature, data.find(b"images/blue.png") - 60 if signature == b"PK\x03\x04" else 0)
        while start >= 0:
            name_len = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[name_at : name_at + name_len]) == b"images/blue.png":
                struct.pack_into("<I", data, start + offset, declared)
                break
            start = data.find(signature, start + 4)
    return bytes(data)


def test_a_zip_bomb_that_lies_about_its_size_is_refused() -> None:
    bomb = b"\x89PNG\r\n\x1a\n" + b"\0" * (30 * 1024 * 1024)  # deflates to a few tens of KB
    with pytest.raises(ImportFailed, match=r"not the size the zip declares|damaged"):
        importers.read(_lying_zip(bomb, 1000), "bomb.zip")


def test_a_zip_bomb_that_declares_its_size_is_refused_before_reading() -> None:
    bomb = b"\0" * (300 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.json", json.dumps(PACK))
        archive.writestr("images/blue.png", bomb)
    with pytest.raises(ImportFailed, match="unpacks to"):
        importers.read(out.getvalue(), "bomb.zip")
