"""Request signatures: HMAC-SHA256 over method, path, timestamp, nonce and the body's hash.

The host signs every push with its key's secret; the receiver checks the
signature and that the timestamp is fresh. ``docs/sync.md`` is the
specification; this module is its reference code, used by both sides. It needs
only the standard library.

The signed text is five lines, joined by ``\\n``::

    PARTYHOST-HMAC-SHA256
    POST
    /v1/push
    1767312000
    3q2-7wX0aZk_Jm9d
    9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08

(scheme, method, path with its query string, Unix timestamp in seconds, nonce,
SHA-256 of the body in hex). The signature is the HMAC-SHA256 of that text with
the secret, in hex.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "PARTYHOST-HMAC-SHA256"
KEY_HEADER = "X-Partyhost-Key-Id"
TIMESTAMP_HEADER = "X-Partyhost-Timestamp"
NONCE_HEADER = "X-Partyhost-Nonce"
SIGNATURE_HEADER = "X-Partyhost-Signature"
#: how far apart the host's and the receiver's clocks may be, either way
MAX_SKEW_SECONDS = 300

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
SECRET = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
SIGNATURE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Key:
    """A key as the host holds it: the id the receiver looks up and the shared secret."""

    id: str
    secret: str

    def __str__(self) -> str:
        return f"{self.id}:{self.secret}"


def parse_key(text: str) -> Key:
    """``KEYID:SECRET`` as ``partyhost cloud keys create`` prints it; ``ValueError`` otherwise."""
    key_id, sep, secret = text.strip().partition(":")
    if not sep or not KEY_ID.match(key_id) or not SECRET.match(secret):
        raise ValueError("a cloud key looks like KEYID:SECRET, as printed by `partyhost cloud keys create`")
    return Key(key_id, secret)


def new_key() -> Key:
    return Key("pk_" + secrets.token_hex(8), secrets.token_urlsafe(32))


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join((SCHEME, method.upper(), path, timestamp, nonce, body_hash(body))).encode("utf-8")


def signature(secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    text = string_to_sign(method, path, timestamp, nonce, body)
    return hmac.new(secret.encode("utf-8"), text, hashlib.sha256).hexdigest()


def sign(key: Key, method: str, path: str, body: bytes, *, now: float, nonce: str | None = None) -> dict[str, str]:
    """The four headers that sign a request made at Unix time ``now``."""
    timestamp = str(int(now))
    nonce = nonce or new_nonce()
    return {
        KEY_HEADER: key.id,
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: signature(key.secret, method, path, timestamp, nonce, body),
    }


def matches(secret: str, given: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bool:
    """Whether ``given`` is the signature of this request; compared in constant time."""
    return hmac.compare_digest(signature(secret, method, path, timestamp, nonce, body), given)
