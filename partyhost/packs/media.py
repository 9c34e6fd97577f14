"""Pictures and sounds of packs: checked, downscaled, stored by content, read safely from zips.

Stored media live in ``DATA/media/<hash>.<ext>`` (a packs's questions refer to
them as ``media/<hash>.<ext>``), named by the SHA-256 of the stored bytes, so
a file never changes once written: the host serves it with a long cache time,
rooms keep their pictures when a pack is edited, and the same picture in two
packs is stored once. Pictures are re-encoded on the way in (which drops
metadata such as a photo's GPS position) and scaled to at most
:data:`SCREEN_EDGE` pixels for the projector, with a second copy of at most
:data:`PHONE_EDGE` pixels in ``DATA/media/phone/`` for phones. Animated GIFs are
kept as they are. The type is taken from the file's first bytes, never from its
name.

Zips are never extracted to disk by their member names: :func:`read_zip` reads
the members a pack asks for into memory after checking every name (no absolute
paths, no ``..``, no backslashes, no symlinks), every declared size and the
real size read, against the limits below.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD = 50 * 1024 * 1024  #: a whole upload (a zip pack)
MAX_IMAGE = 10 * 1024 * 1024  #: one picture as uploaded
MAX_AUDIO = 5 * 1024 * 1024  #: one sound
MAX_PIXELS = 40_000_000  #: width x height of a picture, checked before it is decoded
MAX_MEMBERS = 2000  #: entries in a zip
MAX_UNPACKED = 200 * 1024 * 1024  #: all entries of a zip together, as declared
SCREEN_EDGE = 1600  #: longest side of a picture for the projector
PHONE_EDGE = 720  #: longest side of a picture for phones

IMAGE_TYPES = ("png", "jpg", "gif", "webp")
AUDIO_TYPES = ("mp3", "ogg", "wav", "m4a")
CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
}
#: a stored media file's name
STORED = re.compile(r"^[0-9a-f]{32}\.(png|jpg|gif|webp|mp3|ogg|wav|m4a)$")


class MediaError(ValueError):
    """A picture, sound or zip that cannot be used, and why."""


def sniff(blob: bytes) -> str | None:
    """The media type from the first bytes: png, jpg, gif, webp, mp3, ogg, wav, m4a or ``None``."""
    if blob.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if blob.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if blob.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if blob[:4] == b"RIFF" and blob[8:12] == b"WEBP":
        return "webp"
    if blob[:4] == b"RIFF" and blob[8:12] == b"WAVE":
        return "wav"
    if blob.startswith(b"OggS"):
        return "ogg"
    if blob.startswith(b"ID3") or (len(blob) > 1 and blob[0] == 0xFF and blob[1] & 0xE0 == 0xE0):
        return "mp3"
    if blob[4:8] == b"ftyp":
        return "m4a"
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A media file checked and ready to store."""

    name: str  # <hash>.<ext>
    screen: bytes
    phone: bytes | None  # None: phones get the screen copy (sounds, small pictures)

    @property
    def path(self) -> str:
        return f"media/{self.name}"


def prepare(blob: bytes, label: str) -> Prepared:
    """Check a picture or sound and make its stored copies; :class:`MediaError` says why not."""
    kind = sniff(blob)
    if kind is None:
        raise MediaError(f"{label}: is not a PNG, JPEG, GIF or WebP picture, nor an MP3, OGG, WAV or M4A sound")
    if kind in AUDIO_TYPES:
        if len(blob) > MAX_AUDIO:
            raise MediaError(f"{label}: the sound is {_mb(len(blob))}; at most {_mb(MAX_AUDIO)}")
        return Prepared(f"{hashlib.sha256(blob).hexdigest()[:32]}.{kind}", blob, None)
    if len(blob) > MAX_IMAGE:
        raise MediaError(f"{label}: the picture is {_mb(len(blob))}; at most {_mb(MAX_IMAGE)}")
    try:
        with Image.open(io.BytesIO(blob)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise MediaError(f"{label}: the picture is {width} x {height} pixels; at most 40 megapixels")
            if kind == "gif" and getattr(image, "is_animated", False):
                return Prepared(f"{hashlib.sha256(blob).hexdigest()[:32]}.gif", blob, None)
            image.load()
            # A picture that is small enough and carries no metadata is kept byte for byte, so a
            # pack exported as a zip and imported again names its pictures the same way.
            keep = max(width, height) <= SCREEN_EDGE and not _has_metadata(image)
            screen = blob if keep else _scaled(image, kind, SCREEN_EDGE)
            phone = _scaled(image, kind, PHONE_EDGE) if max(width, height) > PHONE_EDGE else None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, MediaError):
            raise
        raise MediaError(f"{label}: the picture is damaged or not really a {kind.upper()}") from None
    return Prepared(f"{hashlib.sha256(screen).hexdigest()[:32]}.{kind}", screen, phone)


