"""PDF and PNG renderers: a Decree 30/2020 layout in typst, with the bundled Tinos font.

The letter goes to typst only as JSON through ``sys.inputs`` and is placed on
the page as text, never evaluated, so no name can inject typst markup. One
typst compiler is created per process, on first use, and reused.

Output is deterministic: the document date is fixed (the ``created`` option,
by default the letter's date at 00:00 UTC, or 1 January of its year for a
draft), so two renders of the same letter are byte-identical with the same
typst version.

Examples:
    >>> from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
    >>> import datetime as dt
    >>> letter = Letter(
    ...     agency=("ỦY BAN NHÂN DÂN", "PHƯỜNG 15"), notation="UBND-VX", number=5,
    ...     place="Phường 15", date=dt.date(2026, 3, 5), year=2026, title="THƯ CHÚC MỪNG",
    ...     recipients=("Anh Lê Trung Dũng",),
    ...     body=(Paragraph(runs=(Run(text="Trăm năm hạnh phúc./."),)),),
    ...     signature=SignatureBlock(lines=("CHỦ TỊCH",), name="Trần Văn Minh"),
    ...     meta=LetterMeta(template_id="t/x", template_version="1", event_kind="k",
    ...                     family="chuc_mung"),
    ... )
    >>> PdfRenderer().render(letter)[:5]
    b'%PDF-'
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import struct
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from camon_xinloi.errors import (
    ImageError,
    MissingDependencyError,
    RenderError,
    UnrenderableTextError,
)
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter
from camon_xinloi.record import record_organ_name, record_subject

if TYPE_CHECKING:
    import typst

__all__ = [
    "FONT_DIR",
    "SEAL_SIZE_MM",
    "PdfRenderer",
    "PngInfo",
    "PngRenderer",
    "SignatureBox",
    "add_signature_fields",
    "check_glyphs",
    "font_codepoints",
    "png_info",
    "render_pdf_batch",
    "signature_boxes",
]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
"""The bundled fonts folder (Tinos, SIL OFL 1.1); the only fonts typst may use."""
TYPST_DIR = Path(__file__).resolve().parent / "typst"
"""The typst root: the layout lives here and typst can read nothing outside it."""
MAIN = TYPST_DIR / "letter.typ"

Standard = Literal["a-2b", "a-2a", "ua-1"]
EN_DASH = " \u2013 "
"""Joins the title and the letter count in the title of a batch PDF."""
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Naive ``created`` datetimes are read as Vietnam time (UTC+07:00, no DST)."""

_FONT_FILES: dict[tuple[bool, bool], str] = {
    (False, False): "Tinos-Regular.ttf",
    (True, False): "Tinos-Bold.ttf",
    (False, True): "Tinos-Italic.ttf",
    (True, True): "Tinos-BoldItalic.ttf",
}
"""(bold, italic) → font file."""


# --------------------------------------------------------------------------- fonts


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


def _fields(letter: Letter) -> Iterator[tuple[str, str, bool, bool]]:
    """Yield (field, text, bold, italic) for every string the PDF prints."""
    if letter.parent_agency:
        yield "parent_agency", letter.parent_agency, False, False
    for i, line in enumerate(letter.agency):
        yield f"agency[{i}]", line, True, False
    if letter.number_line:
        yield "notation", letter.number_line, False, False
    yield "place", letter.date_line, False, True
    yield "title", letter.title, True, False
    if letter.subject:
        yield "subject", letter.subject, True, False
    for i, recipient in enumerate(letter.recipients):
        yield f"recipients[{i}]", recipient, False, False
    for i, paragraph in enumerate(letter.body):
        for run in paragraph.runs:
            yield f"body[{i}]", run.text, run.bold, run.italic
    for i, line in enumerate(letter.signature.lines):
        yield f"signature.lines[{i}]", line, True, False
    yield "signature.name", letter.signature.name, True, False
    yield "distribution", "Nơi nhận:", True, True
    for i, item in enumerate(letter.distribution):
        yield f"distribution[{i}]", item, False, False
    if letter.footer:
        yield "footer", letter.footer, False, False


