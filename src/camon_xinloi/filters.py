"""Jinja filters that templates use for the Vietnamese language work.

Templates say ``{{ event.deceased | goi }}``, never
``{% if age < 16 %}cháu{% endif %}``: honorifics, dates, lunar dates, ages and
amounts all come from :mod:`camon_xinloi.vi`. Filters that depend on a date (an
honorific depends on the age *on that day*) use the letter date, the template
context variable ``on``, unless given ``on=`` (a condolence passes the date of
death: ``event.deceased | goi("condolence", on=event.died_on)``).

| filter | gives | example |
|---|---|---|
| ``ho_ten`` | a person's (or a string's) name, normalised | "Nguyễn Văn An" |
| ``xung_ho(ngu_canh, on)`` | the form of address, mid-sentence | "ông" |
| ``xung_ho_hoa(ngu_canh, on)`` | the same, capitalised | "Ông" |
| ``goi(ngu_canh, on)`` | form + name mid-sentence (also households, lists) | "ông Nguyễn Văn An" |
| ``kinh_gui(ngu_canh, on)`` | the same at the start of a line | "Ông Nguyễn Văn An" |
| ``cap_doi`` | how to address a couple together | "hai anh chị" |
| ``gia_dinh(on)`` | a household named after a person, mid-sentence | "gia đình ông Nguyễn Văn An" |
| ``dong_gop`` | contribution items as one phrase | "40,8 m² đất và 3 ngày công lao động" |
| ``ngay`` | Decree 30 date | "ngày 05 tháng 3 năm 2026" |
| ``thu_ngay`` | with the weekday | "thứ Năm, ngày 05 tháng 3 năm 2026" |
| ``ngay_so`` | numeric date | "05/3/2026" |
| ``gio`` | a time | "14 giờ 30 phút" |
| ``am_lich(kieu)`` | lunar date, house style (or letter, numeric…) | "(tức mùng 4 tháng Giêng…)" |
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
from camon_xinloi.vi.honorifics import Honorific, PersonLike, honorific, level_couple
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


def _items(value: Any) -> list[Any]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return [value]


def _when(context: Context, on: dt.date | None) -> dt.date:
    if on is None:
        return _on(context)
    if not isinstance(on, dt.date):
        raise TypeError(f"on must be a date, got {on!r}")
    return on


def _honorific(person: Any, when: dt.date, ngu_canh: str) -> Honorific:
    return honorific(person, on=when, context=ngu_canh)  # type: ignore[arg-type]


def _couple(items: list[Any], when: dt.date, ngu_canh: str) -> list[Honorific | None]:
    """The forms of address of a list, one per person (None for a household or organisation).

    In the "couple" context two people are addressed on one level
    (:func:`camon_xinloi.vi.honorifics.level_couple`).
    """
    forms = [_honorific(item, when, ngu_canh) if _is_person(item) else None for item in items]
    people = [form for form in forms if form is not None]
    if ngu_canh == "couple" and len(forms) == 2 and len(people) == 2:
        return list(level_couple(people))
    return forms


def _refer_as(item: Any, form: Honorific | None, when: dt.date, ngu_canh: str) -> str:
    if form is None:
        return _refer(item, when, ngu_canh)
    return form.refer(item.full_name)


def _refer(item: Any, when: dt.date, ngu_canh: str) -> str:
    """One addressee mid-sentence: a person, a household or an organisation.

    A household has ``type`` "ho_gia_dinh"; an organisation (``type`` "to_chuc") is
    named as it writes itself.
    """
    kind = getattr(item, "type", None)
    if kind == "to_chuc":
        return str(item.name)
    if kind == "ho_gia_dinh":
        head = item.head
        h = _honorific(head, when, "household")
        return f"gia đình {h.mid} {normalize_name(head.full_name)}"
    return f"{_honorific(item, when, ngu_canh).mid} {normalize_name(item.full_name)}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " và ".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_ORGANISATION_WORDS: tuple[str, ...] = (
    "Tổng công ty",
    "Công ty",
    "Tập đoàn",
    "Ngân hàng",
    "Hợp tác xã",
    "Doanh nghiệp",
    "Trường",
    "Bệnh viện",
)
"""Kinds of organisation addressed by their own word: "Quý Công ty", "Quý Ngân hàng"."""


def organisation_form(name: str) -> str:
    """How a letter addresses an organisation mid-sentence: "Quý Công ty", else "Quý đơn vị".

    "Quý" is capitalised in running text, as Vietnamese letters write it.

    Examples:
        >>> organisation_form("Công ty TNHH Thương mại Dịch vụ Minh Phát")
        'Quý Công ty'
        >>> organisation_form("công ty cổ phần Sông Đà")
        'Quý Công ty'
        >>> organisation_form("Hội Chữ thập đỏ phường")
        'Quý đơn vị'
    """
    folded = name.casefold()
    for word in _ORGANISATION_WORDS:
        if folded == word.casefold() or folded.startswith(word.casefold() + " "):
            return f"Quý {word[:1].upper()}{word[1:]}"
    return "Quý đơn vị"


@pass_context
def xung_ho(
    context: Context, value: Any, ngu_canh: str = "default", on: dt.date | None = None
) -> str:
    """The form of address mid-sentence: "ông", "bà", "cụ", "anh", "chị", "cháu".

    A household is "gia đình" with its head's form ("gia đình ông"), an
    organisation "Quý Công ty" or "Quý đơn vị" (:func:`organisation_form`).
    ``on`` decides the age (for a condolence, the date of death); the letter
    date by default.
    """
    kind = getattr(value, "type", None)
    if kind == "to_chuc":
        return organisation_form(str(value.name))
    if kind == "ho_gia_dinh":
        return f"gia đình {_honorific(value.head, _when(context, on), 'household').mid}"
    return _honorific(value, _when(context, on), ngu_canh).mid


def _is_person(value: Any) -> bool:
    return getattr(value, "type", None) not in ("to_chuc", "ho_gia_dinh")


@pass_context
def xung_ho_hoa(
    context: Context, value: Any, ngu_canh: str = "default", on: dt.date | None = None
) -> str:
    """The form of address capitalised: "Ông", "Bà", "Cụ", "Ông/Bà", "Gia đình", "Quý đơn vị".

    A double form for an unknown sex capitalises both words ("Ông/Bà", as the
    Huế replies write it at a sentence start), like :attr:`Honorific.title`.
    """
    if _is_person(value):
        return _honorific(value, _when(context, on), ngu_canh).title
    return _capitalise(xung_ho(context, value, ngu_canh, on))


@pass_context
def goi(context: Context, value: Any, ngu_canh: str = "default", on: dt.date | None = None) -> str:
    """Form of address and name, mid-sentence; several addressees join with "và".

    Takes a person, a household, an organisation or a list of them.
    """
    when = _when(context, on)
    items = _items(value)
    forms = _couple(items, when, ngu_canh)
    return _join([_refer_as(i, f, when, ngu_canh) for i, f in zip(items, forms, strict=True)])


@pass_context
def kinh_gui(
    context: Context, value: Any, ngu_canh: str = "default", on: dt.date | None = None
) -> str:
    """Form of address and name at the start of a line: "Anh X và chị Y", "Gia đình ông Z".

    The first form is written as :attr:`Honorific.title` ("Ông/Bà Nguyễn An"
    when the sex is unknown); the others stay as in running text.
    """
    when = _when(context, on)
    items = _items(value)
    forms = _couple(items, when, ngu_canh)
    parts = [_refer_as(i, f, when, ngu_canh) for i, f in zip(items, forms, strict=True)]
    if forms and forms[0] is not None:
        parts[0] = forms[0].address(items[0].full_name)
    return _capitalise(_join(parts))


@pass_context
def cap_doi(context: Context, value: Any) -> str:
    """How to address two people together: "hai anh chị", "ông bà", "hai cụ"."""
    when = _on(context)
    words = [f.mid for f in _couple(_items(value), when, "couple") if f is not None]
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
def gia_dinh(context: Context, person: PersonLike, on: dt.date | None = None) -> str:
    """A household named after a person, mid-sentence: "gia đình ông Nguyễn Văn An"."""
    h = _honorific(person, _when(context, on), "household")
    return f"gia đình {h.mid} {normalize_name(person.full_name)}"


def hoa_dau(value: Any) -> str:
    """The text with its first letter capitalised and the rest kept as written.

    For a value that starts a sentence or follows a label ("Lý do: Hồ sơ …");
    Jinja's ``capitalize`` would lower-case every other letter.

    Examples:
        >>> hoa_dau("ngày 05 tháng 3 năm 2026, Ủy ban nhân dân")
        'Ngày 05 tháng 3 năm 2026, Ủy ban nhân dân'
    """
    return _capitalise(str(value))


def ho_ten(value: Any) -> str:
    """A person's name, normalised; a string is normalised as a name."""
    return normalize_name(value if isinstance(value, str) else value.full_name)


