"""The Letter: a finished, structured document, independent of any output format.

A :class:`Letter` is what :func:`camon_xinloi.compose` returns and what every
renderer lays out. It is frozen and JSON-serialisable
(``letter.model_dump_json()`` / ``Letter.model_validate_json(...)``), so a
portal can store exactly what was sent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from camon_xinloi.record import DocumentRecord

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "Letter",
    "LetterMeta",
    "Paragraph",
    "Run",
    "SignatureBlock",
]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
"""Quốc hiệu, as Decree 30/2020 Phụ lục I writes it."""
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
"""Tiêu ngữ, with spaced hyphens as Decree 30/2020 Phụ lục I writes it."""
END_MARK = "./."
"""The mark that ends the content of a document (Decree 30/2020 Phụ lục III)."""
DRAFT_GAP = "      "
"""The blank room left for the number, day and month in an issuance draft."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Run(_Frozen):
    r"""A piece of text with one style. A ``\n`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False


class Paragraph(_Frozen):
    """A paragraph of the letter's content.

    ``align="justify"`` with ``indent=True`` is the ordinary body paragraph of
    Decree 30; a centred paragraph (a wish such as "Trăm năm hạnh phúc") has
    no first-line indent.
    """

    runs: tuple[Run, ...]
    align: Literal["justify", "center", "left", "right"] = "justify"
    indent: bool = True

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(run.text for run in self.runs)


class SignatureBlock(_Frozen):
    """Quyền hạn, chức vụ and name of the signer, as printed.

    ``lines`` are the upper-case lines above the signing space, for example
    ``("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")``.
    """

    lines: tuple[str, ...]
    name: str


class LetterMeta(_Frozen):
    """Where a letter came from."""

    template_id: str
    template_version: str
    event_kind: str
    family: str


class Letter(_Frozen):
    """A composed letter, laid out by every renderer the same way.

    Attributes:
        parent_agency: Tên cơ quan chủ quản, when there is one (a UBND has none).
        agency: Lines of the issuing body's name, e.g. ``("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC")``.
        agency_name: The body's name in running text ("Ủy ban nhân dân Phường 1 Bảo Lộc"),
            used in metadata; the agency lines joined when not given.
        number: The document number, or ``None`` when the e-office system assigns it.
        notation: The ký hiệu, e.g. ``"UBND-VX"``; ``None`` prints no "Số:" line at all.
        place: The place name of the date line (Decree 30 rule already applied).
        date: The issue date, or ``None`` in an issuance draft.
        year: The year printed in the date line (the date's year when there is one).
        title: Tên loại, upper case, e.g. ``"THƯ CHÚC MỪNG"``.
        subject: Trích yếu printed under the title, or ``None``.
        recipients: The "Kính gửi" addressees; one goes on the same line, several as a list.
        body: The content paragraphs; the last one ends with ``./.``.
        signature: The signature block.
        distribution: "Nơi nhận" items without the leading dash and final punctuation.
        footer: Address and contacts printed under a rule at the foot, or ``None``.
        sms: The short form for SMS and chat, or ``None`` (renderers derive one).
        meta: Template id and version and the event kind.
    """

    parent_agency: str | None = None
    agency: tuple[str, ...] = Field(min_length=1)
    agency_name: str | None = None
    number: int | None = None
    notation: str | None = None
    place: str
    date: dt.date | None
    year: int
    title: str
    subject: str | None = None
    recipients: tuple[str, ...] = Field(min_length=1)
    body: tuple[Paragraph, ...] = Field(min_length=1)
    signature: SignatureBlock
    distribution: tuple[str, ...] = ()
    footer: str | None = None
    sms: str | None = None
    meta: LetterMeta

    @property
    def is_draft(self) -> bool:
        """True when the number or the date is left for the e-office system to fill."""
        return self.date is None or (self.notation is not None and self.number is None)

    @property
    def number_line(self) -> str | None:
        """The "Số:" line: ``"Số: 05/UBND-VX"``, ``"Số:      /UBND-VX"`` in a draft, or None.

        Examples:
            >>> from camon_xinloi.testing import example_letter
            >>> example_letter().number_line
            'Số: 05/UBND-VX'
        """
        if self.notation is None:
            return None
        if self.number is None:
            return f"Số:{DRAFT_GAP}/{self.notation}"
        return f"Số: {self.number:02d}/{self.notation}"

    @property
    def date_line(self) -> str:
        """The place-and-date line, e.g. ``"Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026"``."""
        from camon_xinloi.vi.dates import place_date_line

        return place_date_line(self.place, self.date, year=self.year)

    @property
    def recipient_line(self) -> str:
        """The "Kính gửi" text for a single recipient (the first one)."""
        return f"Kính gửi: {self.recipients[0]}"

    @property
    def distribution_lines(self) -> tuple[str, ...]:
        """The "Nơi nhận" lines, each "- …;" and the last "- ….".

        Examples:
            >>> from camon_xinloi.testing import example_letter
            >>> example_letter().distribution_lines
            ('- Như trên;', '- Lưu: VT, VX.')
        """
        items = self.distribution
        return tuple(
            f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)
        )

    @property
    def text(self) -> str:
        """The plain-text form of the letter (same parts, same order as every format)."""
        from camon_xinloi.render.text import letter_to_text

        return letter_to_text(self)

    def record(self, *, pages: int | None = None) -> DocumentRecord:
        """Return the outgoing-document record of Decree 30, Phụ lục VI, for e-office systems.

        Args:
            pages: The page count (số trang), when the letter has been rendered.

        Raises:
            RecordError: If a field is longer than Phụ lục VI allows.

        Examples:
            >>> from camon_xinloi.testing import example_letter
            >>> rec = example_letter().record(pages=1)
            >>> rec.code_number, rec.code_notation, rec.type_name, rec.signer_position
            ('05', 'UBND-VX', 'Thư công', 'CHỦ TỊCH')
        """
        from camon_xinloi.record import document_record

        return document_record(self, pages=pages)

    def _repr_png_(self) -> bytes:
        """Page 1 as a PNG at 96 dpi, for notebooks that show images rather than HTML."""
        from camon_xinloi.render import render

        return render(self, "png")

    def _repr_html_(self) -> str:
        from camon_xinloi.render.html import letter_to_html

        return letter_to_html(self)
