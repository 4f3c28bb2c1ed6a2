"""Factories: realistic, valid events of every kind, varied by a seed."""

from __future__ import annotations

import datetime as dt
import random
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from camon_xinloi.catalogue import catalogue
from camon_xinloi.events import Event, event_kinds, event_model
from camon_xinloi.examples import EXAMPLE_DATE


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FAMILY = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Mai")
_MIDDLE = {
    "nam": _words("Văn Đức Minh Quang Hữu Thanh Công Xuân"),
    "nu": _words("Thị Ngọc Thu Thanh Kim Mỹ Bích Hồng"),
}
_GIVEN = {
    "nam": _words("An Bình Cường Dũng Hùng Khánh Long Nam Phúc Quân Sơn Tuấn Vinh Hải Đạt"),
    "nu": _words("Anh Chi Dung Hà Hạnh Hoa Huệ Lan Linh Mai Ngọc Phương Thảo Trang Yến"),
}
_ADDRESSES = (
    "thôn Đông, xã Xuân Phú, tỉnh Đồng Nai",
    "thôn Phú Mỹ, xã Hòa Vang, thành phố Đà Nẵng",
    "thôn 3, xã Ea Kar, tỉnh Đắk Lắk",
    "tổ dân phố 3, phường Hạc Thành, tỉnh Thanh Hóa",
    "tổ dân phố Trung, phường Kim Long, thành phố Huế",
    "khu phố 5, phường Bến Thành, Thành phố Hồ Chí Minh",
    "tổ dân phố 12, phường Hoàn Kiếm, thành phố Hà Nội",
    "ấp Mỹ Hòa, xã Cái Nước, tỉnh Cà Mau",
    "bản Pá Khoang, xã Mường Phăng, tỉnh Điện Biên",
    "khu vực 4, phường Ninh Kiều, thành phố Cần Thơ",
)
_PROCEDURES = (
    "Đăng ký biến động quyền sử dụng đất",
    "Cấp bản sao trích lục hộ tịch",
    "Đăng ký thường trú",
    "Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
)
_PROJECTS = (
    "mở rộng đường liên thôn Đông - Tây",
    "bê tông hóa đường ngõ xóm tổ dân phố 3",
    "xây dựng nhà văn hóa thôn Phú Mỹ",
    "lắp đặt đèn chiếu sáng đường quê",
)
_REASONS = (
    "Hồ sơ cần xác minh thêm nguồn gốc đất với cơ quan chuyên môn",
    "Hệ thống thông tin giải quyết thủ tục hành chính gặp sự cố kỹ thuật",
    "Cần lấy ý kiến của cơ quan có liên quan",
)


