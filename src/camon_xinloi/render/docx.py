"""DOCX renderer: the house Decree-30 letterhead, or a commune's own docxtpl template.

Two paths produce a ``.docx`` from a :class:`~camon_xinloi.letter.Letter`:

- **House letterhead** (the default). The static parts of
  ``docx_templates/letterhead.docx`` (styles, page setup, the page-number
  header, fonts) are read and compressed once; for each letter only
  ``word/document.xml`` and ``docProps/core.xml`` are written, as strings with
  every value XML-escaped, and the zip archive is assembled by hand from the
  precompressed entries. No docxtpl, no python-docx per letter.
- **A user template** (``template="our_letterhead.docx"``): a docxtpl
  template, rendered with ``autoescape=True`` in a sandboxed, strict Jinja
  environment. The context is documented in ``docs/docx.md`` and built by
  :func:`letter_context`. :func:`check_docx_template` lints such a file.

Output is byte-identical for the same letter: zip entries in a fixed order,
dated 1980-01-01, no random ids, and ``docProps/core.xml`` created/modified
set to the letter's date (1 January of the letter's year for an undated draft).

Examples:
    >>> from camon_xinloi.testing import example_letter
    >>> data = DocxRenderer().render(example_letter())
    >>> data[:2], data == DocxRenderer().render(example_letter())
    (b'PK', True)
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from camon_xinloi.errors import (
    MissingDependencyError,
    RenderError,
    TemplateRenderError,
    UnrenderableTextError,
)
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "FIXED_DATE",
    "MEDIA_TYPE",
    "DocxRenderer",
    "Problem",
    "check_docx_template",
    "letter_context",
    "normalize_docx",
    "render_docx_batch",
]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
"""The media type of a .docx file."""
FIXED_DATE = dt.datetime(2020, 3, 5, tzinfo=dt.UTC)
"""The created/modified date written into the shipped templates (the date of Decree 30)."""

# --------------------------------------------------------------------------- layout
# Lengths are in twentieths of a point (twips, 1 mm = 56.7 twips); sizes in half-points.
TEXT_WIDTH = 9355
"""A4 width 210 mm minus margins 30 mm and 15 mm = 165 mm."""
HEAD_LEFT = 3402
"""Header table, left column (issuing body, Số): 60 mm."""
HEAD_RIGHT = TEXT_WIDTH - HEAD_LEFT
"""Header table, right column (Quốc hiệu, Tiêu ngữ, date line): 105 mm."""
SIGN_LEFT = 3969
"""Signature table, left column (Nơi nhận): 70 mm."""
SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT
"""Signature table, right column (quyền hạn, chức vụ, name): 95 mm."""
MOTTO_WIDTH = 3182
"""Width of the Tiêu ngữ in 13 pt bold, measured with the metrics of Tinos Bold
(metric-compatible with Times New Roman Bold): the rule under it is exactly as long."""
FIRST_LINE_INDENT = 567
"""1 cm, the body's first-line indent."""
SIGNING_SPACE = 1814
"""3.2 cm between the signer's title and name, for the signature and seal."""
RECIPIENTS_INDENT = 1701
"""3 cm: where "Kính gửi:" starts when there are several recipients."""
RECIPIENT_ITEMS_INDENT = RECIPIENTS_INDENT + 1020
"""Where the "- …;" lines start: under the colon of "Kính gửi:" (14 pt)."""

SIZE_NATIONAL = 24
SIZE_HEAD = 26
SIZE_BODY = 28
SIZE_NOI_NHAN = 24
SIZE_SMALL = 22

_FONT = "Times New Roman"
_RFONTS = f'<w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:eastAsia="{_FONT}" w:cs="{_FONT}"/>'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_JC = {"justify": "both", "center": "center", "left": "left", "right": "right"}

# --------------------------------------------------------------------------- text checks
_UNRENDERABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _letter_texts(letter: Letter) -> Iterator[tuple[str, str]]:
    if letter.parent_agency:
        yield "parent_agency", letter.parent_agency
    for i, line in enumerate(letter.agency):
        yield f"agency[{i}]", line
    if letter.number_line:
        yield "number_line", letter.number_line
    yield "date_line", letter.date_line
    yield "title", letter.title
    if letter.subject:
        yield "subject", letter.subject
    for i, recipient in enumerate(letter.recipients):
        yield f"recipients[{i}]", recipient
    for i, paragraph in enumerate(letter.body):
        for j, run in enumerate(paragraph.runs):
            yield f"body[{i}].runs[{j}]", run.text
    for i, line in enumerate(letter.signature.lines):
        yield f"signature.lines[{i}]", line
    yield "signature.name", letter.signature.name
    for i, item in enumerate(letter.distribution):
        yield f"distribution[{i}]", item
    if letter.footer:
        yield "footer", letter.footer
    meta = letter.meta
    for name in ("template_id", "template_version", "event_kind", "family"):
        yield f"meta.{name}", getattr(meta, name)


