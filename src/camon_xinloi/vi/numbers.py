"""Vietnamese numbers in words ("Bằng chữ: …"), written for this project.

The rules follow domain.md §6 (and are *not* those of ``num2words``, which
gets several of them wrong):

* Groups of three digits with the scale words *nghìn* (*ngàn* in the Southern
  variant), *triệu* and *tỷ*; amounts of a thousand *tỷ* and more are read as
  a number of *tỷ*: 10¹² is "một nghìn tỷ", 10¹⁵ is "một triệu tỷ".
* A zero hundreds digit inside a non-leading group is read "không trăm"
  (2021 → "hai nghìn không trăm hai mươi mốt"); all-zero groups are skipped.
* A zero tens digit before a non-zero unit is read *linh* (standard) or *lẻ*
  (Southern): 105 → "một trăm linh năm".
* *mốt* for 1 after a tens digit ≥ 2, *lăm* for 5 after a tens digit ≥ 1,
  optional *tư* for 4 after a tens digit ≥ 2; *mười* (10 to 19) against *mươi*.
* Decimals are read "<integer> phẩy <fraction>": leading zeros of the fraction
  are read digit by digit, the rest as a number (1.05 → "một phẩy không năm",
  1.25 → "một phẩy hai mươi lăm"). Trailing zeros of the fraction carry no
  value and are dropped (1.50 is read like 1.5, 2.0 like 2).

Examples:
    >>> number_to_words(2021)
    'hai nghìn không trăm hai mươi mốt'
    >>> words_to_number("một triệu tỷ") == 10**15
    True
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

__all__ = [
    "MAX_ABS",
    "Four",
    "Variant",
    "number_to_words",
    "words_to_number",
]

Variant = Literal["standard", "southern"]
"""``"standard"`` (linh, nghìn) or ``"southern"`` (lẻ, ngàn)."""

Four = Literal["bốn", "tư"]
"""How the digit 4 is read after a tens digit ≥ 2 ("hai mươi bốn" or "hai mươi tư")."""

MAX_ABS: Final = 10**18
"""The integer part of a number must be smaller than this in absolute value."""

_DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_MAX_FRACTION_DIGITS: Final = 18
_PLAIN_NUMERAL: Final = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def _words_for_variant(variant: str) -> tuple[str, str]:
    """Return the (linh, nghìn) words of a variant, or raise ValueError."""
    if variant == "standard":
        return "linh", "nghìn"
    if variant == "southern":
        return "lẻ", "ngàn"
    raise ValueError(f"variant must be 'standard' or 'southern', not {variant!r}")


def _to_decimal(n: object) -> Decimal:
    """Convert an accepted input to a finite Decimal, or raise TypeError/ValueError."""
    if isinstance(n, bool):
        raise TypeError(f"expected a number, not the bool {n!r}")
    if isinstance(n, int):
        return Decimal(n)
    if isinstance(n, float):
        if not math.isfinite(n):
            raise ValueError(f"cannot read a non-finite number in words: {n!r}")
        return Decimal(repr(n))
    if isinstance(n, Decimal):
        if not n.is_finite():
            raise ValueError(f"cannot read a non-finite number in words: {n!r}")
        return n
    if isinstance(n, str):
        text = n.strip()
        if not _PLAIN_NUMERAL.fullmatch(text):
            raise ValueError(
                f"expected a plain numeral such as '40.8' or '40,8' (no grouping), not {n!r}"
            )
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the regex already guarantees validity
            raise ValueError(f"not a number: {n!r}") from None
    raise TypeError(f"expected int, Decimal, float or str, not {type(n).__name__}: {n!r}")


def _split(value: Decimal, original: object) -> tuple[bool, int, str]:
    """Split a finite Decimal into (negative, integer part, fraction digits).

    Trailing zeros of the fraction are dropped. No Decimal arithmetic is used,
    so no digit is lost to the context precision. Raises ValueError when the
    integer part is out of range or the fraction too long.
    """
    if value.copy_abs() >= MAX_ABS:
        raise ValueError(f"number out of range (|n| must be below 10**18): {original!r}")
    sign, digit_tuple, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    digits = "".join(map(str, digit_tuple))
    if exponent >= 0:
        return bool(sign), int(digits) * 10**exponent, ""
    stripped = digits.rstrip("0")
    if not stripped:
        return bool(sign), 0, ""
    exponent += len(digits) - len(stripped)
    if exponent >= 0:
        return bool(sign), int(stripped) * 10**exponent, ""
    if -exponent > _MAX_FRACTION_DIGITS:
        raise ValueError(
            "too many digits after the decimal separator"
            f" (at most {_MAX_FRACTION_DIGITS}): {original!r}"
        )
    padded = stripped.rjust(-exponent + 1, "0")
    return bool(sign), int(padded[:exponent]), padded[exponent:]


def _group(number: int, *, full: bool, linh: str, four: str) -> list[str]:
    """Read a group 1..999; ``full`` reads a zero hundreds digit ("không trăm", linh)."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(linh)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append(four)
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _below_billion(number: int, *, leading: bool, linh: str, nghin: str, four: str) -> list[str]:
    """Read 0 < number < 10**9 as triệu/nghìn/units groups."""
    words: list[str] = []
    for scale, word in ((10**6, "triệu"), (10**3, nghin), (1, "")):
        group = number // scale % 1000
        if not group:
            continue
        words += _group(group, full=not leading, linh=linh, four=four)
        if word:
            words.append(word)
        leading = False
    return words