def check_glyphs(letter: Letter) -> None:
    """Refuse a letter with a character that the bundled font cannot print.

    Raises:
        UnrenderableTextError: Naming the field, the character and its code point.

    Examples:
        >>> from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
        >>> letter = Letter(
        ...     agency=("ỦY BAN NHÂN DÂN",), place="Xuân Phú", date=None, year=2026,
        ...     title="THƯ CẢM ƠN", recipients=("Bà Lan 🌸",),
        ...     body=(Paragraph(runs=(Run(text="Trân trọng./."),)),),
        ...     signature=SignatureBlock(lines=("CHỦ TỊCH",), name="Trần Văn Minh"),
        ...     meta=LetterMeta(template_id="t/x", template_version="1", event_kind="k",
        ...                     family="cam_on"),
        ... )
        >>> check_glyphs(letter)
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.UnrenderableTextError: recipients[0] has '🌸' (U+1F338 ...
    """
    for field, text, bold, italic in _fields(letter):
        points = font_codepoints(bold, italic)
        for char in text:
            if char == "\n" or ord(char) in points:
                continue
            name = unicodedata.name(char, "unnamed character")
            raise UnrenderableTextError(
                f"{field} has {char!r} (U+{ord(char):04X} {name}), which the PDF font "
                "Tinos cannot print; remove or replace it"
            )


# --------------------------------------------------------------------------- signing geometry

SIGNING_AREA_HEIGHT_MM = 32.0
"""Height of the free signing area between the last title line and the name."""
SIGNER_WIDTH_MM = 60.0
"""Width of the signer's rectangle, centred in the right column (82.5 mm wide)."""
SEAL_SIZE_MM = 36.0
"""Default seal diameter: the usual real size of a commune People's Committee seal."""
SEAL_SIZE_RANGE_MM = (20.0, 50.0)
"""The seal sizes accepted by ``seal_size_mm``."""
MAX_IMAGE_BYTES = 4 * 1024 * 1024
"""Largest preview image file accepted (a signature or seal PNG is a few KiB)."""
DEFAULT_IMAGE_DPI = 96.0
"""Resolution assumed for a PNG without a ``pHYs`` chunk."""
SIGNER_FIELD = "ChuKy"
"""Name of the empty signature field over the signer's rectangle."""
SEAL_FIELD = "ConDau"
"""Name of the empty signature field over the seal's square (the agency signs there)."""

BoxKind = Literal["signer", "seal", "number", "date", "day", "month"]


@dataclass(frozen=True)
class SignatureBox:
    """A rectangle on a page, in PDF points from the bottom-left corner (e-office signing).

    Attributes:
        kind: ``"signer"`` (the signer's image, centred between title and name),
            ``"seal"`` (the seal's square, over the left third of the signature),
            ``"number"`` (the number slot of "Số:"), ``"day"`` and ``"month"``
            (the slots of the date line) or ``"date"`` (from the day slot to
            the month slot). In an issued letter the slots hold the printed
            number, day and month.
        page: Page index, 0-based.
        llx, lly, urx, ury: Lower-left and upper-right corners, in points.
    """

    kind: BoxKind
    page: int
    llx: float
    lly: float
    urx: float
    ury: float

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """``(llx, lly, urx, ury)``, as signing plugins such as VNPT-CA's ``PdfSigner`` take it."""
        return (self.llx, self.lly, self.urx, self.ury)

    def as_dict(self) -> dict[str, Any]:
        """The box as a JSON-ready dict (coordinates rounded to 0.01 pt)."""
        return {
            "kind": self.kind,
            "page": self.page,
            "llx": round(self.llx, 2),
            "lly": round(self.lly, 2),
            "urx": round(self.urx, 2),
            "ury": round(self.ury, 2),
        }


