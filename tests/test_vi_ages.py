"""Tests for camon_xinloi.vi.ages (domain.md §2.3, §4)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.ages import LONGEVITY_AGES, age_on, lifespan_phrase, longevity_milestone


@pytest.mark.parametrize(
    ("birth", "on", "style", "age"),
    [
        (date(1950, 6, 1), date(2026, 3, 5), "calendar", 75),
        (date(1950, 3, 5), date(2026, 3, 5), "calendar", 76),  # birthday itself
        (date(1950, 3, 6), date(2026, 3, 5), "calendar", 75),
        (date(2026, 3, 5), date(2026, 3, 5), "calendar", 0),
        (date(2000, 2, 29), date(2021, 2, 28), "calendar", 20),
        (date(2000, 2, 29), date(2021, 3, 1), "calendar", 21),
        (date(2000, 2, 29), date(2024, 2, 29), "calendar", 24),
        (1924, date(2024, 6, 6), "calendar", 100),  # vpctn.gov.vn: tròn 100 tuổi
        (1950, date(2026, 1, 1), "calendar", 76),
        (date(1950, 12, 31), date(2026, 1, 1), "tuoi_mu", 77),
        (1950, date(2026, 1, 1), "tuoi_mu", 77),
        (date(2026, 3, 5), date(2026, 3, 5), "tuoi_mu", 1),
        (datetime(1950, 6, 1, 23, 0), datetime(2026, 6, 1, 1, 0), "calendar", 76),
    ],
)
def test_age_on(birth: date | int, on: date, style: str, age: int) -> None:
    assert age_on(birth, on, style=style) == age  # type: ignore[arg-type]


def test_age_on_errors() -> None:
    with pytest.raises(ValueError, match="before the birth"):
        age_on(date(2026, 3, 6), date(2026, 3, 5))
    with pytest.raises(ValueError, match="before the birth year 2027"):
        age_on(2027, date(2026, 3, 5))
    with pytest.raises(TypeError, match="True"):
        age_on(True, date(2026, 3, 5))
    with pytest.raises(TypeError, match="'1950'"):
        age_on("1950", date(2026, 3, 5))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'2026-03-05'"):
        age_on(1950, "2026-03-05")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'lunar'"):
        age_on(1950, date(2026, 3, 5), style="lunar")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="0"):
        age_on(0, date(2026, 3, 5))


@pytest.mark.parametrize(
    ("birth_year", "year", "milestone"),
    [
        (1924, 2024, 100),
        (1954, 2024, 70),
        (1949, 2024, 75),
        (1944, 2024, 80),
        (1939, 2024, 85),
        (1934, 2024, 90),
        (1929, 2024, 95),
        (1920, 2024, 104),
        (1955, 2024, None),
        (1964, 2024, None),  # 60: người cao tuổi, but not a mừng thọ age
        (1926, 2024, None),  # 98
        (2024, 2024, None),
    ],
)
def test_longevity_milestone(birth_year: int, year: int, milestone: int | None) -> None:
    assert longevity_milestone(birth_year, year) == milestone


def test_longevity_errors() -> None:
    with pytest.raises(ValueError, match="before the birth year"):
        longevity_milestone(2025, 2024)
    with pytest.raises(TypeError, match="False"):
        longevity_milestone(1950, False)
    with pytest.raises(TypeError, match=r"1950\.0"):
        longevity_milestone(1950.0, 2024)  # type: ignore[arg-type]


@given(st.integers(1, 9999), st.integers(0, 200))
def test_longevity_property(birth_year: int, age: int) -> None:
    year = birth_year + age
    if year > 9999:
        return
    result = longevity_milestone(birth_year, year)
    if age >= 100 or age in LONGEVITY_AGES:
        assert result == age
    else:
        assert result is None


@pytest.mark.parametrize(
    ("age", "phrase"),
    [
        (85, "hưởng thọ 85 tuổi"),
        (60, "hưởng thọ 60 tuổi"),
        (59, "hưởng dương 59 tuổi"),
        (45, "hưởng dương 45 tuổi"),
        (0, "hưởng dương 0 tuổi"),
        (102, "hưởng thọ 102 tuổi"),
    ],
)
def test_lifespan_phrase(age: int, phrase: str) -> None:
    assert lifespan_phrase(age) == phrase


def test_lifespan_threshold_and_errors() -> None:
    assert lifespan_phrase(65, elder_threshold=70) == "hưởng dương 65 tuổi"
    assert lifespan_phrase(70, elder_threshold=70) == "hưởng thọ 70 tuổi"
    with pytest.raises(ValueError, match="-1"):
        lifespan_phrase(-1)
    with pytest.raises(ValueError, match="151"):
        lifespan_phrase(151)
    with pytest.raises(TypeError, match="True"):
        lifespan_phrase(True)
    with pytest.raises(TypeError, match="'85'"):
        lifespan_phrase("85")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="elder_threshold"):
        lifespan_phrase(50, elder_threshold=0)


@given(st.dates(), st.dates())
def test_age_properties(a: date, b: date) -> None:
    birth, on = min(a, b), max(a, b)
    calendar = age_on(birth, on)
    mu = age_on(birth, on, style="tuoi_mu")
    by_year = age_on(birth.year, on)
    assert calendar >= 0
    assert by_year - 1 <= calendar <= by_year
    assert mu == by_year + 1
    assert age_on(birth.year, on, style="tuoi_mu") == mu
