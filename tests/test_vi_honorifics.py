"""Tests for camon_xinloi.vi.honorifics (domain.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.honorifics import Honorific, honorific, household, salutation

ON = date(2026, 3, 5)


@dataclass(frozen=True)
class P:
    full_name: str = "Nguyễn Văn An"
    sex: Literal["nam", "nu"] | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    honorific: str | None = None


def word(p: P, **kw: object) -> str:
    return honorific(p, on=ON, **kw).word  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sex", "birth_year", "expected"),
    [
        ("nam", 2026, "cháu"),
        ("nu", 2015, "cháu"),
        ("nam", 2011, "cháu"),  # 15
        ("nam", 2010, "anh"),  # 16
        ("nu", 2010, "chị"),
        ("nam", 1967, "anh"),  # 59
        ("nu", 1967, "chị"),
        ("nam", 1966, "ông"),  # 60
        ("nu", 1966, "bà"),
        ("nam", 1920, "ông"),  # 106, default context: not cụ
        (None, 2015, "cháu"),
        (None, 2000, "anh/chị"),
        (None, 1950, "ông/bà"),
        ("nam", None, "ông"),
        ("nu", None, "bà"),
        (None, None, "ông/bà"),
    ],
)
def test_default_by_age(
    sex: Literal["nam", "nu"] | None, birth_year: int | None, expected: str
) -> None:
    assert word(P(sex=sex, birth_year=birth_year)) == expected


def test_birth_date_counts_completed_years() -> None:
    assert word(P(sex="nam", birth_date=date(1966, 3, 6))) == "anh"  # 59 until tomorrow
    assert word(P(sex="nam", birth_date=date(1966, 3, 5))) == "ông"
    assert word(P(sex="nam", birth_date=date(2010, 3, 6))) == "cháu"
    assert word(P(sex="nam", birth_date=date(2010, 3, 6), birth_year=2010)) == "cháu"


def test_override_always_wins() -> None:
    assert word(P(sex="nam", birth_year=2000, honorific="Ông")) == "ông"
    assert word(P(sex="nu", birth_year=2020, honorific="bé")) == "bé"
    assert word(P(sex="nam", birth_year=1990, honorific="cụ")) == "cụ"
    assert word(P(honorific="  Cụ   Bà ")) == "cụ bà"
    assert word(P(sex="nam", birth_year=1940, honorific="anh"), context="longevity") == "anh"
    assert word(P(sex="nam", birth_year=1990, honorific="Đại đức")) == "đại đức"


@pytest.mark.parametrize("bad", ["em", "Em", "anh/em", "", "  ", "ông.", "ông 2"])
def test_bad_override(bad: str) -> None:
    with pytest.raises(ValueError, match=repr(bad.strip().lower()) if bad.strip() else "empty"):
        word(P(honorific=bad))


def test_never_em() -> None:
    with pytest.raises(ValueError, match="not used by an authority"):
        Honorific("em")


def test_longevity() -> None:
    assert word(P(sex="nam", birth_year=1956), context="longevity") == "cụ"  # 70
    assert word(P(sex="nu", birth_year=1926), context="longevity") == "cụ"  # 100
    assert word(P(sex="nam", birth_year=1957), context="longevity") == "ông"  # 69
    assert word(P(sex="nam", birth_year=1990), context="longevity") == "anh"
    assert word(P(sex="nam"), context="longevity") == "cụ"  # unknown age: a mừng thọ letter
    # Calendar year - birth year, not completed years (domain.md §2.3).
    assert word(P(sex="nu", birth_date=date(1956, 12, 31)), context="longevity") == "cụ"
    assert word(P(sex="nu", birth_date=date(1956, 12, 31))) == "bà"
    assert word(P(sex="nam", birth_year=1950), context="longevity", elder_with_sex=True) == "cụ ông"
    assert word(P(sex="nu", birth_year=1950), context="longevity", elder_with_sex=True) == "cụ bà"
    assert word(P(birth_year=1950), context="longevity", elder_with_sex=True) == "cụ"


def test_condolence() -> None:
    assert word(P(sex="nam", birth_year=1940), context="condolence") == "cụ"
    assert word(P(sex="nu", birth_year=1960), context="condolence") == "bà"
    assert word(P(sex="nam", birth_year=1981), context="condolence") == "anh"
    assert word(P(sex="nam"), context="condolence") == "ông"
    assert word(P(sex="nu", birth_year=2016), context="condolence") == "cháu"


def test_child_couple_household() -> None:
    assert word(P(sex="nam", birth_date=date(2026, 2, 1)), context="child") == "cháu"
    assert word(P(), context="child") == "cháu"
    assert word(P(sex="nu", birth_year=2010), context="couple") == "chị"
    assert word(P(sex="nu", birth_year=2000), context="couple") == "chị"
    assert word(P(sex="nam", birth_year=1950), context="couple") == "ông"
    assert word(P(sex="nam", birth_year=2012), context="household") == "anh"


def test_unknown_sex_styles() -> None:
    assert honorific(P(), on=ON).title == "Ông/Bà"
    assert honorific(P(), on=ON, unknown_sex="paren").title == "Ông (bà)"
    assert honorific(P(), on=ON, unknown_sex="paren").mid == "ông (bà)"
    assert honorific(P(birth_year=2000), on=ON, unknown_sex="paren").title == "Anh (chị)"


@pytest.mark.parametrize(
    ("form", "title", "mid", "courtesy", "courtesy_mid"),
    [
        ("ông", "Ông", "ông", "Quý Ông", "quý Ông"),
        ("bà", "Bà", "bà", "Quý Bà", "quý Bà"),
        ("ông/bà", "Ông/Bà", "ông/bà", "Quý Ông/Bà", "quý Ông/Bà"),
        ("ông (bà)", "Ông (bà)", "ông (bà)", "Quý Ông (Bà)", "quý Ông (Bà)"),
        ("anh/chị", "Anh/Chị", "anh/chị", "Quý Anh/Chị", "quý Anh/Chị"),
        ("cụ", "Cụ", "cụ", "Quý Cụ", "quý Cụ"),
        ("cụ bà", "Cụ bà", "cụ bà", "Quý Cụ Bà", "quý Cụ Bà"),
        ("cháu", "Cháu", "cháu", "Cháu", "Cháu"),
        ("đại đức", "Đại đức", "đại đức", "Quý Đại Đức", "quý Đại Đức"),
    ],
)
def test_forms(form: str, title: str, mid: str, courtesy: str, courtesy_mid: str) -> None:
    h = Honorific(form)
    assert (h.title, h.mid, h.courtesy, h.courtesy_mid) == (title, mid, courtesy, courtesy_mid)


def test_address_and_refer() -> None:
    assert Honorific("ông").address("nguyễn văn an") == "Ông Nguyễn Văn An"
    assert Honorific("ông").refer("NGUYỄN VĂN AN") == "ông Nguyễn Văn An"
    assert Honorific("ông/bà").address("Lê Hoà") == "Ông/Bà Lê Hoà"
    with pytest.raises(ValueError, match="digit"):
        Honorific("ông").address("An 2")


@pytest.mark.parametrize(
    ("bad", "exc"),
    [
        ("Ông", ValueError),
        ("", ValueError),
        (" ông", ValueError),
        ("ông  bà", ValueError),
        ("ông.", ValueError),
        ("/", ValueError),
        ("()", ValueError),
        (None, TypeError),
    ],
)
def test_honorific_validation(bad: object, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        Honorific(bad)  # type: ignore[arg-type]


def test_parse() -> None:
    assert Honorific.parse("ÔNG/BÀ") == Honorific("ông/bà")
    with pytest.raises(TypeError, match="3"):
        Honorific.parse(3)  # type: ignore[arg-type]


def test_salutation() -> None:
    dung = P("lê trung dũng", "nam", birth_year=2002)
    hue = P("Vũ Thị Huệ", "nu", birth_year=2004)
    assert salutation([dung, hue], on=ON) == "Anh Lê Trung Dũng và chị Vũ Thị Huệ"
    assert salutation([dung, hue], on=ON, context="couple") == (
        "Anh Lê Trung Dũng và chị Vũ Thị Huệ"
    )
    an = P("nguyễn văn an", "nam", birth_year=1950)
    assert salutation([an], on=ON) == "Ông Nguyễn Văn An"
    assert salutation((an,), on=ON, context="household") == "Gia đình ông Nguyễn Văn An"
    assert salutation(
        [an, P("trần thị bình", "nu", birth_year=1952)], on=ON, context="household"
    ) == ("Gia đình ông Nguyễn Văn An và bà Trần Thị Bình")
    assert salutation([P("lê hoà")], on=ON) == "Ông/Bà Lê Hoà"
    assert salutation([P("lê hoà")], on=ON, unknown_sex="paren") == "Ông (bà) Lê Hoà"
    assert salutation([P("tạ duy hiển", "nam", birth_year=1940)], on=ON, context="longevity") == (
        "Cụ Tạ Duy Hiển"
    )


def test_salutation_errors() -> None:
    with pytest.raises(ValueError, match="one or two persons, not 0"):
        salutation([], on=ON)
    with pytest.raises(ValueError, match="not 3"):
        salutation([P(), P(), P()], on=ON)
    with pytest.raises(TypeError, match="sequence"):
        salutation(P(), on=ON)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sequence"):
        salutation("Nguyễn An", on=ON)  # type: ignore[arg-type]


def test_household() -> None:
    su = P("vũ thế sự", "nam")
    assert household(su, on=ON) == "Gia đình ông Vũ Thế Sự"
    assert household(su, on=ON, line_start=False) == "gia đình ông Vũ Thế Sự"
    assert household(P("lê hoà"), on=ON) == "Gia đình ông/bà Lê Hoà"
    assert household(P("lê hoà"), on=ON, unknown_sex="paren") == "Gia đình ông (bà) Lê Hoà"
    assert household(P("lê hoà", "nu", birth_year=1995), on=ON) == "Gia đình chị Lê Hoà"
    assert household(P("lê hoà", "nu", honorific="cụ"), on=ON) == "Gia đình cụ Lê Hoà"


def test_errors() -> None:
    with pytest.raises(ValueError, match="does not agree"):
        word(P(birth_date=date(1950, 1, 1), birth_year=1951))
    with pytest.raises(ValueError, match="before the birth"):
        word(P(birth_year=2027))
    with pytest.raises(ValueError, match="'female'"):
        word(P(sex="female"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'wedding'"):
        word(P(), context="wedding")
    with pytest.raises(ValueError, match="'brackets'"):
        word(P(), unknown_sex="brackets")
    with pytest.raises(TypeError, match="'2026-03-05'"):
        honorific(P(), on="2026-03-05")  # type: ignore[arg-type]


def test_pydantic_person_fits() -> None:
    from camon_xinloi.events import Person

    person = Person(full_name="vũ thị huệ", sex="nu", birth_date=date(2004, 5, 6))
    assert salutation([person], on=ON) == "Chị Vũ Thị Huệ"


CONTEXTS = ["default", "longevity", "child", "couple", "household", "condolence"]


@given(
    st.sampled_from(["nam", "nu", None]),
    st.one_of(st.none(), st.integers(1900, 2026)),
    st.sampled_from(CONTEXTS),
    st.sampled_from(["slash", "paren"]),
    st.booleans(),
)
def test_never_em_and_well_formed(
    sex: Literal["nam", "nu"] | None,
    birth_year: int | None,
    context: str,
    unknown_sex: str,
    elder_with_sex: bool,
) -> None:
    h = honorific(
        P(sex=sex, birth_year=birth_year),
        on=ON,
        context=context,  # type: ignore[arg-type]
        unknown_sex=unknown_sex,  # type: ignore[arg-type]
        elder_with_sex=elder_with_sex,
    )
    assert "em" not in h.word.split()
    assert h.title[0].isupper()
    assert h.mid == h.mid.lower()
    if sex is not None:
        assert "/" not in h.word
        assert "(" not in h.word
    age = None if birth_year is None else ON.year - birth_year
    if context == "child":
        assert h.word == "cháu"
    elif h.word.startswith("cụ"):
        assert context in ("longevity", "condolence")
        assert age is None or age >= 70
    elif h.word == "cháu":
        assert age is not None
        assert age < 16
    line = salutation([P(sex=sex, birth_year=birth_year)], on=ON, context=context)  # type: ignore[arg-type]
    assert line[0].isupper()
    assert line.endswith("Nguyễn Văn An")


def test_salutation_addresses_a_couple_on_one_level() -> None:
    from types import SimpleNamespace

    from camon_xinloi.vi import salutation

    husband = SimpleNamespace(
        full_name="Lê Văn Hải",
        sex="nam",
        birth_date=date(1966, 1, 2),
        birth_year=None,
        honorific=None,
    )
    wife = SimpleNamespace(
        full_name="Vũ Thị Lan",
        sex="nu",
        birth_date=date(1975, 1, 2),
        birth_year=None,
        honorific=None,
    )
    on = date(2026, 3, 5)
    assert salutation([husband, wife], on=on, context="couple") == "Ông Lê Văn Hải và bà Vũ Thị Lan"
    assert salutation([husband, wife], on=on) == "Ông Lê Văn Hải và chị Vũ Thị Lan"