@dataclass(frozen=True)
class PngInfo:
    """What the PNG header says about an image.

    Attributes:
        width, height: Size in pixels.
        color_type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha.
        transparent: An alpha channel (colour type 4 or 6) or a ``tRNS`` chunk.
        dpi: Horizontal and vertical resolution from ``pHYs``, or None.
    """

    width: int
    height: int
    color_type: int
    transparent: bool
    dpi: tuple[float, float] | None

    def size_mm(self) -> tuple[float, float]:
        """Size on paper: from ``pHYs``, else at :data:`DEFAULT_IMAGE_DPI`."""
        dpi_x, dpi_y = self.dpi or (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
        return self.width / dpi_x * 25.4, self.height / dpi_y * 25.4


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_info(data: bytes, *, what: str = "image") -> PngInfo:
    r"""Read a PNG's header chunks (IHDR, tRNS, pHYs) without decoding the pixels.

    Raises:
        ImageError: If ``data`` is not a PNG or its header is damaged.

    Examples:
        >>> import struct, zlib
        >>> def chunk(tag, body):
        ...     return struct.pack(">I", len(body)) + tag + body + struct.pack(
        ...         ">I", zlib.crc32(tag + body))
        >>> png = (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 6, 0, 0, 0))
        ...        + chunk(b"IDAT", zlib.compress(b"\0" * 9)) + chunk(b"IEND", b""))
        >>> png_info(png)
        PngInfo(width=2, height=1, color_type=6, transparent=True, dpi=None)
        >>> png_info(b"GIF89a...", what="seal_image")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.ImageError: seal_image is not a PNG file ...
    """
    if not data.startswith(PNG_SIGNATURE):
        raise ImageError(
            f"{what} is not a PNG file (it starts with {data[:8]!r}); "
            "export the image as PNG with a transparent background"
        )
    pos = len(PNG_SIGNATURE)
    header: tuple[int, int, int] | None = None
    transparent = False
    dpi: tuple[float, float] | None = None
    while pos + 8 <= len(data):
        length, tag = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            break
        if header is None and tag != b"IHDR":
            break
        if tag == b"IHDR":
            if length != 13:
                break
            width, height, _depth, color_type = struct.unpack_from(">IIBB", body)
            if width == 0 or height == 0 or color_type not in (0, 2, 3, 4, 6):
                break
            header = (width, height, color_type)
            transparent = color_type in (4, 6)
        elif tag == b"tRNS":
            transparent = True
        elif tag == b"pHYs" and length == 9:
            ppu_x, ppu_y, unit = struct.unpack_from(">IIB", body)
            if unit == 1 and ppu_x and ppu_y:
                dpi = (ppu_x * 0.0254, ppu_y * 0.0254)
        elif tag in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    if header is None:
        raise ImageError(f"{what} is a damaged PNG file (no valid IHDR header chunk)")
    width, height, color_type = header
    return PngInfo(width, height, color_type, transparent, dpi)


ImageSource = bytes | str | os.PathLike[str]


def _read_image(source: ImageSource, what: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            raise ImageError(f"cannot read {what} {str(source)!r}: {exc.strerror}") from exc
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{what} is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MiB; "
            "a signature or seal PNG needs only a few KiB"
        )
    return data


def _image_data(
    source: ImageSource, what: str, *, fit: tuple[float, float], scale_to: float | None
) -> dict[str, Any]:
    """Validate a preview image and return it as layout data (bytes and size in mm)."""
    data = _read_image(source, what)
    info = png_info(data, what=what)
    if not info.transparent:
        raise ImageError(
            f"{what} has no transparency (PNG colour type {info.color_type}, no tRNS chunk); "
            "export it with a transparent background so the text under it stays visible"
        )
    width, height = info.size_mm()
    if scale_to is not None:  # the seal: drawn at its real size, its width
        width, height = scale_to, height * scale_to / width
    if width > fit[0] + 0.01 or height > fit[1] + 0.01:
        raise ImageError(
            f"{what} is {width:.1f} x {height:.1f} mm, larger than its area of "
            f"{fit[0]:.1f} x {fit[1]:.1f} mm; scale it down or give the PNG its real "
            f"resolution (pHYs; without one {DEFAULT_IMAGE_DPI:.0f} dpi is assumed)"
        )
    return {"data": list(data), "width": round(width, 4), "height": round(height, 4)}


@dataclass(frozen=True)
class _Layout:
    """The per-document options that change the page (and so the boxes)."""

    seal_size_mm: float = SEAL_SIZE_MM
    signature_image: dict[str, Any] | None = None
    seal_image: dict[str, Any] | None = None

    @classmethod
    def make(
        cls,
        *,
        seal_size_mm: float,
        signature_image: ImageSource | None,
        seal_image: ImageSource | None,
    ) -> _Layout:
        low, high = SEAL_SIZE_RANGE_MM
        if not low <= seal_size_mm <= high:
            raise ValueError(
                f"seal_size_mm must be between {low:g} and {high:g} (a commune seal is about "
                f"{SEAL_SIZE_MM:g} mm across), got {seal_size_mm!r}"
            )
        signature = None
        if signature_image is not None:
            signature = _image_data(
                signature_image,
                "signature_image",
                fit=(SIGNER_WIDTH_MM, SIGNING_AREA_HEIGHT_MM),
                scale_to=None,
            )
        seal = None
        if seal_image is not None:
            seal = _image_data(
                seal_image, "seal_image", fit=(seal_size_mm, seal_size_mm), scale_to=seal_size_mm
            )
        return cls(seal_size_mm=float(seal_size_mm), signature_image=signature, seal_image=seal)

    def data(self) -> dict[str, Any]:
        return {
            "geometry": {
                "area_height": SIGNING_AREA_HEIGHT_MM,
                "signer_width": SIGNER_WIDTH_MM,
                "seal_size": self.seal_size_mm,
            },
            "images": {"signature": self.signature_image, "seal": self.seal_image},
        }


# --------------------------------------------------------------------------- data


def _created(letter: Letter, created: dt.datetime | None) -> dt.datetime:
    """Return the document date as an aware UTC datetime (see the module docstring)."""
    if created is None:
        day = letter.date or dt.date(letter.year, 1, 1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if created.tzinfo is None:
        created = created.replace(tzinfo=VIETNAM_TZ)
    return created.astimezone(dt.UTC).replace(microsecond=0)


def _number_parts(letter: Letter) -> list[str] | None:
    """Split the "Số:" line into (before, slot, after); the parts join to the line."""
    line = letter.number_line
    if line is None:
        return None
    match = re.fullmatch(r"(Số:)(\s+)(/.*)|(Số: )(\d+)(/.*)", line, re.DOTALL)
    if match is None:  # pragma: no cover - number_line has one of two shapes
        raise RenderError(f"unexpected number line {line!r}")
    parts = [g for g in match.groups() if g is not None]
    return parts


def _date_parts(letter: Letter) -> list[str]:
    """Split the date line into (before, day, middle, month, after); the parts join to it."""
    line = letter.date_line
    match = re.fullmatch(r"(.*ngày)(\s+|\s\d+\s)(tháng)(\s+|\s\d+\s)(năm.*)", line, re.DOTALL)
    if match is None:  # pragma: no cover - date_line always has "ngày … tháng … năm"
        raise RenderError(f"unexpected date line {line!r}")
    before, day, middle, month, after = match.groups()
    if day.strip():  # " 05 " → the spaces go to the neighbours, the digits to the slot
        before, day, middle = before + " ", day.strip(), " " + middle
    if month.strip():
        middle, month, after = middle + " ", month.strip(), " " + after
    return [before, day, middle, month, after]


def _letter_data(letter: Letter, *, festive: bool, index: int = 0) -> dict[str, Any]:
    if festive and letter.meta.family != "chuc_mung":
        raise ValueError(
            f"festive=True is only for congratulation letters, not family "
            f"{letter.meta.family!r}; drop the option"
        )
    return {
        "index": index,
        "parent_agency": letter.parent_agency,
        "agency": list(letter.agency),
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "number_parts": _number_parts(letter),
        "date_parts": _date_parts(letter),
        "title": letter.title,
        "subject": letter.subject,
        "recipients": list(letter.recipients),
        "body": [
            {
                "align": p.align,
                "indent": p.indent,
                "runs": [r.model_dump() for r in p.runs],
            }
            for p in letter.body
        ],
        "signature": {"lines": list(letter.signature.lines), "name": letter.signature.name},
        "distribution": list(letter.distribution_lines),
        "footer": letter.footer,
    }


def _metadata(letters: Sequence[Letter]) -> dict[str, Any]:
    """Title, authors, subject and keywords of a document holding ``letters``."""
    first = letters[0]
    if len(letters) == 1:
        title = record_subject(first)
    else:
        title = f"{first.title}{EN_DASH}{len(letters)} thư"
    return {
        "title": title,
        "author": list(dict.fromkeys(record_organ_name(letter) for letter in letters)),
        "subject": first.subject or first.title,
        "keywords": list(
            dict.fromkeys(
                kw
                for letter in letters
                for kw in (letter.meta.template_id, f"version {letter.meta.template_version}")
            )
        ),
    }


def _document(
    letters: Sequence[Letter],
    *,
    created: dt.datetime,
    festive: bool,
    layout: _Layout | None = None,
    marks: bool = False,
) -> str:
    doc = {
        **_metadata(letters),
        "festive": festive,
        "marks": marks,
        "date": [*created.timetuple()[:6]],
        "letters": [
            _letter_data(letter, festive=festive, index=i) for i, letter in enumerate(letters)
        ],
        **(layout or _Layout()).data(),
    }
    return json.dumps(doc, ensure_ascii=False)


# --------------------------------------------------------------------------- typst

_lock = threading.Lock()
_compiler_instance: typst.Compiler | None = None


def _compiler() -> typst.Compiler:
    global _compiler_instance
    if _compiler_instance is None:
        try:
            import typst
        except ImportError as exc:  # pragma: no cover - typst is a dependency
            raise MissingDependencyError(
                "the PDF renderer needs typst, a dependency of camon-xinloi;"
                " reinstall it: pip install --force-reinstall camon-xinloi"
            ) from exc
        _compiler_instance = typst.Compiler(
            MAIN, root=TYPST_DIR, font_paths=[FONT_DIR], ignore_system_fonts=True
        )
    return _compiler_instance


_FONT_WARNING = re.compile(r"unknown font|glyph|font", re.IGNORECASE)


def _check_standard(standard: object) -> None:
    if standard in (None, "a-2b", "a-2a", "ua-1"):
        return
    if isinstance(standard, str) and standard.lower().startswith("a-1"):
        raise ValueError(
            f"PDF/A-1 ({standard!r}) is not offered: it forbids the transparency that "
            "signature and seal images use; use standard='a-2b' (PDF/A-2b)"
        )
    raise ValueError(f"unsupported PDF standard {standard!r}; use 'a-2b', 'a-2a', 'ua-1' or None")


def _boxes_from_query(raw: str) -> list[list[SignatureBox]]:
    """Turn the ``<cx-box>`` marks of the layout into boxes, grouped by letter."""
    grouped: dict[int, list[SignatureBox]] = {}
    for mark in json.loads(raw):
        top = mark["page-height"] - mark["y"]
        grouped.setdefault(mark["letter"], []).append(
            SignatureBox(
                kind=mark["kind"],
                page=mark["page"] - 1,
                llx=mark["x"],
                lly=top - mark["h"],
                urx=mark["x"] + mark["w"],
                ury=top,
            )
        )
    return [_with_date(grouped[i]) for i in sorted(grouped)]


_ORDER: dict[str, int] = {"signer": 0, "seal": 1, "number": 2, "date": 3, "day": 4, "month": 5}


def _with_date(boxes: list[SignatureBox]) -> list[SignatureBox]:
    """Add the ``date`` box (day slot to month slot) and sort the boxes by kind."""
    by_kind = {box.kind: box for box in boxes}
    day, month = by_kind["day"], by_kind["month"]
    boxes = [
        *boxes,
        SignatureBox(
            "date",
            day.page,
            day.llx,
            min(day.lly, month.lly),
            month.urx,
            max(day.ury, month.ury),
        ),
    ]
    return sorted(boxes, key=lambda box: _ORDER[box.kind])


def _compile(
    document: str,
    *,
    created: dt.datetime,
    fmt: Literal["pdf", "png"] = "pdf",
    ppi: float | None = None,
    standard: Standard | None = None,
    boxes: bool = False,
    tagged: bool = True,
) -> tuple[bytes, list[list[SignatureBox]]]:
    _check_standard(standard)
    found: list[list[SignatureBox]] = []
    with _lock:
        compiler = _compiler()
        try:
            output, warnings = compiler.compile_with_warnings(
                format=fmt,
                ppi=ppi,
                sys_inputs={"document": document},
                pdf_standards=[standard] if standard else [],
                timestamp=created,
                pdf_tags=tagged,
            )
            if boxes:
                # Same compiler, same inputs: typst answers from its caches.
                found = _boxes_from_query(compiler.query("<cx-box>", field="value"))
        except Exception as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise RenderError(f"typst could not lay out the letter: {message}") from exc
    for warning in warnings:
        message = getattr(warning, "message", None) or str(warning)
        if _FONT_WARNING.search(message):
            raise UnrenderableTextError(f"typst cannot print part of the letter: {message}")
        raise RenderError(f"typst warned while laying out the letter: {message}")
    if isinstance(output, list):
        output = output[0]
    if not isinstance(output, bytes):  # pragma: no cover - typst returns bytes
        raise RenderError("typst returned no output")
    return output, found


def _render_pdf(
    letters: Sequence[Letter],
    *,
    created: dt.datetime | None,
    standard: Standard | None,
    festive: bool,
    layout: _Layout | None = None,
    boxes: bool = False,
    tagged: bool = True,
) -> tuple[bytes, list[list[SignatureBox]]]:
    if not letters:
        raise ValueError("no letters to render; pass at least one Letter")
    _check_standard(standard)
    for letter in letters:
        check_glyphs(letter)
    when = _created(letters[0], created)
    document = _document(letters, created=when, festive=festive, layout=layout, marks=boxes)
    return _compile(document, created=when, standard=standard, boxes=boxes, tagged=tagged)


def render_pdf_batch(
    letters: Iterable[Letter],
    *,
    created: dt.datetime | None = None,
    standard: Standard | None = None,
    festive: bool = False,
    chunk_size: int | None = None,
    tagged: bool = True,
) -> bytes:
    """Lay many letters out as one PDF, each from a new page, the font embedded once.

    Page numbers restart with every letter. Document metadata come from the
    first letter; the document date defaults to the first letter's date.

    typst lays a document out in memory and keeps recent layouts cached, so
    memory grows with the size of one document (about 1.4 GiB for 1,000
    one-page letters). ``chunk_size`` bounds it: the letters are compiled in
    chunks and merged with pypdf, with one font copy per chunk (see
    ``docs/pdf.md`` for measurements).

    Args:
        letters: The letters, in print order.
        created: The document date (naive = Vietnam time).
        standard: ``"a-2b"`` for PDF/A-2b (one document only: no ``chunk_size``).
        festive: A red double frame; only for congratulation letters.
        chunk_size: Compile this many letters at a time and merge; None for one document.
        tagged: Write a tagged PDF (structure for screen readers); ``False`` is faster
            and smaller for a print run.

    Raises:
        ValueError: If ``letters`` is empty, festive is asked for a non-congratulation
            letter, ``chunk_size`` is not positive, or it is combined with PDF/A.
        UnrenderableTextError: A character has no glyph in the font.

    Examples:
        >>> import io
        >>> from pypdf import PdfReader
        >>> from camon_xinloi.testing import example_letter
        >>> pdf = render_pdf_batch([example_letter()] * 3, chunk_size=2)
        >>> len(PdfReader(io.BytesIO(pdf)).pages)
        3
    """
    batch = list(letters)
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size!r}")
    if chunk_size is None or len(batch) <= chunk_size:
        pdf, _ = _render_pdf(
            batch, created=created, standard=standard, festive=festive, tagged=tagged
        )
        return pdf
    if standard is not None:
        raise ValueError(
            "a PDF/A batch is compiled as one document (merging would break conformance);"
            " leave chunk_size=None"
        )
    when = _created(batch[0], created)
    parts = [
        _render_pdf(
            batch[i : i + chunk_size], created=when, standard=None, festive=festive, tagged=tagged
        )[0]
        for i in range(0, len(batch), chunk_size)
    ]
    from camon_xinloi.pdf_tools import merge_pdfs

    meta = _metadata(batch)
    return merge_pdfs(
        parts,
        metadata={
            "/Title": meta["title"],
            "/Author": ", ".join(meta["author"]),
            "/Subject": meta["subject"],
            "/Keywords": ", ".join(meta["keywords"]),
        },
    )


class PdfRenderer:
    """Render a letter as an A4 PDF laid out to Decree 30/2020, with Tinos embedded."""

    format = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"

    def render(
        self,
        letter: Letter,
        /,
        *,
        created: dt.datetime | None = None,
        standard: Standard | None = None,
        festive: bool = False,
        seal_size_mm: float = SEAL_SIZE_MM,
        signature_fields: bool = False,
        signature_image: ImageSource | None = None,
        seal_image: ImageSource | None = None,
    ) -> bytes:
        """Return the PDF bytes.

        Args:
            letter: The composed letter.
            created: The document date written in the metadata; default: the
                letter's date at 00:00 UTC (1 January of its year for a draft).
                A naive datetime is read as Vietnam time.
            standard: ``"a-2b"`` for a PDF/A-2b file (archives), ``"a-2a"`` for PDF/A-2a
                (archival and accessible), ``"ua-1"`` for PDF/UA-1 (accessible);
                None for plain (tagged) PDF 1.7.
                PDF/A-1 is refused: it forbids transparency.
            festive: Draw a deep-red double frame (congratulation letters only).
            seal_size_mm: The seal's real diameter (20 to 50 mm, default 36): the
                size of the seal area and of a preview seal image.
            signature_fields: Add empty AcroForm signature fields (``/FT /Sig``)
                named ``ChuKy`` (signer) and ``ConDau`` (seal) over those areas.
                pypdf rewrites the file to add them: do it here, before signing,
                never to a signed file.
            signature_image: Preview only (print, screen): a transparent PNG
                (bytes or a path) of the signature, centred in the signer's area
                at its real size (``pHYs``, else 96 dpi). Never for a file that
                will be signed digitally: the signing tool draws the signature.
            seal_image: Preview only: a transparent PNG of the seal, drawn
                ``seal_size_mm`` wide over the left third of the signature.

        Raises:
            ValueError: festive=True for a letter that is not a congratulation,
                an unknown or PDF/A-1 standard, a seal size out of range.
            ImageError: A preview image is not a PNG, has no transparency, or
                is larger than its area.
            UnrenderableTextError: A character has no glyph in the font (emoji, CJK…).
            RenderError: typst failed.
        """
        # Asking typst for the boxes costs a second layout pass; only signature fields need them.
        pdf, _ = _render_one(
            letter,
            want_boxes=signature_fields,
            created=created,
            standard=standard,
            festive=festive,
            seal_size_mm=seal_size_mm,
            signature_fields=signature_fields,
            signature_image=signature_image,
            seal_image=seal_image,
        )
        return pdf

    def render_with_boxes(
        self,
        letter: Letter,
        /,
        *,
        created: dt.datetime | None = None,
        standard: Standard | None = None,
        festive: bool = False,
        seal_size_mm: float = SEAL_SIZE_MM,
        signature_fields: bool = False,
        signature_image: ImageSource | None = None,
        seal_image: ImageSource | None = None,
    ) -> tuple[bytes, list[SignatureBox]]:
        """Return the PDF and the rectangles an e-office system signs and stamps into.

        The rectangles come from typst's own layout of this very PDF (the
        positions of labelled marks), not from a guess. Options are those of
        :meth:`render`.

        Examples:
            >>> from camon_xinloi.testing import example_letter
            >>> pdf, boxes = PdfRenderer().render_with_boxes(example_letter(draft=True))
            >>> [box.kind for box in boxes]
            ['signer', 'seal', 'number', 'date', 'day', 'month']
        """
        return _render_one(
            letter,
            want_boxes=True,
            created=created,
            standard=standard,
            festive=festive,
            seal_size_mm=seal_size_mm,
            signature_fields=signature_fields,
            signature_image=signature_image,
            seal_image=seal_image,
        )


def _render_one(
    letter: Letter,
    *,
    want_boxes: bool,
    created: dt.datetime | None,
    standard: Standard | None,
    festive: bool,
    seal_size_mm: float,
    signature_fields: bool,
    signature_image: ImageSource | None,
    seal_image: ImageSource | None,
) -> tuple[bytes, list[SignatureBox]]:
    """One letter as a PDF, with its boxes when asked (empty list otherwise)."""
    layout = _Layout.make(
        seal_size_mm=seal_size_mm, signature_image=signature_image, seal_image=seal_image
    )
    pdf, grouped = _render_pdf(
        [letter],
        created=created,
        standard=standard,
        festive=festive,
        layout=layout,
        boxes=want_boxes or signature_fields,
    )
    boxes = grouped[0] if grouped else []
    if signature_fields:
        pdf = add_signature_fields(pdf, boxes)
    return pdf, boxes if want_boxes else []


class PngRenderer:
    """Render page 1 of a letter as a PNG image (typst's own rasteriser, no external tool)."""

    format = "png"
    media_type = "image/png"
    suffix = ".png"

    def render(
        self,
        letter: Letter,
        /,
        *,
        dpi: int = 96,
        festive: bool = False,
        seal_size_mm: float = SEAL_SIZE_MM,
        signature_image: ImageSource | None = None,
        seal_image: ImageSource | None = None,
    ) -> bytes:
        """Return page 1 as PNG bytes.

        Args:
            letter: The composed letter.
            dpi: Resolution in pixels per inch.
            festive: Draw a deep-red double frame (congratulation letters only).
            seal_size_mm: As for :meth:`PdfRenderer.render`.
            signature_image: As for :meth:`PdfRenderer.render` (preview only).
            seal_image: As for :meth:`PdfRenderer.render` (preview only).
        """
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, got {dpi!r}")
        layout = _Layout.make(
            seal_size_mm=seal_size_mm, signature_image=signature_image, seal_image=seal_image
        )
        check_glyphs(letter)
        when = _created(letter, None)
        document = _document([letter], created=when, festive=festive, layout=layout)
        png, _ = _compile(document, created=when, fmt="png", ppi=float(dpi))
        return png


# --------------------------------------------------------------------------- signing


def add_signature_fields(pdf: bytes, boxes: Sequence[SignatureBox]) -> bytes:
    """Add empty signature fields ``ChuKy`` and ``ConDau`` at the signer and seal boxes.

    The fields are unsigned AcroForm fields (``/FT /Sig``) with a printable,
    empty appearance, added as an incremental update: the bytes typst wrote
    are kept unchanged at the start of the file. Do this before signing;
    a signed PDF must never be rewritten.

    Args:
        pdf: A PDF from :class:`PdfRenderer`.
        boxes: Its boxes (:meth:`PdfRenderer.render_with_boxes`).
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(BytesIO(pdf), incremental=True)
    fields = ArrayObject()
    for kind, name in (("signer", SIGNER_FIELD), ("seal", SEAL_FIELD)):
        box = next(b for b in boxes if b.kind == kind)
        page = writer.pages[box.page]
        width, height = box.urx - box.llx, box.ury - box.lly
        appearance = DecodedStreamObject()
        appearance.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
                ),
            }
        )
        appearance.set_data(b"")
        field = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/Rect"): ArrayObject([FloatObject(round(v, 3)) for v in box.rect]),
                NameObject("/F"): NumberObject(4),  # print
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): writer._add_object(appearance)}
                ),
            }
        )
        ref = writer._add_object(field)
        annots = page.get("/Annots")
        if annots is None:
            page[NameObject("/Annots")] = ArrayObject([ref])
        else:
            annots.get_object().append(ref)
        fields.append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): fields, NameObject("/SigFlags"): NumberObject(1)}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _field_boxes(pdf: bytes) -> list[SignatureBox]:
    """The signer and seal boxes from the ``ChuKy``/``ConDau`` fields, if the PDF has them."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    kinds: dict[str, BoxKind] = {SIGNER_FIELD: "signer", SEAL_FIELD: "seal"}
    found: list[SignatureBox] = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            kind = kinds.get(str(annot.get("/T", "")))
            if kind is None or annot.get("/FT") != "/Sig":
                continue
            llx, lly, urx, ury = (float(v) for v in annot["/Rect"])
            found.append(SignatureBox(kind, index, llx, lly, urx, ury))
    return sorted(found, key=lambda box: _ORDER[box.kind])


def _text_positions(pdf: bytes) -> list[tuple[int, str, float, float]]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    found: list[tuple[int, str, float, float]] = []
    for index, page in enumerate(reader.pages):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: Any,
            size: float,
            _index: int = index,
        ) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((_index, unicodedata.normalize("NFC", text), x, y))

        page.extract_text(visitor_text=visit)
    return found


