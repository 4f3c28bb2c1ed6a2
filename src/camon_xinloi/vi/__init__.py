"""Vietnamese language rules, as pure functions that templates use as filters.

Names, honorifics, Decree 30/2020 dates, the Vietnamese lunar calendar, ages,
numbers and amounts in words. Each function is documented with its sources in
``shared/docs/domain.md`` terms and doctested.

Examples:
    >>> import datetime as dt
    >>> format_date(dt.date(2026, 3, 5))
    'ngày 05 tháng 3 năm 2026'
    >>> number_to_words(2021)
    'hai nghìn không trăm hai mươi mốt'
    >>> format_lunar(dt.date(2021, 8, 28), style="tuc")
    '(tức ngày 21 tháng 7 năm Tân Sửu)'
"""

from __future__ import annotations

from camon_xinloi.vi.ages import age_on, lifespan_phrase, longevity_milestone
from camon_xinloi.vi.dates import (
    format_date,
    format_date_numeric,
    format_time,
    place_date_line,
    weekday_name,
)
from camon_xinloi.vi.honorifics import Honorific, honorific, household, level_couple, salutation
from camon_xinloi.vi.lunar import (
    LunarDate,
    can_chi_day,
    can_chi_month,
    can_chi_year,
    format_lunar,
    from_lunar,
    leap_month,
    to_lunar,
)
from camon_xinloi.vi.names import NameParts, given_name, normalize_name, split_name
from camon_xinloi.vi.numbers import number_to_words, words_to_number
from camon_xinloi.vi.units import amount_in_words, format_area, format_number, format_vnd

__all__ = [
    "Honorific",
    "LunarDate",
    "NameParts",
    "age_on",
    "amount_in_words",
    "can_chi_day",
    "can_chi_month",
    "can_chi_year",
    "format_area",
    "format_date",
    "format_date_numeric",
    "format_lunar",
    "format_number",
    "format_time",
    "format_vnd",
    "from_lunar",
    "given_name",
    "honorific",
    "household",
    "leap_month",
    "level_couple",
    "lifespan_phrase",
    "longevity_milestone",
    "normalize_name",
    "number_to_words",
    "place_date_line",
    "salutation",
    "split_name",
    "to_lunar",
    "weekday_name",
    "words_to_number",
]
