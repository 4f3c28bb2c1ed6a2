"""Vietnamese lunar calendar (âm lịch): conversion, Can Chi names and formatting.

Dates from 1900-01-31 (Tết Canh Tý 1900) to 2100-12-31 are supported. The
conversion uses a table generated from an ephemeris by
``tools/gen_lunar_table.py`` (see ``docs/lunar.md``): months start on the local
day of the new moon, the winter solstice is in month 11, and the leap month is
the first month after it without a principal solar term. Local time is UTC+7
from Tết 1968 (1968-01-29) and UTC+8 before, when Vietnam used the Chinese
calendar.

Examples:
    >>> from datetime import date
    >>> to_lunar(date(2024, 2, 10))
    LunarDate(day=1, month=1, year=2024, leap=False)
    >>> format_lunar(date(2024, 3, 15), style="words")
    'mùng 6 tháng Hai năm Giáp Thìn'
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from camon_xinloi.vi import _lunar_data

__all__ = [
    "CAN",
    "CHI",
    "MAX_DATE",
    "MIN_DATE",
    "LunarDate",
    "LunarStyle",
    "can_chi_day",
    "can_chi_month",
    "can_chi_year",
    "format_lunar",
    "from_lunar",
    "leap_month",
    "to_lunar",
]

CAN: tuple[str, ...] = (
    "Giáp",
    "Ất",
    "Bính",
    "Đinh",
    "Mậu",
    "Kỷ",
    "Canh",
    "Tân",
    "Nhâm",
    "Quý",
)
"""The ten heavenly stems (thiên can)."""

CHI: tuple[str, ...] = (
    "Tý",
    "Sửu",
    "Dần",
    "Mão",
    "Thìn",
    "Tỵ",
    "Ngọ",
    "Mùi",
    "Thân",
    "Dậu",
    "Tuất",
    "Hợi",
)
"""The twelve earthly branches (địa chi)."""

MONTH_NAMES: tuple[str, ...] = (
    "Giêng",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Một",
    "Chạp",
)
"""Names of lunar months 1..12 as written after "tháng" (month 11 is "tháng Một")."""

MIN_DATE = date(1900, 1, 31)
"""First supported solar date (Tết Canh Tý 1900)."""
MAX_DATE = date(2100, 12, 31)
"""Last supported solar date."""

LunarStyle = Literal["numeric", "words", "short", "letter", "tuc"]
"""Styles accepted by :func:`format_lunar`."""

_STYLES: tuple[str, ...] = ("numeric", "words", "short", "letter", "tuc")
_FIRST_YEAR: int = _lunar_data.FIRST_YEAR
_LAST_YEAR: int = _FIRST_YEAR + len(_lunar_data.YEARS) - 1
_JDN_OFFSET = 1_721_425
"""Julian day number minus ``date.toordinal()``."""
_RANGE = f"{MIN_DATE.isoformat()} … {MAX_DATE.isoformat()}"


class _Month(NamedTuple):
    year: int
    number: int
    leap: bool


class _Calendar(NamedTuple):
    starts: tuple[int, ...]
    """Ordinal of the first day of every month, plus the end sentinel."""
    months: tuple[_Month, ...]
    """The month starting at ``starts[i]``."""
    first_index: tuple[int, ...]
    """Index in ``months`` of month 1 of each lunar year, plus the end sentinel."""


@functools.cache
def _calendar() -> _Calendar:
    """Expand the compact generated table into month lists (built once, on first use)."""
    starts: list[int] = []
    months: list[_Month] = []
    first_index: list[int] = []
    years = _lunar_data.YEARS
    for offset, (tet, lengths, leap) in enumerate(years):
        year = _FIRST_YEAR + offset
        first_index.append(len(months))
        count = 13 if leap else 12
        ordinal = tet
        number = 0
        for k in range(count):
            is_leap = leap != 0 and k == leap
            if not is_leap:
                number += 1
            starts.append(ordinal)
            months.append(_Month(year, number, is_leap))
            ordinal += 30 if lengths >> k & 1 else 29
        if ordinal != (years[offset + 1][0] if offset + 1 < len(years) else _lunar_data.END):
            raise RuntimeError(f"corrupt lunar table: year {year} does not end at the next Tết")
    first_index.append(len(months))
    starts.append(_lunar_data.END)
    return _Calendar(tuple(starts), tuple(months), tuple(first_index))


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    return value


def _check_date(value: object) -> date:
    if not isinstance(value, date):
        raise TypeError(f"expected a datetime.date, got {value!r} ({type(value).__name__})")
    return value


def _month_index(day: object, month: object, year: object, leap: object) -> int:
    """Validate a lunar date and return the index of its month in ``_calendar()``."""
    day = _check_int("day", day)
    month = _check_int("month", month)
    year = _check_int("year", year)
    if not isinstance(leap, bool):
        raise TypeError(f"leap must be a bool, got {leap!r} ({type(leap).__name__})")
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(
            f"lunar year {year} is outside the supported range {_FIRST_YEAR}-{_LAST_YEAR} "
            f"(solar dates {_RANGE})"
        )
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")
    year_leap = leap_month(year)
    if leap and month != year_leap:
        if year_leap:
            raise ValueError(
                f"lunar year {year} has no leap month {month}; its leap month is {year_leap}"
            )
        raise ValueError(f"lunar year {year} has no leap month (leap month {month} requested)")
    cal = _calendar()
    index = cal.first_index[year - _FIRST_YEAR] + month - 1
    if year_leap and (month > year_leap or leap):
        index += 1
    length = cal.starts[index + 1] - cal.starts[index]
    if not 1 <= day <= length:
        label = f"{month} nhuận" if leap else str(month)
        raise ValueError(f"day must be in 1..{length} for month {label} of {year}, got {day}")
    if cal.starts[index] + day - 1 > MAX_DATE.toordinal():
        raise ValueError(
            f"lunar date {day}/{month}/{year} falls after {MAX_DATE.isoformat()}, "
            f"outside the supported range {_RANGE}"
        )
    return index


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class LunarDate:
    """A date of the Vietnamese lunar calendar.

    Instances are validated on creation: they always name an existing day whose
    solar date lies between :data:`MIN_DATE` and :data:`MAX_DATE`. They compare
    in chronological order; a leap month follows the regular month with the same
    number.

    Attributes:
        day: Day of the month, 1..30.
        month: Month number, 1..12 (a leap month has the number of the month before it).
        year: Lunar year, counted from Tết; months 11 and 12 belong to the year
            that started at the previous Tết.
        leap: True for a day of the leap month (tháng nhuận).

    Examples:
        >>> LunarDate(26, 6, 2025, leap=True)
        LunarDate(day=26, month=6, year=2025, leap=True)
        >>> LunarDate(29, 6, 2025) < LunarDate(1, 6, 2025, leap=True) < LunarDate(1, 7, 2025)
        True
        >>> LunarDate(1, 6, 2024, leap=True)
        Traceback (most recent call last):
        ...
        ValueError: lunar year 2024 has no leap month (leap month 6 requested)
    """

    day: int
    month: int
    year: int
    leap: bool = False

    def __post_init__(self) -> None:
        _month_index(self.day, self.month, self.year, self.leap)

    @classmethod
    def _trusted(cls, day: int, month: int, year: int, leap: bool) -> LunarDate:
        """Build an instance from table data, skipping validation."""
        self = object.__new__(cls)
        object.__setattr__(self, "day", day)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "leap", leap)
        return self

    def _key(self) -> tuple[int, int, bool, int]:
        return (self.year, self.month, self.leap, self.day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LunarDate):
            return NotImplemented
        return self._key() < other._key()

    def to_date(self) -> date:
        """Return the solar (Gregorian) date of this lunar date.

        Returns:
            The solar date.

        Examples:
            >>> LunarDate(1, 1, 2024).to_date()
            datetime.date(2024, 2, 10)
        """
        index = _month_index(self.day, self.month, self.year, self.leap)
        return date.fromordinal(_calendar().starts[index] + self.day - 1)


def leap_month(year: int) -> int:
    """Return the leap month of a lunar year, or 0 when the year has 12 months.

    Args:
        year: Lunar year, 1900..2100.

    Returns:
        The number of the month that is repeated as a leap month, or 0.

    Raises:
        TypeError: if ``year`` is not an int.
        ValueError: if ``year`` is outside 1900..2100.

    Examples:
        >>> leap_month(2025), leap_month(2024), leap_month(2033)
        (6, 0, 11)
    """
    year = _check_int("year", year)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(
            f"lunar year {year} is outside the supported range {_FIRST_YEAR}-{_LAST_YEAR}"
        )
    return _lunar_data.YEARS[year - _FIRST_YEAR][2]


def to_lunar(d: date) -> LunarDate:
    """Convert a solar (Gregorian) date to the Vietnamese lunar calendar.

    Args:
        d: A date from 1900-01-31 to 2100-12-31. A ``datetime`` counts as its date.

    Returns:
        The lunar date.

    Raises:
        TypeError: if ``d`` is not a ``datetime.date``.
        ValueError: if ``d`` is outside the supported range.

    Examples:
        >>> from datetime import date
        >>> to_lunar(date(2025, 8, 19))
        LunarDate(day=26, month=6, year=2025, leap=True)
        >>> to_lunar(date(2025, 1, 28))
        LunarDate(day=29, month=12, year=2024, leap=False)
        >>> to_lunar(date(1900, 1, 30))
        Traceback (most recent call last):
        ...
        ValueError: date 1900-01-30 is outside the supported range 1900-01-31 … 2100-12-31
    """
    d = _check_date(d)
    ordinal = d.toordinal()
    if not MIN_DATE.toordinal() <= ordinal <= MAX_DATE.toordinal():
        raise ValueError(f"date {d.isoformat()} is outside the supported range {_RANGE}")
    cal = _calendar()
    index = bisect.bisect_right(cal.starts, ordinal) - 1
    month = cal.months[index]
    return LunarDate._trusted(ordinal - cal.starts[index] + 1, month.number, month.year, month.leap)


def from_lunar(day: int, month: int, year: int, leap: bool = False) -> date:
    """Convert a Vietnamese lunar date to the solar (Gregorian) calendar.

    Args:
        day: Day of the month, 1..29 or 1..30 depending on the month.
        month: Month number, 1..12.
        year: Lunar year (the year of the Tết that starts it).
        leap: True for the leap month (tháng nhuận) that follows month ``month``.

    Returns:
        The solar date, between 1900-01-31 and 2100-12-31.

    Raises:
        TypeError: if an argument has the wrong type (``bool`` is not accepted as an int).
        ValueError: if the lunar date does not exist or is outside the supported range.

    Examples:
        >>> from_lunar(26, 6, 2025, leap=True)
        datetime.date(2025, 8, 19)
        >>> from_lunar(1, 1, 1968)
        datetime.date(1968, 1, 29)
        >>> from_lunar(30, 1, 2024)
        Traceback (most recent call last):
        ...
        ValueError: day must be in 1..29 for month 1 of 2024, got 30
    """
    index = _month_index(day, month, year, leap)
    return date.fromordinal(_calendar().starts[index] + day - 1)


def can_chi_year(y: int) -> str:
    """Return the Can Chi (sexagenary) name of a lunar year.

    Args:
        y: The lunar year.

    Returns:
        The name, both syllables capitalised.

    Raises:
        TypeError: if ``y`` is not an int.

    Examples:
        >>> can_chi_year(2024), can_chi_year(2025), can_chi_year(1968)
        ('Giáp Thìn', 'Ất Tỵ', 'Mậu Thân')
    """
    y = _check_int("year", y)
    return f"{CAN[(y + 6) % 10]} {CHI[(y + 8) % 12]}"


def can_chi_month(month: int, lunar_year: int) -> str:
    """Return the Can Chi name of a lunar month.

    A leap month has the same name as the month it follows, so pass its number.

    Args:
        month: Month number, 1..12.
        lunar_year: The lunar year the month belongs to.

    Returns:
        The name, both syllables capitalised.

    Raises:
        TypeError: if an argument is not an int.
        ValueError: if ``month`` is not in 1..12.

    Examples:
        >>> can_chi_month(1, 2024), can_chi_month(11, 2025)
        ('Bính Dần', 'Mậu Tý')
    """
    month = _check_int("month", month)
    lunar_year = _check_int("lunar_year", lunar_year)
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")
    return f"{CAN[(12 * lunar_year + month + 3) % 10]} {CHI[(month + 1) % 12]}"


def can_chi_day(d: date) -> str:
    """Return the Can Chi name of a day.

    Args:
        d: A solar date (any date; the cycle does not depend on the table).

    Returns:
        The name, both syllables capitalised.

    Raises:
        TypeError: if ``d`` is not a ``datetime.date``.

    Examples:
        >>> from datetime import date
        >>> can_chi_day(date(2024, 2, 10)), can_chi_day(date(2025, 12, 20))
        ('Giáp Thìn', 'Quý Hợi')
    """
    jd = _check_date(d).toordinal() + _JDN_OFFSET
    return f"{CAN[(jd + 9) % 10]} {CHI[(jd + 1) % 12]}"


def _day_words(day: int) -> str:
    if day <= 10:
        return f"mùng {day}"
    if day == 15:
        return "rằm"
    return f"ngày {day}"


def _letter_month(month: int) -> str:
    """The house style's month: "Giêng" and "Chạp" by name, the others as figures."""
    if month == 1:
        return "Giêng"
    if month == 12:
        return "Chạp"
    return str(month)


