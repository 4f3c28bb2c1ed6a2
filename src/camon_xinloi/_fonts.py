"""The bundled Tinos font (SIL OFL 1.1): where it lives and which characters it has.

Shared by the PDF renderer (its glyph check and typst's font path) and the PDF
form filler (which embeds a Tinos subset). Internal: not part of the public API.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
"""The bundled fonts folder (Tinos, SIL OFL 1.1); the only fonts typst may use."""

_FONT_FILES: dict[tuple[bool, bool], str] = {
    (False, False): "Tinos-Regular.ttf",
    (True, False): "Tinos-Bold.ttf",
    (False, True): "Tinos-Italic.ttf",
    (True, True): "Tinos-BoldItalic.ttf",
}
"""(bold, italic) → font file."""


def _parse_cmap(data: bytes) -> frozenset[int]:
    """Return the code points mapped by a TrueType font's Unicode 'cmap' subtables."""
    (num_tables,) = struct.unpack_from(">H", data, 4)
    cmap_offset = None
    for i in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        raise ValueError("font has no 'cmap' table")
    _version, n_sub = struct.unpack_from(">HH", data, cmap_offset)
    points: set[int] = set()
    for i in range(n_sub):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        unicode_table = platform == 0 or (platform == 3 and encoding in (1, 10))
        if not unicode_table:
            continue
        start = cmap_offset + sub_offset
        (fmt,) = struct.unpack_from(">H", data, start)
        if fmt == 4:
            points |= _cmap_format4(data, start)
        elif fmt == 12:
            points |= _cmap_format12(data, start)
    return frozenset(points)


def _cmap_format4(data: bytes, start: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", data, start + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, start + 14)
    starts = struct.unpack_from(f">{n}H", data, start + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, start + 16 + 2 * seg_x2)
    ro_base = start + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, ro_base)
    points: set[int] = set()
    for seg in range(n):
        first, last = starts[seg], ends[seg]
        if first == 0xFFFF:
            continue
        for code in range(first, last + 1):
            if range_offsets[seg] == 0:
                glyph = (code + deltas[seg]) & 0xFFFF
            else:
                addr = ro_base + 2 * seg + range_offsets[seg] + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, addr)
                if glyph:
                    glyph = (glyph + deltas[seg]) & 0xFFFF
            if glyph:
                points.add(code)
    return points


def _cmap_format12(data: bytes, start: int) -> set[int]:
    (n_groups,) = struct.unpack_from(">I", data, start + 12)
    points: set[int] = set()
    for g in range(n_groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * g)
        points.update(range(first + (glyph == 0), last + 1))
    return points


@functools.cache
def font_codepoints(bold: bool = False, italic: bool = False) -> frozenset[int]:
    """Return the code points that the bundled Tinos face has a glyph for.

    Args:
        bold: The bold face.
        italic: The italic face.

    Examples:
        >>> ord("ệ") in font_codepoints() and ord("Đ") in font_codepoints(bold=True)
        True
        >>> 0x1F600 in font_codepoints()
        False
    """
    return _parse_cmap((FONT_DIR / _FONT_FILES[bold, italic]).read_bytes())