def _has_metadata(image: Image.Image) -> bool:
    """EXIF (a photo's GPS position, camera), XMP, comments or text chunks."""
    if image.getexif():
        return True
    if any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop")):
        return True
    return bool(getattr(image, "text", None))


def _scaled(image: Image.Image, kind: str, edge: int) -> bytes:
    """Re-encode (dropping metadata), upright and at most ``edge`` pixels on its longest side."""
    picture = ImageOps.exif_transpose(image)
    if max(picture.size) > edge:
        picture = picture.copy()
        picture.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "jpg":
        picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "webp":
        picture.save(out, "WEBP", quality=85)
    elif kind == "gif":
        picture.save(out, "GIF")
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class MediaStore:
    """The media folder of a data dir, plus (read-only) the bundled packs' media."""

    def __init__(self, folder: Path, bundled: Path | None = None) -> None:
        self.folder = folder
        self.bundled = bundled

    def find(self, name: str, *, phone: bool = False) -> Path | None:
        """The file to serve for a stored name (``<hash>.<ext>``), or ``None``."""
        if not STORED.match(name):
            return None
        for root in (self.folder, self.bundled):
            if root is None:
                continue
            if phone and (root / "phone" / name).is_file():
                return root / "phone" / name
            if (root / name).is_file():
                return root / name
        return None

    def has(self, path: str) -> bool:
        """Whether a pack path (``media/<hash>.<ext>``) is stored."""
        return path.startswith("media/") and self.find(path.removeprefix("media/")) is not None

    def read(self, path: str) -> bytes:
        found = self.find(path.removeprefix("media/")) if path.startswith("media/") else None
        if found is None:
            raise MediaError(f"{path}: is not in the media folder")
        return found.read_bytes()

    def write(self, prepared: Prepared) -> str:
        """Store a prepared file (nothing to do if it is there already); its pack path."""
        self._put(self.folder / prepared.name, prepared.screen)
        if prepared.phone is not None:
            self._put(self.folder / "phone" / prepared.name, prepared.phone)
        return prepared.path

    def add(self, blob: bytes, label: str) -> str:
        return self.write(prepare(blob, label))

    @staticmethod
    def _put(path: Path, blob: bytes) -> None:
        if path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)


# ------------------------------------------------------------------ zips


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member may not be used (a path that escapes, a link), or ``None``."""
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if "\\" in name or "\0" in name:
        return "has a backslash or NUL in its name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "is a path that leaves the pack (..)"
    return None


def zip_entries(data: bytes, label: str) -> zipfile.ZipFile:
    """Open a zip after checking every member's name and declared size; :class:`MediaError` if unsafe."""
    if len(data) > MAX_UPLOAD:
        raise MediaError(f"{label}: the file is {_mb(len(data))}; at most {_mb(MAX_UPLOAD)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise MediaError(f"{label}: is not a readable zip file") from None
    if len(infos) > MAX_MEMBERS:
        raise MediaError(f"{label}: holds {len(infos)} files; at most {MAX_MEMBERS}")
    total = 0
    for info in infos:
        problem = member_problem(info)
        if problem:
            raise MediaError(f"{label}: {info.filename} {problem}; the zip is refused")
        total += info.file_size
    if total > MAX_UNPACKED:
        raise MediaError(f"{label}: unpacks to {_mb(total)}; at most {_mb(MAX_UNPACKED)}")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int, label: str) -> bytes:
    """Read one member, never more than ``limit`` bytes nor more than it declares."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise MediaError(f"{label}: {name} is not in the zip") from None
    if info.file_size > limit:
        raise MediaError(f"{label}: {name} is {_mb(info.file_size)}; at most {_mb(limit)}")
    try:
        with archive.open(info) as stream:
            blob = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        raise MediaError(f"{label}: {name} is damaged in the zip") from None
    if len(blob) > limit or len(blob) != info.file_size:
        raise MediaError(f"{label}: {name} is not the size the zip declares; the zip is refused")
    return blob
