"""Tests for camon_xinloi.vi.units (domain.md §2.6, §6)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.numbers import words_to_number
from camon_xinloi.vi.units import amount_in_words, format_area, format_number, format_vnd


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (50_000_000, "Năm mươi triệu đồng"),
        (120_000_000, "Một trăm hai mươi triệu đồng"),
        (300_000_000, "Ba trăm triệu đồng"),
        (2021, "Hai nghìn không trăm hai mươi mốt đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (0, "Không đồng"),
        (Decimal("50000000.00"), "Năm mươi triệu đồng"),
        (Decimal("5E+7"), "Năm mươi triệu đồng"),
    ],
)
def test_amount_in_words(n: int | Decimal, words: str) -> None:
    assert amount_in_words(n) == words


def test_amount_in_words_southern() -> None:
    assert amount_in_words(1005, variant="southern") == "Một ngàn không trăm lẻ năm đồng"


@pytest.mark.parametrize(
    ("n", "figures"),
    [
        (50_000_000, "50.000.000 đồng"),
        (120_000_000, "120.000.000 đồng"),
        (0, "0 đồng"),
        (999, "999 đồng"),
        (1000, "1.000 đồng"),
        (Decimal("300000000"), "300.000.000 đồng"),
    ],
)
def test_format_vnd(n: int | Decimal, figures: str) -> None:
    assert format_vnd(n) == figures


def test_format_vnd_units() -> None:
    assert format_vnd(15_000, unit="đ") == "15.000 đ"
    assert format_vnd(15_000, unit="VND") == "15.000 VND"
    with pytest.raises(ValueError, match="'USD'"):
        format_vnd(1, unit="USD")  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [format_vnd, amount_in_words])
@pytest.mark.parametrize(
    ("bad", "exc", "match"),
    [
        (True, TypeError, "bool True"),
        (1.5, TypeError, "float: 1.5"),
        (5e7, TypeError, "float"),
        ("100", TypeError, "str: '100'"),
        (None, TypeError, "None"),
        (-1, ValueError, "negative: -1"),
        (Decimal("-5"), ValueError, "negative"),
        (Decimal("1.5"), ValueError, r"whole number of đồng, not Decimal\('1.5'\)"),
        (Decimal("NaN"), ValueError, "finite"),
        (Decimal("Infinity"), ValueError, "finite"),
        (10**18, ValueError, "out of range"),
        (Decimal("1E+30"), ValueError, "out of range"),
    ],
)
def test_money_bad_input(func: object, bad: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        func(bad)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (Decimal("40.8"), "40,8 m²"),
        (40.8, "40,8 m²"),
        ("40,8", "40,8 m²"),
        ("40.80", "40,8 m²"),
        (100, "100 m²"),
        (Decimal("100.00"), "100 m²"),
        (0, "0 m²"),
        (1250.456, "1.250,46 m²"),
        (Decimal("2.005"), "2,01 m²"),  # half up, not half even
        (Decimal("2.015"), "2,02 m²"),
        (Decimal("0.004"), "0 m²"),
        (12345.5, "12.345,5 m²"),
    ],
)
def test_format_area(x: int | Decimal | float | str, text: str) -> None:
    assert format_area(x) == text


@pytest.mark.parametrize(
    ("bad", "exc"),
    [
        (-1, ValueError),
        (Decimal("-0.5"), ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (Decimal("NaN"), ValueError),
        ("1.000,5", ValueError),
        ("abc", ValueError),
        (True, TypeError),
        (None, TypeError),
        (10**18, ValueError),
    ],
)
def test_format_area_bad(bad: object, exc: type[Exception]) -> None:
    with pytest.raises(exc, match=re.escape(repr(bad))):
        format_area(bad)  # type: ignore[arg-type]


def test_format_number() -> None:
    assert format_number(1234.5) == "1.234,5"
    assert format_number(Decimal("1234.5678"), decimals=3) == "1.234,568"
    assert format_number(Decimal("9.99"), decimals=0) == "10"
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, decimals=-1)
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, decimals=True)


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_amount_properties(n: int) -> None:
    words = amount_in_words(n)
    assert words[0].isupper()
    assert words.endswith(" đồng")
    assert words_to_number(words.removesuffix(" đồng")) == n
    figures = format_vnd(n)
    assert int(figures.removesuffix(" đồng").replace(".", "")) == n
    assert re.fullmatch(r"\d{1,3}(\.\d{3})* đồng", figures)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_area_properties(x: Decimal) -> None:
    text = format_area(x)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d{1,2})? m²", text)
    assert not re.search(r",\d*0 m²$", text)
    assert Decimal(text.removesuffix(" m²").replace(".", "").replace(",", ".")) == x
