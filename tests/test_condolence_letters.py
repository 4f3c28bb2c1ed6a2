"""Condolence letters read as the family and the signing Chủ tịch read them (issue 13, 1-4, 9).

The age test does what every reader does: subtract the printed birth year from
the printed year of death and compare with "hưởng thọ/hưởng dương N tuổi".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.events import DeathRegistered, parse_event
from camon_xinloi.letter import Letter
from camon_xinloi.testing import example_event, example_issuer
from camon_xinloi.vi.lunar import to_lunar

CONDOLENCES = [t for t in catalogue().ids() if t.startswith("chia_buon/")]
ON = dt.date(2026, 3, 5)
TODAY = dt.date.today()


def letter(template_id: str, event: DeathRegistered, on: dt.date = ON) -> Letter:
    return compose(template_id, event, issuer=example_issuer(), on=on)


def body(template_id: str, event: DeathRegistered) -> str:
    return "\n".join(p.text for p in letter(template_id, event).body)


def varied(template_id: str, **changes: Any) -> DeathRegistered:
    data = example_event(template_id).model_dump(exclude_none=True)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    event = parse_event(data)
    assert isinstance(event, DeathRegistered)
    return event


def test_there_are_four_condolence_templates() -> None:
    assert len(CONDOLENCES) == 4


@pytest.mark.parametrize("template_id", CONDOLENCES)
def test_the_opening_says_khi_nhan_duoc_tin(template_id: str) -> None:
    first = letter(template_id, example_event(template_id))  # type: ignore[arg-type]
    assert "thương tiếc khi nhận được tin " in first.body[0].text
    assert "thương tiếc nhận tin" not in first.body[0].text
    assert first.sms is not None
    assert "thương tiếc khi nhận được tin " in first.sms


@st.composite
def deaths(draw: st.DrawFn) -> dict[str, Any]:
    died_on = draw(st.dates(min_value=dt.date(1900, 1, 31), max_value=TODAY))
    born = draw(st.dates(min_value=dt.date(max(1850, died_on.year - 110), 1, 1), max_value=died_on))
    deceased: dict[str, Any] = {"full_name": "Nguyễn Văn Thành", "sex": "nam"}
    if draw(st.booleans()):
        deceased["birth_date"] = born.isoformat()
    else:
        deceased["birth_year"] = born.year
    return {
        "kind": "death_registered",
        "deceased": deceased,
        "died_on": died_on.isoformat(),
        "addressee": {"full_name": "Trần Thị Lan", "sex": "nu"},
        "age_style": draw(st.sampled_from(["calendar", "tuoi_mu"])),
    }


@pytest.mark.parametrize("template_id", CONDOLENCES)
@settings(max_examples=60, deadline=None)
@given(data=deaths())
def test_printed_birth_year_and_age_add_up(template_id: str, data: dict[str, Any]) -> None:
    """The reader's arithmetic: year of death - "sinh năm" = the age (tuổi mụ: plus one)."""
    event = parse_event(data)
    assert isinstance(event, DeathRegistered)
    text = letter(template_id, event, on=TODAY).body[0].text
    born = int(re.search(r"sinh năm (\d{4})", text).group(1))  # type: ignore[union-attr]
    died = int(re.search(r"ngày \d\d? tháng \d\d? năm (\d{4})", text).group(1))  # type: ignore[union-attr]
    word, age = re.search(r"(hưởng thọ|hưởng dương) (\d+) tuổi", text).groups()  # type: ignore[union-attr]
    expected = died - born + (1 if data["age_style"] == "tuoi_mu" else 0)
    assert int(age) == expected, text
    assert word == ("hưởng thọ" if expected >= 60 else "hưởng dương")
    # "cụ" from 70, by the same count as the printed age
    if data["age_style"] == "calendar":
        assert (" tin cụ " in text) == (expected >= 70), text


