from __future__ import annotations

import datetime as dt
import json
import re
import typing
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from camon_xinloi.events import (
    BirthRegistered,
    CaseResolved,
    ContributionReceived,
    DeathRegistered,
    DossierDelayed,
    Event,
    FeedbackReceived,
    Household,
    LongevityCelebrated,
    MarriageRegistered,
    MoneyItem,
    Organisation,
    Person,
    ServiceFailure,
    event_json_schema,
    event_kinds,
    event_model,
    parse_event,
)

AN = {"full_name": "nguyễn văn an", "sex": "nam"}
BINH = {"full_name": "Trần Thị Bình", "sex": "nu"}

VALID: dict[str, dict[str, Any]] = {
    "marriage_registered": {
        "spouses": [AN, BINH],
        "registered_on": "2026-03-05",
    },
    "birth_registered": {
        "child": {"full_name": "Nguyễn Minh Khang", "sex": "nam", "birth_date": "2026-02-10"},
        "parents": [AN, BINH],
        "registered_on": "2026-03-02",
    },
    "longevity_celebrated": {
        "elder": {"full_name": "Trương Thị Xuân", "sex": "nu", "birth_year": 1946},
        "year": 2026,
        "occasion": "tet_nguyen_dan",
    },
    "death_registered": {
        "deceased": {"full_name": "Nguyễn Văn Thành", "sex": "nam", "birth_date": "1944-05-10"},
        "died_on": "2026-02-26",
        "died_at": "05:30",
        "addressee": BINH,
    },
    "dossier_delayed": {
        "applicant": AN,
        "procedure": "đăng ký lại khai sinh",
        "dossier_code": "H29-0012",
        "received_on": "2026-02-24",
        "due_on": "2026-03-06",
        "new_due_on": "2026-03-13",
        "reason": "cần xác minh",
        "status": "đang chờ kết quả xác minh",
    },
    "service_failure": {
        "applicant": BINH,
        "failure": "sai_sot",
        "occurred_on": "2026-02-26",
        "description": "ghi sai năm sinh",
        "remedy": "đã cấp lại giấy tờ",
    },
    "feedback_received": {
        "sender": {"type": "to_chuc", "name": "Hội Cựu chiến binh khu phố 2"},
        "feedback_type": "kien_nghi",
        "received_on": "2026-02-25",
        "channel": "van_ban",
        "subject": "đèn chiếu sáng",
        "result": "đã thay bóng đèn",
    },
    "contribution_received": {
        "donor": {"type": "ho_gia_dinh", "head": AN},
        "items": [
            {"type": "tien", "amount": 50_000_000},
            {"type": "dat", "area_m2": "40.8"},
            {"type": "ngay_cong", "days": 12},
            {"type": "vat_tu", "description": "02 tấn xi măng"},
        ],
        "project": "mở rộng đường",
        "contributed_on": "2026-02-10",
    },
    "case_resolved": {
        "citizen": BINH,
        "case_type": "khieu_nai",
        "case": "đơn khiếu nại",
        "started_on": "2025-10-20",
        "resolved_on": "2026-02-27",
    },
}

MODELS = {
    "marriage_registered": MarriageRegistered,
    "birth_registered": BirthRegistered,
    "longevity_celebrated": LongevityCelebrated,
    "death_registered": DeathRegistered,
    "dossier_delayed": DossierDelayed,
    "service_failure": ServiceFailure,
    "feedback_received": FeedbackReceived,
    "contribution_received": ContributionReceived,
    "case_resolved": CaseResolved,
}


def _data(kind: str, **changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(VALID[kind]))
    data.update(changes)
    return {"kind": kind, **data}


def _locs(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [".".join(str(p) for p in err["loc"]) for err in exc.value.errors()]


def test_every_kind_is_covered():
    assert set(event_kinds()) == set(MODELS) == set(VALID)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_parse_event_returns_the_right_model(kind: str):
    event = parse_event(_data(kind))
    assert type(event) is MODELS[kind]
    assert event_model(kind) is MODELS[kind]
    assert event.kind == kind


@pytest.mark.parametrize("kind", sorted(VALID))
def test_parse_event_from_json_and_roundtrip(kind: str):
    event = parse_event(json.dumps(_data(kind)))
    again = parse_event(event.model_dump_json())
    assert again == event


@pytest.mark.parametrize("kind", sorted(VALID))
def test_models_are_frozen_and_forbid_extra(kind: str):
    event = parse_event(_data(kind))
    with pytest.raises(ValidationError):
        event.kind = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="colour"):
        parse_event(_data(kind, colour="red"))


