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
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BeforeValidator, Field

__all__ = [
    "LONG_TEXT_MAX",
    "NAME_MAX",
    "SHORT_TEXT_MAX",
    "TEXT_MAX",
    "LongText",
    "Name",
    "ShortText",
    "Text",
    "check_length",
    "clean_text",
]

NAME_MAX: Final = 100
"""The longest name (a person's full name, a signatory's), in characters after NFC."""
SHORT_TEXT_MAX: Final = 64
"""The longest short text: a phone number, a certificate or dossier number, a form of address."""
TEXT_MAX: Final = 300
"""The longest one-line text: an address, a procedure's or a project's name, an organisation."""
LONG_TEXT_MAX: Final = 5_000
"""The longest free text: a reason, a description, a result (a long page of a letter)."""

_NFD_GROWTH: Final = 4
"""How much longer than its NFC form an NFD text can be, at most, for Vietnamese
(a letter and two combining marks); longer input is refused before normalising it."""

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


def check_length(value: str, limit: int, *, field: str = "text") -> str:
    """Return ``value``, or raise ``ValueError`` if it is longer than ``limit`` characters.

    Examples:
        >>> check_length("x" * 5_000_000, 100, field="full_name")
        Traceback (most recent call last):
        ...
        ValueError: full_name is 5000000 characters long; at most 100 are allowed
    """
    if len(value) > limit:
        raise ValueError(f"{field} is {len(value)} characters long; at most {limit} are allowed")
    return value


def _early(limit: int) -> BeforeValidator:
    """Refuse input far over the limit before it is normalised or scanned (microseconds)."""

    def early(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit * _NFD_GROWTH:
            check_length(value, limit)
        return value

    return BeforeValidator(early)


def _late(limit: int, *, multiline: bool) -> AfterValidator:
    """Normalise, refuse what cannot print, then check the length of the NFC text."""

    def late(value: str) -> str:
        return check_length(clean_text(value, field="text", multiline=multiline), limit)

    return AfterValidator(late)


def _schema(limit: int) -> Any:
    return Field(min_length=1, json_schema_extra={"maxLength": limit})


Name = Annotated[str, _early(NAME_MAX), _late(NAME_MAX, multiline=False), _schema(NAME_MAX)]
"""A person's name: one line, NFC, printable, at most :data:`NAME_MAX` characters."""

ShortText = Annotated[
    str, _early(SHORT_TEXT_MAX), _late(SHORT_TEXT_MAX, multiline=False), _schema(SHORT_TEXT_MAX)
]
"""A short one-line text (a number, a phone, a form of address), at most :data:`SHORT_TEXT_MAX`."""

Text = Annotated[str, _early(TEXT_MAX), _late(TEXT_MAX, multiline=False), _schema(TEXT_MAX)]
"""A one-line text field: NFC, printable, not empty, at most :data:`TEXT_MAX` characters."""

LongText = Annotated[
    str, _early(LONG_TEXT_MAX), _late(LONG_TEXT_MAX, multiline=True), _schema(LONG_TEXT_MAX)
]
"""A text field that may hold line breaks (``\\n``), NFC and printable, at most
:data:`LONG_TEXT_MAX` characters."""
