"""Money and area in Vietnamese letters: "50.000.000 đồng", "Năm mươi triệu đồng", "40,8 m²".

Figures use the Vietnamese convention (grouping ".", decimal ","), produced by
Babel's ``vi_VN`` locale. Amounts of money are whole đồng; areas keep up to
two decimals, rounded half up, without trailing zeros (domain.md §2.6, §6).

Examples:
    >>> format_vnd(120_000_000), amount_in_words(120_000_000)
    ('120.000.000 đồng', 'Một trăm hai mươi triệu đồng')
    >>> format_area("40.8")
    '40,8 m²'
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from babel.numbers import format_decimal

from camon_xinloi.vi.numbers import MAX_ABS, Variant, number_to_words

__all__ = [
    "CurrencyUnit",
    "amount_in_words",
    "format_area",
    "format_number",
    "format_vnd",
]

CurrencyUnit = Literal["đồng", "đ", "VND"]
"""How an amount in figures ends: "đồng" in running text, "đ" or "VND" in tables."""

_LOCALE: Final = "vi_VN"
_PLAIN_NUMERAL: Final = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def _whole_dong(n: object) -> int:
    """Validate an amount of money: a non-negative whole number of đồng."""
    if isinstance(n, bool):
        raise TypeError(f"expected an amount in đồng, not the bool {n!r}")
    if isinstance(n, int):
        value = n
    elif isinstance(n, Decimal):
        if not n.is_finite():
            raise ValueError(f"an amount must be finite, not {n!r}")
        if n != n.to_integral_value():
            raise ValueError(f"an amount must be a whole number of đồng, not {n!r}")
        if n.copy_abs() >= MAX_ABS:
            raise ValueError(f"amount out of range (must be below 10**18): {n!r}")
        value = int(n)
    else:
        raise TypeError(f"expected an int or Decimal amount, not {type(n).__name__}: {n!r}")
    if value < 0:
        raise ValueError(f"an amount must not be negative: {n!r}")
    if value >= MAX_ABS:
        raise ValueError(f"amount out of range (must be below 10**18): {n!r}")
    return value


def _quantity(x: object, *, decimals: int) -> Decimal:
    """Validate a non-negative quantity and round it half up to ``decimals`` places."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise ValueError(f"decimals must be an int from 0 to 6, not {decimals!r}")
    if isinstance(x, bool):
        raise TypeError(f"expected a number, not the bool {x!r}")
    if isinstance(x, int):
        value = Decimal(x)
    elif isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"expected a finite number, not {x!r}")
        value = Decimal(repr(x))
    elif isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"expected a finite number, not {x!r}")
        value = x
    elif isinstance(x, str):
        if not _PLAIN_NUMERAL.fullmatch(x.strip()):
            raise ValueError(
                f"expected a plain numeral such as '40.8' or '40,8' (no grouping), not {x!r}"
            )
        value = Decimal(x.strip().replace(",", "."))
    else:
        raise TypeError(f"expected int, Decimal, float or str, not {type(x).__name__}: {x!r}")
    if value < 0:
        raise ValueError(f"a quantity must not be negative: {x!r}")
    if value >= MAX_ABS:
        raise ValueError(f"quantity out of range (must be below 10**18): {x!r}")
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(x: int | Decimal | float | str, *, decimals: int = 2) -> str:
    """Write a non-negative number in figures the Vietnamese way ("1.234,5").

    Args:
        x: The number: int, Decimal, finite float, or a plain numeral string
            (``"40.8"`` or ``"40,8"``; a comma is a decimal comma).
        decimals: The most decimals to keep (0 to 6); the value is rounded half up
            and trailing zeros are dropped.

    Returns:
        The figures with "." grouping and "," as the decimal comma.

    Raises:
        TypeError: If ``x`` is a bool or not a number.
        ValueError: If ``x`` is negative, not finite, out of range or malformed.

    Examples:
        >>> format_number(1234.5)
        '1.234,5'
        >>> format_number(Decimal("2.005"))
        '2,01'
        >>> format_number(7, decimals=0)
        '7'
    """
    value = _quantity(x, decimals=decimals)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALE)


def format_area(x: int | Decimal | float | str) -> str:
    """Write an area in square metres: "40,8 m²".

    Args:
        x: The area in m² (int, Decimal, finite float or plain numeral string).

    Returns:
        Up to two decimals (rounded half up, no trailing zeros), a decimal
        comma, a space and "m²".

    Raises:
        TypeError: If ``x`` is a bool or not a number.
        ValueError: If ``x`` is negative, not finite or out of range.

    Examples:
        >>> format_area(Decimal("40.8"))
        '40,8 m²'
        >>> format_area(100)
        '100 m²'
        >>> format_area(1250.456)
        '1.250,46 m²'
        >>> format_area(-1)
        Traceback (most recent call last):
        ...
        ValueError: a quantity must not be negative: -1
    """
    return f"{format_number(x, decimals=2)} m²"


def format_vnd(n: int | Decimal, *, unit: CurrencyUnit = "đồng") -> str:
    """Write an amount of money in figures: "50.000.000 đồng".

    Args:
        n: A non-negative whole number of đồng (int, or a Decimal without fraction).
        unit: The word after the figures: "đồng" (default), "đ" or "VND".

    Returns:
        The figures grouped with "." (Babel ``vi_VN``), a space and the unit.

    Raises:
        TypeError: If ``n`` is a bool, a float or not a number.
        ValueError: If ``n`` is negative, has a fraction, is out of range, or
            ``unit`` is unknown.

    Examples:
        >>> format_vnd(50_000_000)
        '50.000.000 đồng'
        >>> format_vnd(Decimal("300000000"), unit="VND")
        '300.000.000 VND'
        >>> format_vnd(Decimal("1.5"))
        Traceback (most recent call last):
        ...
        ValueError: an amount must be a whole number of đồng, not Decimal('1.5')
    """
    if unit not in ("đồng", "đ", "VND"):
        raise ValueError(f"unit must be 'đồng', 'đ' or 'VND', not {unit!r}")
    return f"{format_decimal(_whole_dong(n), locale=_LOCALE)} {unit}"


def amount_in_words(n: int | Decimal, *, variant: Variant = "standard") -> str:
    """Write an amount of money in words, as after "Bằng chữ:": "Năm mươi triệu đồng".

    Args:
        n: A non-negative whole number of đồng (int, or a Decimal without fraction).
        variant: ``"standard"`` (linh, nghìn) or ``"southern"`` (lẻ, ngàn).

    Returns:
        The words with a capital first letter, ending in "đồng" (no full stop).

    Raises:
        TypeError: If ``n`` is a bool, a float or not a number.
        ValueError: If ``n`` is negative, has a fraction or is out of range.

    Examples:
        >>> amount_in_words(50_000_000)
        'Năm mươi triệu đồng'
        >>> amount_in_words(Decimal("1005000.00"))
        'Một triệu không trăm linh năm nghìn đồng'
        >>> amount_in_words(0)
        'Không đồng'
    """
    words = number_to_words(_whole_dong(n), variant=variant)
    return f"{words[0].upper()}{words[1:]} đồng"
