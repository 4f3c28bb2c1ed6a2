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
import re
import struct
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from camon_xinloi.errors import MissingDependencyError, RenderError, UnrenderableTextError
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter

if TYPE_CHECKING:
    import typst

__all__ = [
    "FONT_DIR",
    "PdfRenderer",
    "PngRenderer",
    "SignatureBox",
    "check_glyphs",
    "font_codepoints",
    "render_pdf_batch",
    "signature_boxes",
]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
"""The bundled fonts folder (Tinos, SIL OFL 1.1); the only fonts typst may use."""
TYPST_DIR = Path(__file__).resolve().parent / "typst"
"""The typst root: the layout lives here and typst can read nothing outside it."""
MAIN = TYPST_DIR / "letter.typ"

Standard = Literal["a-2b"]
EN_DASH = " \u2013 "
"""Joins the title and the first recipient in the PDF title."""
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


# --------------------------------------------------------------------------- data


def _created(letter: Letter, created: dt.datetime | None) -> dt.datetime:
    """Return the document date as an aware UTC datetime (see the module docstring)."""
    if created is None:
        day = letter.date or dt.date(letter.year, 1, 1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if created.tzinfo is None:
        created = created.replace(tzinfo=VIETNAM_TZ)
    return created.astimezone(dt.UTC).replace(microsecond=0)


def _letter_data(letter: Letter, *, festive: bool) -> dict[str, Any]:
    if festive and letter.meta.family != "chuc_mung":
        raise ValueError(
            f"festive=True is only for congratulation letters, not family "
            f"{letter.meta.family!r}; drop the option"
        )
    return {
        "parent_agency": letter.parent_agency,
        "agency": list(letter.agency),
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "number_line": letter.number_line,
        "date_line": letter.date_line,
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


def _document(letters: Sequence[Letter], *, created: dt.datetime, festive: bool) -> str:
    first = letters[0]
    if len(letters) == 1:
        title = f"{first.title}{EN_DASH}{first.recipients[0]}"
    else:
        title = f"{first.title}{EN_DASH}{len(letters)} thư"
    authors = list(dict.fromkeys(" ".join(letter.agency) for letter in letters))
    keywords = list(
        dict.fromkeys(
            kw
            for letter in letters
            for kw in (letter.meta.template_id, f"version {letter.meta.template_version}")
        )
    )
    doc = {
        "title": title,
        "author": authors,
        "subject": first.subject or first.title,
        "keywords": keywords,
        "festive": festive,
        "date": [*created.timetuple()[:6]],
        "letters": [_letter_data(letter, festive=festive) for letter in letters],
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
                "the PDF renderer needs typst; pip install 'camon-xinloi[pdf]'"
            ) from exc
        _compiler_instance = typst.Compiler(
            MAIN, root=TYPST_DIR, font_paths=[FONT_DIR], ignore_system_fonts=True
        )
    return _compiler_instance


_FONT_WARNING = re.compile(r"unknown font|glyph|font", re.IGNORECASE)


def _compile(
    document: str,
    *,
    created: dt.datetime,
    fmt: Literal["pdf", "png"] = "pdf",
    ppi: float | None = None,
    standard: Standard | None = None,
) -> bytes:
    if standard not in (None, "a-2b"):
        raise ValueError(f"unsupported PDF standard {standard!r}; use 'a-2b' or None")
    with _lock:
        compiler = _compiler()
        try:
            output, warnings = compiler.compile_with_warnings(
                format=fmt,
                ppi=ppi,
                sys_inputs={"document": document},
                pdf_standards=[standard] if standard else [],
                timestamp=created,
            )
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
    return output


def _render_pdf(
    letters: Sequence[Letter],
    *,
    created: dt.datetime | None,
    standard: Standard | None,
    festive: bool,
) -> bytes:
    if not letters:
        raise ValueError("no letters to render; pass at least one Letter")
    for letter in letters:
        check_glyphs(letter)
    when = _created(letters[0], created)
    return _compile(
        _document(letters, created=when, festive=festive), created=when, standard=standard
    )


def render_pdf_batch(
    letters: Iterable[Letter],
    *,
    created: dt.datetime | None = None,
    standard: Standard | None = None,
    festive: bool = False,
) -> bytes:
    """Lay many letters out as one PDF, each from a new page, the font embedded once.

    Page numbers restart with every letter. Document metadata come from the
    first letter; the document date defaults to the first letter's date.

    Args:
        letters: The letters, in print order.
        created: The document date (naive = Vietnam time).
        standard: ``"a-2b"`` for PDF/A-2b.
        festive: A red double frame; only for congratulation letters.

    Raises:
        ValueError: If ``letters`` is empty, or festive is asked for a non-congratulation letter.
        UnrenderableTextError: A character has no glyph in the font.
    """
    return _render_pdf(list(letters), created=created, standard=standard, festive=festive)


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
    ) -> bytes:
        """Return the PDF bytes.

        Args:
            letter: The composed letter.
            created: The document date written in the metadata; default: the
                letter's date at 00:00 UTC (1 January of its year for a draft).
                A naive datetime is read as Vietnam time.
            standard: ``"a-2b"`` for a PDF/A-2b file (archives), else plain PDF 1.7.
            festive: Draw a deep-red double frame (congratulation letters only).

        Raises:
            ValueError: festive=True for a letter that is not a congratulation.
            UnrenderableTextError: A character has no glyph in the font (emoji, CJK…).
            RenderError: typst failed.
        """
        return _render_pdf([letter], created=created, standard=standard, festive=festive)


class PngRenderer:
    """Render page 1 of a letter as a PNG image (typst's own rasteriser, no external tool)."""

    format = "png"
    media_type = "image/png"
    suffix = ".png"

    def render(self, letter: Letter, /, *, dpi: int = 96, festive: bool = False) -> bytes:
        """Return page 1 as PNG bytes.

        Args:
            letter: The composed letter.
            dpi: Resolution in pixels per inch.
            festive: Draw a deep-red double frame (congratulation letters only).
        """
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, got {dpi!r}")
        check_glyphs(letter)
        when = _created(letter, None)
        document = _document([letter], created=when, festive=festive)
        return _compile(document, created=when, fmt="png", ppi=float(dpi))


# --------------------------------------------------------------------------- signing


@dataclass(frozen=True)
class SignatureBox:
    """A rectangle on a page, in PDF points from the bottom-left corner (e-office signing).

    Attributes:
        kind: ``"signer"`` (signature image), ``"seal"`` (seal image, over the
            left third of the signature), ``"number"`` (number slot) or ``"date"``.
        page: Page index, 0-based.
    """

    kind: Literal["signer", "seal", "number", "date"]
    page: int
    llx: float
    lly: float
    urx: float
    ury: float


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


def signature_boxes(pdf: bytes, letter: Letter) -> list[SignatureBox]:
    """Locate the free areas that an e-office system signs into, from a rendered PDF.

    The signer area is the blank room between the last signature line and the
    signer's name, across the right half of the text block; the seal area
    covers its left third and reaches past it, as Decree 30 Phụ lục I II.8.a
    describes. The number and date slots are the boxes of the "Số:" and date lines.

    Args:
        pdf: A PDF made by :class:`PdfRenderer` from ``letter``.
        letter: The letter the PDF was made from.
    """
    positions = _text_positions(pdf)

    def find(needle: str, after: tuple[int, float] | None = None) -> tuple[int, float, float]:
        for page, text, x, y in positions:
            if after is not None and (page, -y) <= (after[0], -after[1]):
                continue
            if needle in text:
                return page, x, y
        raise RenderError(f"cannot find {needle!r} in the PDF; was it made from this letter?")

    boxes: list[SignatureBox] = []
    mm = 72 / 25.4
    left_edge, right_edge = 30 * mm, (210 - 15) * mm
    middle = (left_edge + right_edge) / 2
    last_line = letter.signature.lines[-1] if letter.signature.lines else letter.title
    title_page, _, title_y = find(letter.title)
    page, _, top = find(last_line.split()[0], after=(title_page, title_y))
    name_page, _, bottom = find(letter.signature.name.split()[0], after=(page, top))
    top -= 6
    bottom += 16
    boxes.append(SignatureBox("signer", name_page, middle, bottom, right_edge, top))
    third = (right_edge - middle) / 3
    boxes.append(
        SignatureBox("seal", name_page, middle - third, bottom - 10, middle + third, top + 10)
    )
    if letter.number_line is not None:
        _, x, y = find("Số:")
        boxes.append(SignatureBox("number", 0, x, y - 4, left_edge + 0.38 * 165 * mm, y + 13))
    _, x, y = find(letter.date_line.split(",")[0])
    boxes.append(SignatureBox("date", 0, x, y - 4, right_edge, y + 14))
    return boxes
