"""The house Decree-30 letterhead: the letter as WordprocessingML, written as escaped strings."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from camon_xinloi.errors import (
    RenderError,
    UnrenderableTextError,
)
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter

if TYPE_CHECKING:
    pass
from camon_xinloi.render._unit_names import keep_letter_together
from camon_xinloi.render.docx._zip import _central_header, _deflate, _local_header

# --------------------------------------------------------------------------- layout
# Lengths are in twentieths of a point (twips, 1 mm = 56.7 twips); sizes in half-points.
TEXT_WIDTH = 9355
"""A4 width 210 mm minus margins 30 mm and 15 mm = 165 mm."""
HEAD_LEFT = 3402
"""Header table, left column (issuing body, Số): 60 mm."""
HEAD_RIGHT = TEXT_WIDTH - HEAD_LEFT
"""Header table, right column (Quốc hiệu, Tiêu ngữ, date line): 105 mm."""
SIGN_LEFT = TEXT_WIDTH // 2
"""Signature table, left column (Nơi nhận): half the text width, 82.5 mm, as in the PDF."""
SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT
"""Signature table, right column (quyền hạn, chức vụ, name): the other half."""
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

BODY_LINE = 360
"""The body's lines are exactly 18 pt apart, as in the PDF (letter.typ, body-pitch)."""
BODY_AFTER = 120
"""6 pt more between the body's paragraphs, as in the PDF (letter.typ, paragraph-gap)."""

SIGNATURE_BEFORE = 120
"""6 pt above the signature block (and "Nơi nhận"), after the body's own 6 pt."""

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


def check_letter_text(letter: Letter) -> None:
    """Refuse a letter holding a character that XML 1.0 (and so DOCX) cannot carry.

    Tabs and line breaks are allowed; other control characters, lone
    surrogates and U+FFFE/U+FFFF are not.

    Raises:
        UnrenderableTextError: Naming the field, the character and its position.
    """
    for label, text, _bold, _italic in letter.text_fields(meta=True):
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
    exact: bool = False,
    ind: str = "",
    border: str = "",
    keep_next: bool = False,
    keep_lines: bool = False,
    mark: int = SIZE_BODY,
    sect: str = "",
) -> str:
    rule = "exact" if exact else "auto"
    keep = ("<w:keepNext/>" if keep_next else "") + ("<w:keepLines/>" if keep_lines else "")
    return (
        f"<w:p><w:pPr>{keep}{border}"
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'
        f'{ind}<w:jc w:val="{jc}"/>{_rpr(mark, False, False)}{sect}</w:pPr>{content}</w:p>'
    )


def _ind(left: int = 0, right: int = 0, first_line: int = 0) -> str:
    first = f' w:firstLine="{first_line}"' if first_line else ""
    return f'<w:ind w:left="{left}" w:right="{right}"{first}/>'


RULE_GAP = 120
"""3 pt between the descenders of a line and the rule under it (motto, body, trích yếu),
so the rule never touches them ("mừng công" must not look underlined); as in the PDF."""


def _rule(length: int, column: int, *, after: int = 0) -> str:
    """A centred horizontal rule ``length`` long: a tiny paragraph's bottom border."""
    length = max(0, min(length, column))
    side = (column - length) // 2
    return _para(
        jc="center",
        before=RULE_GAP,
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
    out.append(_para(_run(letter.title, bold=True), before=360, keep_next=True))
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
                after=BODY_AFTER,
                line=BODY_LINE,
                exact=True,
                ind=_ind(first_line=FIRST_LINE_INDENT) if indent else "",
                # The closing paragraph and the one before it go with the signature,
                # as in the PDF: never a signature page without text.
                keep_next=i >= last_body - 1,
                keep_lines=i == last_body - 1,
            )
        )
    # Signature block: Nơi nhận | quyền hạn, chức vụ, signing space, name.
    if letter.distribution:
        noi_nhan = [
            _para(
                _run("Nơi nhận:", SIZE_NOI_NHAN, bold=True, italic=True),
                jc="left",
                before=SIGNATURE_BEFORE,
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
        _para(_run(line, bold=True), before=SIGNATURE_BEFORE if i == 0 else 0)
        for i, line in enumerate(letter.signature.lines)
    ]
    signer.append(_para(_run(letter.signature.name, bold=True), before=SIGNING_SPACE))
    out.append(_table((SIGN_LEFT, SIGN_RIGHT), [[noi_nhan, signer]], keep=True))
    # A closing paragraph: Word wants one after a table, and it carries a section break.
    out.append(_para(mark=2, sect=sect))
    return "".join(out)


FOOTER_LIFT = 57
"""The footer stands 1 mm above the bottom margin, as in the PDF (letter.typ): its
descenders stay clear of Decree 30's 20 mm."""

FOOTER_LINE = 240
"""The footer's lines are exactly 12 pt apart (11 pt text), as in the PDF (letter.typ)."""


def _footer_xml(text: str) -> bytes:
    """The first page's footer (Decree 30: address and contacts under a full-width rule).

    An empty ``text`` gives an empty footer, without the rule.
    """
    rule = '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    paragraph = _para(
        _run(text, SIZE_SMALL) if text else "",
        jc="left",
        line=FOOTER_LINE,
        exact=True,
        border=rule if text else "",
        mark=SIZE_SMALL,
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{_W}" xmlns:r="{_R}">{paragraph}</w:ftr>'
    ).encode()


