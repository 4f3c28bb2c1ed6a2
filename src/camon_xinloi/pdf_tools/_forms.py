"""Filling the AcroForm PDF forms a province already uses, in Vietnamese.

:func:`fill_form` writes the values itself, with the bundled Tinos font, so
every viewer shows Vietnamese correctly: it embeds a subset of Tinos (only
the glyphs of the values, cut by typst) in the form's ``/DR``, points each
filled field's ``/DA`` at it, draws each widget's appearance stream and turns
``/NeedAppearances`` off, so no viewer regenerates the text with a font that
lacks ``ệ``. A value that does not fit is drawn smaller (down to 6 pt);
below that, :class:`FieldOverflowError` is raised. ``flatten=True`` paints
the fields into the page and removes the form.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from camon_xinloi._fonts import FONT_DIR, font_codepoints
from camon_xinloi._safe_pdf import pdf_errors
from camon_xinloi.errors import FieldOverflowError, FormError, UnrenderableTextError
from camon_xinloi.letter import Letter
from camon_xinloi.pdf_tools._io import PdfSource, pdf_bytes, read_pdf

FONT_NAME = "/CxTinos"
"""The resource name of the embedded Tinos subset in ``/DR`` and in appearance streams."""
MIN_SIZE = 6.0
"""The smallest font size :func:`fill_form` shrinks a value to."""
DEFAULT_SIZE = 12.0
"""The size for fields whose ``/DA`` asks for auto size (0)."""
PADDING = 2.0
"""Inner padding of a field, in points."""
MULTILINE = 1 << 12
"""The Multiline bit of a text field's ``/Ff``."""
TINOS_ASCENT, TINOS_DESCENT = 891.0, -216.0
"""Tinos' hhea ascender and descender, in 1/1000 em (1825 and -443 of 2048)."""


# --------------------------------------------------------------------------- font


@dataclass(frozen=True)
class _Font:
    """A Tinos subset cut by typst: its font dictionary, codes and widths."""

    pdf: PdfReader
    font: DictionaryObject
    codes: dict[str, int]
    widths: dict[int, float]
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.codes[c], 0.0) for c in text) * size / 1000

    def encode(self, text: str) -> str:
        return "".join(f"{self.codes[c]:04X}" for c in text)


_SUBSET_SOURCE = b"""#set text(font: "Tinos", size: 10pt)
#text(json(bytes(sys.inputs.chars)).join(" "))
"""


def _subset_font(chars: Iterable[str]) -> _Font:
    """Let typst cut a Tinos subset holding ``chars`` (each typeset alone, so no ligatures)."""
    wanted = sorted(set(chars) | {" "})
    for char in wanted:
        if ord(char) not in font_codepoints():
            raise UnrenderableTextError(
                f"{char!r} (U+{ord(char):04X}) has no glyph in the form font Tinos; "
                "remove or replace it"
            )
    import typst

    compile_: Any = typst.compile  # its stub ties the font paths' type to the input's
    pdf = compile_(
        _SUBSET_SOURCE,
        font_paths=[FONT_DIR],
        ignore_system_fonts=True,
        sys_inputs={"chars": json.dumps(wanted)},
        timestamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        pdf_tags=False,
    )
    reader = PdfReader(BytesIO(pdf))
    fonts: Any = reader.pages[0]["/Resources"]
    font: Any = next(iter(fonts["/Font"].values())).get_object()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[str, int] = {}
    for cid, uni in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap):
        codes.setdefault(bytes.fromhex(uni).decode("utf-16-be"), int(cid, 16))
    descendant: Any = font["/DescendantFonts"][0].get_object()
    widths: dict[int, float] = {}
    w = list(descendant["/W"])
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], ArrayObject):
            for k, value in enumerate(w[i + 1]):
                widths[first + k] = float(value)
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                widths[cid] = float(w[i + 2])
            i += 3
    missing = [c for c in wanted if c not in codes]
    if missing:  # pragma: no cover - typst maps every character it typesets
        raise UnrenderableTextError(f"typst did not embed {missing!r} in the form font")
    # The subset's descriptor gives the bounding box of the subset's glyphs;
    # use the face's line metrics (hhea) so accents over capitals are not clipped.
    return _Font(reader, font, codes, widths, TINOS_ASCENT, TINOS_DESCENT)


# --------------------------------------------------------------------------- fields


@dataclass
class _Field:
    name: str
    field: DictionaryObject
    widgets: list[DictionaryObject]


def _walk(fields: Iterable[Any], prefix: str = "") -> Iterator[_Field]:
    for ref in fields:
        node: Any = ref.get_object()
        partial = node.get("/T")
        name = f"{prefix}.{partial}" if prefix and partial else str(partial or prefix)
        kids = [k.get_object() for k in node.get("/Kids", [])]
        named_kids = [k for k in kids if "/T" in k]
        if named_kids:
            yield from _walk(named_kids, name)
        if not named_kids:
            widgets = kids if kids else [node]
            yield _Field(name, node, widgets)