def signature_boxes(
    pdf: bytes,
    letter: Letter | None = None,
    *,
    seal_size_mm: float = SEAL_SIZE_MM,
) -> list[SignatureBox]:
    """Return the signing rectangles of a PDF made by :class:`PdfRenderer`.

    - Without ``letter``: read from the empty signature fields ``ChuKy`` and
      ``ConDau`` of a PDF rendered with ``signature_fields=True`` (signer and
      seal boxes only).
    - With ``letter``: the letter is laid out again by typst (deterministic,
      no PDF written) to get all boxes, and the PDF is checked to be that
      letter: the signer's name and the "Số:" line must be where the layout
      puts them.

    Prefer :meth:`PdfRenderer.render_with_boxes`, which returns the boxes
    with the PDF.

    Args:
        pdf: The PDF.
        letter: The letter it was made from.
        seal_size_mm: The ``seal_size_mm`` it was rendered with.

    Raises:
        RenderError: The PDF has no signature fields and no letter was given,
            or the PDF does not match the letter.
    """
    if letter is None:
        found = _field_boxes(pdf)
        if not found:
            raise RenderError(
                "the PDF has no ChuKy/ConDau signature fields; pass the letter it was made "
                "from, or render it with signature_fields=True"
            )
        return found
    layout = _Layout.make(seal_size_mm=seal_size_mm, signature_image=None, seal_image=None)
    check_glyphs(letter)
    when = _created(letter, None)
    _, grouped = _compile(
        _document([letter], created=when, festive=False, layout=layout, marks=True),
        created=when,
        boxes=True,
    )
    boxes = grouped[0]
    _check_matches(pdf, letter, boxes)
    return boxes


def _check_matches(pdf: bytes, letter: Letter, boxes: Sequence[SignatureBox]) -> None:
    """Raise RenderError unless the PDF is this letter, its name just under the signer box."""
    positions = _text_positions(pdf)
    printed = re.sub(r"\s+", "", "".join(text for _, text, _, _ in positions))
    expected = [letter.title, *letter.recipients, letter.body[-1].text]
    missing = [part for part in expected if re.sub(r"\s+", "", part) not in printed]
    signer = next(box for box in boxes if box.kind == "signer")
    first_word = letter.signature.name.split()[0]
    placed = any(
        page == signer.page and text.startswith(first_word) and 0 < signer.lly - y < 30
        for page, text, _x, y in positions
    )
    if missing or not placed:
        what = f"{missing[0]!r} is not in it" if missing else "the signer's name is elsewhere"
        raise RenderError(
            f"the PDF was not made from this letter ({what}); pass the letter it was made "
            "from, and the same seal_size_mm"
        )