def format_lunar(value: date | LunarDate, *, style: LunarStyle = "numeric") -> str:
    """Format a lunar date the way Vietnamese letters and obituaries write it.

    Args:
        value: A solar date (converted with :func:`to_lunar`) or a :class:`LunarDate`.
        style: ``"numeric"`` — ``ngày 21 tháng 7 năm Tân Sửu``;
            ``"words"`` — ``mùng 6 tháng Hai năm Giáp Thìn`` (days 1-10 are "mùng N",
            day 15 is "rằm", months are named Giêng … Mười, Một, Chạp);
            ``"short"`` — ``6-2-Giáp Thìn``;
            ``"letter"`` — the letters' house style (domain.md §4): days 1-10 are
            "mùng N", the others "ngày N"; month 1 is "tháng Giêng", month 12
            "tháng Chạp", the others figures: ``mùng 10 tháng Giêng năm Bính Ngọ``,
            ``ngày 21 tháng 7 năm Tân Sửu``;
            ``"tuc"`` — the house style after "tức", in brackets, as every
            letter prints it: ``(tức mùng 10 tháng Giêng năm Bính Ngọ)``.
            A leap month is written ``tháng 6 nhuận`` / ``tháng Sáu nhuận``
            (``26-6 nhuận-Ất Tỵ`` in the short style).

    Returns:
        The formatted lunar date.

    Raises:
        TypeError: if ``value`` is neither a date nor a LunarDate.
        ValueError: if ``style`` is unknown or the date is outside the supported range.

    Examples:
        >>> from datetime import date
        >>> format_lunar(date(2021, 8, 28))
        'ngày 21 tháng 7 năm Tân Sửu'
        >>> format_lunar(date(2024, 3, 15), style="words")
        'mùng 6 tháng Hai năm Giáp Thìn'
        >>> format_lunar(LunarDate(15, 1, 2024), style="words")
        'rằm tháng Giêng năm Giáp Thìn'
        >>> format_lunar(date(2024, 3, 15), style="short")
        '6-2-Giáp Thìn'
        >>> format_lunar(date(2021, 8, 28), style="tuc")
        '(tức ngày 21 tháng 7 năm Tân Sửu)'
        >>> format_lunar(date(2026, 2, 26), style="tuc")
        '(tức mùng 10 tháng Giêng năm Bính Ngọ)'
        >>> format_lunar(LunarDate(23, 12, 2024), style="letter")
        'ngày 23 tháng Chạp năm Giáp Thìn'
        >>> format_lunar(date(2025, 8, 19), style="words")
        'ngày 26 tháng Sáu nhuận năm Ất Tỵ'
    """
    if isinstance(value, LunarDate):
        lunar = value
    elif isinstance(value, date):
        lunar = to_lunar(value)
    else:
        raise TypeError(
            f"expected a datetime.date or LunarDate, got {value!r} ({type(value).__name__})"
        )
    if style not in _STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(_STYLES)}")
    leap = " nhuận" if lunar.leap else ""
    year_name = can_chi_year(lunar.year)
    if style == "short":
        return f"{lunar.day}-{lunar.month}{leap}-{year_name}"
    if style == "words":
        return f"{_day_words(lunar.day)} tháng {MONTH_NAMES[lunar.month - 1]}{leap} năm {year_name}"
    if style == "numeric":
        return f"ngày {lunar.day} tháng {lunar.month}{leap} năm {year_name}"
    day = f"mùng {lunar.day}" if lunar.day <= 10 else f"ngày {lunar.day}"
    text = f"{day} tháng {_letter_month(lunar.month)}{leap} năm {year_name}"
    return f"(tức {text})" if style == "tuc" else text
