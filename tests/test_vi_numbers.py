"""Tests for camon_xinloi.vi.numbers (domain.md §6)."""

from __future__ import annotations

import itertools
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.numbers import MAX_ABS, Four, Variant, number_to_words, words_to_number

# Every vector of domain.md §6, plus the brief's.
STANDARD = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (50, "năm mươi"),
    (55, "năm mươi lăm"),
    (91, "chín mươi mốt"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (1_000_000, "một triệu"),
    (1_000_500, "một triệu năm trăm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (2_021_000, "hai triệu không trăm hai mươi mốt nghìn"),
    (1_000_005_000, "một tỷ không trăm linh năm nghìn"),
    (1_000_050, "một triệu không trăm năm mươi"),
    (1_015_000, "một triệu không trăm mười lăm nghìn"),
    (1_234_567, "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy"),
    (5_025_110, "năm triệu không trăm hai mươi lăm nghìn một trăm mười"),
    (50_000_000, "năm mươi triệu"),
    (120_000_000, "một trăm hai mươi triệu"),
    (300_000_000, "ba trăm triệu"),
    (10**9, "một tỷ"),
    (10**9 + 5, "một tỷ không trăm linh năm"),
    (2_500_000_000, "hai tỷ năm trăm triệu"),
    (10**12, "một nghìn tỷ"),
    (10**15, "một triệu tỷ"),
    (10**15 + 10**12, "một triệu không trăm linh một nghìn tỷ"),
    (-21, "âm hai mươi mốt"),
]


@pytest.mark.parametrize(("n", "words"), STANDARD)
def test_standard_vectors(n: int, words: str) -> None:
    assert number_to_words(n) == words
    assert words_to_number(words) == n


NUM2WORDS_WRONG = [
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (1010, "một nghìn không trăm mười"),
    (1015000, "một triệu không trăm mười lăm nghìn"),
    (10**15, "một triệu tỷ"),
    (1.5, "một phẩy năm"),
]


@pytest.mark.parametrize(("n", "words"), NUM2WORDS_WRONG)
def test_num2words_wrong_table(n: int | float, words: str) -> None:
    assert number_to_words(n) == words


SOUTHERN = [
    (101, "một trăm lẻ một"),
    (105, "một trăm lẻ năm"),
    (1005, "một ngàn không trăm lẻ năm"),
    (2021, "hai ngàn không trăm hai mươi mốt"),
    (10**12, "một ngàn tỷ"),
    (50_000_000, "năm mươi triệu"),
]


@pytest.mark.parametrize(("n", "words"), SOUTHERN)
def test_southern_vectors(n: int, words: str) -> None:
    assert number_to_words(n, variant="southern") == words
    assert words_to_number(words) == n


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (24, "hai mươi tư"),
        (14, "mười bốn"),
        (104, "một trăm linh bốn"),
        (4, "bốn"),
        (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    ],
)
def test_tu_is_opt_in(n: int, words: str) -> None:
    assert number_to_words(n, four="tư") == words
    assert words_to_number(words) == n


def test_tu_never_by_default() -> None:
    assert all("tư" not in number_to_words(n).split() for n in range(2000))


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (Decimal("40.8"), "bốn mươi phẩy tám"),
        (40.8, "bốn mươi phẩy tám"),
        ("40.8", "bốn mươi phẩy tám"),
        ("40,8", "bốn mươi phẩy tám"),
        (1.5, "một phẩy năm"),
        (Decimal("1.50"), "một phẩy năm"),
        ("1,25", "một phẩy hai mươi lăm"),
        (1.05, "một phẩy không năm"),
        (Decimal("0.005"), "không phẩy không không năm"),
        (Decimal("-2.5"), "âm hai phẩy năm"),
        (Decimal("2.000"), "hai"),
        (2.0, "hai"),
        (Decimal("1E+3"), "một nghìn"),
        (Decimal("-0"), "không"),
        (Decimal("-0.0"), "không"),
        (Decimal("0.000000"), "không"),
        (Decimal("0E-30"), "không"),
        (Decimal("3.105"), "ba phẩy một trăm linh năm"),
    ],
)
def test_decimals(n: Decimal | float | str, words: str) -> None:
    assert number_to_words(n) == words


def test_decimal_keeps_all_digits() -> None:
    # 36 significant digits: more than the default Decimal context precision.
    n = Decimal("123456789012345678.123456789012345678")
    assert words_to_number(number_to_words(n)) == n


def test_largest() -> None:
    words = number_to_words(MAX_ABS - 1)
    assert words.startswith("chín trăm chín mươi chín triệu")
    assert words_to_number(words) == MAX_ABS - 1
    assert words_to_number(number_to_words(-(MAX_ABS - 1))) == -(MAX_ABS - 1)


