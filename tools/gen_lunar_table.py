#!/usr/bin/env python3
"""Generate ``src/camon_xinloi/vi/_lunar_data.py``, the Vietnamese lunar calendar table.

The table is computed from an ephemeris (astronomy-engine, a dev/test-only
dependency) by applying the published rules of the Vietnamese calendar:

1. a month starts on the local day that contains the new moon;
2. a year has 12 or 13 months;
3. the winter solstice always falls in month 11;
4. when 13 new moons separate two month-11s, the first month after month 11
   that contains no principal solar term (solar longitude a multiple of 30
   degrees) is the leap month and takes the number of the month before it;
5. local time is UTC+7, except for lunar years before 1968 (Tết 1968 =
   1968-01-29), which follow the UTC+8 (Chinese) calendar used in Vietnam
   until then.

Usage::

    python tools/gen_lunar_table.py            # write the module, print the report
    python tools/gen_lunar_table.py --check    # exit 1 if the shipped module is stale

The code is original work written for this project.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import astronomy

FIRST_YEAR = 1900
"""First lunar year in the table (Tết 1900 = 1900-01-31)."""
LAST_YEAR = 2100
"""Last lunar year in the table (it covers 2100-12-31)."""
UTC7_FROM_YEAR = 1968
"""First lunar year computed at UTC+7; earlier years use UTC+8."""
NEAR_MIDNIGHT_MINUTES = 10.0

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "camon_xinloi" / "vi" / "_lunar_data.py"

_J2000_ORDINAL = dt.date(2000, 1, 1).toordinal()
"""Proleptic Gregorian ordinal of 2000-01-01; astronomy-engine's ``ut`` is 0 at its noon."""
_MEAN_SYNODIC_MONTH = 29.530588
_SOLSTICE_LONGITUDE = 270


def tz_for_year(lunar_year: int) -> int:
    """Return the UTC offset in hours used to compute ``lunar_year``."""
    return 7 if lunar_year >= UTC7_FROM_YEAR else 8


def local_ordinal(ut: float, tz: int) -> int:
    """Return the proleptic Gregorian ordinal of the local day containing ``ut``."""
    return _J2000_ORDINAL + math.floor(ut + 0.5 + tz / 24.0)


def minutes_from_midnight(ut: float, tz: int) -> float:
    """Return the signed distance in minutes from ``ut`` to the nearest local midnight."""
    frac = (ut + 0.5 + tz / 24.0) % 1.0
    return (frac if frac < 0.5 else frac - 1.0) * 1440.0


def format_local(ut: float, tz: int) -> str:
    """Format ``ut`` as local time ``YYYY-MM-DD HH:MM UTC+tz``."""
    epoch = dt.datetime(2000, 1, 1, 12, 0, 0)
    local = epoch + dt.timedelta(days=ut, hours=tz)
    return f"{local:%Y-%m-%d %H:%M} UTC+{tz}"


# --------------------------------------------------------------------------- ephemeris


def new_moons(start: dt.date, end: dt.date) -> list[float]:
    """Return the UT (days from J2000) of every new moon between ``start`` and ``end``."""
    result: list[float] = []
    t = astronomy.Time.Make(start.year, start.month, start.day, 0, 0, 0)
    stop = end.toordinal() - _J2000_ORDINAL
    while True:
        found = astronomy.SearchMoonPhase(0.0, t, 40.0)
        if found is None:  # pragma: no cover - cannot happen with a 40-day window
            raise RuntimeError(f"no new moon found after {t}")
        if found.ut > stop:
            return result
        result.append(found.ut)
        t = found.AddDays(1.0)


def principal_terms(start: dt.date, end: dt.date) -> list[tuple[float, int]]:
    """Return ``(ut, longitude)`` for every principal term between ``start`` and ``end``.

    Principal terms (trung khí) are the moments when the Sun's apparent
    ecliptic longitude is a multiple of 30 degrees.
    """
    t = astronomy.Time.Make(start.year, start.month, start.day, 0, 0, 0)
    longitude = (math.floor(astronomy.SunPosition(t).elon / 30.0) + 1) * 30 % 360
    stop = end.toordinal() - _J2000_ORDINAL
    result: list[tuple[float, int]] = []
    while True:
        found = astronomy.SearchSunLongitude(float(longitude), t, 40.0)
        if found is None:  # pragma: no cover - the Sun moves 30 degrees in < 32 days
            raise RuntimeError(f"no solar longitude {longitude} found after {t}")
        if found.ut > stop:
            return result
        result.append((found.ut, longitude))
        t = found.AddDays(1.0)
        longitude = (longitude + 30) % 360


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Month:
    """One computed lunar month."""

    year: int
    """Lunar year the month belongs to."""
    number: int
    """Month number 1..12."""
    leap: bool
    """True for a leap (nhuận) month."""
    start: int
    """Proleptic Gregorian ordinal of the first day."""
    new_moon_ut: float
    """UT of the new moon that starts the month (days from J2000)."""
    tz: int
    """UTC offset used for the month."""