def _literal_values(annotation: Any) -> set[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return {str(v) for v in typing.get_args(annotation)}
    return set().union(*(_literal_values(a) for a in typing.get_args(annotation)))


@pytest.mark.parametrize("kind", sorted(VALID))
def test_events_md_lists_every_field_and_choice_of_the_kind(kind: str):
    """docs/events.md's table of kinds matches the model: fields, which are required, choices."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "events.md").read_text("utf-8")
    rows = [line for line in page.splitlines() if line.startswith(f"| `{kind}` |")]
    assert len(rows) == 1, f"docs/events.md has no row (or several) for {kind}"
    _, _, model_cell, fields_cell, _checks, _ = rows[0].split("|")
    model = event_model(kind)
    assert model_cell.strip() == f"`{model.__name__}`"
    for name, field in model.model_fields.items():
        if name == "kind":
            continue
        if field.is_required():
            assert f"**{name}**" in fields_cell, f"{kind}.{name} is required: bold it"
        else:
            assert re.search(rf"(?<![\w*]){name}(?![\w*])", fields_cell), f"{kind}.{name}"
        for value in _literal_values(field.annotation):
            assert f'"{value}"' in fields_cell, f"{kind}.{name} may be {value!r}"


def test_unknown_kind():
    with pytest.raises(ValidationError):
        parse_event({"kind": "nope"})
    with pytest.raises(KeyError, match="known kinds"):
        event_model("nope")


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    reason = unicodedata.normalize("NFD", "cần xác minh thêm")
    event = parse_event(
        _data("dossier_delayed", applicant={"full_name": nfd, "sex": "nu"}, reason=reason)
    )
    assert isinstance(event, DossierDelayed)
    assert event.applicant.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", event.reason)
    assert event.reason == "cần xác minh thêm"


def test_control_characters_are_refused_naming_the_field():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("case_resolved", case="đơn\x07khiếu nại"))
    assert "case_resolved.case" in _locs(exc)
    assert "U+0007" in str(exc.value)


# --- bad input named in issue 5 ------------------------------------------------


def test_contribution_without_items():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("contribution_received", items=[]))
    assert _locs(exc) == ["contribution_received.items"]
    assert "at least one item" in str(exc.value)


def test_negative_amount():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("contribution_received", items=[{"type": "tien", "amount": -5}]))
    assert _locs(exc) == ["contribution_received.items.0.tien.amount"]


def test_fractional_amount_and_non_positive_area():
    with pytest.raises(ValidationError) as exc:
        parse_event(
            _data(
                "contribution_received",
                items=[{"type": "tien", "amount": "1.5"}, {"type": "dat", "area_m2": 0}],
            )
        )
    assert _locs(exc) == [
        "contribution_received.items.0.tien.amount",
        "contribution_received.items.1.dat.area_m2",
    ]


def test_death_before_birth():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("death_registered", died_on="1940-01-01"))
    assert _locs(exc) == ["death_registered.died_on"]
    assert "died_on" in str(exc.value)
    assert "birth_date" in str(exc.value)


def test_death_before_birth_year():
    deceased = {"full_name": "Lê Thị Mai", "birth_year": 1950}
    with pytest.raises(ValidationError, match="birth_year"):
        parse_event(_data("death_registered", deceased=deceased, died_on="1949-12-31"))


def test_death_in_the_future():
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("death_registered", died_on=future))
    assert _locs(exc) == ["death_registered.died_on"]


def test_death_registered_before_death():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("death_registered", registered_on="2026-02-01"))
    assert _locs(exc) == ["death_registered.registered_on"]


def test_new_due_date_not_after_old():
    for new in ("2026-03-06", "2026-03-01"):
        with pytest.raises(ValidationError) as exc:
            parse_event(_data("dossier_delayed", new_due_on=new))
        assert _locs(exc) == ["dossier_delayed.new_due_on"]
        assert "must be after due_on" in str(exc.value)


def test_due_date_before_receipt():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("dossier_delayed", due_on="2026-02-01", new_due_on="2026-02-05"))
    assert "dossier_delayed.due_on" in _locs(exc)


def test_birth_in_the_future():
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    child = {"full_name": "Nguyễn Minh Khang", "birth_date": future}
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("birth_registered", child=child, registered_on=future))
    assert _locs(exc) == ["birth_registered.child"]
    assert "child.birth_date" in str(exc.value)
    assert "future" in str(exc.value)


def test_birth_needs_a_birth_date_and_registration_after_birth():
    with pytest.raises(ValidationError, match=r"child\.birth_date is required"):
        parse_event(_data("birth_registered", child={"full_name": "Nguyễn Minh Khang"}))
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("birth_registered", registered_on="2026-01-01"))
    assert _locs(exc) == ["birth_registered.registered_on"]


def test_birth_needs_one_or_two_parents():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("birth_registered", parents=[]))
    assert _locs(exc) == ["birth_registered.parents"]


def test_longevity_must_be_a_milestone():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("longevity_celebrated", year=2027))
    assert _locs(exc) == ["longevity_celebrated.year"]
    assert "81" in str(exc.value)
    for year in (2016, 2021, 2026, 2046, 2047):
        assert isinstance(parse_event(_data("longevity_celebrated", year=year)), Event)


def test_longevity_needs_a_birth_year_and_a_day_in_the_year():
    with pytest.raises(ValidationError, match=r"elder\.birth_date or elder\.birth_year"):
        parse_event(_data("longevity_celebrated", elder={"full_name": "Trương Thị Xuân"}))
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("longevity_celebrated", celebrated_on="2025-06-06"))
    assert _locs(exc) == ["longevity_celebrated.celebrated_on"]


def test_case_resolved_before_it_started():
    with pytest.raises(ValidationError) as exc:
        parse_event(_data("case_resolved", resolved_on="2025-01-01"))
    assert _locs(exc) == ["case_resolved.resolved_on"]


# --- derived values -------------------------------------------------------------


def test_longevity_age():
    event = parse_event(VALID["longevity_celebrated"] | {"kind": "longevity_celebrated"})
    assert isinstance(event, LongevityCelebrated)
    assert event.age == 80


def test_age_at_death_styles():
    # born 10/5/1944, died 26/02/2026: the letter prints "sinh năm 1944", so the
    # age is 2026 - 1944 = 82 (not the 81 completed years a reader would call a miscount)
    event = parse_event(_data("death_registered"))
    assert isinstance(event, DeathRegistered)
    assert event.age_at_death == 82
    mu = parse_event(_data("death_registered", age_style="tuoi_mu"))
    assert isinstance(mu, DeathRegistered)
    assert mu.age_at_death == 83
    unknown = parse_event(_data("death_registered", deceased={"full_name": "Lê Văn Ba"}))
    assert isinstance(unknown, DeathRegistered)
    assert unknown.age_at_death is None


def test_contribution_totals_and_donor_types():
    event = parse_event(_data("contribution_received"))
    assert isinstance(event, ContributionReceived)
    assert event.money == 50_000_000
    assert event.land_area == Decimal("40.8")
    assert event.working_days == 12
    assert [m.description for m in event.materials] == ["02 tấn xi măng"]
    assert event.donor_type == "ho_gia_dinh"
    assert isinstance(event.donor, Household)
    person = parse_event(_data("contribution_received", donor=AN))
    assert isinstance(person, ContributionReceived)
    assert person.donor_type == "ca_nhan"
    org = parse_event(
        _data("contribution_received", donor={"type": "to_chuc", "name": "Công ty A"})
    )
    assert isinstance(org, ContributionReceived)
    assert org.donor_type == "to_chuc"
    assert isinstance(org.donor, Organisation)


def test_money_accepts_whole_decimals():
    assert MoneyItem(amount=Decimal("5000000")).amount == 5_000_000  # type: ignore[arg-type]


def test_feedback_sender_kinds():
    org = parse_event(_data("feedback_received"))
    assert isinstance(org, FeedbackReceived)
    assert org.from_organisation
    person = parse_event(_data("feedback_received", sender=AN))
    assert isinstance(person, FeedbackReceived)
    assert not person.from_organisation
    assert isinstance(person.sender, Person)


# --- JSON Schema ------------------------------------------------------------------


def test_json_schema_of_every_kind():
    whole = event_json_schema()
    assert set(whole["discriminator"]["mapping"]) == set(event_kinds())
    json.dumps(whole)
    for kind in event_kinds():
        schema = event_json_schema(kind)
        assert schema["properties"]["kind"]["const"] == kind
        assert schema["additionalProperties"] is False


def test_json_schema_unknown_kind():
    with pytest.raises(KeyError):
        event_json_schema("nope")


@pytest.mark.parametrize(
    "birth_date", [dt.date(1700, 1, 1), dt.date(1849, 12, 31), dt.date(2201, 1, 1)]
)
def test_birth_date_has_the_bounds_of_birth_year(birth_date: dt.date):
    # birth_year refuses 1700, but birth_date 1700-01-01 used to be accepted and
    # to set birth_year to 1700, outside its own (and the JSON Schema's) bounds.
    with pytest.raises(ValidationError, match="birth_date"):
        Person(full_name="Lê Thị Mai", birth_date=birth_date)
    assert Person(full_name="Lê Thị Mai", birth_date=dt.date(1850, 1, 1)).birth_year == 1850


@pytest.mark.parametrize("when", ["1800-01-01", "1900-01-30", "2101-01-01", "2250-01-01"])
def test_event_dates_outside_the_supported_range_are_refused(when: str) -> None:
    from camon_xinloi.testing import example_event

    data = example_event("chuc_mung/ket_hon").model_dump(mode="json")
    data["registered_on"] = when
    with pytest.raises(ValidationError, match="registered_on"):
        parse_event(data)
