"""QR codes for join URLs, drawn as SVG with no image library."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def svg(data: str) -> bytes:
    """An SVG QR code of ``data`` (black on white, with a quiet zone)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="utf-8")  # type: ignore[no-any-return]


def text(data: str) -> str:
    """The QR code as terminal text (two rows of modules per line)."""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    lines = []
    for y in range(0, len(matrix), 2):
        top, bottom = matrix[y], matrix[y + 1] if y + 1 < len(matrix) else [False] * len(matrix[y])
        line = ""
        for a, b in zip(top, bottom, strict=True):
            line += "█" if not a and not b else "▀" if not a else "▄" if not b else " "
        lines.append(line)
    return "\n".join(lines)