def _inherited(field: DictionaryObject, key: str) -> Any:
    node: Any = field
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _fields_of(reader: PdfReader | PdfWriter) -> dict[str, _Field]:
    root: Any = reader.trailer["/Root"] if isinstance(reader, PdfReader) else reader.root_object
    form = root.get("/AcroForm")
    if form is None:
        return {}
    return {f.name: f for f in _walk(form.get_object().get("/Fields", []))}


def form_fields(pdf: PdfSource) -> dict[str, str]:
    """Return the form's terminal fields: qualified name → field type (``"/Tx"``, ``"/Btn"``…).

    Raises:
        FormError: The file is not a readable PDF.
    """
    reader = read_pdf(pdf)
    with pdf_errors(pdf, FormError):
        return {name: str(_inherited(f.field, "/FT")) for name, f in _fields_of(reader).items()}


def letter_form_values(letter: Letter) -> dict[str, str]:
    """Return the values a letter gives to form fields, by field name.

    The names are: ``agency``, ``number``, ``date``, ``title``, ``subject``,
    ``recipients``, ``body``, ``signature_title``, ``signer``, ``distribution``
    and ``footer``; a form uses any of them (missing ones are skipped).
    """
    values = {
        "agency": "\n".join(letter.agency),
        "number": letter.number_line or "",
        "date": letter.date_line,
        "title": letter.title,
        "subject": letter.subject or "",
        "recipients": "\n".join(letter.recipients),
        "body": "\n".join(p.text for p in letter.body),
        "signature_title": "\n".join(letter.signature.lines),
        "signer": letter.signature.name,
        "distribution": "\n".join(letter.distribution_lines),
        "footer": letter.footer or "",
    }
    return values


# --------------------------------------------------------------------------- layout


def _wrap(text: str, font: _Font, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and font.width(candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _layout(
    name: str, value: str, font: _Font, rect: tuple[float, float], start: float, multiline: bool
) -> tuple[float, list[str]]:
    """Return the font size and lines that make ``value`` fit a box of ``rect`` (w, h)."""
    width, height = rect[0] - 2 * PADDING, rect[1] - 2 * PADDING
    if not multiline and "\n" in value:
        raise FormError(f"field {name!r} holds one line; the value {value!r} has a line break")
    size = start
    while size >= MIN_SIZE:
        lines = _wrap(value, font, size, width) if multiline else [value]
        line_height = size * 1.15
        fits_w = all(font.width(line, size) <= width for line in lines)
        fits_h = (len(lines) * line_height if multiline else size) <= height + 0.01
        if fits_w and fits_h:
            return size, lines
        size -= 0.5
    raise FieldOverflowError(
        f"field {name!r} is too small for {value!r} even at {MIN_SIZE:g} pt; "
        "shorten the value or widen the field"
    )


def _appearance(
    font: _Font,
    size: float,
    lines: list[str],
    box: tuple[float, float],
    align: int,
    multiline: bool,
) -> bytes:
    width, height = box
    ascent, descent = font.ascent * size / 1000, font.descent * size / 1000
    # Multiline text starts at the top; one line is centred vertically.
    y = height - PADDING - ascent if multiline else (height - (ascent - descent)) / 2 - descent
    ops = [
        "/Tx BMC",
        "q",
        f"{PADDING} {PADDING} {width - 2 * PADDING} {height - 2 * PADDING} re W n",
    ]
    ops += ["BT", f"{FONT_NAME} {size:g} Tf", "0 g"]
    for line in lines:
        text_width = font.width(line, size)
        if align == 1:
            x = (width - text_width) / 2
        elif align == 2:
            x = width - PADDING - text_width
        else:
            x = PADDING
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm <{font.encode(line)}> Tj")
        y -= size * 1.15
    ops += ["ET", "Q", "EMC"]
    return "\n".join(ops).encode("ascii")


def _rect(widget: DictionaryObject) -> tuple[float, float, float, float]:
    rect: Any = widget["/Rect"]
    llx, lly, urx, ury = (float(v) for v in rect)
    return min(llx, urx), min(lly, ury), max(llx, urx), max(lly, ury)


def _start_size(field: DictionaryObject) -> float:
    da = str(_inherited(field, "/DA") or "")
    match = re.search(r"([\d.]+)\s+Tf", da)
    size = float(match.group(1)) if match else 0.0
    return size if size > 0 else DEFAULT_SIZE


# --------------------------------------------------------------------------- fill


def fill_form(
    pdf: PdfSource,
    values: Mapping[str, str] | Letter,
    *,
    flatten: bool = False,
) -> bytes:
    """Fill a PDF form's text fields with Vietnamese text, drawn with the bundled Tinos font.

    Args:
        pdf: The form, as bytes or a path.
        values: Field name → text; or a :class:`Letter`, whose
            :func:`letter_form_values` fill the fields the form has.
        flatten: Paint the fields into the pages and remove the form.

    Returns:
        The filled PDF.

    Raises:
        FormError: The PDF is unreadable or has no form, a field name is
            unknown, or a field is not a text field.
        FieldOverflowError: A value does not fit its field even at 6 pt.
        UnrenderableTextError: A character has no glyph in Tinos.
    """
    with pdf_errors(pdf, FormError):
        return _fill_form(pdf, values, flatten=flatten)


def _fill_form(pdf: PdfSource, values: Mapping[str, str] | Letter, *, flatten: bool) -> bytes:
    reader = read_pdf(pdf)
    fields = _fields_of(reader)
    if not fields:
        raise FormError("the PDF has no form fields (no /AcroForm); is it the right file?")
    if isinstance(values, Letter):
        wanted = {k: v for k, v in letter_form_values(values).items() if k in fields}
    else:
        wanted = dict(values)
        for name in wanted:
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise FormError(
                    f"the form has no field {name!r}{hint} (fields: {', '.join(sorted(fields))})"
                )
    for name in wanted:
        kind = str(_inherited(fields[name].field, "/FT"))
        if kind != "/Tx":
            raise FormError(f"field {name!r} is not a text field ({kind}); only text is filled")

    writer = PdfWriter(clone_from=reader)
    writer_fields = _fields_of(writer)
    font = _subset_font("".join(wanted.values()).replace("\n", ""))
    font_ref = writer._add_object(font.font.clone(writer))
    acroform: Any = writer.root_object["/AcroForm"].get_object()
    dr = acroform.setdefault(NameObject("/DR"), DictionaryObject())
    dr = dr.get_object()
    dr_fonts = dr.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    dr_fonts[NameObject(FONT_NAME)] = font_ref
    acroform[NameObject("/NeedAppearances")] = BooleanObject(False)
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font_ref})}
    )

    for name, value in wanted.items():
        entry = writer_fields[name]
        field = entry.field
        flags = int(_inherited(field, "/Ff") or 0)
        multiline = bool(flags & MULTILINE)
        max_len = _inherited(field, "/MaxLen")
        if max_len is not None and len(value) > int(max_len):
            raise FieldOverflowError(
                f"field {name!r} takes at most {int(max_len)} characters; "
                f"{value!r} has {len(value)}"
            )
        start = _start_size(field)
        field[NameObject("/V")] = TextStringObject(value)
        field[NameObject("/DA")] = TextStringObject(f"{FONT_NAME} {start:g} Tf 0 g")
        for widget in entry.widgets:
            llx, lly, urx, ury = _rect(widget)
            box = (urx - llx, ury - lly)
            size, lines = _layout(name, value, font, box, start, multiline)
            align = int(_inherited(widget, "/Q") or 0)
            stream = DecodedStreamObject()
            stream.set_data(_appearance(font, size, lines, box, align, multiline))
            stream.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        [FloatObject(0), FloatObject(0), FloatObject(box[0]), FloatObject(box[1])]
                    ),
                    NameObject("/Resources"): resources,
                }
            )
            widget[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): writer._add_object(stream)}
            )
            # The size that fits (a widget merged with its field gets it too).
            widget[NameObject("/DA")] = TextStringObject(f"{FONT_NAME} {size:g} Tf 0 g")

    if flatten:
        _flatten(writer)
    return pdf_bytes(writer)


