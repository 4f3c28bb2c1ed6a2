from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import camon_xinloi as cx
from camon_xinloi.events import Event
from camon_xinloi.testing import example_issuer, hostile_names, hostile_text, make_event
from camon_xinloi.zalo import (
    TRACKING_ID_LIMIT,
    ZNS_LIMITS,
    ZnsParam,
    ZnsParamError,
    zalo_phone,
    zns_payload,
)

ON = dt.date(2026, 3, 5)


def dossier(**overrides) -> tuple[cx.Letter, Event]:
    event = make_event("dossier_delayed", **overrides)
    return cx.compose("xin_loi/tre_hen", event, issuer=example_issuer(), on=ON), event


PARAMS = {
    "customer_name": ZnsParam("event.applicant.full_name", "customer_name"),
    "address": ZnsParam("event.applicant.address", "address"),
    "dossier_code": ZnsParam("event.dossier_code", "code"),
    "old_date": ZnsParam("event.due_on", "time"),
    "new_date": ZnsParam("event.new_due_on", "time"),
    "agency": ZnsParam("letter.agency_name", "product_name"),
    "letter_no": ZnsParam("letter.number_line", "custom_label"),
}


def test_payload_has_zalo_formats():
    letter, event = dossier(
        applicant={"full_name": "Lý Bích Yến", "phone": "0905 433 721"},
        due_on="2026-03-02",
        new_due_on="2026-03-09",
        received_on="2026-02-20",
    )
    payload = zns_payload(
        letter,
        event=event,
        template_id=301234,
        params=PARAMS,
        phone="event.applicant.phone",
        tracking_id="ubnd-p15/2026/00017",
    )
    assert payload["phone"] == "84905433721"
    assert payload["template_id"] == "301234"
    assert payload["tracking_id"] == "ubnd-p15/2026/00017"
    data = payload["template_data"]
    assert data["customer_name"] == "Lý Bích Yến"
    assert data["old_date"] == "02/03/2026"
    assert data["new_date"] == "09/03/2026"
    assert data["dossier_code"] == event.dossier_code  # type: ignore[attr-defined]
    assert data["agency"] == letter.agency_name or data["agency"].startswith("Ủy ban nhân dân")
    assert data["letter_no"] == letter.number_line
    assert set(data) == set(PARAMS)
    json.dumps(payload)  # what a portal posts


def test_a_person_fact_gives_the_full_name_and_dates_of_letters():
    letter, event = dossier()
    payload = zns_payload(
        letter,
        event=event,
        template_id="1",
        params={
            "name": ZnsParam("event.applicant", "customer_name"),
            "issued": ZnsParam("letter.date", "time"),
            "who": ZnsParam("letter.recipients.0", "product_name"),
        },
        phone="0912345678",
    )
    assert payload["template_data"]["name"] == event.applicant.full_name  # type: ignore[attr-defined]
    assert payload["template_data"]["issued"] == "05/03/2026"
    assert payload["template_data"]["who"] == letter.recipients[0]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("0912345678", "84912345678"),
        ("84912345678", "84912345678"),
        ("+84 912 345 678", "84912345678"),
        ("091.234.5678", "84912345678"),
        ("(024) 3825-1234", "842438251234"),
        ("".join(chr(0xFF10 + int(d)) for d in "0912345678"), "84912345678"),  # full-width
    ],
)
def test_phone_numbers_become_84(number, expected):
    assert zalo_phone(number) == expected


@pytest.mark.parametrize(
    "number", ["", "12345", "0012345678", "091234567890", "+1 212 555 0100", "09x2345678"]
)
def test_bad_phone_numbers_are_refused(number):
    with pytest.raises(ValueError, match="is not a Vietnamese phone number"):
        zalo_phone(number)


def test_a_long_name_is_refused_naming_parameter_limit_and_value():
    name = "Công Tằng Tôn Nữ Thị Thanh Hương Giang"  # 38 characters
    letter, event = dossier(applicant={"full_name": name, "phone": "0912345678"})
    with pytest.raises(ZnsParamError) as info:
        zns_payload(
            letter,
            event=event,
            template_id="1",
            params={"customer_name": ZnsParam("event.applicant.full_name", "customer_name")},
            phone="0912345678",
        )
    error = info.value
    assert error.param == "customer_name"
    assert error.limit == 30
    assert error.value == name
    assert "'customer_name'" in str(error)
    assert "at most 30 characters" in str(error)
    assert name in str(error)


def test_shortening_only_where_asked():
    name = "Công Tằng Tôn Nữ Thị Thanh Hương Giang"
    letter, event = dossier(applicant={"full_name": name, "phone": "0912345678"})
    payload = zns_payload(
        letter,
        event=event,
        template_id="1",
        params={
            "customer_name": ZnsParam("event.applicant.full_name", "customer_name", shorten=True),
            "code": ZnsParam("event.dossier_code", "code"),
        },
        phone="0912345678",
    )
    short = payload["template_data"]["customer_name"]
    assert short == "Công Tằng Tôn Nữ Thị Thanh…"
    assert len(short) <= 30
    assert name.startswith(short[:-1])