@pytest.mark.parametrize(
    "bad", [MAX_ABS, -MAX_ABS, 1e18, Decimal("1E+18"), Decimal("-1000000000000000000.5")]
)
def test_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError, match="out of range"):
        number_to_words(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("-Infinity"),
    ],
)
def test_non_finite(bad: object) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        number_to_words(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [True, False, None, [1], b"12", 1j])
def test_type_errors(bad: object) -> None:
    with pytest.raises(TypeError, match=repr(bad).replace("[", r"\[").replace("(", r"\(")):
        number_to_words(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "1.000.000", "1e3", "nan", "12 000", "1,5,0", "abc", "١٢"])
def test_bad_strings(bad: str) -> None:
    with pytest.raises(ValueError, match="plain numeral"):
        number_to_words(bad)


def test_fraction_too_long() -> None:
    with pytest.raises(ValueError, match="too many digits"):
        number_to_words(Decimal("0." + "1" * 19))
    with pytest.raises(ValueError, match="too many digits"):
        number_to_words(Decimal("1E-999999999"))


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="variant"):
        number_to_words(1, variant="northern")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="four"):
        number_to_words(1, four="4")  # type: ignore[arg-type]


def test_words_to_number_returns_types() -> None:
    assert type(words_to_number("hai")) is int
    assert words_to_number("một phẩy năm") == Decimal("1.5")
    assert isinstance(words_to_number("một phẩy năm"), Decimal)


def test_words_to_number_lenient_spelling() -> None:
    assert words_to_number("  HAI   NGHÌN  ") == 2000
    assert words_to_number(unicodedata.normalize("NFD", "một trăm linh năm")) == 105
    assert words_to_number("một tỉ") == 10**9
    assert words_to_number("Năm mươi triệu") == 50_000_000


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "mười năm",  # must be mười lăm
        "hai mươi một",  # must be mốt
        "một trăm năm",  # must be linh năm
        "hai nghìn hai mươi mốt",  # missing không trăm
        "không trăm năm",
        "âm không",
        "một phẩy",
        "một phẩy không",
        "một phẩy năm mươi",  # trailing zero is never produced
        "mười mười",
        "trăm",
        "linh",
        "một triệu triệu",
        "hello",
        "hai mươi tư nghìn không trăm hai mươi bốn",  # mixes tư and bốn
        "phẩy năm",
    ],
)
def test_words_to_number_rejects(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - messages vary by cause
        words_to_number(bad)


def test_words_to_number_type_error() -> None:
    with pytest.raises(TypeError, match="12"):
        words_to_number(12)  # type: ignore[arg-type]


ints = st.integers(min_value=-(MAX_ABS - 1), max_value=MAX_ABS - 1)


@given(ints, st.sampled_from(["standard", "southern"]), st.sampled_from(["bốn", "tư"]))
def test_roundtrip_integers(n: int, variant: str, four: str) -> None:
    words = number_to_words(n, variant=variant, four=four)  # type: ignore[arg-type]
    assert words_to_number(words) == n
    assert words == words.strip()
    assert "  " not in words


@given(st.integers(min_value=0, max_value=10**6))
def test_roundtrip_small_integers(n: int) -> None:
    assert words_to_number(number_to_words(n)) == n


@given(
    st.decimals(
        min_value=-(MAX_ABS - 1),
        max_value=MAX_ABS - 1,
        places=6,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from(["standard", "southern"]),
)
def test_roundtrip_decimals(n: Decimal, variant: str) -> None:
    words = number_to_words(n, variant=variant)  # type: ignore[arg-type]
    assert words_to_number(words) == n


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_roundtrip_floats(x: float) -> None:
    x = round(x, 6)
    assert words_to_number(number_to_words(x)) == Decimal(repr(x))


@given(st.integers(min_value=0, max_value=MAX_ABS - 1))
def test_reading_rules_hold(n: int) -> None:
    tokens = number_to_words(n).split()
    for before, word in itertools.pairwise(tokens):
        if word == "mốt":
            assert before == "mươi"
        if word == "lăm":
            assert before in ("mười", "mươi")
        if before in ("mươi", "mười") and word in ("một", "năm"):
            assert before == "mười"
            assert word == "một"
    assert "nhăm" not in tokens
    assert "lẻ" not in tokens
    assert "ngàn" not in tokens


word_pool = st.sampled_from(
    [
        *("không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy"),
        *("tám", "chín", "mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn"),
        *("triệu", "tỷ", "tỉ", "phẩy", "âm"),
    ]
)


@given(st.lists(word_pool, max_size=12))
def test_words_to_number_only_value_errors(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        value = words_to_number(text)
    except ValueError:
        return
    variants: tuple[Variant, ...] = ("standard", "southern")
    fours: tuple[Four, ...] = ("bốn", "tư")
    produced = {number_to_words(value, variant=v, four=f) for v in variants for f in fours}
    normal = " ".join(text.split()).replace("tỉ", "tỷ")
    assert normal in produced or normal.replace("ngàn", "nghìn") in {
        p.replace("ngàn", "nghìn") for p in produced
    }
