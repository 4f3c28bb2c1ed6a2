"""Jinja filters that templates use for the Vietnamese language work.

Templates say ``{{ event.deceased | goi }}``, never
``{% if age < 16 %}cháu{% endif %}``: honorifics, dates, lunar dates, ages and
amounts all come from :mod:`camon_xinloi.vi`. Filters that depend on the
letter's date (an honorific depends on the age *on that day*) read it from the
template context variable ``on``.

| filter | gives | example |
|---|---|---|
| ``ho_ten`` | the name, normalised | "Nguyễn Văn An" |
| ``xung_ho(ngu_canh)`` | the form of address, mid-sentence | "ông" |
| ``xung_ho_hoa(ngu_canh)`` | the same, capitalised | "Ông" |
| ``goi(ngu_canh)`` | form + name, mid-sentence; a list joins with "và" | "ông Nguyễn Văn An" |
| ``kinh_gui(ngu_canh)`` | form + name at the start of a line | "Ông Nguyễn Văn An" |
| ``cap_doi`` | how to address a couple together | "hai anh chị" |
| ``gia_dinh`` | a household, mid-sentence | "gia đình ông Nguyễn Văn An" |
| ``ngay`` | Decree 30 date | "ngày 05 tháng 3 năm 2026" |
| ``thu_ngay`` | with the weekday | "thứ Năm, ngày 05 tháng 3 năm 2026" |
| ``ngay_so`` | numeric date | "05/3/2026" |
| ``gio`` | a time | "14 giờ 30 phút" |
| ``am_lich(kieu)`` | lunar date; kieu: numeric, words, short, tuc | "(tức ngày 21 tháng 7 …)" |
| ``can_chi`` | a lunar year's name | "Giáp Thìn" |
| ``tuoi(kieu)`` | age on the letter date ("calendar" or "tuoi_mu") | 85 |
| ``huong_tho`` | "hưởng thọ/hưởng dương N tuổi" | "hưởng thọ 85 tuổi" |
| ``tien`` | money in figures | "50.000.000 đồng" |
| ``bang_chu`` | money in words | "Năm mươi triệu đồng" |
| ``so_chu`` | a number in words | "hai nghìn không trăm hai mươi mốt" |
| ``dien_tich`` | an area | "40,8 m²" |
| ``so`` | a number with Vietnamese grouping | "1.250" |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from camon_xinloi.vi.ages import age_on, lifespan_phrase
from camon_xinloi.vi.dates import format_date, format_date_numeric, format_time
from camon_xinloi.vi.honorifics import Honorific, PersonLike, honorific
from camon_xinloi.vi.lunar import can_chi_year, format_lunar
from camon_xinloi.vi.names import normalize_name
from camon_xinloi.vi.numbers import number_to_words
from camon_xinloi.vi.units import amount_in_words, format_area, format_number, format_vnd

__all__ = ["FILTERS"]


def _on(context: Context) -> dt.date:
    on = context.get("on")
    if not isinstance(on, dt.date):
        raise TypeError("the template context has no letter date 'on'")
    return on


def _people(value: PersonLike | Sequence[PersonLike]) -> list[PersonLike]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return [value]


def _forms(context: Context, value: Any, ngu_canh: str) -> list[tuple[Honorific, str]]:
    on = _on(context)
    return [
        (honorific(p, on=on, context=ngu_canh), normalize_name(p.full_name))  # type: ignore[arg-type]
        for p in _people(value)
    ]


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " và ".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


@pass_context
def xung_ho(context: Context, person: PersonLike, ngu_canh: str = "default") -> str:
    """The form of address mid-sentence: "ông", "bà", "cụ", "anh", "chị", "cháu"."""
    return honorific(person, on=_on(context), context=ngu_canh).mid  # type: ignore[arg-type]


@pass_context
def xung_ho_hoa(context: Context, person: PersonLike, ngu_canh: str = "default") -> str:
    """The form of address capitalised: "Ông", "Bà", "Cụ"."""
    return honorific(person, on=_on(context), context=ngu_canh).title  # type: ignore[arg-type]


@pass_context
def goi(context: Context, value: Any, ngu_canh: str = "default") -> str:
    """Form of address and name, mid-sentence; several people join with "và"."""
    return _join([h.mid + " " + name for h, name in _forms(context, value, ngu_canh)])


@pass_context
def kinh_gui(context: Context, value: Any, ngu_canh: str = "default") -> str:
    """Form of address and name at the start of a line: "Anh X và chị Y"."""
    parts = [h.mid + " " + name for h, name in _forms(context, value, ngu_canh)]
    text = _join(parts)
    return text[:1].upper() + text[1:]


@pass_context
def cap_doi(context: Context, value: Any) -> str:
    """How to address two people together: "hai anh chị", "ông bà", "hai anh", "hai chị"."""
    words = [h.mid for h, _ in _forms(context, value, "default")]
    if len(words) != 2:
        raise ValueError(f"cap_doi needs two people, got {len(words)}")
    a, b = words
    if {a, b} == {"anh", "chị"}:
        return "hai anh chị"
    if {a, b} == {"ông", "bà"}:
        return "ông bà"
    if a == b:
        return f"hai {a}"
    return f"{a} và {b}"


@pass_context
def gia_dinh(context: Context, person: PersonLike, ngu_canh: str = "default") -> str:
    """A household named after a person, mid-sentence: "gia đình ông Nguyễn Văn An"."""
    (h, name), *_ = _forms(context, person, ngu_canh)
    return f"gia đình {h.mid} {name}"


@pass_context
def tuoi(context: Context, person_or_birth: Any, kieu: str = "calendar") -> int:
    """Age on the letter date, from a person, a birth date or a birth year."""
    birth = person_or_birth
    if hasattr(person_or_birth, "full_name"):
        birth = person_or_birth.birth_date or person_or_birth.birth_year
    if birth is None:
        raise ValueError("the person has neither birth_date nor birth_year")
    return age_on(birth, _on(context), style=kieu)  # type: ignore[arg-type]


def am_lich(value: dt.date, kieu: str = "tuc") -> str:
    """A solar date as a lunar date ("tuc" gives "(tức ngày 21 tháng 7 năm Tân Sửu)")."""
    return format_lunar(value, style=kieu)  # type: ignore[arg-type]


FILTERS: dict[str, Callable[..., Any]] = {
    "ho_ten": normalize_name,
    "xung_ho": xung_ho,
    "xung_ho_hoa": xung_ho_hoa,
    "goi": goi,
    "kinh_gui": kinh_gui,
    "cap_doi": cap_doi,
    "gia_dinh": gia_dinh,
    "ngay": format_date,
    "thu_ngay": lambda d: format_date(d, weekday=True),
    "ngay_so": format_date_numeric,
    "gio": format_time,
    "am_lich": am_lich,
    "can_chi": can_chi_year,
    "tuoi": tuoi,
    "huong_tho": lifespan_phrase,
    "tien": format_vnd,
    "bang_chu": amount_in_words,
    "so_chu": number_to_words,
    "dien_tich": format_area,
    "so": format_number,
}
"""Every filter available in templates, by name."""
