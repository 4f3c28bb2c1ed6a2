"""Tests for camon_xinloi.vi.dates (Decree 30/2020, Phụ lục I, II.4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.dates import (
    BLANK,
    HasPlaceName,
    day_text,
    format_date,
    format_date_numeric,
    format_time,
    month_text,
    place_date_line,
    weekday_name,
)


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),  # the decree's own date
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (date(2026, 2, 17), "ngày 17 tháng 02 năm 2026"),
        (date(2026, 5, 1), "ngày 01 tháng 5 năm 2026"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
        (date(2025, 11, 9), "ngày 09 tháng 11 năm 2025"),
        (datetime(2026, 3, 5, 14, 30), "ngày 05 tháng 3 năm 2026"),
    ],
)
def test_format_date(d: date, text: str) -> None:
    assert format_date(d) == text


def test_decree_examples_with_place() -> None:
    assert place_date_line("Hà Nội", date(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert (
        place_date_line("Thành phố Hồ Chí Minh", date(2019, 6, 29))
        == "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"
    )
    assert (
        place_date_line("Phường 1 Bảo Lộc", date(2026, 3, 5))
        == "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026"
    )
    assert (
        place_date_line("Phường 1 Bảo Lộc", date(2026, 2, 1))
        == "Phường 1 Bảo Lộc, ngày 01 tháng 02 năm 2026"
    )


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 3, 9), "thứ Hai, ngày 09 tháng 3 năm 2026"),
        (date(2026, 3, 10), "thứ Ba, ngày 10 tháng 3 năm 2026"),
        (date(2026, 3, 11), "thứ Tư, ngày 11 tháng 3 năm 2026"),
        (date(2026, 3, 5), "thứ Năm, ngày 05 tháng 3 năm 2026"),
        (date(2026, 3, 6), "thứ Sáu, ngày 06 tháng 3 năm 2026"),
        (date(2026, 3, 7), "thứ Bảy, ngày 07 tháng 3 năm 2026"),
        (date(2026, 3, 8), "Chủ nhật, ngày 08 tháng 3 năm 2026"),
    ],
)
def test_weekday(d: date, text: str) -> None:
    assert format_date(d, weekday=True) == text
    assert weekday_name(d) == text.split(",")[0]


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 3, 5), "05/3/2026"),
        (date(2026, 2, 17), "17/02/2026"),
        (date(2026, 1, 1), "01/01/2026"),
        (date(2026, 12, 25), "25/12/2026"),
        (date(2026, 10, 9), "09/10/2026"),
    ],
)
def test_format_date_numeric(d: date, text: str) -> None:
    assert format_date_numeric(d) == text


def test_day_and_month_text() -> None:
    assert [month_text(m) for m in range(1, 13)] == [
        "01",
        "02",
        *(str(m) for m in range(3, 13)),
    ]
    assert [day_text(x) for x in (1, 9, 10, 31)] == ["01", "09", "10", "31"]
    for bad_value in (0, 13):
        with pytest.raises(ValueError, match=f"not {bad_value}"):
            month_text(bad_value)
    for bad_value in (0, 32):
        with pytest.raises(ValueError, match=f"not {bad_value}"):
            day_text(bad_value)
    with pytest.raises(TypeError, match="True"):
        month_text(True)
    with pytest.raises(TypeError, match="'3'"):
        day_text("3")  # type: ignore[arg-type]


def test_undated_draft() -> None:
    line = place_date_line("Phường 1 Bảo Lộc", None, year=2026)
    assert line == "Phường 1 Bảo Lộc, ngày      tháng      năm 2026"
    assert line == f"Phường 1 Bảo Lộc, ngày{BLANK}tháng{BLANK}năm 2026"
    assert BLANK == " " * 6


def test_year_must_agree() -> None:
    assert place_date_line("Xuân Phú", date(2026, 3, 5), year=2026).endswith("năm 2026")
    with pytest.raises(ValueError, match="2025 does not agree"):
        place_date_line("Xuân Phú", date(2026, 3, 5), year=2025)
    with pytest.raises(ValueError, match="needs the year"):
        place_date_line("Xuân Phú", None)
    with pytest.raises(TypeError, match="True"):
        place_date_line("Xuân Phú", None, year=True)
    with pytest.raises(ValueError, match="10000"):
        place_date_line("Xuân Phú", None, year=10000)


@dataclass(frozen=True)
class FakeIssuer:
    place_name: str


class PropertyIssuer:
    @property
    def place_name(self) -> str:
        return "An Thới Đông"


def test_place_objects() -> None:
    assert isinstance(FakeIssuer("Xuân Phú"), HasPlaceName)
    assert (
        place_date_line(FakeIssuer("Xuân Phú"), date(2026, 3, 5))
        == "Xuân Phú, ngày 05 tháng 3 năm 2026"
    )
    assert place_date_line(PropertyIssuer(), None, year=2026).startswith("An Thới Đông, ngày ")


@pytest.mark.parametrize(
    ("place", "exc", "match"),
    [
        ("", ValueError, "empty"),
        ("   ", ValueError, "empty"),
        ("Phường\n15", ValueError, "one line"),
        ("Phường\t15", ValueError, "U\\+0009"),
        ("Xuân Phú,", ValueError, "comma"),
        (None, TypeError, "None"),
        (15, TypeError, "int: 15"),
        (FakeIssuer(15), TypeError, "place_name must be a str"),  # type: ignore[arg-type]
    ],
)
def test_bad_places(place: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        place_date_line(place, date(2026, 3, 5))  # type: ignore[arg-type]


def test_place_spaces_are_tidied() -> None:
    assert place_date_line("  Phường   1  Bảo Lộc ", date(2026, 3, 5)).startswith(
        "Phường 1 Bảo Lộc, ngày"
    )


@pytest.mark.parametrize("bad", ["2026-03-05", None, 20260305, time(1, 2)])
def test_bad_dates(bad: object) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        format_date(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"datetime\.date"):
        format_date_numeric(bad)  # type: ignore[arg-type]


def test_format_time() -> None:
    assert format_time(time(14, 30)) == "14 giờ 30 phút"
    assert format_time(time(8, 5, 59)) == "8 giờ 05 phút"
    assert format_time(time(0, 0)) == "0 giờ 00 phút"
    assert format_time(time(23, 59)) == "23 giờ 59 phút"
    assert format_time(datetime(2026, 3, 5, 6, 45)) == "6 giờ 45 phút"
    with pytest.raises(TypeError, match="'14:30'"):
        format_time("14:30")  # type: ignore[arg-type]


@given(st.dates(), st.booleans())
def test_no_wrong_zero_ever(d: date, weekday: bool) -> None:
    text = format_date(d, weekday=weekday)
    assert not re.search(r"tháng 0[3-9]", text)
    assert not re.search(r"tháng 0\d\d", text)
    month = re.search(r"tháng (\d+) ", text)
    assert month is not None
    assert month.group(1) == (f"{d.month:02d}" if d.month <= 2 else str(d.month))
    day = re.search(r"ngày (\d+) ", text)
    assert day is not None
    assert day.group(1) == f"{d.day:02d}"
    assert len(day.group(1)) == 2
    assert text.endswith(f"năm {d.year}")
    numeric = format_date_numeric(d)
    assert not re.search(r"/0[3-9]/", numeric)
    assert re.fullmatch(r"\d{2}/(01|02|[3-9]|1[0-2])/\d+", numeric)
    line = place_date_line("Phường 1 Bảo Lộc", d)
    assert line == f"Phường 1 Bảo Lộc, {format_date(d)}"


@given(st.dates())
def test_weekday_form(d: date) -> None:
    text = format_date(d, weekday=True)
    assert re.match(r"(thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), ngày ", text)
    assert (d.weekday() == 6) == text.startswith("Chủ nhật")


@given(st.times())
def test_time_form(t: time) -> None:
    assert re.fullmatch(r"(1?\d|2[0-3]) giờ [0-5]\d phút", format_time(t))
