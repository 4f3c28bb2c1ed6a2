"""Reading output: the text and the parts of a letter in any format, and a diffing assert."""

from __future__ import annotations

import difflib
import html.parser
import io
import re
import typing
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def docx_text(data: bytes) -> str:
    """Return the text of a DOCX: body paragraphs and table cells in reading order, NFC.

    The first-page footer of each section (the address line) follows the body.

    Tables are read row by row, cell by cell (merged cells once); one line per
    paragraph, a line break inside a paragraph gives a new line.
    """
    import docx  # python-docx, installed with docxtpl

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(element: Any, parent: Any) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, parent).text)
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell._tc, cell)
            elif tag == "sdt":
                content = child.find(child.tag.replace("sdt", "sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document)
    # The address line is the footer of a letter's first page; it comes last, as printed.
    for section in document.sections:
        if section.different_first_page_header_footer:
            lines += [p.text for p in section.first_page_footer.paragraphs if p.text]
    return _nfc("\n".join(lines))


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF (pypdf), pages joined by a newline, NFC."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return _nfc("\n".join(page.extract_text() for page in reader.pages))


class _HtmlText(html.parser.HTMLParser):
    _BLOCK: typing.ClassVar[frozenset[str]] = frozenset({
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
        "section", "header", "footer", "table", "ul", "ol", "hr",
    })  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(data: str) -> str:
    parser = _HtmlText()
    parser.feed(data)
    lines = [re.sub(r"[ \t\r\n]+", " ", ln).strip() for ln in "".join(parser.parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<div", b"<article", b"<section")):
        return "html"
    return "text"


def letter_text(letter: Letter | bytes | str) -> str:
    """Return the text of a letter given as a :class:`Letter`, rendered bytes or text.

    The format of bytes is found from their first bytes (PDF, DOCX/ZIP, HTML, else text).
    """
    if isinstance(letter, Letter):
        return letter.text
    if isinstance(letter, str):
        return _nfc(letter)
    fmt = _sniff(letter)
    if fmt == "pdf":
        return pdf_text(letter)
    if fmt == "docx":
        return docx_text(letter)
    text = _nfc(letter.decode("utf-8"))
    return _html_text(text) if fmt == "html" else text


@dataclass(frozen=True)
class LetterParts:
    """The parts of a letter, as printed, whitespace collapsed, comparable across formats.

    Attributes:
        header: Letterhead lines: the issuing body's lines, then the national name and motto.
        number_line: "Số: 05/UBND-VX", or None.
        date_line: "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026".
        title: "THƯ CHÚC MỪNG".
        subject: The trích yếu under the title, or None.
        salutation: "Kính gửi: …" (several recipients on one line, as "- a; - b.").
        body: The content paragraphs, the last ending with "./.".
        signature: The upper-case lines of the signature block.
        name: The signer's name.
        distribution: The "Nơi nhận" lines, "- Như trên;" … "- Lưu: VT.".
        footer: The contacts line under the rule, or None.
    """

    header: tuple[str, ...]
    number_line: str | None
    date_line: str | None
    title: str | None
    subject: str | None
    salutation: str | None
    body: tuple[str, ...]
    signature: tuple[str, ...]
    name: str | None
    distribution: tuple[str, ...]
    footer: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the parts as a dict (for goldens and diffs)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _header_order(lines: Iterable[str]) -> tuple[str, ...]:
    lines = [ln for ln in lines if ln]
    national = [ln for ln in (NATIONAL_NAME, NATIONAL_MOTTO) if ln in lines]
    return (*[ln for ln in lines if ln not in national], *national)


def _parts_of_letter(letter: Letter) -> LetterParts:
    if len(letter.recipients) == 1:
        salutation = letter.recipient_line
    else:
        last = len(letter.recipients) - 1
        items = [f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(letter.recipients)]
        salutation = "Kính gửi: " + " ".join(items)
    header = [letter.parent_agency or "", *letter.agency, NATIONAL_NAME, NATIONAL_MOTTO]
    return LetterParts(
        header=_header_order(_ws(h) for h in header),
        number_line=_ws(letter.number_line) if letter.number_line else None,
        date_line=_ws(letter.date_line),
        title=_ws(letter.title),
        subject=_ws(letter.subject) if letter.subject else None,
        salutation=_ws(salutation),
        body=tuple(_ws(p.text) for p in letter.body),
        signature=tuple(_ws(s) for s in letter.signature.lines),
        name=_ws(letter.signature.name),
        distribution=tuple(_ws(d) for d in letter.distribution_lines),
        footer=_ws(letter.footer) if letter.footer else None,
    )


_NUMBER = re.compile(r"Số:\s*\d*\s*/\s*\S+")
_DATE = re.compile(r"\S.*?,\s*ngày\b.*?tháng\b.*?năm\s+\d{4}")
_RULE = re.compile(r"^[-_=─—.\s]+$")
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")


def _segments(text: str, fmt: str) -> list[str]:
    raw = text.splitlines()
    if fmt == "pdf":  # pypdf ends a wrapped line with a space: join it to the next
        joined: list[str] = []
        for line in raw:
            if joined and joined[-1].endswith(" "):
                joined[-1] += line
            else:
                joined.append(line)
        raw = joined
    out: list[str] = []
    dated = False
    for line in raw:
        pieces = [line]
        if fmt == "text" and (dated or not (_NUMBER.search(line) or _DATE.search(line))):
            pieces = re.split(r"\s{3,}", line.strip())  # columns; the date line keeps its gaps
        dated = dated or bool(_DATE.search(line))
        for piece in pieces:
            piece = _ws(piece)
            if piece and not _RULE.match(piece):
                out.append(piece)
    return out


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _parse_parts(text: str, fmt: str) -> LetterParts:
    segs = _segments(text, fmt)
    header: list[str] = []
    number = date = title = subject = salutation = name = footer = None
    i = 0
    while i < len(segs):  # the letterhead, up to the number and date
        seg = segs[i]
        m_number = _NUMBER.search(seg)
        rest = _NUMBER.sub("", seg).strip() if m_number else seg
        m_date = _DATE.search(rest)
        if m_number or m_date:
            number = _ws(m_number.group(0)) if m_number else number
            date = _ws(m_date.group(0)) if m_date else date
            i += 1
            if date is not None:
                break
            continue
        header.append(seg)
        i += 1
    if i < len(segs):
        title, i = segs[i], i + 1
    subject_parts: list[str] = []
    while i < len(segs) and not segs[i].startswith("Kính gửi"):
        subject_parts.append(segs[i])
        i += 1
    subject = " ".join(subject_parts) or None
    if i < len(segs):
        salutation_parts = [segs[i]]
        i += 1
        if salutation_parts[0].rstrip().endswith(":"):
            while i < len(segs) and segs[i].startswith("- "):
                salutation_parts.append(segs[i])
                i += 1
        salutation = " ".join(salutation_parts)
    body: list[str] = []
    while i < len(segs):
        seg = segs[i]
        if seg == "Nơi nhận:" or _AUTHORITY.match(seg):
            break
        body.append(seg)
        i += 1
        if seg.endswith("./."):
            break
    signature: list[str] = []
    distribution: list[str] = []
    tail: list[str] = []
    receiving = False  # after "Nơi nhận:", which may stand beside or under the signature
    for seg in segs[i:]:
        if seg == "Nơi nhận:":
            receiving = True
            continue
        if receiving and distribution and not distribution[-1].endswith((";", ".")):
            distribution[-1] += " " + seg  # an item the text format wrapped in its column
            continue
        if seg.startswith("- ") and (name is None or receiving):
            distribution.append(seg)
        elif _is_upper(seg) and name is None:
            signature.append(seg)
        elif name is None and signature:
            name = seg
        else:
            tail.append(seg)
    footer = " ".join(tail) or None
    return LetterParts(
        header=_header_order(header),
        number_line=number,
        date_line=date,
        title=title,
        subject=subject,
        salutation=salutation,
        body=tuple(body),
        signature=tuple(signature),
        name=name,
        distribution=tuple(distribution),
        footer=footer,
    )


def letter_parts(letter: Letter | bytes | str) -> LetterParts:
    """Split a letter into its parts, from a :class:`Letter` or from rendered output.

    Rendered bytes are recognised by their first bytes (PDF, DOCX, HTML, else
    text); a ``str`` is read as the text format. Whitespace is collapsed, so the
    parts of the same letter compare equal across formats.

    Examples:
        >>> from camon_xinloi.examples import example_letter
        >>> from camon_xinloi.render import render
        >>> letter = example_letter()
        >>> parts = letter_parts(render(letter, "text"))
        >>> parts.date_line, parts.name
        ('Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026', 'Trần Văn Minh')
        >>> parts == letter_parts(letter)
        True
    """
    if isinstance(letter, Letter):
        return _parts_of_letter(letter)
    if isinstance(letter, str):
        return _parse_parts(_nfc(letter), "text")
    fmt = _sniff(letter)
    return _parse_parts(letter_text(letter), fmt)


def assert_letter_equal(a: Letter | bytes | str, b: Letter | bytes | str) -> None:
    """Assert that two letters have the same text; on failure, show a unified diff.

    Each side may be a :class:`Letter`, rendered bytes (any format) or text.

    Raises:
        AssertionError: With the diff of the two texts.
    """
    left, right = letter_text(a), letter_text(b)
    if left == right:
        return
    diff = "\n".join(
        difflib.unified_diff(
            left.splitlines(), right.splitlines(), "expected", "actual", lineterm=""
        )
    )
    raise AssertionError(f"letters differ:\n{diff}")