def _flatten(writer: PdfWriter) -> None:
    """Paint every widget's normal appearance into its page and drop the form."""
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        keep: list[PdfObject] = []
        paint: list[str] = []
        xobjects: dict[str, IndirectObject] = {}
        for ref in annots.get_object():
            annot: Any = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                keep.append(ref)
                continue
            ap = annot.get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            if normal is None or not hasattr(normal.get_object(), "get_data"):
                continue
            stream: Any = normal.get_object()
            bbox = [float(v) for v in stream.get("/BBox", [0, 0, 0, 0])]
            llx, lly, _urx, _ury = _rect(annot)
            key = f"/CxFlat{len(xobjects)}"
            xobjects[key] = (
                normal if isinstance(normal, IndirectObject) else writer._add_object(stream)
            )
            paint.append(f"q 1 0 0 1 {llx - bbox[0]:.3f} {lly - bbox[1]:.3f} cm {key} Do Q")
        if keep:
            page[NameObject("/Annots")] = ArrayObject(keep)
        else:
            del page["/Annots"]
        if not paint:
            continue
        resources: Any = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        page_xobjects: Any = resources.setdefault(NameObject("/XObject"), DictionaryObject())
        page_xobjects = page_xobjects.get_object()
        for key, xref in xobjects.items():
            page_xobjects[NameObject(key)] = xref
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q\n")
        after.set_data(("\nQ\n" + "\n".join(paint) + "\n").encode("ascii"))
        contents: Any = page.get("/Contents")
        parts: list[PdfObject] = [writer._add_object(before)]
        if contents is not None:
            existing = contents.get_object()
            if isinstance(existing, ArrayObject):
                parts.extend(existing)
            else:
                parts.append(contents)
        parts.append(writer._add_object(after))
        page[NameObject("/Contents")] = ArrayObject(parts)
    if "/AcroForm" in writer.root_object:
        del writer.root_object["/AcroForm"]
