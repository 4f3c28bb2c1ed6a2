"""The glyph check: refuse a letter the bundled font cannot print, naming the field."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from camon_xinloi._fonts import font_codepoints
from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.letter import Letter


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
