"""The visible part of a signature, drawn by typst with the bundled Tinos font.

pyHanko's own text stamps lose Vietnamese letters (pyHanko issues #459,
#733); here typst lays the appearance out as a one-page PDF the size of the
box, with the font subset embedded and a ToUnicode map, and pyHanko imports
that page as the signature's static appearance. Every letter shows and
extracts.

- The person (Phụ lục I II.7.d): the signature image (blue PNG, transparent
  background) at its real size, centred in the signer box.
- The organisation (II.8.a): the seal image (red PNG, transparent) at the
  seal's real size, filling the seal box (which covers the left third of the
  signature), and its text, the organisation's name and the signing time in
  ISO 8601 with +07:00, at the bottom of the signing area (above the name).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from camon_xinloi._fonts import FONT_DIR, font_codepoints
from camon_xinloi.errors import RenderError, SigningError, UnrenderableTextError
from camon_xinloi.pdf_tools import SignatureBox
from camon_xinloi.render.pdf._geometry import SIGNING_AREA_HEIGHT_MM, ImageSource, _image_data

__all__ = ["MM", "appearance_pdf", "organisation_lines"]

MM = 72 / 25.4
"""Points per millimetre."""
TEXT_SIZE = 6.5
"""Size of the organisation's text, in points: two lines fit under the seal's centre."""
MAX_ORGANISATION_NAME = 200
"""Longest organisation name shown (Phụ lục VI, OrganName: 200 characters)."""
SOURCE = Path(__file__).resolve().parent / "appearance.typ"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The appearance PDF's own date (it is never a document; fixed so output is stable)."""


def organisation_lines(name: str, signed_at: dt.datetime) -> list[str]:
    """The organisation signature's text: its name (NFC), and the time in ISO 8601 (+07:00).

    Raises:
        SigningError: The name is empty or longer than the Phụ lục VI limit of an
            organisation's name (200 characters).

    Examples:
        >>> import datetime as dt
        >>> vn = dt.timezone(dt.timedelta(hours=7))
        >>> organisation_lines("UBND phường Bến Thành", dt.datetime(2026, 3, 5, 9, 30, tzinfo=vn))
        ['UBND phường Bến Thành', '2026-03-05T09:30:00+07:00']
    """
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > MAX_ORGANISATION_NAME:
        raise SigningError(
            f"the organisation's name must have 1 to {MAX_ORGANISATION_NAME} characters "
            f"(Phụ lục VI, OrganName), got {len(name)}"
        )
    return [name, signed_at.isoformat(timespec="seconds")]


def _check_text(lines: Sequence[str]) -> None:
    points = font_codepoints()
    for line in lines:
        for char in line:
            if ord(char) not in points:
                raise UnrenderableTextError(
                    f"the signature text {line!r} has {char!r} (U+{ord(char):04X} "
                    f"{unicodedata.name(char, 'unnamed character')}), which Tinos cannot print"
                )


def appearance_pdf(
    box: SignatureBox, *, image: ImageSource, seal: bool, lines: Sequence[str] = ()
) -> bytes:
    """Lay a signature's appearance out as a one-page PDF exactly the size of ``box``.

    Args:
        box: The signer or seal box.
        image: The signature image (``seal=False``) or the seal image (``seal=True``):
            a transparent PNG, as bytes or a path.
        seal: Draw the seal at the box's width (its real size) instead of the
            image's own size.
        lines: Text under the image's centre (the organisation's name and time).

    Raises:
        ImageError: The image is not a transparent PNG or is larger than the box.
        UnrenderableTextError: A character of ``lines`` has no glyph in Tinos.
    """
    width_mm = (box.urx - box.llx) / MM
    height_mm = (box.ury - box.lly) / MM
    what = "seal image" if seal else "signature image"
    picture = _image_data(
        image, what, fit=(width_mm, height_mm), scale_to=width_mm if seal else None
    )
    _check_text(lines)
    stamp: dict[str, Any] = {
        "width": box.urx - box.llx,
        "height": box.ury - box.lly,
        "image": picture,
        "lines": list(lines),
        "text_size": TEXT_SIZE,
        # A seal larger than the signing area reaches over the name line: keep the
        # text above it, inside the free area.
        "text_lift": max(0.0, (box.ury - box.lly - SIGNING_AREA_HEIGHT_MM * MM) / 2) + 1.0,
    }
    import typst

    compile_: Any = typst.compile  # its stub ties the font paths' type to the input's
    try:
        pdf = compile_(
            SOURCE,
            root=SOURCE.parent,
            font_paths=[FONT_DIR],
            ignore_system_fonts=True,
            sys_inputs={"stamp": json.dumps(stamp, ensure_ascii=False)},
            timestamp=FIXED_DATE,
            pdf_tags=False,
        )
    except Exception as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise RenderError(f"typst could not draw the signature appearance: {message}") from exc
    if not isinstance(pdf, bytes):  # pragma: no cover - typst returns bytes for one page
        raise RenderError("typst returned no appearance")
    return pdf
