"""Wording checks that read letters as the signing Chủ tịch would, on varied events."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pytest

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.events import Event, parse_event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.testing import example_event, example_issuer, make_event

ON = dt.date(2026, 3, 5)
ISSUER = example_issuer()
XUAN_PHU = Issuer(
    unit_type="xã",
    name="Xuân Phú",
    province="tỉnh Đồng Nai",
    signatory=Signatory(full_name="Lê Thị Hoa", title="Phó Chủ tịch", mode="KT"),
)


def body(template_id: str, event: Event, issuer: Issuer = ISSUER) -> str:
    letter = compose(template_id, event, issuer=issuer, on=ON, number=5)
    return "\n".join(p.text for p in letter.body)


def contribution(*items: Mapping[str, object], donor: object = None) -> Event:
    return parse_event(
        {
            "kind": "contribution_received",
            "donor": donor or {"full_name": "Lò Thị Xuân", "sex": "nu", "birth_year": 1986},
            "items": list(items),
            "project": "làm đường giao thông nông thôn",
            "contributed_on": "2026-02-10",
        }
    )


MONEY = {"type": "tien", "amount": 1_005_000}
CEMENT = {"type": "vat_tu", "description": "50 bao xi măng"}
DAYS = {"type": "ngay_cong", "days": "3"}
LAND = {"type": "dat", "area_m2": "40.8"}


def test_dong_gop_lists_three_things_with_one_va() -> None:
    text = body("cam_on/dong_gop", contribution(MONEY, CEMENT, DAYS))
    assert "đã đóng góp kinh phí, 50 bao xi măng và 3 ngày công lao động để" in text
    assert "Bằng chữ: Một triệu không trăm linh năm nghìn đồng" in text


def test_dong_gop_money_alone_and_materials_alone() -> None:
    assert "đã đóng góp kinh phí để" in body("cam_on/dong_gop", contribution(MONEY))
    assert "đã đóng góp 50 bao xi măng để" in body("cam_on/dong_gop", contribution(CEMENT))


@pytest.mark.parametrize("template_id", ["cam_on/hien_dat", "cam_on/ngay_cong"])
def test_money_is_written_in_words_in_every_thank_you(template_id: str) -> None:
    text = body(template_id, contribution(LAND, MONEY, DAYS))
    assert "1.005.000 đồng (Bằng chữ: Một triệu không trăm linh năm nghìn đồng)" in text
    assert " và " in text
    assert " và và " not in text


def test_hien_dat_with_money_and_days() -> None:
    text = body("cam_on/hien_dat", contribution(LAND, MONEY, DAYS))
    assert "hiến 40,8 m² đất, đồng thời đóng góp kinh phí và 3 ngày công lao động để" in text


def test_a_condolence_does_not_tell_the_family_to_keep_papers() -> None:
    event = example_event("chia_buon/khai_tu")
    assert getattr(event, "certificate_no", None)
    text = body("chia_buon/khai_tu", event)
    assert "Trích lục" not in text
    assert "đề nghị" not in text.lower()
    assert "Cầu chúc" not in text


@pytest.mark.parametrize("template_id", catalogue().ids())
@pytest.mark.parametrize("issuer", [ISSUER, XUAN_PHU], ids=["phuong-15", "xa-xuan-phu"])
def test_the_committee_is_named_in_full_at_most_twice(template_id: str, issuer: Issuer) -> None:
    text = body(template_id, example_event(template_id), issuer)
    assert text.count(issuer.committee) <= 2, text


@pytest.mark.parametrize("template_id", catalogue().ids())
@pytest.mark.parametrize("seed", range(4))
def test_no_doubled_word_or_space_or_stray_punctuation(template_id: str, seed: int) -> None:
    kind = catalogue().get(template_id).kind
    text = body(template_id, make_event(kind, seed=seed), XUAN_PHU)
    assert not re.search(r"(?<!\w)(\w+) \1(?!\w)", text), text
    assert "  " not in text
    assert not re.search(r" [,.;:]", text), text
    assert ",." not in text
    assert ".." not in text
    assert not re.search(r"(?<!trẻ )\bem\b", text)  # "trẻ em" is not a form of address


def test_unknown_sex_addressee_is_ong_ba_capitalised() -> None:
    event = contribution(MONEY, donor={"full_name": "Phạm Minh Khôi"})
    letter = compose("cam_on/dong_gop", event, issuer=ISSUER, on=ON)
    assert letter.recipients == ("Ông/Bà Phạm Minh Khôi",)
    assert "ông/bà Phạm Minh Khôi đã đóng góp" in "\n".join(p.text for p in letter.body)


@pytest.mark.parametrize("template_id", ["chia_buon/khai_tu", "chia_buon/khai_tu_phat_giao"])
def test_a_child_qua_doi_an_adult_tu_tran(template_id: str) -> None:
    example = example_event(template_id)
    data = example.model_dump()
    data["deceased"].update(birth_year=2018, birth_date=None)
    data["age_style"] = "calendar"
    child = type(example).model_validate(data)
    for event, verb, other in ((child, "qua đời", "từ trần"), (example, "từ trần", "qua đời")):
        letter = compose(template_id, event, issuer=example_issuer(), on=dt.date(2026, 3, 5))
        assert f"đã {verb}" in letter.body[0].text
        assert other not in letter.body[0].text
        assert letter.sms is not None
        assert verb in letter.sms