def _footer_rid(k: int) -> str:
    return f"rIdCxFooter{k}"


def house_docx(letters: Sequence[Letter]) -> bytes:
    """The house letterhead filled with ``letters``, one section each.

    Each letter's address line is the footer of its first page (Decree 30,
    Phụ lục I: under a full-width rule), as in the PDF; letters with the same
    footer share one footer part.
    """
    house = _house()
    footers: list[str] = []
    sections: list[str] = []
    letters = [keep_letter_together(letter) for letter in letters]
    # A section without a footer of its own would show the previous section's:
    # in a batch where some letter has one, the others get an empty one.
    any_footer = any(letter.footer for letter in letters)
    for letter in letters:
        rid = None
        if any_footer:
            text = letter.footer or ""
            if text not in footers:
                footers.append(text)
            rid = _footer_rid(footers.index(text) + 1)
        sections.append(house.section(rid))
    last = len(letters) - 1
    body = "".join(
        _letter_body(letter, sect="" if i == last else sections[i])
        for i, letter in enumerate(letters)
    )
    return house.build(
        _document_xml(body, sections[last]),
        _letter_core(letters),
        [_footer_xml(text) for text in footers],
    )


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


_DYNAMIC = (
    "docProps/core.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
)
_FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_SECT_PR = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.DOTALL)
_FOOTER_DISTANCE = re.compile(r'(w:bottom="(\d+)"[^>]*?w:footer=")\d+(")')
"""The page margins' footer distance, to be set to the bottom margin."""


class _House:
    """The house letterhead's static entries, compressed once and copied raw."""

    def __init__(self, data: bytes) -> None:
        self.static = io.BytesIO()
        self.central: list[tuple[bytes, int, int, int, int, int]] = []
        """(name, crc, compressed size, size, method, offset in the blob) of each static entry."""
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.read("word/document.xml").decode("utf-8")
            found = _SECT_PR.search(document)
            if found is None:
                raise RenderError("the house letterhead has no section properties")
            self.sect_pr = re.sub(r' w:rsid\w*="[^"]*"', "", found.group())
            self.rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
            self.types = archive.read("[Content_Types].xml").decode("utf-8")
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
                self.central.append((encoded, info.CRC, len(raw), info.file_size, method, offset))
        self.blob = self.static.getvalue()

    def section(self, footer_rid: str | None) -> str:
        """The letterhead's section properties, with a first-page footer when given.

        The footer stands as far from the paper's edge as the bottom margin (and
        :data:`FOOTER_LIFT`): the page keeps Decree 30's 20 mm under the address
        (Phụ lục I, Phần I), and the body of the first page ends above the
        footer, as in the PDF.
        """
        if footer_rid is None:
            return self.sect_pr
        reference = f'<w:footerReference w:type="first" r:id="{footer_rid}"/>'
        sect_pr = _FOOTER_DISTANCE.sub(
            lambda m: f"{m[1]}{int(m[2]) + FOOTER_LIFT}{m[3]}", self.sect_pr, count=1
        )
        return sect_pr.replace("<w:sectPr>", f"<w:sectPr>{reference}", 1)

    def build(self, document: bytes, core: bytes, footers: Sequence[bytes] = ()) -> bytes:
        """The .docx: the static parts, then the document, its properties and footers."""
        numbers = range(1, len(footers) + 1)
        rels = self.rels.replace(
            "</Relationships>",
            "".join(
                f'<Relationship Id="{_footer_rid(k)}" Type="{_FOOTER_TYPE}"'
                f' Target="footer{k}.xml"/>'
                for k in numbers
            )
            + "</Relationships>",
        )
        types = self.types.replace(
            "</Types>",
            "".join(
                f'<Override PartName="/word/footer{k}.xml" ContentType="{_FOOTER_CONTENT}"/>'
                for k in numbers
            )
            + "</Types>",
        )
        # [Content_Types].xml first, as Word writes it; the other parts after the static ones.
        head = [("[Content_Types].xml", types.encode())]
        tail = [
            ("word/_rels/document.xml.rels", rels.encode()),
            ("docProps/core.xml", core),
            ("word/document.xml", document),
            *((f"word/footer{k}.xml", data) for k, data in zip(numbers, footers, strict=True)),
        ]
        out: list[bytes] = []
        central: list[bytes] = []
        offset = 0

        def add(name: str, data: bytes) -> None:
            nonlocal offset
            raw = _deflate(data)
            crc = zlib.crc32(data)
            encoded = name.encode()
            local = _local_header(encoded, crc, len(raw), len(data), 8)
            out.extend((local, raw))
            central.append(_central_header(encoded, crc, len(raw), len(data), 8, offset))
            offset += len(local) + len(raw)

        for name, data in head:
            add(name, data)
        shift = offset
        out.append(self.blob)
        central += [
            _central_header(name, crc, csize, usize, method, start + shift)
            for name, crc, csize, usize, method, start in self.central
        ]
        offset += len(self.blob)
        for name, data in tail:
            add(name, data)
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