def check_letter_text(letter: Letter) -> None:
    """Refuse a letter holding a character that XML 1.0 (and so DOCX) cannot carry.

    Tabs and line breaks are allowed; other control characters, lone
    surrogates and U+FFFE/U+FFFF are not.

    Raises:
        UnrenderableTextError: Naming the field, the character and its position.
    """
    for label, text in _letter_texts(letter):
        found = _UNRENDERABLE.search(text)
        if found:
            char = found.group()
            raise UnrenderableTextError(
                f"{label} holds the control character U+{ord(char):04X} at position "
                f"{found.start()} of {text!r}, which a DOCX file cannot carry; "
                "remove it from the event or issuer data"
            )


# --------------------------------------------------------------------------- XML pieces
def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def _rpr(size: int, bold: bool, italic: bool) -> str:
    return (
        f"<w:rPr>{_RFONTS}{'<w:b/><w:bCs/>' if bold else ''}{'<w:i/><w:iCs/>' if italic else ''}"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


def _run(text: str, size: int = SIZE_BODY, *, bold: bool = False, italic: bool = False) -> str:
    parts: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{_esc(piece)}</w:t>')
    return f"<w:r>{_rpr(size, bold, italic)}{''.join(parts)}</w:r>"


def _para(
    content: str = "",
    *,
    jc: str = "center",
    before: int = 0,
    after: int = 0,
    line: int = 240,
    ind: str = "",
    border: str = "",
    keep_next: bool = False,
    mark: int = SIZE_BODY,
    sect: str = "",
) -> str:
    return (
        f"<w:p><w:pPr>{'<w:keepNext/>' if keep_next else ''}{border}"
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'
        f'{ind}<w:jc w:val="{jc}"/>{_rpr(mark, False, False)}{sect}</w:pPr>{content}</w:p>'
    )


def _ind(left: int = 0, right: int = 0, first_line: int = 0) -> str:
    first = f' w:firstLine="{first_line}"' if first_line else ""
    return f'<w:ind w:left="{left}" w:right="{right}"{first}/>'


def _rule(length: int, column: int, *, after: int = 0) -> str:
    """A centred horizontal rule ``length`` long: a tiny paragraph's bottom border."""
    length = max(0, min(length, column))
    side = (column - length) // 2
    return _para(
        jc="center",
        after=after,
        ind=_ind(side, side),
        border='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>',
        mark=2,
    )


def _width(text: str, size: int, *, bold: bool) -> int:
    """Estimate the width of ``text`` in twips (Times New Roman, ``size`` half-points)."""
    em = 0.0
    for char in text:
        if char.isspace():
            em += 0.25
        elif char.isdigit():
            em += 0.5
        elif char.isupper():
            em += 0.72 if bold else 0.68
        elif char.isalpha():
            em += 0.5 if bold else 0.46
        else:
            em += 0.38
    return int(em * size * 10)


_BORDERS_NONE = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{edge} w:val="nil"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def _table(widths: Sequence[int], rows: Sequence[Sequence[Sequence[str]]], *, keep: bool) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    trs = []
    for row in rows:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{"".join(c) or _para()}</w:tc>'
            for w, c in zip(widths, row, strict=True)
        )
        trs.append(f"<w:tr>{'<w:trPr><w:cantSplit/></w:trPr>' if keep else ''}{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/>{_BORDERS_NONE}<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>"
    )


