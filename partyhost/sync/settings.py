"""Where results go: the cloud receiver and its key, the webhook, and the longest wait.

Flags and ``PARTYHOST_*`` variables apply to one run. Settings saved from the
host page are kept in the data folder (table ``settings``, keys ``sync.*``) and
used by later runs that give no flags; the key's secret is stored there too, as
the host needs it to sign.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from partyhost.cloud.signing import Key, parse_key

#: the ``settings`` rows the host page saves
STORED = ("sync.cloud_url", "sync.cloud_key", "sync.notify_url", "sync.notify_format")
FORMATS = ("auto", "slack", "teams")
DEFAULT_MAX_WAIT = 300.0
DEFAULT_TIMEOUT = 30.0


class SettingsError(ValueError):
    """A sync setting that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class SyncSettings:
    cloud_url: str = ""
    key: Key | None = field(default=None, repr=False)
    notify_url: str = field(default="", repr=False)
    notify_format: str = "auto"
    max_wait: float = DEFAULT_MAX_WAIT
    #: seconds to wait for an answer to one request
    timeout: float = DEFAULT_TIMEOUT
    #: where the cloud settings came from: ``flags``, ``saved`` or ``""`` (none)
    source: str = ""

    @property
    def cloud(self) -> bool:
        """Results are queued and sent only when both the address and the key are set."""
        return bool(self.cloud_url and self.key)

    @property
    def notify(self) -> bool:
        return bool(self.notify_url)

    @property
    def push_url(self) -> str:
        return self.cloud_url.rstrip("/") + "/v1/push"

    @property
    def push_path(self) -> str:
        return urlsplit(self.push_url).path

    def webhook_format(self) -> str:
        """``slack`` or ``teams``; ``auto`` decides from the webhook's host."""
        if self.notify_format != "auto":
            return self.notify_format
        host = (urlsplit(self.notify_url).hostname or "").lower()
        teams = ("webhook.office.com", "logic.azure.com", "powerautomate.com", "powerplatform.com")
        return "teams" if host.endswith(teams) else "slack"

    def with_stored(self, stored: dict[str, str]) -> SyncSettings:
        """These settings, with saved ones filling what the flags left empty."""
        changed = self
        if not self.cloud_url and not self.key and stored.get("sync.cloud_url"):
            key = stored.get("sync.cloud_key", "")
            changed = replace(
                changed, cloud_url=stored["sync.cloud_url"], key=parse_key(key) if key else None, source="saved"
            )
        if not self.notify_url and stored.get("sync.notify_url"):
            changed = replace(
                changed, notify_url=stored["sync.notify_url"], notify_format=stored.get("sync.notify_format", "auto")
            )
        return changed


def check_url(url: str, what: str) -> str:
    """An ``http://`` or ``https://`` address without a fragment, with no trailing slash."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment or parts.username:
        raise SettingsError(f"{what} must be an http:// or https:// address, such as https://results.example.org")
    return url.rstrip("/") if what == "the cloud address" else url


def from_flags(
    cloud_url: str = "",
    cloud_key: str = "",
    notify_url: str = "",
    notify_format: str = "auto",
    max_wait: float = DEFAULT_MAX_WAIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> SyncSettings:
    """Settings from flags or variables; ``SettingsError`` names the one that is wrong."""
    url = check_url(cloud_url, "the cloud address")
    key = None
    if cloud_key.strip():
        try:
            key = parse_key(cloud_key)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None
    if url and key is None:
        raise SettingsError("a cloud address needs a cloud key too (--cloud-key KEYID:SECRET)")
    if key is not None and not url:
        raise SettingsError("a cloud key needs a cloud address too (--cloud-url)")
    if notify_format not in FORMATS:
        raise SettingsError(f"the webhook format is one of {', '.join(FORMATS)}")
    return SyncSettings(
        cloud_url=url,
        key=key,
        notify_url=check_url(notify_url, "the webhook address"),
        notify_format=notify_format,
        max_wait=max_wait,
        timeout=timeout,
        source="flags" if url else "",
    )
