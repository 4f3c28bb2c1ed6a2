"""The glyph check: refuse a letter the bundled font cannot print, naming the field."""

from __future__ import annotations

import unicodedata

from camon_xinloi._fonts import font_codepoints
from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.letter import Letter


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
    for field in letter.text_fields():
        points = font_codepoints(field.bold, field.italic)
        for char in field.text:
            if char == "\n" or ord(char) in points:
                continue
            name = unicodedata.name(char, "unnamed character")
            raise UnrenderableTextError(
                f"{field.label} has {char!r} (U+{ord(char):04X} {name}), which the PDF font "
                "Tinos cannot print; remove or replace it"
            )