def _money(amount: int) -> str:
    """An amount in figures and in words, as every money figure in a letter is written."""
    return f"{format_vnd(amount)} (bằng chữ: {amount_in_words(amount)})"


def _contribution(item: Any) -> str:
    kind = getattr(item, "type", None)
    if kind == "tien":
        return f"kinh phí {_money(item.amount)}"
    if kind == "ngay_cong":
        return f"{format_number(item.days)} ngày công lao động"
    if kind == "dat":
        text = f"{format_area(item.area_m2)} {item.land_type or 'đất'}"
    elif kind == "vat_tu":
        text = str(item.description)
    else:
        raise TypeError(f"not a contribution item: {item!r}")
    if item.value:
        # land has no price of its own until it is valued: "khoảng" keeps the figure neutral
        about = "ước tính khoảng" if kind == "dat" else "ước tính"
        text += (
            f" (trị giá {about} {format_vnd(item.value)}; bằng chữ: {amount_in_words(item.value)})"
        )
    return text


def dong_gop(items: Any) -> str:
    """Contribution items as one phrase, e.g. "40,8 m² đất và 3 ngày công lao động".

    Money (all money items as one "kinh phí …"), land (with its kind and its
    value "trị giá ước tính khoảng …"), working days, and materials (with their
    value "trị giá ước tính …"). Every amount of money is written in
    figures and in words. The money comes first, then the items with an estimated
    value, then the others: a value in brackets always stands right after the
    thing it is the value of, never after a list ("2 tấn xi măng (trị giá …) và
    12 ngày công lao động", not "12 ngày công lao động và 2 tấn xi măng (trị giá …)").
    """
    given = _items(items)
    money = sum(item.amount for item in given if getattr(item, "type", None) == "tien")
    others = [item for item in given if getattr(item, "type", None) != "tien"]
    valued = [item for item in others if getattr(item, "value", None)]
    plain = [item for item in others if not getattr(item, "value", None)]
    parts = [f"kinh phí {_money(money)}"] if money else []
    return _join(parts + [_contribution(item) for item in (*valued, *plain)])


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
    """A solar date as a lunar date, by default in the letters' one house style.

    "tuc" gives "(tức mùng 4 tháng Giêng năm Bính Ngọ)", "(tức ngày 21 tháng 7 năm
    Tân Sửu)": days 1-10 "mùng", months 1 and 12 "Giêng" and "Chạp"
    (:func:`camon_xinloi.vi.lunar.format_lunar`, style "letter").
    """
    return format_lunar(value, style=kieu)  # type: ignore[arg-type]


FILTERS: dict[str, Callable[..., Any]] = {
    "ho_ten": ho_ten,
    "hoa_dau": hoa_dau,
    "xung_ho": xung_ho,
    "xung_ho_hoa": xung_ho_hoa,
    "goi": goi,
    "kinh_gui": kinh_gui,
    "cap_doi": cap_doi,
    "gia_dinh": gia_dinh,
    "dong_gop": dong_gop,
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