def _integer_words(number: int, *, linh: str, nghin: str, four: str) -> list[str]:
    """Read a non-negative integer; numbers ≥ 10**9 are read as a count of tỷ."""
    if number == 0:
        return [_DIGITS[0]]
    billions, rest = divmod(number, 10**9)
    words: list[str] = []
    if billions:
        words += [*_integer_words(billions, linh=linh, nghin=nghin, four=four), "tỷ"]
    if rest:
        words += _below_billion(rest, leading=not billions, linh=linh, nghin=nghin, four=four)
    return words


def number_to_words(
    n: int | Decimal | float | str,
    *,
    variant: Variant = "standard",
    four: Four = "bốn",
) -> str:
    """Read a number in Vietnamese words, in lower case.

    Args:
        n: An integer, a ``Decimal``, a finite ``float`` (read through its
            shortest ``repr``, so ``40.8`` is 40,8) or a plain numeral string
            such as ``"40.8"`` or ``"40,8"`` (both ``.`` and ``,`` are decimal
            separators; grouping separators are refused). The integer part must
            be smaller than 10¹⁸ in absolute value; the fraction may have at most
            18 significant digits after the comma.
        variant: ``"standard"`` uses *linh* and *nghìn*; ``"southern"`` uses
            *lẻ* and *ngàn*.
        four: ``"tư"`` reads 4 after a tens digit ≥ 2 as *tư* ("hai mươi tư");
            the default ``"bốn"`` never uses *tư*.

    Returns:
        The words, lower case, single-spaced; negative numbers start with "âm".

    Raises:
        TypeError: If ``n`` is a bool or not a number.
        ValueError: If ``n`` is NaN or infinite, out of range, a malformed
            string, or an option is not one of its allowed values.

    Examples:
        >>> number_to_words(0)
        'không'
        >>> number_to_words(105)
        'một trăm linh năm'
        >>> number_to_words(105, variant="southern")
        'một trăm lẻ năm'
        >>> number_to_words(1005)
        'một nghìn không trăm linh năm'
        >>> number_to_words(5025110)
        'năm triệu không trăm hai mươi lăm nghìn một trăm mười'
        >>> number_to_words(1000500)
        'một triệu năm trăm'
        >>> number_to_words(24, four="tư")
        'hai mươi tư'
        >>> number_to_words(10**12)
        'một nghìn tỷ'
        >>> number_to_words(-21)
        'âm hai mươi mốt'
        >>> number_to_words(Decimal("40.8"))
        'bốn mươi phẩy tám'
        >>> number_to_words(1.05)
        'một phẩy không năm'
        >>> number_to_words("1,25")
        'một phẩy hai mươi lăm'
        >>> number_to_words(True)
        Traceback (most recent call last):
        ...
        TypeError: expected a number, not the bool True
    """
    linh, nghin = _words_for_variant(variant)
    if four not in ("bốn", "tư"):
        raise ValueError(f"four must be 'bốn' or 'tư', not {four!r}")
    negative, integer, fraction = _split(_to_decimal(n), n)
    words = _integer_words(integer, linh=linh, nghin=nghin, four=four)
    if fraction:
        significant = fraction.lstrip("0")
        words.append("phẩy")
        words += [_DIGITS[0]] * (len(fraction) - len(significant))
        words += _integer_words(int(significant), linh=linh, nghin=nghin, four=four)
    if negative and (integer or fraction):
        words.insert(0, "âm")
    return " ".join(words)