@dataclass(frozen=True)
class YearEntry:
    """Table row for one lunar year."""

    year: int
    tet: int
    """Ordinal of mùng 1 tháng Giêng."""
    lengths: int
    """Bit ``i`` is set when the ``i``-th month of the year (leap month included) has 30 days."""
    leap: int
    """Leap month number, or 0."""

    def as_tuple(self) -> tuple[int, int, int]:
        """Return the ``(tet, lengths, leap)`` row stored in the generated module."""
        return (self.tet, self.lengths, self.leap)


@dataclass(frozen=True)
class Table:
    """The computed calendar and the months worth a note in the docs."""

    years: tuple[YearEntry, ...]
    months: tuple[Month, ...]
    """All months of the table's years, in order."""
    end: int
    """Ordinal of Tết of the year after the last one (end of the last month)."""


def _months_for_tz(
    tz: int, moons: Sequence[float], terms: Sequence[tuple[float, int]], years: range
) -> Iterator[Month]:
    """Yield the months of every sui (month 11 of ``y - 1`` to month 11 of ``y``) in ``years``.

    Only ``tz`` is used to turn moments into local days.
    """
    starts = [local_ordinal(ut, tz) for ut in moons]
    term_days = [local_ordinal(ut, tz) for ut, _ in terms]
    solstice_days = {
        dt.date.fromordinal(day).year: day
        for day, (_, lon) in zip(term_days, terms, strict=True)
        if lon == _SOLSTICE_LONGITUDE
    }

    def month_11(year: int) -> int:
        index = bisect.bisect_right(starts, solstice_days[year]) - 1
        if index < 0 or index + 1 >= len(starts):
            raise RuntimeError(f"new moons do not cover the {year} solstice")
        return index

    def has_principal_term(index: int) -> bool:
        lo = bisect.bisect_left(term_days, starts[index])
        return lo < len(term_days) and term_days[lo] < starts[index + 1]

    for year in years:
        first, last = month_11(year - 1), month_11(year)
        count = last - first
        if count not in (12, 13):
            raise RuntimeError(f"sui {year - 1}/{year} has {count} months")
        leap_index = -1
        if count == 13:
            leap_index = next(i for i in range(first + 1, last) if not has_principal_term(i))
        number, lunar_year = 11, year - 1
        for index in range(first, last):
            is_leap = index == leap_index
            if index != first and not is_leap:
                number = number % 12 + 1
                if number == 1:
                    lunar_year = year
            yield Month(lunar_year, number, is_leap, starts[index], moons[index], tz)


def compute_table() -> Table:
    """Compute the whole table in memory from the ephemeris.

    Returns:
        The table for lunar years ``FIRST_YEAR`` .. ``LAST_YEAR``.

    Raises:
        RuntimeError: if the computed calendar breaks one of the invariants
            (12 or 13 months a year, months of 29 or 30 days).
    """
    moons, terms = ephemeris()
    return build_table(moons, terms)


def ephemeris() -> tuple[list[float], list[tuple[float, int]]]:
    """Return the new moons and principal terms that the table needs."""
    span_start = dt.date(FIRST_YEAR - 1, 10, 1)
    span_end = dt.date(LAST_YEAR + 2, 3, 1)
    return new_moons(span_start, span_end), principal_terms(span_start, span_end)


def build_table(moons: Sequence[float], terms: Sequence[tuple[float, int]]) -> Table:
    """Apply the calendar rules to precomputed new moons and principal terms.

    Args:
        moons: UT of consecutive new moons covering the table's span.
        terms: ``(ut, longitude)`` of consecutive principal terms over the same span.

    Returns:
        The table.

    Raises:
        RuntimeError: if an invariant of the calendar is broken.
    """
    by_year: dict[int, list[Month]] = {}
    for tz in sorted({tz_for_year(y) for y in range(FIRST_YEAR, LAST_YEAR + 2)}):
        for month in _months_for_tz(tz, moons, terms, range(FIRST_YEAR, LAST_YEAR + 2)):
            if tz_for_year(month.year) == tz and FIRST_YEAR <= month.year <= LAST_YEAR + 1:
                by_year.setdefault(month.year, []).append(month)

    months = [m for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in by_year[y]]
    end = by_year[LAST_YEAR + 1][0].start
    bounds = [m.start for m in months] + [end]
    years: list[YearEntry] = []
    position = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        year_months = by_year[year]
        if len(year_months) not in (12, 13) or year_months[0].number != 1:
            raise RuntimeError(f"lunar year {year} is malformed: {year_months}")
        lengths = 0
        leap = 0
        for bit, month in enumerate(year_months):
            length = bounds[position + 1] - bounds[position]
            if length not in (29, 30):
                raise RuntimeError(f"month {month} has {length} days")
            if length == 30:
                lengths |= 1 << bit
            if month.leap:
                leap = month.number
            position += 1
        if (leap != 0) != (len(year_months) == 13):
            raise RuntimeError(f"lunar year {year}: leap month and month count disagree")
        years.append(YearEntry(year, year_months[0].start, lengths, leap))
    return Table(tuple(years), tuple(months), end)


