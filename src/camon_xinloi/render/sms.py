"""SMS renderer: the short form of a letter, with its length and segment count.

The short form is the template's own ``sms`` text when it has one, otherwise
the title and the first paragraph. Any Vietnamese letter with a diacritic (or
"đ") is outside the GSM 03.38 alphabet and switches a message to UCS-2: 70
characters in one message, 67 per part when concatenated, against 160/153
for GSM-7 (domain.md §9). ``ascii=True`` drops the diacritics (đ → d) so a
message fits GSM-7 where the provider refuses Unicode.

Examples:
    >>> sms_info("Cam on ong")
    SmsInfo(encoding='GSM-7', length=10, segments=1)
    >>> sms_info("Cảm ơn ông")
    SmsInfo(encoding='UCS-2', length=10, segments=1)
    >>> to_ascii("Đặng Văn Hải, 40,8 m²")
    'Dang Van Hai, 40,8 m2'
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal, NamedTuple

from camon_xinloi.letter import END_MARK, Letter

__all__ = ["SmsInfo", "SmsRenderer", "short_text", "sms_info", "to_ascii"]

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 basic character set (without the escape code itself)."""

GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
"""Characters of the GSM 03.38 extension table: each takes two septets."""

_LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}

_ASCII_MAP = {
    "đ": "d",
    "Đ": "D",
    "²": "2",
    "³": "3",
    "\u00a0": " ",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
}


class SmsInfo(NamedTuple):
    """How a text travels as SMS.

    Attributes:
        encoding: "GSM-7" when every character is in the GSM 03.38 alphabet, else "UCS-2".
        length: Septets for GSM-7 (extension characters count 2), UTF-16 code
            units for UCS-2.
        segments: Messages needed: 1 up to 160/70, then parts of 153/67.
    """

    encoding: Literal["GSM-7", "UCS-2"]
    length: int
    segments: int


def _units(text: str, encoding: str) -> list[int]:
    if encoding == "GSM-7":
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_info(text: str) -> SmsInfo:
    """Return the encoding, length and segment count of an SMS text.

    A character is never split between two parts (an extension character's
    escape pair, a UTF-16 surrogate pair), so a part may hold one unit less.

    Examples:
        >>> sms_info("a" * 160).segments, sms_info("a" * 161).segments
        (1, 2)
        >>> sms_info("€" * 80)
        SmsInfo(encoding='GSM-7', length=160, segments=1)
        >>> sms_info("ư" * 71)
        SmsInfo(encoding='UCS-2', length=71, segments=2)
    """
    ok = all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)
    encoding: Literal["GSM-7", "UCS-2"] = "GSM-7" if ok else "UCS-2"
    units = _units(text, encoding)
    length = sum(units)
    single, part = _LIMITS[encoding]
    if length <= single:
        return SmsInfo(encoding, length, 1)
    segments, used = 1, 0
    for n in units:
        if used + n > part:
            segments += 1
            used = 0
        used += n
    return SmsInfo(encoding, length, segments)


def to_ascii(text: str) -> str:
    """Drop Vietnamese diacritics (đ → d, Đ → D) and typographic marks that GSM-7 lacks.

    Examples:
        >>> to_ascii("Ủy ban nhân dân Phường 1 Bảo Lộc chúc mừng")
        'Uy ban nhan dan Phuong 1 Bao Loc chuc mung'
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        out.append(_ASCII_MAP.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def _sentence_case(title: str) -> str:
    lower = title.lower()
    return lower[:1].upper() + lower[1:]


def short_text(letter: Letter) -> str:
    """Return the short form: the template's ``sms`` text, else the title and first paragraph.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> short_text(example_letter()).startswith("Ủy ban nhân dân Phường 1 Bảo Lộc chúc mừng")
        True
    """
    if letter.sms:
        return letter.sms
    first = " ".join(letter.body[0].text.split())
    if first.endswith(END_MARK):
        first = first[: -len(END_MARK)] + "."
    return f"{_sentence_case(letter.title)}: {first}"


class SmsRenderer:
    """Render the short form of a letter for SMS or chat, as UTF-8 text.

    Options:
        ascii: Drop diacritics so the message fits GSM-7 (default False).
    """

    format = "sms"
    media_type = "text/plain; charset=utf-8"
    suffix = ".sms.txt"

    def text(self, letter: Letter, /, *, ascii: bool = False) -> str:
        """Return the short form as text."""
        text = short_text(letter)
        return to_ascii(text) if ascii else text

    def info(self, letter: Letter, /, *, ascii: bool = False) -> SmsInfo:
        """Return the encoding, length and segments of the short form."""
        return sms_info(self.text(letter, ascii=ascii))

    def render(self, letter: Letter, /, **options: Any) -> bytes:
        """Return the short form encoded as UTF-8."""
        unknown = sorted(set(options) - {"ascii"})
        if unknown:
            raise TypeError(f"the sms format takes only the option 'ascii', got {unknown!r}")
        ascii_only = options.get("ascii", False)
        if not isinstance(ascii_only, bool):
            raise TypeError(f"ascii must be True or False, not {ascii_only!r}")
        return self.text(letter, ascii=ascii_only).encode("utf-8")