def _letter_body(letter: Letter, *, sect: str = "") -> str:
    """Return the body XML of one letter; ``sect`` ends its section (batch printing)."""
    out: list[str] = []
    # Header: issuing body | Quốc hiệu, Tiêu ngữ; Số | place and date.
    left: list[str] = []
    if letter.parent_agency:
        left.append(_para(_run(letter.parent_agency.upper(), SIZE_HEAD)))
    agency = [line.upper() for line in letter.agency]
    left += [_para(_run(line, SIZE_HEAD, bold=True)) for line in agency]
    widest = max(_width(line, SIZE_HEAD, bold=True) for line in agency)
    left.append(_rule(max(851, min(int(widest * 0.4), HEAD_LEFT // 2)), HEAD_LEFT))
    right = [
        _para(_run(NATIONAL_NAME, SIZE_NATIONAL, bold=True)),
        _para(_run(NATIONAL_MOTTO, SIZE_HEAD, bold=True)),
        _rule(MOTTO_WIDTH, HEAD_RIGHT),
    ]
    number = _run(letter.number_line, SIZE_HEAD) if letter.number_line else ""
    row2 = [
        [_para(number, before=120, mark=SIZE_HEAD)],
        [_para(_run(letter.date_line, SIZE_BODY, italic=True), before=120)],
    ]
    out.append(_table((HEAD_LEFT, HEAD_RIGHT), [[left, right], row2], keep=False))
    # Tên loại and trích yếu.
    out.append(_para(_run(letter.title, bold=True), before=480, keep_next=True))
    if letter.subject:
        out.append(_para(_run(letter.subject, bold=True), keep_next=True))
        subject_width = min(_width(letter.subject, SIZE_BODY, bold=True), TEXT_WIDTH)
        out.append(_rule(max(1134, int(subject_width * 0.4)), TEXT_WIDTH))
    # Kính gửi.
    if len(letter.recipients) == 1:
        out.append(_para(_run(letter.recipient_line), before=240, after=120, keep_next=True))
    else:
        kinh_gui = _run("Kính gửi:")
        out.append(
            _para(kinh_gui, jc="left", before=240, ind=_ind(RECIPIENTS_INDENT), keep_next=True)
        )
        last = len(letter.recipients) - 1
        for i, recipient in enumerate(letter.recipients):
            out.append(
                _para(
                    _run(f"- {recipient}{'.' if i == last else ';'}"),
                    jc="left",
                    after=120 if i == last else 0,
                    ind=_ind(RECIPIENT_ITEMS_INDENT),
                    keep_next=True,
                )
            )
    # Content.
    last_body = len(letter.body) - 1
    for i, paragraph in enumerate(letter.body):
        indent = paragraph.indent and paragraph.align != "center"
        out.append(
            _para(
                "".join(_run(r.text, bold=r.bold, italic=r.italic) for r in paragraph.runs),
                jc=_JC[paragraph.align],
                before=120 if i == 0 else 0,
                after=120,
                line=288,
                ind=_ind(first_line=FIRST_LINE_INDENT) if indent else "",
                keep_next=i == last_body,
            )
        )
    # Signature block: Nơi nhận | quyền hạn, chức vụ, signing space, name.
    if letter.distribution:
        noi_nhan = [
            _para(
                _run("Nơi nhận:", SIZE_NOI_NHAN, bold=True, italic=True),
                jc="left",
                before=240,
                mark=SIZE_NOI_NHAN,
            )
        ]
        noi_nhan += [
            _para(_run(line, SIZE_SMALL), jc="left", mark=SIZE_SMALL)
            for line in letter.distribution_lines
        ]
    else:
        noi_nhan = []
    signer = [
        _para(_run(line, bold=True), before=240 if i == 0 else 0)
        for i, line in enumerate(letter.signature.lines)
    ]
    signer.append(_para(_run(letter.signature.name, bold=True), before=SIGNING_SPACE))
    out.append(_table((SIGN_LEFT, SIGN_RIGHT), [[noi_nhan, signer]], keep=True))
    if letter.footer:
        out.append(
            _para(
                _run(letter.footer, SIZE_SMALL),
                jc="left",
                before=480,
                border='<w:pBdr><w:top w:val="single" w:sz="6" w:space="4" w:color="000000"/>'
                "</w:pBdr>",
                mark=SIZE_SMALL,
            )
        )
    # A closing paragraph: Word wants one after a table, and it carries a section break.
    out.append(_para(mark=2, sect=sect))
    return "".join(out)


def _document_xml(body: str, sect_pr: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{body}{sect_pr}</w:body></w:document>'
    ).encode()


def _core_date(letter: Letter) -> dt.datetime:
    day = letter.date or dt.date(letter.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _core_xml(*, title: str, subject: str, creator: str, keywords: str, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(title)}</dc:title><dc:subject>{_esc(subject)}</dc:subject>"
        f"<dc:creator>{_esc(creator)}</dc:creator><cp:keywords>{_esc(keywords)}</cp:keywords>"
        "<cp:lastModifiedBy>camon_xinloi</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _letter_core(letters: Sequence[Letter]) -> bytes:
    first = letters[0]
    return _core_xml(
        title=first.title if len(letters) == 1 else f"{first.title} ({len(letters)})",
        subject=first.subject or "",
        creator=" ".join(first.agency),
        keywords=first.meta.template_id,
        when=_core_date(first),
    )


# --------------------------------------------------------------------------- zip
_DOS_DATE = 0x21  # 1980-01-01
_DOS_TIME = 0


def _local_header(name: bytes, crc: int, csize: int, usize: int, method: int) -> bytes:
    return struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, _DOS_TIME, _DOS_DATE, crc, csize, usize,
        len(name), 0,
    ) + name  # fmt: skip


def _central_header(
    name: bytes, crc: int, csize: int, usize: int, method: int, offset: int
) -> bytes:
    return struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, _DOS_TIME, _DOS_DATE, crc, csize,
        usize, len(name), 0, 0, 0, 0, 0, offset,
    ) + name  # fmt: skip


def _deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class _ZipWriter:
    """Write a zip archive with fixed dates; entries may be given precompressed."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.central: list[bytes] = []

    def add_raw(self, name: str, raw: bytes, *, crc: int, size: int, method: int) -> None:
        encoded = name.encode()
        offset = self.buffer.tell()
        self.buffer.write(_local_header(encoded, crc, len(raw), size, method))
        self.buffer.write(raw)
        self.central.append(_central_header(encoded, crc, len(raw), size, method, offset))

    def add(self, name: str, data: bytes) -> None:
        self.add_raw(name, _deflate(data), crc=zlib.crc32(data), size=len(data), method=8)

    def finish(self) -> bytes:
        start = self.buffer.tell()
        directory = b"".join(self.central)
        n = len(self.central)
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(directory), start, 0)
        return self.buffer.getvalue() + directory + end


def _ordered(names: Iterable[str]) -> list[str]:
    names = list(names)
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", names.index(n)))


_CREATED = re.compile(r"(<dcterms:created\b[^>]*>)[^<]*(</dcterms:created>)")
_MODIFIED = re.compile(r"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")


def normalize_docx(
    data: bytes, *, created: dt.datetime, replace: Mapping[str, bytes] | None = None
) -> bytes:
    """Rewrite a DOCX so that the same content always gives the same bytes.

    Entries keep their order (``[Content_Types].xml`` first), are deflated
    again and dated 1980-01-01; ``docProps/core.xml`` gets ``created`` as its
    created and modified dates.

    Args:
        data: The .docx bytes.
        created: The date to write into the document properties.
        replace: Entries to replace by name (for example ``docProps/app.xml``).

    Raises:
        zipfile.BadZipFile: If ``data`` is not a zip archive.
    """
    stamp = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer = _ZipWriter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in _ordered(archive.namelist()):
            content = (replace or {}).get(name) or archive.read(name)
            if name == "docProps/core.xml":
                text = content.decode("utf-8")
                text = _CREATED.sub(rf"\g<1>{stamp}\g<2>", text)
                text = _MODIFIED.sub(rf"\g<1>{stamp}\g<2>", text)
                content = text.encode("utf-8")
            writer.add(name, content)
    return writer.finish()


# --------------------------------------------------------------------------- house package
_DYNAMIC = ("docProps/core.xml", "word/document.xml")
_SECT_PR = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.DOTALL)


class _House:
    """The house letterhead's static entries, compressed once and copied raw."""

    def __init__(self, data: bytes) -> None:
        self.static = io.BytesIO()
        self.central: list[bytes] = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.read("word/document.xml").decode("utf-8")
            found = _SECT_PR.search(document)
            if found is None:
                raise RenderError("the house letterhead has no section properties")
            self.sect_pr = re.sub(r' w:rsid\w*="[^"]*"', "", found.group())
            for info in archive.infolist():
                if info.filename in _DYNAMIC:
                    continue
                start = info.header_offset
                name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
                begin = start + 30 + name_len + extra_len
                raw = data[begin : begin + info.compress_size]
                encoded = info.filename.encode()
                offset = self.static.tell()
                method = info.compress_type
                self.static.write(
                    _local_header(encoded, info.CRC, len(raw), info.file_size, method) + raw
                )
                self.central.append(
                    _central_header(encoded, info.CRC, len(raw), info.file_size, method, offset)
                )
        self.blob = self.static.getvalue()

    def build(self, document: bytes, core: bytes) -> bytes:
        out = [self.blob]
        central = list(self.central)
        offset = len(self.blob)
        for name, data in (("docProps/core.xml", core), ("word/document.xml", document)):
            raw = _deflate(data)
            crc = zlib.crc32(data)
            encoded = name.encode()
            local = _local_header(encoded, crc, len(raw), len(data), 8)
            out += (local, raw)
            central.append(_central_header(encoded, crc, len(raw), len(data), 8, offset))
            offset += len(local) + len(raw)
        directory = b"".join(central)
        n = len(central)
        out += (
            directory,
            struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(directory), offset, 0),
        )
        return b"".join(out)


@cache
def _house() -> _House:
    data = resources.files("camon_xinloi.render").joinpath("docx_templates/letterhead.docx")
    return _House(data.read_bytes())


# --------------------------------------------------------------------------- user templates
def letter_context(letter: Letter) -> dict[str, Any]:
    """Return the context a user DOCX template is rendered with (see ``docs/docx.md``).

    The context has one name, ``letter``, a dict of the letter's parts as
    printed. ``letter.body`` items carry ``rich``, a docxtpl ``RichText`` with
    real bold and italic runs, for ``{{r p.rich }}``.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> context = letter_context(example_letter())
        >>> context["letter"]["number_line"], context["letter"]["signature"]["lines"][0]
        ('Số: 05/UBND-VX', 'TM. ỦY BAN NHÂN DÂN')
    """
    rich_text = _docxtpl().RichText
    recipients = list(letter.recipients)
    last = len(recipients) - 1
    body = []
    for paragraph in letter.body:
        rich = rich_text()
        for run in paragraph.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        body.append(
            {
                "text": paragraph.text,
                "rich": rich,
                "align": paragraph.align,
                "indent": paragraph.indent,
                "runs": [
                    {"text": r.text, "bold": r.bold, "italic": r.italic} for r in paragraph.runs
                ],
            }
        )
    return {
        "letter": {
            "national_name": NATIONAL_NAME,
            "national_motto": NATIONAL_MOTTO,
            "parent_agency": letter.parent_agency,
            "agency": list(letter.agency),
            "agency_text": " ".join(letter.agency),
            "number": letter.number,
            "notation": letter.notation,
            "number_line": letter.number_line,
            "place": letter.place,
            "date": letter.date.isoformat() if letter.date else None,
            "year": letter.year,
            "date_line": letter.date_line,
            "is_draft": letter.is_draft,
            "title": letter.title,
            "subject": letter.subject,
            "recipients": recipients,
            "recipient_line": letter.recipient_line,
            "recipient_items": [
                f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(recipients)
            ],
            "body": body,
            "body_text": "\n".join(p.text for p in letter.body),
            "signature": {
                "lines": list(letter.signature.lines),
                "name": letter.signature.name,
            },
            "distribution": list(letter.distribution),
            "distribution_lines": list(letter.distribution_lines),
            "footer": letter.footer,
            "meta": letter.meta.model_dump(),
        }
    }


LETTER_FIELDS: dict[str, frozenset[str] | None] = {
    "national_name": None,
    "national_motto": None,
    "parent_agency": None,
    "agency": None,
    "agency_text": None,
    "number": None,
    "notation": None,
    "number_line": None,
    "place": None,
    "date": None,
    "year": None,
    "date_line": None,
    "is_draft": None,
    "title": None,
    "subject": None,
    "recipients": None,
    "recipient_line": None,
    "recipient_items": None,
    "body": None,
    "body_text": None,
    "signature": frozenset({"lines", "name"}),
    "distribution": None,
    "distribution_lines": None,
    "footer": None,
    "meta": frozenset({"template_id", "template_version", "event_kind", "family"}),
}
"""The fields of ``letter`` in a user template's context, with their sub-fields."""


def _docxtpl() -> Any:
    try:
        import docxtpl
    except ImportError as exc:  # pragma: no cover - docxtpl is a dependency
        raise MissingDependencyError(
            "rendering a DOCX template needs docxtpl, a dependency of camon-xinloi;"
            " reinstall it: pip install --force-reinstall camon-xinloi"
        ) from exc
    return docxtpl


@cache
def _environment() -> jinja2.Environment:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        from camon_xinloi.filters import FILTERS
    except ImportError:  # pragma: no cover - filters are optional here
        pass
    else:
        env.filters.update(FILTERS)
    return env


_FULLWIDTH = str.maketrans({"\uff5b": "{", "\uff5d": "}", "\uff05": "%"})
"""Fullwidth ``{``, ``}`` and ``%`` (an input method's or autocorrect's) to ASCII."""
_FULLWIDTH_DELIMITER = re.compile(
    "([{\uff5b])((?:<[^>]*>)*)([{%\uff5b\uff05])|([}%\uff5d\uff05])((?:<[^>]*>)*)([}\uff5d])"
)
_CURLY = "“”‘’„‟‚‛«»"  # noqa: RUF001 - these are the characters we look for


def _ascii_delimiter(match: re.Match[str]) -> str:
    return "".join((g or "") for g in match.groups()).translate(_FULLWIDTH)


def _normalize_braces(text: str) -> str:
    """Turn tag delimiters typed with fullwidth characters into ASCII ones (XML or text)."""
    if "\uff5b" in text or "\uff5d" in text or "\uff05" in text:
        return _FULLWIDTH_DELIMITER.sub(_ascii_delimiter, text)
    return text


class _CompiledCache:
    """Compiled Jinja templates of template parts, keyed by their patched XML."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[tuple[int, str], jinja2.Template] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, source: str, env: jinja2.Environment) -> jinja2.Template:
        key = (id(env), source)
        with self.lock:
            template = self.items.get(key)
            if template is not None:
                self.items.move_to_end(key)
                return template
        template = env.from_string(source)
        with self.lock:
            self.items[key] = template
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return template


def _part_label(partname: object) -> str:
    return PurePosixPath(str(partname)).stem or str(partname)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _xml_line_text(source: str, lineno: int | None) -> str:
    if lineno is None:
        return ""
    lines = source.split("\n")
    if not 1 <= lineno <= len(lines):
        return ""
    return _shorten(html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1])))


def _template_lineno(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb: TracebackType | None = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _wrap_template_error(
    exc: Exception, source: str, part: str, xml: str | None = None
) -> TemplateRenderError:
    lineno = _template_lineno(exc) if xml is not None else None
    paragraph = _xml_line_text(xml, lineno) if xml is not None else ""
    message = getattr(exc, "message", None) or str(exc)
    where = f"part {part!r}" + (f", paragraph {paragraph!r}" if paragraph else "")
    hint = ""
    if "undefined" in message or "no attribute" in message:
        hint = "; the context is 'letter' (see docs/docx.md for its fields)"
    return TemplateRenderError(f"{where}: {message}{hint}", template_id=source)


_LITERAL_DELIMITER = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
"""docxtpl's escapes for a literal tag delimiter in a template's text."""


def _literal_delimiter(match: re.Match[str]) -> str:
    return "{{ '" + match.group().replace("_", "") + "' }}"


@cache
def _template_class() -> type[Any]:
    """Build the docxtpl subclass lazily (docxtpl is imported only for user templates)."""
    base: Any = _docxtpl().DocxTemplate

    class CamonTemplate(base):  # type: ignore[misc]
        """docxtpl with fullwidth-brace repair, compiled-part caching and located errors."""

        camon_source = ""
        camon_cache: _CompiledCache | None = None

        def patch_xml(self, src_xml: str) -> str:
            patched: str = super().patch_xml(_normalize_braces(src_xml))
            return patched

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> str:
            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            # docxtpl's escapes for a literal "{{" (written "{_{") are turned into Jinja
            # string expressions here, in the template's own text, and not replaced in the
            # output: a value from the letter that holds "{_{" must print as it is.
            src_xml = _LITERAL_DELIMITER.sub(_literal_delimiter, src_xml)
            label = _part_label(getattr(part, "partname", "document"))
            self.current_rendering_part = part
            try:
                cache = self.camon_cache or _CompiledCache()
                dst_xml = cache.get(src_xml, jinja_env).render(context)
            except Exception as exc:
                raise _wrap_template_error(exc, self.camon_source, label, src_xml) from exc
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            resolved: str = self.resolve_listing(dst_xml)
            return resolved

    return CamonTemplate


_NOT_DOCX = "is not a DOCX file"


class _TemplateFiles:
    """Template bytes by path, reread only when the file's mtime or size changes."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[int, int, bytes]] = {}
        self.lock = threading.Lock()

    def read(self, path: str | Path) -> bytes:
        key = str(Path(path).resolve())
        try:
            stat = Path(key).stat()
        except OSError as exc:
            raise RenderError(f"DOCX template {str(path)!r} cannot be read: {exc}") from exc
        with self.lock:
            cached = self.items.get(key)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        data = Path(key).read_bytes()
        with self.lock:
            self.items[key] = (stat.st_mtime_ns, stat.st_size, data)
        return data


def _load_template(data: bytes, source: str) -> Any:
    template = _template_class()(io.BytesIO(data))
    try:
        template.init_docx()
    except zipfile.BadZipFile as exc:
        raise RenderError(
            f"DOCX template {source!r} {_NOT_DOCX} (not a valid zip archive: {exc}); "
            "save it again from Word or LibreOffice as .docx"
        ) from exc
    except Exception as exc:
        raise RenderError(
            f"DOCX template {source!r} {_NOT_DOCX} or is damaged ({type(exc).__name__}: {exc}); "
            "save it again from Word or LibreOffice as .docx"
        ) from exc
    return template


# --------------------------------------------------------------------------- renderer
class DocxRenderer:
    """Render letters as Word documents (.docx).

    Keeps no letter data between calls; it caches the house letterhead's
    precompressed parts, user template files (by path, mtime and size) and
    their compiled Jinja parts.
    """

    format = "docx"
    media_type = MEDIA_TYPE
    suffix = ".docx"

    def __init__(self) -> None:
        self._files = _TemplateFiles()
        self._compiled = _CompiledCache()

    def render(self, letter: Letter, /, *, template: str | Path | None = None) -> bytes:
        """Return the letter as a .docx file.

        Args:
            letter: The composed letter.
            template: A docxtpl .docx template of the commune's own; by default
                the house Decree-30 letterhead.

        Raises:
            UnrenderableTextError: If the letter holds a character XML cannot carry.
            TemplateRenderError: If a tag of the template fails (names file, part and paragraph).
            RenderError: If the template is not a readable DOCX file.
        """
        check_letter_text(letter)
        if template is None:
            house = _house()
            body = _letter_body(letter)
            return house.build(_document_xml(body, house.sect_pr), _letter_core([letter]))
        return self._render_user(letter, template)

    def _render_user(self, letter: Letter, path: str | Path) -> bytes:
        source = str(path)
        data = self._files.read(path)
        template = _load_template(data, source)
        template.camon_source = source
        template.camon_cache = self._compiled
        try:
            template.render(letter_context(letter), jinja_env=_environment(), autoescape=True)
        except TemplateRenderError:
            raise
        except Exception as exc:
            raise _wrap_template_error(exc, source, "core properties") from exc
        buffer = io.BytesIO()
        template.save(buffer)
        return normalize_docx(buffer.getvalue(), created=_core_date(letter))

    def render_batch(
        self, letters: Iterable[Letter], /, *, template: str | Path | None = None
    ) -> bytes:
        """Return one .docx with one letter per section (page numbers restart per letter)."""
        letters = list(letters)
        if not letters:
            raise ValueError("a DOCX batch needs at least one letter")
        for letter in letters:
            check_letter_text(letter)
        if template is None:
            house = _house()
            last = len(letters) - 1
            body = "".join(
                _letter_body(letter, sect="" if i == last else house.sect_pr)
                for i, letter in enumerate(letters)
            )
            return house.build(_document_xml(body, house.sect_pr), _letter_core(letters))
        return _merge([self._render_user(letter, template) for letter in letters], letters)


def _merge(documents: Sequence[bytes], letters: Sequence[Letter]) -> bytes:
    """Join rendered user-template documents, one section each, into the first one."""
    import copy

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    base = Document(io.BytesIO(documents[0]))
    body = base.element.body
    final_sect = body.find(qn("w:sectPr"))
    r_id = qn("r:id")
    r_embed = qn("r:embed")
    for data in documents[1:]:
        # End the previous letter's section with a copy of the template's section properties.
        last_p = [el for el in body if el.tag == qn("w:p")]
        if final_sect is not None and last_p:
            para = body.makeelement(qn("w:p"), {})
            ppr = para.makeelement(qn("w:pPr"), {})
            ppr.append(copy.deepcopy(final_sect))
            para.append(ppr)
            final_sect.addprevious(para)
        doc = Document(io.BytesIO(data))
        for element in list(doc.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            for node in element.iter():
                for attr in (r_embed, r_id):
                    rid = node.get(attr)
                    if rid is None:
                        continue
                    rel = doc.part.rels[rid]
                    if rel.is_external:
                        node.set(attr, base.part.relate_to(rel.target_ref, rel.reltype, True))
                    elif rel.reltype == RT.IMAGE:
                        new_rid, _ = base.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                        node.set(attr, new_rid)
                    else:
                        raise RenderError(
                            f"a DOCX batch cannot merge a template body holding {rel.reltype!r}; "
                            "render one file per letter instead"
                        )
            if final_sect is not None:
                final_sect.addprevious(element)
            else:
                body.append(element)
    buffer = io.BytesIO()
    base.save(buffer)
    return normalize_docx(buffer.getvalue(), created=_core_date(letters[0]))


def render_docx_batch(letters: Iterable[Letter], *, template: str | Path | None = None) -> bytes:
    """Render many letters into one .docx for printing: one letter per section.

    Each section restarts page numbering and has its own first page without a
    number. With a user template, every letter is rendered with it and the
    bodies are joined; headers and footers are those of the first letter.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> render_docx_batch([example_letter(), example_letter()])[:2]
        b'PK'
    """
    from camon_xinloi.render import get_renderer

    registered = get_renderer("docx")
    renderer = registered if isinstance(registered, DocxRenderer) else DocxRenderer()
    return renderer.render_batch(letters, template=template)


# --------------------------------------------------------------------------- checking
@dataclass(frozen=True)
class Problem:
    """A problem found in a user DOCX template by :func:`check_docx_template`.

    Attributes:
        path: The template file.
        part: ``"document"``, ``"header1"``, ``"footer2"``, ``"footnotes"``, …
        paragraph: The text of the paragraph holding the tag ("" when not about a tag).
        message: What is wrong and what to do.
        severity: ``"error"`` (rendering fails or is wrong) or ``"warning"`` (repaired).
    """

    path: str
    part: str
    paragraph: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}: {self.part}" if self.part else self.path
        text = f" (paragraph {self.paragraph!r})" if self.paragraph else ""
        return f"{where}: {self.severity}: {self.message}{text}"


_PART_NAME = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_PREFIX = re.compile(r"^(\{[{%])(-?)(p|tr|tc|r)\s")
_DOCXTPL_ONLY = re.compile(r"^\{%-?\s*(colspan|cellbg|vm|hm)\b")
_W_P = f"{{{_W}}}p"
_W_T = f"{{{_W}}}t"


def _tag_for_jinja(tag: str) -> str:
    tag = _PREFIX.sub(r"\1\2 ", tag)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):  # noqa: RUF001
        tag = tag.replace(curly, straight)
    return tag.replace("\n", " ")


def check_docx_template(path: str | Path) -> list[Problem]:
    """Lint a user DOCX template: broken or split tags, curly quotes, unknown variables.

    Looks at the body, headers, footers, footnotes and endnotes. Returns an
    empty list for a template that will render.

    Examples:
        >>> [p.message for p in check_docx_template("no/such/letterhead.docx")]
        ["cannot read the file: [Errno 2] No such file or directory: 'no/such/letterhead.docx'"]
    """
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [Problem(source, "", "", f"cannot read the file: {exc}")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        return [Problem(source, "", "", f"{_NOT_DOCX} (not a zip archive: {exc})")]
    if "word/document.xml" not in names:
        return [Problem(source, "", "", f"{_NOT_DOCX} (it has no word/document.xml)")]
    parts = sorted(
        (n for n in names if _PART_NAME.fullmatch(n)), key=lambda n: (n != "word/document.xml", n)
    )
    problems: list[Problem] = []
    patcher = _template_class()(io.BytesIO(b""))
    for name in parts:
        try:
            xml = archive.read(name)
        except (zipfile.BadZipFile, zlib.error) as exc:
            problems.append(Problem(source, _part_label(name), "", f"damaged part: {exc}"))
            continue
        problems += _check_part(source, _part_label(name), xml, patcher)
    return problems


def _check_part(source: str, part: str, xml: bytes, patcher: Any) -> list[Problem]:
    import jinja2
    from jinja2 import meta, nodes
    from lxml import etree

    def problem(
        paragraph: str, message: str, severity: Literal["error", "warning"] = "error"
    ) -> None:
        problems.append(Problem(source, part, _shorten(paragraph), message, severity))

    problems: list[Problem] = []
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [Problem(source, part, "", f"damaged XML: {exc}")]
    env = _environment()
    patched = re.sub(r"\s+", "", patcher.patch_xml(etree.tostring(root, encoding="unicode")))
    lines: list[str] = []
    owners: list[str] = []
    for p in root.iter(_W_P):
        text = "".join(t.text or "" for t in p.iter(_W_T))
        if not any(c in text for c in "{}%\uff5b\uff5d\uff05"):
            continue
        fixed = _normalize_braces(text)
        if fixed != text:
            problem(text, "fullwidth braces or percent signs in a tag; type them again", "warning")
        if fixed.count("{{") != fixed.count("}}") or fixed.count("{%") != fixed.count("%}"):
            problem(text, "unbalanced tag: an opening '{{' or '{%' without its closing pair")
            continue
        for tag in _TAG.findall(fixed):
            if any(c in tag for c in _CURLY):
                problem(
                    text,
                    f"curly quotes in {tag!r} (Word's autocorrect); they are straightened when "
                    "rendering, but turn off smart quotes and type straight quotes",
                    "warning",
                )
            if _DOCXTPL_ONLY.match(tag):
                continue
            jinja_tag = _tag_for_jinja(tag)
            if part == "endnotes":
                problem(text, f"docxtpl does not fill tags in endnotes: {tag!r}")
                continue
            compact = re.sub(r"\s+", "", _esc(jinja_tag).replace("&lt;", "<").replace("&gt;", ">"))
            compact = re.sub(r"^(\{[{%])-", r"\1", compact)
            if compact not in patched and re.sub(r"^\{%-?", "{%", compact) not in patched:
                problem(
                    text,
                    f"the tag {tag!r} is split by Word formatting in a way docxtpl cannot join; "
                    "delete it and type it again in one go, without formatting changes inside",
                )
            lines.append(jinja_tag)
            owners.append(text)
    if not lines:
        return problems
    try:
        ast = env.parse("\n".join(lines))
    except jinja2.TemplateSyntaxError as exc:
        owner = owners[exc.lineno - 1] if 1 <= exc.lineno <= len(owners) else ""
        problem(owner, f"tag syntax error: {exc.message}")
        return problems
    known = {"letter", *env.globals}
    for name in sorted(meta.find_undeclared_variables(ast) - known):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        owner = next((o for line, o in zip(lines, owners, strict=True) if pattern.search(line)), "")
        problem(
            owner,
            f"unknown variable {name!r}; a DOCX template gets only 'letter' "
            "(its fields are listed in docs/docx.md)",
        )
    for node in ast.find_all(nodes.Getattr):
        path = _letter_path(node)
        if path is None:
            continue
        owner = owners[node.lineno - 1] if 1 <= node.lineno <= len(owners) else ""
        field = path[0]
        if field not in LETTER_FIELDS:
            problem(owner, f"letter has no field {field!r} (see docs/docx.md)")
        elif len(path) > 1 and (sub := LETTER_FIELDS[field]) is not None and path[1] not in sub:
            problem(owner, f"letter.{field} has no field {path[1]!r} (see docs/docx.md)")
    return list(dict.fromkeys(problems))


def _letter_path(node: Any) -> tuple[str, ...] | None:
    """Return ``("signature", "name")`` for ``letter.signature.name``, None for other nodes."""
    from jinja2 import nodes

    attrs: list[str] = []
    while isinstance(node, nodes.Getattr):
        attrs.append(node.attr)
        node = node.node
    if isinstance(node, nodes.Name) and node.name == "letter":
        return tuple(reversed(attrs))
    return None