def near_midnight(table: Table, minutes: float = NEAR_MIDNIGHT_MINUTES) -> list[str]:
    """Describe the months whose new moon is within ``minutes`` of local midnight.

    For these months the first day depends on the ephemeris to the minute (and,
    far from the present, on the uncertain value of ΔT).
    """
    lines = []
    for month in table.months:
        offset = minutes_from_midnight(month.new_moon_ut, month.tz)
        if abs(offset) <= minutes:
            leap = " nhuận" if month.leap else ""
            first = dt.date.fromordinal(month.start)
            lines.append(
                f"{month.year} tháng {month.number}{leap}: new moon "
                f"{format_local(month.new_moon_ut, month.tz)} ({offset:+.1f} min), "
                f"month starts {first.isoformat()}"
            )
    return lines


def term_sensitive_years(
    moons: Sequence[float],
    terms: Sequence[tuple[float, int]],
    minutes: float = NEAR_MIDNIGHT_MINUTES,
) -> list[int]:
    """Return the lunar years whose row changes when all principal terms move by ``minutes``.

    A principal term close to local midnight can move the winter solstice or the
    leap month to another month; this finds the years where that happens.
    """
    base = build_table(moons, terms).years
    changed: set[int] = set()
    for sign in (-1.0, 1.0):
        shift = sign * minutes / 1440.0
        moved = build_table(moons, [(ut + shift, lon) for ut, lon in terms]).years
        changed.update(a.year for a, b in zip(base, moved, strict=True) if a != b)
    return sorted(changed)


# --------------------------------------------------------------------------- output

_HEADER = '''\
# generated by tools/gen_lunar_table.py, do not edit
"""Vietnamese lunar calendar data, lunar years {first}-{last} (generated, do not edit).

``YEARS[i]`` describes lunar year ``FIRST_YEAR + i`` as ``(tet, lengths, leap)``:

- ``tet``: proleptic Gregorian ordinal (``date.toordinal()``) of mùng 1 tháng Giêng;
- ``lengths``: bit ``k`` is set when the ``k``-th month of the year, counting the
  leap month in its place, has 30 days (otherwise 29);
- ``leap``: number of the leap month, or 0 when the year has 12 months.

``END`` is the ordinal of Tết {next_year}, the day after the last month of {last}.
Lunar years before {utc7} were computed at UTC+8, later ones at UTC+7.
"""

from typing import Final

FIRST_YEAR: Final = {first}
END: Final = {end}
YEARS: Final[tuple[tuple[int, int, int], ...]] = (
'''


def render_module(table: Table) -> str:
    """Return the source of ``_lunar_data.py`` for ``table``.

    Args:
        table: The computed table.

    Returns:
        Python source text, already in ``ruff format`` style.
    """
    parts = [
        _HEADER.format(
            first=FIRST_YEAR,
            last=LAST_YEAR,
            next_year=LAST_YEAR + 1,
            utc7=UTC7_FROM_YEAR,
            end=table.end,
        )
    ]
    for entry in table.years:
        tet = dt.date.fromordinal(entry.tet).isoformat()
        parts.append(
            f"    ({entry.tet}, 0x{entry.lengths:04X}, {entry.leap}),  # {entry.year} {tet}\n"
        )
    parts.append(")\n")
    return "".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Args:
        argv: Arguments, without the program name.

    Returns:
        The process exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="module to write")
    parser.add_argument(
        "--check", action="store_true", help="only compare with the existing module"
    )
    args = parser.parse_args(argv)

    moons, terms = ephemeris()
    table = build_table(moons, terms)
    source = render_module(table)
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != source:
            print(f"{output} is out of date; run tools/gen_lunar_table.py", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
    else:
        output.write_text(source, encoding="utf-8")
        print(f"wrote {output} ({len(table.years)} lunar years)")

    leap_years = [f"{e.year}:{e.leap}" for e in table.years if e.leap]
    print(f"leap months: {len(leap_years)}")
    lines = near_midnight(table)
    print(f"new moons within {NEAR_MIDNIGHT_MINUTES:g} minutes of local midnight: {len(lines)}")
    for line in lines:
        print(f"  {line}")
    sensitive = term_sensitive_years(moons, terms)
    print(
        f"lunar years that change if the principal terms move by ±{NEAR_MIDNIGHT_MINUTES:g} "
        f"minutes: {', '.join(map(str, sensitive)) or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
