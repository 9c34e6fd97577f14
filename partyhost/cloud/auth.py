"""Who is asking: a signed request, a bearer key, or a dashboard session.

- Pushes must be signed (``partyhost/cloud/signing.py``): a known, unrevoked
  key, a timestamp within :data:`MAX_SKEW_SECONDS` of the receiver's clock, a
  nonce not seen before, and a signature that matches.
- Reads (``GET /v1/results``) take a signed request too, or
  ``Authorization: Bearer KEYID:SECRET`` for scripts and ``curl`` (over HTTPS).
- The dashboard keeps a session in a cookie: the key id, an expiry and an HMAC
  of both made with the key's secret. Nothing is kept on the server, so any
  instance can check it, and revoking the key ends the session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

from partyhost.cloud import keys
from partyhost.cloud.db import Database, Tx
from partyhost.cloud.errors import Refusal
from partyhost.cloud.signing import (
    KEY_HEADER,
    KEY_ID,
    MAX_SKEW_SECONDS,
    NONCE,
    NONCE_HEADER,
    SIGNATURE,
    SIGNATURE_HEADER,
    TIMESTAMP,
    TIMESTAMP_HEADER,
    matches,
    parse_key,
)

SESSION_COOKIE = "partyhost_cloud"
SESSION_SECONDS = 12 * 3600
#: nonces older than this are forgotten (a request that old is refused for its timestamp anyway)
NONCE_MEMORY_MS = 2 * MAX_SKEW_SECONDS * 1000


def signed_key(tx: Tx, method: str, path: str, headers: Mapping[str, str], body: bytes, now: float) -> keys.StoredKey:
    """The key that signed this request, or a ``Refusal`` saying why not. Records the nonce."""
    key_id = headers.get(KEY_HEADER, "")
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    nonce = headers.get(NONCE_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    missing = [name for name, value in ((KEY_HEADER, key_id), (TIMESTAMP_HEADER, timestamp),
               (NONCE_HEADER, nonce), (SIGNATURE_HEADER, given)) if not value]  # fmt: skip
    if missing:
        raise Refusal(401, "unsigned", f"The request is not signed: {', '.join(missing)} missing (see docs/sync.md).")
    if not KEY_ID.match(key_id) or not TIMESTAMP.match(timestamp) or not NONCE.match(nonce):
        raise Refusal(401, "unsigned", "The signature headers are malformed (see docs/sync.md).")
    if not SIGNATURE.match(given):
        raise Refusal(401, "bad_signature", "The signature is not 64 lower-case hex digits.")
    key = _active_key(tx, key_id)
    skew = int(timestamp) - now
    if abs(skew) > MAX_SKEW_SECONDS:
        raise Refusal(
            401,
            "clock_skew",
            f"The request's timestamp is {abs(skew):.0f} s {'ahead of' if skew > 0 else 'behind'} this server's "
            f"clock (at most {MAX_SKEW_SECONDS} s is allowed): correct the clock offset from the Date header.",
            {"server_time": int(now)},
        )
    if not matches(key.secret, given, method, path, timestamp, nonce, body):
        raise Refusal(401, "bad_signature", "The signature does not match this key and request.")
    now_ms = int(now * 1000)
    tx.execute("DELETE FROM nonces WHERE at < ?", (now_ms - NONCE_MEMORY_MS,))
    fresh = tx.execute(
        "INSERT INTO nonces (key_id, nonce, at) VALUES (?, ?, ?) ON CONFLICT (key_id, nonce) DO NOTHING",
        (key_id, nonce, now_ms),
    )
    if fresh == 0:
        raise Refusal(401, "replayed", "This nonce was used before: every request needs a new one.")
    return key


def bearer_key(tx: Tx, authorization: str) -> keys.StoredKey:
    """The key in ``Authorization: Bearer KEYID:SECRET``."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer":
        raise Refusal(401, "unsigned", "Sign the request, or send Authorization: Bearer KEYID:SECRET.")
    try:
        given = parse_key(value)
    except ValueError as exc:
        raise Refusal(401, "unknown_key", str(exc)) from None
    key = _active_key(tx, given.id)
    if not hmac.compare_digest(key.secret, given.secret):
        raise Refusal(401, "bad_signature", "The secret does not match this key.")
    return key


def _active_key(tx: Tx, key_id: str) -> keys.StoredKey:
    key = keys.find(tx, key_id)
    if key is None:
        raise Refusal(401, "unknown_key", f"There is no key {key_id}.")
    if not key.active:
        raise Refusal(401, "key_revoked", f"The key {key_id} was revoked.")
    return key


# ------------------------------------------------------------------ sessions


def session_value(key: keys.StoredKey, now: float) -> str:
    expires = int(now) + SESSION_SECONDS
    return f"{key.id}.{expires}.{_session_mac(key, expires)}"


def session_key(db: Database, cookie: str, now: float) -> keys.StoredKey | None:
    """The key of a valid session cookie, or ``None``."""
    key_id, _, rest = cookie.partition(".")
    expires, _, mac = rest.partition(".")
    if not KEY_ID.match(key_id) or not expires.isdigit() or int(expires) < now:
        return None
    with db.read() as tx:
        key = keys.find(tx, key_id)
    if key is None or not key.active:
        return None
    return key if hmac.compare_digest(_session_mac(key, int(expires)), mac) else None


def _session_mac(key: keys.StoredKey, expires: int) -> str:
    text = f"partyhost-cloud-session\n{key.id}\n{expires}".encode()
    digest = hmac.new(key.secret.encode("utf-8"), text, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def now() -> float:
    return time.time()
