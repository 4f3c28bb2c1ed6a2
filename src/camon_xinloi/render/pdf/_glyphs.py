"""The glyph check of the PDF: the one printable-text policy (:mod:`camon_xinloi.printable`)."""

from __future__ import annotations

from camon_xinloi.letter import Letter
from camon_xinloi.printable import check_printable


def check_glyphs(letter: Letter) -> None:
    """Refuse a letter with a character that the bundled font cannot print.

    The PDF has no opt-in: its font cannot draw the character.

    Raises:
        UnrenderableTextError: Naming the field, the character and its code point.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> check_glyphs(example_letter())  # nothing to refuse
    """
    check_printable(letter, "PDF")