LUNAR = re.compile(r"\(tức (mùng|ngày) (\d+) tháng (Giêng|Chạp|\d+)( nhuận)? năm \w+ \w+\)")


@pytest.mark.parametrize("template_id", CONDOLENCES)
@settings(max_examples=40, deadline=None)
@given(died_on=st.dates(min_value=dt.date(1968, 1, 1), max_value=TODAY))
def test_lunar_dates_in_the_house_style(template_id: str, died_on: dt.date) -> None:
    event = varied(
        template_id,
        deceased={"full_name": "Nguyễn Văn Thành", "sex": "nam"},
        died_on=died_on.isoformat(),
        lunar_date=True,
        registered_on=None,
    )
    text = body(template_id, event)
    found = LUNAR.search(text)
    assert found is not None, text
    lunar = to_lunar(died_on)
    prefix, day, month, _leap = found.groups()
    assert int(day) == lunar.day
    assert prefix == ("mùng" if lunar.day <= 10 else "ngày")
    assert month == {1: "Giêng", 12: "Chạp"}.get(lunar.month, str(lunar.month))


def test_the_example_lunar_dates_read_as_clerks_write_them() -> None:
    assert "(tức mùng 10 tháng Giêng năm Bính Ngọ)" in body(
        "chia_buon/khai_tu",
        example_event("chia_buon/khai_tu"),  # type: ignore[arg-type]
    )
    assert "(tức mùng 4 tháng Giêng năm Bính Ngọ)" in body(
        "chia_buon/khai_tu_phat_giao",
        example_event("chia_buon/khai_tu_phat_giao"),  # type: ignore[arg-type]
    )


def test_the_catholic_letter_has_no_lunar_date_unless_asked() -> None:
    tid = "chia_buon/khai_tu_cong_giao"
    assert "(tức" not in body(tid, varied(tid))
    assert "(tức ngày 28 tháng Chạp năm Ất Tỵ)" in body(tid, varied(tid, lunar_date=True))


@pytest.mark.parametrize("template_id", ["chia_buon/khai_tu", "chia_buon/khai_tu_phat_giao"])
def test_a_family_may_decline_the_lunar_date(template_id: str) -> None:
    text = body(template_id, varied(template_id, lunar_date=False))
    assert "(tức" not in text
    assert "âm lịch" not in text


def test_the_committee_does_not_voice_a_buddhist_invocation_unless_asked() -> None:
    tid = "chia_buon/khai_tu_phat_giao"
    assert "Nam Mô" not in body(tid, varied(tid))
    asked = letter(tid, varied(tid, religious_closing=True))
    assert [p.text for p in asked.body][-2] == "Nam Mô A Di Đà Phật"


def test_the_catholic_letter_speaks_in_the_states_voice() -> None:
    tid = "chia_buon/khai_tu_cong_giao"
    first = letter(tid, varied(tid))
    text = "\n".join(p.text for p in first.body)
    assert "Nguyện xin linh hồn ông được an nghỉ trong Chúa." in text
    assert "Chúa gọi về" not in text
    assert first.sms is not None
    assert "Chúa gọi về" not in first.sms


@pytest.mark.parametrize("template_id", CONDOLENCES)
def test_a_letter_may_be_addressed_to_the_family_as_a_whole(template_id: str) -> None:
    event = varied(template_id, addressee=None, relationship=None)
    family = letter(template_id, event)
    who = "anh Trần Minh Quân" if template_id.endswith("liet_si") else None
    name = who or family.body[0].text.split("khi nhận được tin ")[1].split(",")[0]
    assert family.recipients == (f"Gia đình {name}",)
    text = "\n".join(p.text for p in family.body)
    assert "gửi tới toàn thể gia quyến lời chia buồn" in text


def test_a_relationship_without_an_addressee_is_refused() -> None:
    data = example_event("chia_buon/khai_tu").model_dump(exclude_none=True)
    del data["addressee"]
    with pytest.raises(ValueError, match="relationship needs an addressee"):
        parse_event(data)