def test_the_template_own_limit_wins():
    letter, event = dossier(applicant={"full_name": "Lê Văn Tám", "phone": "0912345678"})
    with pytest.raises(ZnsParamError, match="at most 5 characters"):
        zns_payload(
            letter,
            event=event,
            template_id="1",
            params={"n": ZnsParam("event.applicant.full_name", "customer_name", max_length=5)},
            phone="0912345678",
        )


def test_empty_and_unknown_facts():
    letter, event = dossier()
    with pytest.raises(ZnsParamError, match=r"the fact 'event\.receipt_no' is empty"):
        zns_payload(
            letter,
            event=event,
            template_id="1",
            params={"r": ZnsParam("event.receipt_no", "code")},
            phone="0912345678",
        )
    for fact, message in [
        ("event.nope", "has no fact 'nope'"),
        ("letter.record", "is a method"),
        ("letter._secret", "has no fact '_secret'"),
        ("issuer.name", "must start with 'letter.' or 'event.'"),
    ]:
        with pytest.raises(ValueError, match=message):
            zns_payload(
                letter,
                event=event,
                template_id="1",
                params={"x": ZnsParam(fact, "custom_label")},
                phone="0912345678",
            )
    with pytest.raises(ValueError, match="needs the event"):
        zns_payload(
            letter,
            template_id="1",
            params={"x": ZnsParam("event.dossier_code", "code")},
            phone="0912345678",
        )


def test_tracking_id_limit():
    letter, event = dossier()
    ok = "x" * TRACKING_ID_LIMIT
    assert (
        zns_payload(letter, template_id="1", params={}, phone="0912345678", tracking_id=ok)[
            "tracking_id"
        ]
        == ok
    )
    with pytest.raises(ValueError, match="tracking_id must have 1 to 48 characters, not 49"):
        zns_payload(letter, template_id="1", params={}, phone="0912345678", tracking_id=ok + "x")
    del event


def test_amounts_are_plain_numbers():
    event = make_event("contribution_received", items=[{"type": "tien", "amount": 50_000_000}])
    letter = cx.compose("cam_on/dong_gop", event, issuer=example_issuer(), on=ON)
    payload = zns_payload(
        letter,
        event=event,
        template_id="1",
        params={"amount": ZnsParam("event.items.0.amount", "amount")},
        phone="0912345678",
    )
    amount = payload["template_data"]["amount"]
    assert amount.isdigit()
    assert int(amount) == event.items[0].amount  # type: ignore[attr-defined]
    with pytest.raises(ZnsParamError, match="must be a plain number"):
        zns_payload(
            letter,
            event=event,
            template_id="1",
            params={"amount": ZnsParam("event.project", "amount")},
            phone="0912345678",
        )


def test_limits_table_matches_the_documented_types():
    assert ZNS_LIMITS["customer_name"] == 30
    assert ZNS_LIMITS["address"] == 200
    assert ZNS_LIMITS["code"] == 30
    assert len(ZNS_LIMITS) == 15


@settings(max_examples=60, deadline=None)
@given(name=hostile_names(), address=hostile_text(max_size=250))
def test_any_name_and_address_is_either_exact_or_refused(name: str, address: str):
    try:
        letter, event = dossier(
            applicant={"full_name": name, "address": address, "phone": "0912345678"}
        )
    except Exception:  # the event refuses it: not the builder's business
        return
    person = event.applicant  # type: ignore[attr-defined]
    params = {
        "customer_name": ZnsParam("event.applicant.full_name", "customer_name"),
        "address": ZnsParam("event.applicant.address", "address"),
    }
    too_long = [
        (param, value)
        for param, value, limit in [
            ("customer_name", person.full_name, 30),
            ("address", person.address, 200),
        ]
        if len(value) > limit
    ]
    if too_long:
        with pytest.raises(ZnsParamError) as info:
            zns_payload(letter, event=event, template_id="1", params=params, phone="0912345678")
        assert (info.value.param, info.value.value) == too_long[0]
        assert info.value.limit == ZNS_LIMITS[too_long[0][0]]  # type: ignore[index]
        return
    payload = zns_payload(letter, event=event, template_id="1", params=params, phone="0912345678")
    data = payload["template_data"]
    assert data["customer_name"] == person.full_name  # exactly, nothing stripped or escaped
    assert data["address"] == person.address
    assert unicodedata.is_normalized("NFC", data["address"])


@settings(max_examples=60, deadline=None)
@given(address=hostile_text(max_size=400), limit=st.integers(10, 200))
def test_shortened_values_fit_and_are_a_prefix(address: str, limit: int):
    try:
        letter, event = dossier(
            applicant={"full_name": "Lê An", "address": address, "phone": "0912345678"}
        )
    except Exception:
        return
    full = event.applicant.address  # type: ignore[attr-defined]
    payload = zns_payload(
        letter,
        event=event,
        template_id="1",
        params={
            "a": ZnsParam("event.applicant.address", "address", max_length=limit, shorten=True)
        },
        phone="0912345678",
    )
    value = payload["template_data"]["a"]
    assert len(value) <= limit
    if len(full) <= limit:
        assert value == full
    else:
        assert value.endswith("…")
        assert full.startswith(value[:-1])
