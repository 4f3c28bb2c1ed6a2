from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from camon_xinloi.events import (
    Household,
    LabourItem,
    LandItem,
    MaterialItem,
    MoneyItem,
    Organisation,
    Person,
)
from camon_xinloi.sandbox import template_environment

ON = dt.date(2026, 3, 5)


def render(source: str, **values: object) -> str:
    text = template_environment().from_string(source).render(on=ON, **values)
    return text.replace("\ue000", "").replace("\ue001", "")


ELDER = Person(full_name="nguyễn văn thành", sex="nam", birth_date=dt.date(1956, 6, 1))
YOUNG = Person(full_name="Lê Thị Hoa", sex="nu", birth_date=dt.date(1996, 1, 2))


@pytest.mark.parametrize(
    ("value", "goi", "kinh_gui", "xung_ho"),
    [
        (YOUNG, "chị Lê Thị Hoa", "Chị Lê Thị Hoa", "chị"),
        (ELDER, "ông Nguyễn Văn Thành", "Ông Nguyễn Văn Thành", "ông"),
        (
            Household(head=ELDER),
            "gia đình ông Nguyễn Văn Thành",
            "Gia đình ông Nguyễn Văn Thành",
            "gia đình ông",
        ),
        (
            Organisation(name="Công ty TNHH Minh Phát"),
            "Công ty TNHH Minh Phát",
            "Công ty TNHH Minh Phát",
            "Quý Công ty",
        ),
        (
            Organisation(name="Hội Người cao tuổi khu phố 3"),
            "Hội Người cao tuổi khu phố 3",
            "Hội Người cao tuổi khu phố 3",
            "Quý đơn vị",
        ),
    ],
)
def test_addressing_people_households_and_organisations(value, goi, kinh_gui, xung_ho):
    assert render("{{ x | goi }}", x=value) == goi
    assert render("{{ x | kinh_gui }}", x=value) == kinh_gui
    assert render("{{ x | xung_ho }}", x=value) == xung_ho
    assert render("{{ x | xung_ho_hoa }}", x=value) == xung_ho[0].upper() + xung_ho[1:]


def test_unknown_sex_is_capitalised_in_both_words_at_a_line_start():
    # "Ông/Bà" at a line start (domain.md §3, Huế replies), "ông/bà" mid-sentence.
    person = Person(full_name="ngô minh tâm", birth_year=1980)
    assert render("{{ x | kinh_gui }}", x=person) == "Anh/Chị Ngô Minh Tâm"
    assert render("{{ x | xung_ho_hoa }}", x=person) == "Anh/Chị"
    assert render("{{ x | goi }}", x=person) == "anh/chị Ngô Minh Tâm"
    nobody = Person(full_name="ngô minh tâm")
    assert render("{{ x | kinh_gui }}", x=nobody) == "Ông/Bà Ngô Minh Tâm"
    assert render("{{ x | kinh_gui }}", x=[nobody, YOUNG]) == (
        "Ông/Bà Ngô Minh Tâm và chị Lê Thị Hoa"
    )
    assert render("{{ x | kinh_gui }}", x=Household(head=nobody)) == (
        "Gia đình ông/bà Ngô Minh Tâm"
    )


def test_a_list_joins_with_va():
    assert render("{{ x | kinh_gui }}", x=[YOUNG, ELDER]) == (
        "Chị Lê Thị Hoa và ông Nguyễn Văn Thành"
    )


def test_condolence_form_uses_the_age_on_the_given_date():
    # 69 when he died in 2025, 70 on the letter date in 2026: "ông", not "cụ".
    person = Person(full_name="Trần Văn Lộc", sex="nam", birth_date=dt.date(1956, 1, 10))
    died = dt.date(2025, 12, 30)
    assert render('{{ x | goi("condolence", on=d) }}', x=person, d=died) == "ông Trần Văn Lộc"
    assert render('{{ x | goi("condolence") }}', x=person) == "cụ Trần Văn Lộc"


def test_on_must_be_a_date():
    with pytest.raises(TypeError, match="on must be a date"):
        render('{{ x | goi(on="2026-01-01") }}', x=YOUNG)


def test_contribution_items_as_one_phrase():
    items = (
        MoneyItem(amount=5_000_000),
        LandItem(area_m2=Decimal("40.8"), land_type="đất thổ cư", value=300_000_000),
        LabourItem(days=Decimal(10)),
        MaterialItem(description="20 bao xi măng"),
    )
    assert render("{{ x | dong_gop }}", x=items) == (
        "kinh phí 5.000.000 đồng (bằng chữ: Năm triệu đồng), 40,8 m² đất thổ cư"
        " (trị giá ước tính khoảng 300.000.000 đồng; bằng chữ: Ba trăm triệu đồng),"
        " 10 ngày công lao động và 20 bao xi măng"
    )


def test_a_value_stands_right_after_its_item():
    items = (
        LabourItem(days=Decimal(12)),
        MaterialItem(description="2 tấn xi măng", value=3_600_000),
        MoneyItem(amount=1_000_000),
        MoneyItem(amount=500_000),
    )
    assert render("{{ x | dong_gop }}", x=items) == (
        "kinh phí 1.500.000 đồng (bằng chữ: Một triệu năm trăm nghìn đồng),"
        " 2 tấn xi măng (trị giá ước tính 3.600.000 đồng; bằng chữ: Ba triệu sáu trăm"
        " nghìn đồng) và 12 ngày công lao động"
    )


def test_ho_ten_takes_a_person_or_a_string():
    assert render("{{ x | ho_ten }}", x=ELDER) == "Nguyễn Văn Thành"
    assert render("{{ x | ho_ten }}", x="  trần   thị  bé ") == "Trần Thị Bé"


def test_cap_doi():
    assert render("{{ x | cap_doi }}", x=[YOUNG.model_copy(update={"sex": "nam"}), YOUNG]) == (
        "hai anh chị"
    )
    assert render("{{ x | cap_doi }}", x=[ELDER, ELDER.model_copy(update={"sex": "nu"})]) == (
        "ông bà"
    )
    with pytest.raises(ValueError, match="two people"):
        render("{{ x | cap_doi }}", x=[YOUNG])


def test_a_couple_is_addressed_on_one_level():
    # 70 and 51 on the letter date: "ông … và bà …", never "ông … và chị …".
    husband = ELDER
    wife = Person(full_name="Vũ Thị Huệ", sex="nu", birth_year=1975)
    couple = [husband, wife]
    assert render('{{ x | kinh_gui("couple") }}', x=couple) == (
        "Ông Nguyễn Văn Thành và bà Vũ Thị Huệ"
    )
    assert render('{{ x | goi("couple") }}', x=couple[::-1]) == (
        "bà Vũ Thị Huệ và ông Nguyễn Văn Thành"
    )
    assert render("{{ x | cap_doi }}", x=couple) == "ông bà"
    # Two young spouses stay "anh"/"chị"; outside a couple each keeps their own form.
    young = [YOUNG.model_copy(update={"sex": "nam"}), YOUNG]
    assert render('{{ x | goi("couple") }}', x=young) == "anh Lê Thị Hoa và chị Lê Thị Hoa"
    assert render("{{ x | goi }}", x=couple) == "ông Nguyễn Văn Thành và chị Vũ Thị Huệ"
