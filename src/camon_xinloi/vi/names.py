"""Vietnamese personal names: normalising and splitting into họ, tên đệm, tên.

Decree 30/2020, Phụ lục II: every syllable of a personal name is capitalised
("Nguyễn Văn A"). :func:`normalize_name` produces that form from any input
case and from NFC or NFD text, without touching the letters themselves: the
tone-mark placement chosen by the writer ("Hoà" or "Hòa") is kept.

Names of ethnic minorities may contain an apostrophe or a hyphen between
letters ("H'Hen Niê", "Ksor Y-Nhi"); the letter after either one starts a new
capitalised part.

Examples:
    >>> normalize_name("  nguyễn   văn AN ")
    'Nguyễn Văn An'
    >>> split_name("Trần Thị Hoà")
    NameParts(ho='Trần', ten_dem='Thị', ten='Hoà')
"""

from __future__ import annotations

import unicodedata
from typing import Final, NamedTuple

__all__ = ["NameParts", "given_name", "normalize_name", "split_name"]

_APOSTROPHES: Final = {"\u2019": "'", "\u02bc": "'"}
_JOINERS: Final = frozenset("'-")


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _upper(ch: str) -> str:
    up = ch.title()
    return up if len(up) == 1 else ch


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _check_chars(text: str, original: str) -> None:
    """Refuse anything but letters, combining marks, spaces, ' and -."""
    previous = " "
    for pos, ch in enumerate(text):
        if ch == " ":
            if previous in _JOINERS:
                raise ValueError(
                    f"{previous!r} must stand between two letters in name {original!r}"
                )
        elif ch in _JOINERS:
            if not (_is_letter(previous) or _is_mark(previous)):
                raise ValueError(f"{ch!r} must stand between two letters in name {original!r}")
        elif _is_mark(ch):
            if not (_is_letter(previous) or _is_mark(previous)):
                raise ValueError(
                    f"name {original!r} has the combining mark {_describe(ch)} "
                    f"at position {pos} without a letter before it"
                )
        elif not _is_letter(ch):
            kind = (
                "a digit"
                if unicodedata.category(ch) == "Nd"
                else "a control character"
                if unicodedata.category(ch).startswith("C")
                else "not a letter"
            )
            raise ValueError(
                f"name {original!r} contains {_describe(ch)} at position {pos}, which is {kind}"
            )
        previous = ch
    if previous in _JOINERS:
        raise ValueError(f"{previous!r} must stand between two letters in name {original!r}")


def normalize_name(s: str) -> str:
    """Normalise a personal name: NFC, single spaces, every syllable capitalised.

    Only letter case and spacing change. Letters are never replaced, so the
    tone-mark position of the input is kept ("hoà" → "Hoà", "hòa" → "Hòa").
    Runs of spaces (including no-break spaces) become one space; the curly
    apostrophes U+2019 and U+02BC become ``'``. The function is idempotent.

    Args:
        s: The name, in any case, NFC or NFD.

    Returns:
        The name in NFC with each part capitalised. A part starts the name,
        or follows a space, an apostrophe or a hyphen.

    Raises:
        TypeError: If ``s`` is not a string.
        ValueError: If the name is empty, or contains a digit, a control
            character, punctuation other than ``'`` and ``-`` between letters,
            or any other character that is not a letter; the message names it.

    Examples:
        >>> normalize_name("ĐẶNG THỊ THU HÀ")
        'Đặng Thị Thu Hà'
        >>> normalize_name("lê hoà") , normalize_name("lê hòa")
        ('Lê Hoà', 'Lê Hòa')
        >>> normalize_name("h'hen niê"), normalize_name("ksor y-nhi")
        ("H'Hen Niê", 'Ksor Y-Nhi')
        >>> normalize_name("Văn 2")
        Traceback (most recent call last):
        ...
        ValueError: name 'Văn 2' contains '2' (U+0032 DIGIT TWO) at position 4, which is a digit
    """
    if not isinstance(s, str):
        raise TypeError(f"expected a name as str, not {type(s).__name__}: {s!r}")
    text = unicodedata.normalize("NFC", s)
    for curly, straight in _APOSTROPHES.items():
        text = text.replace(curly, straight)
    # Only space separators are folded; tabs and line breaks are control characters.
    text = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)
    text = " ".join(part for part in text.split(" ") if part)
    if not text:
        raise ValueError(f"a name must not be empty: {s!r}")
    _check_chars(text, s)
    out: list[str] = []
    start = True
    for ch in text:
        if _is_letter(ch):
            out.append(_upper(ch) if start else _lower(ch))
            start = False
        else:
            out.append(ch)
            if ch == " " or ch in _JOINERS:
                start = True
    return unicodedata.normalize("NFC", "".join(out))