_DIGIT_VALUE: Final = {word: value for value, word in enumerate(_DIGITS)} | {
    "mốt": 1,
    "tư": 4,
    "lăm": 5,
}


_SYNONYMS: Final = {"tỉ": "tỷ", "ngàn": "nghìn"}


def _parse_group(tokens: list[str], original: str) -> int:
    """Leniently parse the tokens of one group (0..999)."""

    def digit(token: str) -> int:
        if token not in _DIGIT_VALUE:
            raise ValueError(f"unexpected word {token!r} in {original!r}")
        return _DIGIT_VALUE[token]

    value = 0
    rest = list(tokens)
    if len(rest) >= 2 and rest[1] == "trăm":
        value += 100 * digit(rest[0])
        rest = rest[2:]
    if rest and rest[0] in ("linh", "lẻ"):
        rest = rest[1:]
        if len(rest) != 1:
            raise ValueError(f"expected one digit after 'linh'/'lẻ' in {original!r}")
        return value + digit(rest[0])
    if rest and rest[0] == "mười":
        value += 10
        rest = rest[1:]
    elif len(rest) >= 2 and rest[1] == "mươi":
        value += 10 * digit(rest[0])
        rest = rest[2:]
    if len(rest) > 1:
        raise ValueError(f"cannot read {' '.join(tokens)!r} in {original!r}")
    if rest:
        value += digit(rest[0])
    return value


def _parse_integer(tokens: list[str], original: str) -> int:
    """Leniently parse the tokens of a non-negative integer."""
    if not tokens:
        raise ValueError(f"missing number in {original!r}")
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        billions = _parse_integer(tokens[:last], original)
        rest = tokens[last + 1 :]
        return billions * 10**9 + (_parse_integer(rest, original) if rest else 0)
    value = 0
    for scale, word in ((10**6, "triệu"), (10**3, "nghìn")):
        if word in tokens:
            index = tokens.index(word)
            value += scale * _parse_group(tokens[:index], original)
            tokens = tokens[index + 1 :]
    if tokens:
        value += _parse_group(tokens, original)
    return value


def words_to_number(s: str) -> int | Decimal:
    """Parse Vietnamese number words back into a number.

    It accepts exactly the forms :func:`number_to_words` produces, in either
    variant and with either reading of 4 (but not both in one text), in any
    letter case and in NFC or NFD; "ngàn" and "tỉ" are accepted for "nghìn"
    and "tỷ".

    Args:
        s: The words, e.g. ``"hai nghìn không trăm hai mươi mốt"``.

    Returns:
        An ``int``, or a ``Decimal`` when the text contains "phẩy".

    Raises:
        TypeError: If ``s`` is not a string.
        ValueError: If ``s`` is not a reading that :func:`number_to_words` produces.

    Examples:
        >>> words_to_number("hai nghìn không trăm hai mươi mốt")
        2021
        >>> words_to_number("Một trăm lẻ năm")
        105
        >>> words_to_number("âm bốn mươi phẩy không tám")
        Decimal('-40.08')
        >>> words_to_number("mười năm")
        Traceback (most recent call last):
        ...
        ValueError: not a canonical Vietnamese reading of a number: 'mười năm'
    """
    if not isinstance(s, str):
        raise TypeError(f"expected a string, not {type(s).__name__}: {s!r}")
    text = unicodedata.normalize("NFC", s).lower().split()
    tokens = [_SYNONYMS.get(t, t) for t in text]
    if not tokens:
        raise ValueError(f"no number words in {s!r}")
    negative = tokens[0] == "âm"
    body = tokens[1:] if negative else tokens
    result: int | Decimal
    if "phẩy" in body:
        comma = body.index("phẩy")
        integer = _parse_integer(body[:comma], s)
        fraction_tokens = body[comma + 1 :]
        zeros = 0
        while zeros < len(fraction_tokens) and fraction_tokens[zeros] == "không":
            zeros += 1
        significant = _parse_integer(fraction_tokens[zeros:], s)
        result = Decimal(f"{integer}.{'0' * zeros}{significant}")
    else:
        result = _parse_integer(body, s)
    if negative:
        result = -result
    variants: tuple[Variant, ...] = ("standard", "southern")
    fours: tuple[Four, ...] = ("bốn", "tư")
    for variant in variants:
        for four in fours:
            try:
                produced = number_to_words(result, variant=variant, four=four)
            except ValueError:
                break
            if [_SYNONYMS.get(t, t) for t in produced.split()] == tokens:
                return result
    raise ValueError(f"not a canonical Vietnamese reading of a number: {s!r}")
