from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import camon_xinloi as cx
from camon_xinloi.catalogue import Template
from camon_xinloi.events import MarriageRegistered, Person
from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer, example_letter


def couple(a: str = "Lê Trung Dũng", b: str = "Vũ Thị Huệ") -> MarriageRegistered:
    return MarriageRegistered(
        spouses=(
            Person(full_name=a, sex="nam", birth_date=dt.date(2001, 8, 14)),
            Person(full_name=b, sex="nu", birth_date=dt.date(2003, 2, 9)),
        ),
        registered_on=dt.date(2026, 3, 5),
    )


def test_example_letter_parts():
    letter = example_letter()
    assert letter.agency == ("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC")
    assert letter.number_line == "Số: 05/UBND-VX"
    assert letter.date_line == "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026"
    assert letter.title == "THƯ CHÚC MỪNG"
    assert letter.recipients == ("Anh Lê Trung Dũng và chị Vũ Thị Huệ",)
    assert letter.signature.lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert letter.signature.name == "Trần Văn Minh"
    assert letter.distribution_lines == ("- Như trên;", "- Lưu: VT, VX.")
    assert letter.body[-1].text.endswith("Trân trọng./.")
    assert any(p.align == "center" and "Trăm năm hạnh phúc" in p.text for p in letter.body)
    assert letter.meta.template_id == "chuc_mung/ket_hon"


def test_salutation_names_both_spouses_and_the_body_the_date():
    letter = example_letter()
    text = " ".join(p.text for p in letter.body)
    assert "Ngày 05 tháng 3 năm 2026" in text
    assert letter.recipients == ("Anh Lê Trung Dũng và chị Vũ Thị Huệ",)
    assert "hai anh chị đã đăng ký kết hôn" in text
    assert "Giấy chứng nhận kết hôn số 12/2026" in text
    assert "  " not in text


def test_nfd_and_lower_case_names_come_out_nfc_title_case():
    nfd = unicodedata.normalize("NFD", "nguyễn văn an")
    letter = cx.compose(
        "chuc_mung/ket_hon", couple(a=nfd), issuer=example_issuer(), on=EXAMPLE_DATE
    )
    assert letter.recipients == ("Anh Nguyễn Văn An và chị Vũ Thị Huệ",)
    assert unicodedata.is_normalized("NFC", letter.text)


def test_draft_leaves_number_and_date_blank():
    letter = example_letter(draft=True)
    assert letter.is_draft
    assert letter.number_line == "Số:      /UBND-VX"
    assert letter.date_line == "Phường 1 Bảo Lộc, ngày      tháng      năm 2026"


def test_markup_in_data_is_not_interpreted():
    tpl = Template.from_string(
        "Nơi ở: {{ event.residence }}.",
        kind="marriage_registered",
        title="THƯ",
        recipients=["{{ event.spouses | kinh_gui }}"],
    )
    event = couple().model_copy(update={"residence": "**A & B** <x> {{ y }} #set *z*"})
    letter = cx.compose(tpl, event, issuer=example_issuer(), on=EXAMPLE_DATE)
    assert letter.body[0].text == "Nơi ở: **A & B** <x> {{ y }} #set *z*./."
    assert not any(r.bold or r.italic for r in letter.body[0].runs)


def test_event_of_the_wrong_kind_is_refused():
    tpl = Template.from_string(
        "x", kind="marriage_registered", title="THƯ", recipients=["{{ event.kind }}"]
    )
    other = tpl.__class__(**{**tpl.__dict__, "kind": "birth_registered"})
    with pytest.raises(cx.EventMismatchError, match="birth_registered"):
        cx.compose(other, couple(), issuer=example_issuer(), on=EXAMPLE_DATE)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Xin chào\n{{ event.nothing }}", r"line 2.*nothing"),
        ("{{ ''.__class__.__mro__ }}", "unsafe"),
        ("{% if %}", "syntax error"),
        ("**không đóng", "unclosed"),
    ],
)
def test_template_errors_name_the_template_and_line(body: str, message: str):
    tpl = Template.from_string(
        body, kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/loi"
    )
    with pytest.raises(cx.TemplateRenderError, match=message) as info:
        cx.compose(tpl, couple(), issuer=example_issuer(), on=EXAMPLE_DATE)
    assert info.value.template_id == "nhap/loi"
    assert "nhap/loi" in str(info.value)


