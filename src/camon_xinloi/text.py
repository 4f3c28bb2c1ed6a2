r"""Text validation shared by events, issuers and letters.

All text that enters a letter is normalised to NFC. Characters that no
format can print (control characters, unassigned or private-use code points,
lone surrogates) are refused with an error naming the character, never dropped.

Examples:
    >>> import unicodedata
    >>> clean_text(unicodedata.normalize("NFD", "Nguyễn"), field="name") == "Nguyễn"
    True
    >>> clean_text("a\x07b", field="name")
    Traceback (most recent call last):
    ...
    ValueError: name contains the character U+0007 (BEL) at position 1, which cannot be printed
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

__all__ = ["LongText", "Text", "clean_text"]

_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_ALLOWED_IN_LONG = {"\n"}


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name and ch in "\x07\x08\x0b\x0c\x1b\x7f":
        name = {"\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF", "\x1b": "ESC"}.get(
            ch, "DEL"
        )
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def clean_text(value: str, *, field: str = "text", multiline: bool = False) -> str:
    r"""Return ``value`` in NFC, or raise ``ValueError`` naming a character that cannot print.

    Args:
        value: The text to check.
        field: The field name used in the error message.
        multiline: Allow line feeds (``\n``); a carriage return pair is folded to ``\n``.

    Returns:
        The NFC-normalised text, otherwise unchanged.

    Raises:
        ValueError: If the text holds a control, format, private-use or unassigned character.

    Examples:
        >>> clean_text("Lý do:\r\nthiếu giấy tờ", field="reason", multiline=True)
        'Lý do:\nthiếu giấy tờ'
    """
    if multiline:
        value = value.replace("\r\n", "\n")
    value = unicodedata.normalize("NFC", value)
    for pos, ch in enumerate(value):
        if multiline and ch in _ALLOWED_IN_LONG:
            continue
        if ch == "\t" or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            raise ValueError(
                f"{field} contains the character {_char_name(ch)} at position {pos},"
                " which cannot be printed"
            )
    return value


def _single_line(value: str) -> str:
    return clean_text(value, field="text")


def _multi_line(value: str) -> str:
    return clean_text(value, field="text", multiline=True)


Text = Annotated[str, AfterValidator(_single_line), Field(min_length=1)]
"""A one-line text field: NFC, printable, not empty after stripping."""

LongText = Annotated[str, AfterValidator(_multi_line), Field(min_length=1)]
"""A text field that may hold line breaks (``\\n``), NFC and printable."""
