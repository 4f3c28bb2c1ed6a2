"""One policy for text no font can print, shared by every printable format.

A letter is printed in Times New Roman; the PDF embeds its metric twin Tinos,
and a DOCX or HTML page is printed with whatever Times New Roman the reader
has, which covers the same characters. A character outside that set (an
emoji, a CJK ideograph) prints as an empty box once the DOCX or the page is
printed, so PDF, DOCX and HTML refuse it alike, naming the field and the
character. A caller that really wants it in HTML or DOCX (a page shown only on
screen, a draft to edit) passes ``allow_unprintable=True`` to that renderer;
the PDF has no such option since its font cannot draw it. Plain text, SMS and
e-mail are not printed and carry any character.

Examples:
    >>> from camon_xinloi.testing import example_letter
    >>> check_printable(example_letter(), "DOCX")  # nothing to refuse
"""

from __future__ import annotations

import unicodedata

from camon_xinloi._fonts import font_codepoints
from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.letter import Letter

__all__ = ["check_printable"]


def check_printable(letter: Letter, fmt: str) -> None:
    """Refuse a letter with a character that the letter font cannot print.

    Args:
        letter: The composed letter.
        fmt: The format being rendered ("PDF", "DOCX", "HTML"), named in the message.

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
        >>> check_printable(letter, "DOCX")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.UnrenderableTextError: recipients[0] has '🌸' (U+1F338 ...
    """
    for field, text, bold, italic in letter.text_fields():
        points = font_codepoints(bold, italic)
        if points.issuperset(map(ord, text.replace("\n", ""))):  # the usual case, fast
            continue
        for char in text:
            if char == "\n" or ord(char) in points:
                continue
            name = unicodedata.name(char, "unnamed character")
            hint = "" if fmt == "PDF" else " (or pass allow_unprintable=True to keep it)"
            raise UnrenderableTextError(
                f"{field} has {char!r} (U+{ord(char):04X} {name}), which the letter font"
                f" (Times New Roman, Tinos in the PDF) cannot print, so the {fmt} would show"
                f" an empty box; remove or replace it{hint}"
            )