class _Faker:
    """Realistic Vietnamese data from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, seq: typing.Sequence[str]) -> str:
        return self.rng.choice(seq)

    def sex(self) -> str:
        return self.rng.choice(("nam", "nu"))

    def name(self, sex: str, family: str | None = None) -> str:
        return f"{family or self.pick(_FAMILY)} {self.pick(_MIDDLE[sex])} {self.pick(_GIVEN[sex])}"

    def date(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def person(
        self, *, sex: str | None = None, born: tuple[int, int] = (1960, 2000), **extra: Any
    ) -> dict[str, Any]:
        sex = sex or self.sex()
        birth = self.date(dt.date(born[0], 1, 1), dt.date(born[1], 12, 28))
        return {"full_name": self.name(sex), "sex": sex, "birth_date": birth.isoformat(), **extra}

    def recent(self, days: int = 90) -> dt.date:
        return self.date(EXAMPLE_DATE - dt.timedelta(days=days), EXAMPLE_DATE)

    def number(self) -> str:
        return f"{self.rng.randint(1, 250):02d}/{EXAMPLE_DATE.year}"


def _marriage(f: _Faker) -> dict[str, Any]:
    return {
        "kind": "marriage_registered",
        "spouses": [f.person(sex="nam", born=(1990, 2002)), f.person(sex="nu", born=(1992, 2004))],
        "registered_on": f.recent().isoformat(),
        "certificate_no": f.number(),
        "residence": f.pick(_ADDRESSES),
    }


def _birth(f: _Faker) -> dict[str, Any]:
    father = f.person(sex="nam", born=(1988, 2000))
    family = father["full_name"].split()[0]
    born = f.recent(60)
    return {
        "kind": "birth_registered",
        "child": {
            "full_name": f.name(sex := f.sex(), family=family),
            "sex": sex,
            "birth_date": born.isoformat(),
        },
        "parents": [father, f.person(sex="nu", born=(1990, 2002))],
        "registered_on": min(born + dt.timedelta(days=f.rng.randint(3, 40)), EXAMPLE_DATE)
        .isoformat(),
        "certificate_no": f.number(),
        "address": f.pick(_ADDRESSES),
    }  # fmt: skip


def _longevity(f: _Faker) -> dict[str, Any]:
    age = f.rng.choice((70, 75, 80, 85, 90, 95, 100, 101))
    year = EXAMPLE_DATE.year
    birth = f.date(dt.date(year - age, 1, 1), dt.date(year - age, 12, 28))
    return {
        "kind": "longevity_celebrated",
        "elder": {
            "full_name": f.name(sex := f.sex()),
            "sex": sex,
            "birth_date": birth.isoformat(),
            "address": f.pick(_ADDRESSES),
        },
        "year": year,
        "occasion": f.rng.choice(("sinh_nhat", "tet_nguyen_dan", "ngay_nguoi_cao_tuoi")),
    }


def _death(f: _Faker) -> dict[str, Any]:
    died = f.recent(60)
    deceased = f.person(born=(1930, 1960))
    return {
        "kind": "death_registered",
        "deceased": deceased,
        "died_on": died.isoformat(),
        "place_of_death": "nhà riêng",
        "addressee": f.person(born=(1955, 1990)),
        "relationship": f.pick(("vợ", "chồng", "con trai", "con gái")),
        "certificate_no": f.number(),
        "registered_on": min(died + dt.timedelta(days=f.rng.randint(1, 10)), EXAMPLE_DATE)
        .isoformat(),
    }  # fmt: skip


def _dossier(f: _Faker) -> dict[str, Any]:
    received = f.recent(60) - dt.timedelta(days=30)
    due = received + dt.timedelta(days=f.rng.randint(5, 20))
    return {
        "kind": "dossier_delayed",
        "applicant": f.person(address=f.pick(_ADDRESSES), phone=f"09{f.rng.randrange(10**8):08d}"),
        "procedure": f.pick(_PROCEDURES),
        "dossier_code": f"H{f.rng.randint(10**6, 10**7 - 1)}.{EXAMPLE_DATE.year}",
        "received_on": received.isoformat(),
        "due_on": due.isoformat(),
        "new_due_on": (due + dt.timedelta(days=f.rng.randint(3, 15))).isoformat(),
        "reason": f.pick(_REASONS),
        "status": "Đang chờ ý kiến của cơ quan chuyên môn",
    }  # fmt: skip


def _failure(f: _Faker) -> dict[str, Any]:
    return {
        "kind": "service_failure",
        "applicant": f.person(address=f.pick(_ADDRESSES)),
        "failure": f.rng.choice(("sai_sot", "thai_do", "lo_hen")),
        "occurred_on": f.recent().isoformat(),
        "description": "ghi sai năm sinh của con trên Giấy khai sinh",
        "remedy": "đã cấp lại Giấy khai sinh đúng nội dung ngay trong ngày",
        "procedure": "Đăng ký khai sinh",
    }


def _feedback(f: _Faker) -> dict[str, Any]:
    return {
        "kind": "feedback_received",
        "sender": f.person(address=f.pick(_ADDRESSES)),
        "feedback_type": f.rng.choice(("gop_y", "phan_anh", "kien_nghi")),
        "received_on": f.recent().isoformat(),
        "channel": f.rng.choice(("truc_tiep", "dien_thoai", "cong_dich_vu_cong")),
        "subject": "tình trạng đèn chiếu sáng hư hỏng trên đường liên thôn",
        "result": "Ủy ban nhân dân đã chỉ đạo sửa chữa, thay mới 12 bóng đèn",
    }


def _contribution(f: _Faker) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"type": "tien", "amount": f.rng.randint(1, 200) * 500_000},
        {
            "type": "dat",
            "area_m2": str(f.rng.randint(5, 300)),
            "land_type": "đất trồng cây lâu năm",
        },
        {"type": "ngay_cong", "days": str(f.rng.randint(2, 30))},
        {"type": "vat_tu", "description": "50 bao xi măng", "value": 4_500_000},
    ]
    donor: dict[str, Any] = (
        f.person(address=f.pick(_ADDRESSES))
        if f.rng.random() < 0.7
        else {"type": "ho_gia_dinh", "head": f.person(sex="nam", born=(1950, 1980))}
    )
    return {
        "kind": "contribution_received",
        "donor": donor,
        "items": f.rng.sample(items, f.rng.randint(1, 2)),
        "project": f.pick(_PROJECTS),
        "contributed_on": f.recent().isoformat(),
    }  # fmt: skip


def _case(f: _Faker) -> dict[str, Any]:
    resolved = f.recent()
    return {
        "kind": "case_resolved",
        "citizen": f.person(address=f.pick(_ADDRESSES)),
        "case_type": f.rng.choice(("ho_so", "tranh_chap", "phan_anh_kien_nghi")),
        "case": "hồ sơ đăng ký biến động đất đai thửa số 112, tờ bản đồ số 7",
        "started_on": (resolved - dt.timedelta(days=f.rng.randint(10, 90))).isoformat(),
        "resolved_on": resolved.isoformat(),
    }


_FACTORIES: dict[str, Callable[[_Faker], dict[str, Any]]] = {
    "marriage_registered": _marriage,
    "birth_registered": _birth,
    "longevity_celebrated": _longevity,
    "death_registered": _death,
    "dossier_delayed": _dossier,
    "service_failure": _failure,
    "feedback_received": _feedback,
    "contribution_received": _contribution,
    "case_resolved": _case,
}


def _merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def event_data(kind: str, *, seed: int = 0, **overrides: Any) -> dict[str, Any]:
    """Return the data of :func:`make_event` as a JSON-ready dict (for CSV/JSON fixtures).

    Kinds without a factory of their own (added after this kit) fall back to the
    example of the first template of that kind.
    """
    factory = _FACTORIES.get(kind)
    if factory is not None:
        data = factory(_Faker(seed))
        try:
            event_model(kind).model_validate(data)
        except ValidationError:  # the model changed; the template example still fits
            data = _template_example(kind)
    else:
        event_model(kind)  # unknown kinds raise KeyError listing the known ones
        data = _template_example(kind)
    return _merge(data, overrides)


def _template_example(kind: str) -> dict[str, Any]:
    for template in catalogue().list(kind=kind):
        if template.example is not None:
            return dict(template.example)
    raise LookupError(f"no factory and no template example for event kind {kind!r}")


def make_event(kind: str, *, seed: int = 0, **overrides: Any) -> Event:
    """Build a valid, realistic event of ``kind``; ``seed`` varies names, dates and places.

    Keyword arguments override fields (a dict merges into a nested model).

    Examples:
        >>> ev = make_event("marriage_registered", seed=1, certificate_no="99/2026")
        >>> ev.certificate_no, len(ev.spouses)
        ('99/2026', 2)
    """
    return event_model(kind).model_validate(event_data(kind, seed=seed, **overrides))


def make_events(count: int, *, kinds: Iterable[str] | None = None, seed: int = 0) -> list[Event]:
    """Return ``count`` events, cycling through ``kinds`` (every kind by default).

    Examples:
        >>> [e.kind for e in make_events(2, kinds=["birth_registered", "death_registered"])]
        ['birth_registered', 'death_registered']
    """
    chosen = list(kinds) if kinds is not None else list(event_kinds())
    return [make_event(chosen[i % len(chosen)], seed=seed + i) for i in range(count)]
