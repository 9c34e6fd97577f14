"""QR codes: join links and the venue's Wi-Fi, as SVG, PNG and terminal text.

No image library is needed: SVG is text, and PNG is written by the pure-Python
``pypng`` (through qrcode's ``PyPNGImage``), which is a few dozen kilobytes and
has no compiled parts, so a one-file build stays small.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.pure
import qrcode.image.svg

#: pixels per module in a PNG: a 33-module join code is about 300 pixels wide
PNG_BOX = 8


def _code(data: str, border: int = 2) -> qrcode.QRCode:
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> bytes:
    """An SVG QR code of ``data`` (black on white, with a quiet zone)."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="utf-8")  # type: ignore[no-any-return]


def png(data: str, box_size: int = PNG_BOX) -> bytes:
    """A PNG QR code of ``data``: one-bit greyscale, black on white, four modules of quiet zone."""
    code = qrcode.QRCode(border=4, box_size=box_size, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.pure.PyPNGImage).save(out)
    return out.getvalue()


def text(data: str) -> str:
    """The QR code as terminal text (two rows of modules per line).

    Drawn for a dark terminal: a light module is a lit half block, a dark module
    is a blank, so the code shows dark on light like a printed one.
    """
    matrix = _code(data).get_matrix()
    lines = []
    for y in range(0, len(matrix), 2):
        top, bottom = matrix[y], matrix[y + 1] if y + 1 < len(matrix) else [False] * len(matrix[y])
        line = ""
        for a, b in zip(top, bottom, strict=True):
            line += "█" if not a and not b else "▀" if not a else "▄" if not b else " "
        lines.append(line)
    return "\n".join(lines)


# ------------------------------------------------------------------------ Wi-Fi

_WIFI_SPECIAL = '\\;,:"'


def _wifi_escape(value: str) -> str:
    return "".join("\\" + ch if ch in _WIFI_SPECIAL else ch for ch in value)


def wifi_payload(ssid: str, password: str = "") -> str:
    """The ``WIFI:`` string phones read to join a network.

    ``WIFI:T:WPA;S:<ssid>;P:<password>;;`` (WPA covers WPA2 and WPA3 too) with
    ``\\ ; , : "`` escaped by a backslash. An open network (no password) is
    ``WIFI:T:nopass;S:<ssid>;;``.
    """
    if not ssid:
        raise ValueError("a Wi-Fi QR code needs the network name")
    if not password:
        return f"WIFI:T:nopass;S:{_wifi_escape(ssid)};;"
    return f"WIFI:T:WPA;S:{_wifi_escape(ssid)};P:{_wifi_escape(password)};;"
