"""The outgoing-document record of Decree 30/2020, Phụ lục VI, for e-office systems.

An e-office system (hệ thống quản lý văn bản và điều hành) registers every
outgoing document with a fixed set of fields and length limits. A letter's
record can be written next to the file (``camon-xinloi render … --record``) so
the system can import both.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from camon_xinloi.errors import RecordError
from camon_xinloi.letter import Letter

__all__ = [
    "LIMITS",
    "DocumentRecord",
    "document_record",
    "record_organ_name",
    "record_subject",
]

TYPE_NAME = "Thư công"
"""Tên loại of every letter: Decree 30, Điều 7, lists "thư công" among its document types."""

LIMITS: dict[str, int] = {
    "code_number": 11,
    "code_notation": 30,
    "type_name": 100,
    "organ_name": 200,
    "subject": 500,
    "signer_position": 100,
    "signer_full_name": 50,
}
"""Maximum lengths in characters, from Phụ lục VI, Phần II."""


class DocumentRecord(BaseModel):
    """The Phụ lục VI fields of an outgoing document.

    ``code_number`` and ``promulgation_date`` are None in an issuance draft: the
    e-office system assigns them (Decree 30, Điều 15.3).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code_number: str | None
    code_notation: str | None
    promulgation_date: dt.date | None
    promulgation_place: str
    type_name: str
    organ_name: str
    subject: str
    language: str
    page_amount: int | None
    signer_competence: str | None
    signer_position: str
    signer_full_name: str
    to_places: tuple[str, ...]
    template_id: str
    template_version: str


_PERSONAL = ("Anh ", "Chị ", "Ông ", "Bà ", "Cụ ", "Cháu ", "Gia đình ")


def record_organ_name(letter: Letter) -> str:
    """Cơ quan ban hành (OrganName): the body's name in running text, else its lines joined."""
    return letter.agency_name or " ".join(letter.agency)


def record_subject(letter: Letter) -> str:
    """Trích yếu (Subject) of the record: "<tên loại> gửi <recipient>" for every letter.

    A letter's own trích yếu ("Mừng thọ 80 tuổi") names no one; it stays the
    PDF's subject. Not length-checked: :func:`document_record` does that. The PDF
    title uses it.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> record_subject(example_letter("chia_buon/khai_tu")).startswith("Thư chia buồn")
        True
        >>> record_subject(example_letter("chuc_mung/mung_tho"))
        'Thư chúc mừng gửi cụ Trương Thị Xuân'
    """
    kind = letter.title[:1] + letter.title[1:].lower()
    recipient = letter.recipients[0]
    if recipient.startswith(_PERSONAL):  # a form of address is lower case mid-sentence
        recipient = recipient[:1].lower() + recipient[1:]
    return f"{kind} gửi {recipient}"


def document_record(letter: Letter, *, pages: int | None = None) -> DocumentRecord:
    """Build the record of a letter and check every length limit.

    Raises:
        RecordError: Naming the field, its limit and its length.
    """
    if pages is not None and pages < 1:
        raise RecordError(f"pages must be at least 1, got {pages!r}")
    lines = letter.signature.lines
    record = DocumentRecord(
        code_number=None if letter.number is None else f"{letter.number:02d}",
        code_notation=letter.notation,
        promulgation_date=letter.date,
        promulgation_place=letter.place,
        type_name=TYPE_NAME,
        organ_name=record_organ_name(letter),
        subject=record_subject(letter),
        language="vi",
        page_amount=pages,
        signer_competence=" / ".join(lines[:-1]) or None,
        signer_position=lines[-1],
        signer_full_name=letter.signature.name,
        to_places=letter.distribution,
        template_id=letter.meta.template_id,
        template_version=letter.meta.template_version,
    )
    for field, limit in LIMITS.items():
        value = getattr(record, field)
        if value is not None and len(value) > limit:
            raise RecordError(
                f"{field} is {len(value)} characters long, over the limit of {limit}"
                f" set by Decree 30, Phụ lục VI: {value[:60]!r}"
            )
    return record
