"""E-mail helpers: a letter as subject, plain text and HTML parts, with the PDF attached.

Examples:
    >>> from camon_xinloi.testing import example_letter
    >>> parts = email_parts(example_letter())
    >>> parts.subject
    'Thư chúc mừng'
    >>> parts.attachments
    ()
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from typing import NamedTuple

from camon_xinloi.letter import Letter
from camon_xinloi.render import render
from camon_xinloi.render.html import letter_to_html

__all__ = ["Attachment", "EmailParts", "email_parts", "to_email_message"]


class Attachment(NamedTuple):
    """A file attached to an e-mail."""

    filename: str
    content: bytes
    media_type: str


class EmailParts(NamedTuple):
    """The parts of an e-mail carrying a letter.

    Attributes:
        subject: Tên loại in sentence case, and the trích yếu when the letter has one.
        text: The plain-text letter.
        html: The letter as a self-contained HTML page.
        attachments: The PDF when asked for, else empty.
    """

    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...]


def _subject(letter: Letter) -> str:
    lower = letter.title.lower()
    subject = lower[:1].upper() + lower[1:]
    if letter.subject:
        subject += f": {letter.subject}"
    return subject


def email_parts(letter: Letter, *, attach_pdf: bool = False) -> EmailParts:
    """Return the subject, plain text, HTML and attachments for an e-mail.

    Args:
        letter: The composed letter.
        attach_pdf: Attach the letter as PDF (needs the PDF renderer).

    Returns:
        The parts; the PDF is named after the template id, e.g. ``chuc_mung-ket_hon.pdf``.
    """
    attachments: tuple[Attachment, ...] = ()
    if attach_pdf:
        filename = letter.meta.template_id.replace("/", "-") + ".pdf"
        attachments = (Attachment(filename, render(letter, "pdf"), "application/pdf"),)
    return EmailParts(
        subject=_subject(letter),
        text=letter.text,
        html=letter_to_html(letter),
        attachments=attachments,
    )


def to_email_message(
    letter: Letter,
    *,
    sender: str,
    to: str | Sequence[str],
    attach_pdf: bool = False,
) -> EmailMessage:
    """Build an :class:`email.message.EmailMessage` ready for :mod:`smtplib`.

    The message is ``multipart/alternative`` (plain text, then HTML), wrapped in
    ``multipart/mixed`` when the PDF is attached.

    Args:
        letter: The composed letter.
        sender: The From address.
        to: One address or several.
        attach_pdf: Attach the letter as PDF.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> msg = to_email_message(example_letter(), sender="ubnd@example.vn",
        ...                        to=["a@example.vn", "b@example.vn"])
        >>> msg["To"], msg.get_content_type()
        ('a@example.vn, b@example.vn', 'multipart/alternative')
    """
    parts = email_parts(letter, attach_pdf=attach_pdf)
    message = EmailMessage()
    message["Subject"] = parts.subject
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    message.set_content(parts.text)
    message.add_alternative(parts.html, subtype="html")
    for attachment in parts.attachments:
        maintype, _, subtype = attachment.media_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message
