"""Dates and times the way Decree 30/2020 writes them.

Phụ lục I, II.4: the date is written in full with Arabic numerals, and
"đối với những số thể hiện ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0
phía trước". Days 1 to 9 become 01 to 09; months 1 and 2 become 01 and 02;
months 3 to 12 never take a zero ("tháng 05" is a common defect). Weekdays
written as words are capitalised after "thứ" (Phụ lục II): "thứ Hai".

Examples:
    >>> format_date(date(2020, 3, 5))
    'ngày 05 tháng 3 năm 2020'
    >>> place_date_line("Phường 1 Bảo Lộc", date(2026, 2, 17))
    'Phường 1 Bảo Lộc, ngày 17 tháng 02 năm 2026'
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from datetime import date, time
from typing import Final, Protocol, runtime_checkable

__all__ = [
    "BLANK",
    "HasPlaceName",
    "day_text",
    "format_date",
    "format_date_numeric",
    "format_time",
    "month_text",
    "place_date_line",
    "weekday_name",
]

BLANK: Final = " " * 6
"""The room left for the day and for the month in an undated draft (six spaces)."""

_REFUSED_IN_PLACE: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WEEKDAYS: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@runtime_checkable
class HasPlaceName(Protocol):
    """Anything that knows the place name of its date line, such as an ``Issuer``."""

    @property
    def place_name(self) -> str:
        """The place name as written before ", ngày …" (e.g. "Xuân Phú", "Phường 1 Bảo Lộc")."""
        ...


def _check_date(d: object) -> date:
    if not isinstance(d, date):
        raise TypeError(f"expected a datetime.date, not {type(d).__name__}: {d!r}")
    return d


def day_text(day: int) -> str:
    """Write a day of the month with the Decree 30 zero: 1 to 9 become "01" to "09".

    Args:
        day: The day of the month, 1 to 31.

    Returns:
        Two digits for days below 10, the plain number otherwise.

    Raises:
        TypeError: If ``day`` is not an int (or is a bool).
        ValueError: If ``day`` is outside 1 to 31.

    Examples:
        >>> day_text(5), day_text(17)
        ('05', '17')
    """
    if isinstance(day, bool) or not isinstance(day, int):
        raise TypeError(f"expected an int day, not {type(day).__name__}: {day!r}")
    if not 1 <= day <= 31:
        raise ValueError(f"day must be from 1 to 31, not {day!r}")
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Write a month with the Decree 30 zero: only months 1 and 2 take it.

    Args:
        month: The month, 1 to 12.

    Returns:
        "01" or "02" for January and February, the plain number otherwise.

    Raises:
        TypeError: If ``month`` is not an int (or is a bool).
        ValueError: If ``month`` is outside 1 to 12.

    Examples:
        >>> month_text(1), month_text(2), month_text(3), month_text(12)
        ('01', '02', '3', '12')
    """
    if isinstance(month, bool) or not isinstance(month, int):
        raise TypeError(f"expected an int month, not {type(month).__name__}: {month!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"month must be from 1 to 12, not {month!r}")
    return f"{month:02d}" if month <= 2 else str(month)


def weekday_name(d: date) -> str:
    """Return the Vietnamese weekday: "thứ Hai" … "thứ Bảy", "Chủ nhật".

    Args:
        d: The date.

    Returns:
        "thứ" in lower case with a capitalised numeral word, or "Chủ nhật".

    Raises:
        TypeError: If ``d`` is not a date.

    Examples:
        >>> weekday_name(date(2026, 3, 5)), weekday_name(date(2026, 3, 8))
        ('thứ Năm', 'Chủ nhật')
    """
    return _WEEKDAYS[_check_date(d).weekday()]


def format_date(d: date, *, weekday: bool = False) -> str:
    """Write a date in full as Decree 30 requires: "ngày 05 tháng 3 năm 2026".

    Args:
        d: The date (a ``datetime`` is accepted; its time is ignored).
        weekday: Put the weekday first: "thứ Hai, ngày …" or "Chủ nhật, ngày …".

    Returns:
        The date in lower case (except the weekday word), without a place.

    Raises:
        TypeError: If ``d`` is not a date.

    Examples:
        >>> format_date(date(2020, 1, 5))
        'ngày 05 tháng 01 năm 2020'
        >>> format_date(date(2019, 6, 29))
        'ngày 29 tháng 6 năm 2019'
        >>> format_date(date(2026, 3, 9), weekday=True)
        'thứ Hai, ngày 09 tháng 3 năm 2026'
        >>> format_date(date(2026, 3, 8), weekday=True)
        'Chủ nhật, ngày 08 tháng 3 năm 2026'
    """
    d = _check_date(d)
    text = f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"
    return f"{weekday_name(d)}, {text}" if weekday else text


def format_date_numeric(d: date) -> str:
    """Write a date in figures with the same zero rule: "05/3/2026", "17/02/2026".

    This is the form of apology slips ("Ngày 05/3/2026, … tiếp nhận hồ sơ").

    Args:
        d: The date (a ``datetime`` is accepted; its time is ignored).

    Returns:
        ``dd/m/yyyy``: the day always two digits, the month two digits only
        for 01 and 02.

    Raises:
        TypeError: If ``d`` is not a date.

    Examples:
        >>> format_date_numeric(date(2026, 3, 5))
        '05/3/2026'
        >>> format_date_numeric(date(2026, 2, 17))
        '17/02/2026'
    """
    d = _check_date(d)
    return f"{day_text(d.day)}/{month_text(d.month)}/{d.year}"


def _place_text(place: object) -> str:
    if isinstance(place, str):
        text = place
    elif isinstance(place, HasPlaceName):
        text = place.place_name
        if not isinstance(text, str):
            raise TypeError(f"place_name must be a str, not {type(text).__name__}: {text!r}")
    else:
        raise TypeError(
            f"expected a place name or an object with .place_name, "
            f"not {type(place).__name__}: {place!r}"
        )
    for ch in text:
        if unicodedata.category(ch) in _REFUSED_IN_PLACE:
            raise ValueError(
                f"the place name must be one line of printable text, "
                f"but contains U+{ord(ch):04X}: {text!r}"
            )
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(f"the place name must not be empty: {text!r}")
    if cleaned.endswith(","):
        raise ValueError(f"the place name must not end with a comma: {text!r}")
    return cleaned


def place_date_line(
    place: str | HasPlaceName,
    d: date | None,
    *,
    year: int | None = None,
) -> str:
    """Write the "Địa danh, ngày tháng năm" line of a letter.

    The place name is used as given (the Decree 30 rule on the type word,
    "Xuân Phú" but "Phường 1 Bảo Lộc", is the caller's: ``Issuer.place_name``
    applies it). When ``d`` is None the letter is a draft for an e-office
    system, which fills in the date when it issues the document (Decree 30,
    Điều 15.3): the day and the month are left as :data:`BLANK` (six spaces
    each) and the year is written.

    Args:
        place: The place name, or an object with a ``place_name`` attribute.
        d: The date, or None for an undated draft.
        year: The year of an undated draft (required when ``d`` is None); when
            ``d`` is given it may be repeated but must then agree.

    Returns:
        "<place>, ngày 05 tháng 3 năm 2026", or
        "<place>, ngày      tháng      năm 2026" for a draft.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If the place name is empty or spans lines, the year is
            missing for a draft, out of 1 to 9999, or disagrees with ``d``.

    Examples:
        >>> place_date_line("Phường 1 Bảo Lộc", date(2026, 3, 5))
        'Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026'
        >>> place_date_line("Xuân Phú", None, year=2026)
        'Xuân Phú, ngày      tháng      năm 2026'
        >>> place_date_line("Xuân Phú", None)
        Traceback (most recent call last):
        ...
        ValueError: an undated draft needs the year: place_date_line(place, None, year=...)
    """
    text = _place_text(place)
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"expected an int year, not {type(year).__name__}: {year!r}")
        if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
            raise ValueError(f"year must be from 1 to 9999, not {year!r}")
    if d is None:
        if year is None:
            raise ValueError(
                "an undated draft needs the year: place_date_line(place, None, year=...)"
            )
        return f"{text}, ngày{BLANK}tháng{BLANK}năm {year}"
    d = _check_date(d)
    if year is not None and year != d.year:
        raise ValueError(f"year {year!r} does not agree with the date {d.isoformat()}")
    return f"{text}, {format_date(d)}"


def format_time(t: time | _dt.datetime) -> str:
    """Write a time of day as in an obituary or a notice: "14 giờ 30 phút".

    The hour has no leading zero (24-hour clock); the minutes always have two
    digits and are always written ("8 giờ 00 phút", "9 giờ 05 phút").
    Seconds are ignored.

    Args:
        t: A ``time`` or a ``datetime``.

    Returns:
        "<h> giờ <mm> phút".

    Raises:
        TypeError: If ``t`` is not a time or a datetime.

    Examples:
        >>> format_time(time(14, 30))
        '14 giờ 30 phút'
        >>> format_time(time(8, 5))
        '8 giờ 05 phút'
        >>> format_time(time(0, 0))
        '0 giờ 00 phút'
    """
    if not isinstance(t, time | _dt.datetime):
        raise TypeError(f"expected a datetime.time, not {type(t).__name__}: {t!r}")
    return f"{t.hour} giờ {t.minute:02d} phút"
