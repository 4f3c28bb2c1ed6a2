"""Ages for letters: calendar age, tuổi mụ, mừng thọ milestones, hưởng thọ/hưởng dương.

* State mừng thọ counts **calendar year - birth year** (the President's 2024
  letters went to citizens "tròn 100 tuổi (sinh năm 1924)"; domain.md §2.3).
  Luật Người cao tuổi 2009, Điều 21: the UBND xã/phường celebrates ages
  70, 75, 80, 85, 90, 95 and 100 and over.
* Obituaries often count **tuổi mụ**: year of death - year of birth + 1
  (domain.md §4). Real tuổi mụ counts *lunar* years; this module uses solar
  years, which differ only for dates between 1 January and Tết.
* "hưởng thọ" for a death at 60 or over, "hưởng dương" below (a người cao tuổi
  is anyone of 60 or over, Luật Người cao tuổi 2009, Điều 2).

Examples:
    >>> age_on(date(1950, 6, 1), date(2026, 3, 5))
    75
    >>> lifespan_phrase(85)
    'hưởng thọ 85 tuổi'
"""

from __future__ import annotations

import datetime as _dt
from datetime import date
from typing import Final, Literal

__all__ = [
    "LONGEVITY_AGES",
    "AgeStyle",
    "age_on",
    "lifespan_phrase",
    "longevity_milestone",
]

AgeStyle = Literal["calendar", "tuoi_mu"]
"""``"calendar"``: completed years; ``"tuoi_mu"``: East-Asian reckoning (+1)."""

LONGEVITY_AGES: Final = (70, 75, 80, 85, 90, 95)
"""Mừng thọ ages below 100 (Luật Người cao tuổi 2009, Điều 21); every age ≥ 100 also counts."""


def _check_year(year: object, what: str) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"expected an int {what}, not {type(year).__name__}: {year!r}")
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise ValueError(f"{what} must be from 1 to 9999, not {year!r}")
    return year


def age_on(birth: date | int, on: date, *, style: AgeStyle = "calendar") -> int:
    """Return a person's age on a given day.

    Args:
        birth: The birth date, or only the birth year.
        on: The day the age is wanted for (the letter's date, the date of death).
        style: ``"calendar"``: completed years when ``birth`` is a date, and
            ``on.year - birth`` when it is only a year (the mừng thọ count).
            ``"tuoi_mu"``: ``on.year - birth year + 1``, the obituary count,
            on solar years (real tuổi mụ uses lunar years; the two differ only
            between 1 January and Tết).

    Returns:
        The age in years, ≥ 0 (≥ 1 for tuổi mụ).

    Raises:
        TypeError: If ``birth`` is not a date or an int (bools are refused),
            or ``on`` is not a date.
        ValueError: If ``on`` is before the birth, or ``style`` is unknown.

    Examples:
        >>> age_on(date(1954, 12, 1), date(2024, 6, 6))
        69
        >>> age_on(1954, date(2024, 6, 6))
        70
        >>> age_on(date(1954, 12, 1), date(2024, 6, 6), style="tuoi_mu")
        71
        >>> age_on(date(2000, 2, 29), date(2021, 2, 28))  # the birthday counts from 1 March
        20
    """
    if style not in ("calendar", "tuoi_mu"):
        raise ValueError(f"style must be 'calendar' or 'tuoi_mu', not {style!r}")
    if not isinstance(on, date):
        raise TypeError(f"expected a datetime.date for on, not {type(on).__name__}: {on!r}")
    on_day = on.date() if isinstance(on, _dt.datetime) else on
    if isinstance(birth, date):
        birth_day = birth.date() if isinstance(birth, _dt.datetime) else birth
        if on_day < birth_day:
            raise ValueError(f"the date {on_day.isoformat()} is before the birth {birth_day!r}")
        birth_year = birth_day.year
        if style == "calendar":
            before_birthday = (on_day.month, on_day.day) < (birth_day.month, birth_day.day)
            return on_day.year - birth_year - before_birthday
    else:
        birth_year = _check_year(birth, "birth year")
        if on_day.year < birth_year:
            raise ValueError(f"the date {on_day.isoformat()} is before the birth year {birth!r}")
        if style == "calendar":
            return on_day.year - birth_year
    return on_day.year - birth_year + 1


def longevity_milestone(birth_year: int, year: int) -> int | None:
    """Return the mừng thọ age reached in ``year``, or None if there is none.

    The age is ``year - birth_year`` (domain.md §2.3). The UBND xã/phường
    celebrates 70, 75, 80, 85, 90, 95 and every age from 100 (Luật Người cao
    tuổi 2009, Điều 21).

    Args:
        birth_year: The year of birth.
        year: The year of the celebration.

    Returns:
        The age if it is a milestone, else None.

    Raises:
        TypeError: If a year is not an int (bools are refused).
        ValueError: If a year is out of 1 to 9999 or ``year`` is before ``birth_year``.

    Examples:
        >>> longevity_milestone(1924, 2024)
        100
        >>> longevity_milestone(1954, 2024)
        70
        >>> longevity_milestone(1955, 2024) is None
        True
    """
    born = _check_year(birth_year, "birth year")
    now = _check_year(year, "year")
    if now < born:
        raise ValueError(f"year {year!r} is before the birth year {birth_year!r}")
    age = now - born
    return age if age in LONGEVITY_AGES or age >= 100 else None


def lifespan_phrase(age: int, *, elder_threshold: int = 60) -> str:
    """Return "hưởng thọ N tuổi" (age ≥ threshold) or "hưởng dương N tuổi".

    Args:
        age: The age at death, counted as the family wishes (see :func:`age_on`).
        elder_threshold: The first age that is "hưởng thọ" (60 by default:
            a người cao tuổi, Luật Người cao tuổi 2009, Điều 2).

    Returns:
        The phrase, lower case.

    Raises:
        TypeError: If ``age`` or ``elder_threshold`` is not an int (bools are refused).
        ValueError: If ``age`` is negative or above 150, or the threshold is not positive.

    Examples:
        >>> lifespan_phrase(60)
        'hưởng thọ 60 tuổi'
        >>> lifespan_phrase(45)
        'hưởng dương 45 tuổi'
        >>> lifespan_phrase(59, elder_threshold=50)
        'hưởng thọ 59 tuổi'
    """
    for value, what in ((age, "age"), (elder_threshold, "elder_threshold")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an int {what}, not {type(value).__name__}: {value!r}")
    if not 0 <= age <= 150:
        raise ValueError(f"age must be from 0 to 150, not {age!r}")
    if elder_threshold < 1:
        raise ValueError(f"elder_threshold must be positive, not {elder_threshold!r}")
    word = "hưởng thọ" if age >= elder_threshold else "hưởng dương"
    return f"{word} {age} tuổi"