def test_unknown_template_suggests_the_closest():
    with pytest.raises(cx.TemplateNotFoundError, match="did you mean 'chuc_mung/ket_hon'"):
        cx.compose("chuc_mung/kethon", couple(), issuer=example_issuer())


def test_letter_round_trips_through_json():
    letter = example_letter()
    again = cx.Letter.model_validate_json(letter.model_dump_json())
    assert again == letter
    assert again.text == letter.text


def test_example_event_round_trip():
    event = example_event("chuc_mung/ket_hon")
    assert cx.parse_event(event.model_dump_json()) == event


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # A macro that calls itself used to escape as a raw RecursionError.
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "recursion"),
        # pydantic's own API is not data: a view has fields only.
        ("{{ issuer.model_config }}", "no field|no attribute"),
        ("{{ event.model_dump_json() }}", "no field|no attribute"),
        ("{{ event.model_copy(update={'kind': 'x'}) }}", "no field|no attribute"),
        ("{{ event | attr('model_fields') }}", "no field|no attribute"),
        ("{{ event['model_fields'] }}", "no field|no attribute"),
        ("{{ event.spouses[0].json() }}", "no field|no attribute"),
        # No loader: a template cannot pull in another one, and says so.
        ("Xin chào\n{% include 'x.j2' %}", r"line 2.*'\{% include %\}' is not allowed"),
        ("{% import 'x.j2' as y %}", r"'\{% import %\}' is not allowed"),
        ("{% from 'x.j2' import y %}", "is not allowed"),
        ("{% extends 'x.j2' %}", r"'\{% extends %\}' is not allowed"),
        # Huge values from a short template are bounded.
        ("{% for i in range(10**9) %}x{% endfor %}", "range.*too long"),
        ("{{ 'a' * 10**9 }}", "longer than"),
        ("{{ [1] * 10**8 }}", "longer than"),
        ("{{ 2 ** 100000 }}", "larger than"),
    ],
)
def test_sandbox_refusals_are_template_render_errors(body: str, message: str):
    tpl = Template.from_string(
        body, kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/hop_cat"
    )
    with pytest.raises(cx.TemplateRenderError, match=message) as info:
        cx.compose(tpl, couple(), issuer=example_issuer(), on=EXAMPLE_DATE)
    assert info.value.template_id == "nhap/hop_cat"


def test_sandbox_still_reads_fields_properties_and_small_arithmetic():
    tpl = Template.from_string(
        "{{ event.spouses[0].full_name }} {{ event.spouses[0].birth_year }} {{ '-' * 3 }}"
        " {{ 2 ** 10 }} {{ 3 * 4 }}.",
        kind="marriage_registered",
        title="THƯ",
        recipients=["x"],
    )
    letter = cx.compose(tpl, couple(), issuer=example_issuer(), on=EXAMPLE_DATE)
    assert letter.body[0].text == f"Lê Trung Dũng {couple().spouses[0].birth_year} --- 1024 12./."


def test_a_title_with_a_control_character_is_refused_naming_the_template():
    with pytest.raises(cx.CatalogueError, match=r"nhap/ban_nhap.*title.*U\+0007"):
        Template.from_string("x", kind="marriage_registered", title="THƯ\x07", recipients=["x"])


def _variant(template_id: str, **changes: object) -> cx.Event:
    example = example_event(template_id)
    data = example.model_dump(mode="json")
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
    return cx.parse_event(data)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_variant("xin_loi/sai_sot", failure="nhung_nhieu"), "xin_loi/thai_do"),
        (_variant("xin_loi/thai_do", failure="lo_hen"), "xin_loi/sai_sot"),
        (_variant("chia_buon/liet_si", deceased__religion="cong_giao"), "chia_buon/liet_si"),
        (_variant("chia_buon/khai_tu", deceased__religion="tin_lanh"), "chia_buon/khai_tu"),
        (_variant("cam_on/gop_y", feedback_type="kien_nghi"), "cam_on/phan_anh"),
    ],
)
def test_for_event_picks_the_fitting_template(event: cx.Event, expected: str):
    assert cx.catalogue().for_event(event).id == expected


def test_a_broken_applies_when_names_the_template():
    tpl = Template.from_string(
        "x", kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/dieu_kien"
    )
    broken = tpl.__class__(**{**tpl.__dict__, "applies_when": "event.nothing.at_all"})
    catalogue = cx.Catalogue({broken.id: broken})
    with pytest.raises(cx.TemplateRenderError, match=r"nhap/dieu_kien.*applies_when"):
        catalogue.for_event(couple())