class NameParts(NamedTuple):
    """A full name split into its three Vietnamese parts.

    Attributes:
        ho: Họ, the family name (first syllable by default), e.g. "Nguyễn".
        ten_dem: Tên đệm, the middle name(s), possibly empty, e.g. "Văn".
        ten: Tên, the given name (last syllable), e.g. "An".
    """

    ho: str
    ten_dem: str
    ten: str


def split_name(s: str, *, surname_syllables: int = 1) -> NameParts:
    """Split a full name into họ, tên đệm and tên.

    The name is normalised first (:func:`normalize_name`). Syllables are the
    space-separated parts ("Y-Nhi" is one). The họ is the first syllable, or
    the first ``surname_syllables`` for a compound surname such as
    "Tôn Thất" or "Âu Dương" (which cannot be detected reliably, so the
    caller says so). The tên is the last syllable; everything between is the
    tên đệm, which may be empty.

    Args:
        s: The full name.
        surname_syllables: How many leading syllables form the họ (≥ 1).

    Returns:
        The three parts; ``ho + " " + ten_dem + " " + ten`` (without the empty
        tên đệm) gives back the normalised name.

    Raises:
        TypeError: If ``s`` is not a string.
        ValueError: If the name is invalid (see :func:`normalize_name`), or
            has fewer than ``surname_syllables + 1`` syllables: a single
            syllable cannot be split into họ and tên.

    Examples:
        >>> split_name("nguyễn văn an")
        NameParts(ho='Nguyễn', ten_dem='Văn', ten='An')
        >>> split_name("Lê Na")
        NameParts(ho='Lê', ten_dem='', ten='Na')
        >>> split_name("Tôn Thất Thuyết", surname_syllables=2)
        NameParts(ho='Tôn Thất', ten_dem='', ten='Thuyết')
        >>> split_name("An")
        Traceback (most recent call last):
        ...
        ValueError: cannot split 'An' into họ and tên: it needs at least 2 syllables
    """
    if (
        isinstance(surname_syllables, bool)
        or not isinstance(surname_syllables, int)
        or surname_syllables < 1
    ):
        raise ValueError(f"surname_syllables must be an int ≥ 1, not {surname_syllables!r}")
    syllables = normalize_name(s).split(" ")
    if len(syllables) < surname_syllables + 1:
        raise ValueError(
            f"cannot split {s!r} into họ and tên: "
            f"it needs at least {surname_syllables + 1} syllables"
        )
    return NameParts(
        ho=" ".join(syllables[:surname_syllables]),
        ten_dem=" ".join(syllables[surname_syllables:-1]),
        ten=syllables[-1],
    )


def given_name(s: str) -> str:
    """Return the tên, the last syllable of a name, as used in "chị Huệ", "cháu An".

    Unlike :func:`split_name`, a one-syllable name is accepted and returned
    whole.

    Args:
        s: The full name.

    Returns:
        The last syllable of the normalised name.

    Raises:
        TypeError: If ``s`` is not a string.
        ValueError: If the name is invalid (see :func:`normalize_name`).

    Examples:
        >>> given_name("vũ thị huệ")
        'Huệ'
        >>> given_name("Ksor Y-Nhi")
        'Y-Nhi'
    """
    return normalize_name(s).rsplit(" ", 1)[-1]
