"""A testing kit, for this project and for downstream projects that embed it.

* **Examples**: :func:`example_issuer`, :func:`example_event` (a template's own
  example), :func:`example_letter`.
* **Factories**: :func:`make_event` builds a realistic event of any kind
  (Vietnamese names, addresses after the 2025 reform such as "thôn Đông, xã Xuân
  Phú, tỉnh Đồng Nai" or "tổ dân phố 3, phường Hạc Thành, tỉnh Thanh Hóa"; no
  huyện), varied by ``seed``; :func:`make_events` a mixed batch.
* **Hypothesis strategies** (Hypothesis is a test extra, imported only when a
  strategy is asked for): :func:`events`, :func:`hostile_text`, :func:`hostile_names`.
* **Reading output**: :func:`docx_text`, :func:`pdf_text`, :func:`letter_text`,
  :func:`letter_parts` (header, number, date, title, salutation, body,
  signature, name, "Nơi nhận") and :func:`assert_letter_equal` with a diff.

The pytest plugin (:mod:`camon_xinloi.pytest_plugin`) adds the fixtures
``cx_issuer``, ``cx_catalogue`` and ``cx_golden``.

Examples:
    >>> example_letter().meta.template_id
    'chuc_mung/ket_hon'
    >>> make_event("longevity_celebrated", seed=3).kind
    'longevity_celebrated'
"""

from __future__ import annotations

import datetime as dt
import difflib
import html.parser
import io
import random
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.events import Event, event_kinds, event_model, parse_event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "EXAMPLE_DATE",
    "LetterParts",
    "assert_letter_equal",
    "docx_text",
    "events",
    "example_event",
    "example_issuer",
    "example_letter",
    "hostile_names",
    "hostile_text",
    "letter_parts",
    "letter_text",
    "make_event",
    "make_events",
    "pdf_text",
]

EXAMPLE_DATE = dt.date(2026, 3, 5)
"""The issue date used by :func:`example_letter`."""


def example_issuer() -> Issuer:
    """Return a realistic issuer: UBND Phường 1 Bảo Lộc, tỉnh Lâm Đồng (unit 24823).

    A real unit of the register since 1 July 2025, named with a number: its date
    line carries the full name (Decree 30, Phụ lục I, II.4).

    Examples:
        >>> example_issuer().place_name
        'Phường 1 Bảo Lộc'
        >>> example_issuer().province
        'tỉnh Lâm Đồng'
    """
    return Issuer.from_unit(
        "24823",
        address="số 2 đường Trần Phú, Phường 1 Bảo Lộc, tỉnh Lâm Đồng",
        phone="0263 3864 000",
        email="ubnd.phuong1@baoloc.lamdong.gov.vn",
        notation="UBND-VX",
        signatory=Signatory(full_name="Trần Văn Minh"),
    )


def example_event(template_id: str) -> Event:
    """Return the example event shipped with a template.

    Examples:
        >>> example_event("chuc_mung/ket_hon").kind
        'marriage_registered'
    """
    template = catalogue().get(template_id)
    if template.example is None:
        raise LookupError(f"template {template_id!r} has no example.json")
    return parse_event(template.example)


def example_letter(template_id: str = "chuc_mung/ket_hon", *, draft: bool = False) -> Letter:
    """Compose a template's example event with :func:`example_issuer`, dated 05/3/2026, number 5."""
    return compose(
        template_id,
        example_event(template_id),
        issuer=example_issuer(),
        on=EXAMPLE_DATE,
        number=5,
        draft=draft,
    )


# --------------------------------------------------------------------------- factories


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


# --------------------------------------------------------------------------- hypothesis

_VI_LOWER = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_NASTY = ("&", "<", ">", '"', "'", "\\", "`", "#", "$", "{", "}", "*", "_", "@", "[", "]", "%", "~")
_FRAGMENTS = (
    "<label>", "{{ x }}", "{% if %}", "#set", "#let x = 1", "$x$", "*đậm*", "_nghiêng_",
    "@ref", "[link](x)", "\\n", "B & Co <VN>", "</w:t>", "]]>", "{#", "#}", "--", "./.",
)  # fmt: skip


def _require_hypothesis() -> Any:
    try:
        from hypothesis import strategies
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from camon_xinloi.errors import MissingDependencyError

        raise MissingDependencyError(
            "the Hypothesis strategies need hypothesis; pip install 'camon-xinloi[test]'"
        ) from exc
    return strategies


def _nfd_sometimes(st: Any, text_st: Any) -> Any:
    return st.tuples(text_st, st.booleans()).map(
        lambda pair: unicodedata.normalize("NFD", pair[0]) if pair[1] else pair[0]
    )


def hostile_text(*, max_size: int = 80, max_length: int | None = None) -> SearchStrategy[str]:
    r"""Return a strategy for valid but nasty one-line text.

    Vietnamese letters (NFC and NFD), upper and lower case, markup characters of
    every format (``& < > " ' \\ ` # $ { } * _ @ [ ]``), Jinja and typst
    fragments, and now and then a long string. Every value starts and ends with
    a letter, so it passes the events' text validation unchanged (after NFC);
    ``max_length`` (a field's limit, e.g. :data:`~camon_xinloi.text.TEXT_MAX`)
    caps its NFC length.
    """
    st = _require_hypothesis()
    letters = _VI_LOWER + _VI_LOWER.upper()
    alphabet = st.sampled_from(tuple(letters) + _NASTY + (" ", "0", "9", ".", ",", "-"))
    piece = st.one_of(
        st.text(alphabet=alphabet, min_size=1, max_size=12),
        st.sampled_from(_FRAGMENTS),
    )
    body = st.lists(piece, min_size=0, max_size=max(1, max_size // 8)).map("".join)
    edge = st.sampled_from(tuple(letters))
    text = st.tuples(edge, body, edge).map(lambda t: f"{t[0]}{t[1]}{t[2]}")
    long = st.tuples(edge, st.integers(50, 150)).map(lambda t: (t[0] + "ữ & <b> ") * t[1] + t[0])
    drawn = st.one_of(text, text, text, long)
    if max_length is not None:
        cap = max(max_length, 2)
        drawn = drawn.map(lambda t: t if len(t) <= cap else t[: cap - 1] + t[-1])
    return _nfd_sometimes(st, drawn)  # type: ignore[no-any-return]


def hostile_names() -> SearchStrategy[str]:
    """Return a strategy for personal names that ``normalize_name`` accepts.

    Syllables of Vietnamese letters in any case, NFC or NFD, joined by spaces,
    with the apostrophe and hyphen of minority names ("H'Hen Niê", "Y-Nhi").
    """
    st = _require_hypothesis()
    letters = _VI_LOWER + _VI_LOWER.upper()
    syllable = st.text(alphabet=st.sampled_from(tuple(letters)), min_size=1, max_size=7)
    joined = st.tuples(syllable, st.sampled_from(("", "'", "-")), syllable).map(
        lambda t: t[0] if not t[1] else f"{t[0]}{t[1]}{t[2]}"
    )
    name = st.lists(joined, min_size=1, max_size=5).map(" ".join)
    return _nfd_sometimes(st, name)  # type: ignore[no-any-return]


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        return typing.Union[tuple(args)], optional  # noqa: UP007
    return annotation, False


def _unannotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _max_length(annotation: Any, field: Any = None) -> int | None:
    """The ``maxLength`` a text type (``Text``, ``Name``…) or a model field declares."""
    for info in (field, *_metadata(annotation)):
        extra = getattr(info, "json_schema_extra", None)
        if isinstance(extra, dict) and isinstance(extra.get("maxLength"), int):
            return int(extra["maxLength"])
    return None


def _metadata(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return list(typing.get_args(annotation)[1:])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _metadata(a)]
    return []


def _vary(st: Any, annotation: Any, value: Any, name: str, field: Any = None) -> Any:
    """A strategy that keeps ``value``'s shape but draws text and choices from Hypothesis."""
    limit = _max_length(annotation, field)
    annotation, optional = _strip_optional(_unannotated(annotation))
    limit = limit or _max_length(annotation)
    annotation = _unannotated(annotation)
    inner = _vary_value(st, annotation, value, name, limit)
    if optional and value is not None:
        return st.one_of(inner, inner, st.none())
    return inner


def _vary_value(st: Any, annotation: Any, value: Any, name: str, limit: int | None) -> Any:
    if value is None:
        return st.none()
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _vary_model(st, annotation, value)
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            member = _unannotated(member)
            if (
                isinstance(member, type)
                and issubclass(member, BaseModel)
                and isinstance(value, dict)
                and set(value) <= set(member.model_fields)
                and all(value.get(k) == f.default for k, f in member.model_fields.items()
                        if typing.get_origin(f.annotation) is typing.Literal and k in value)
            ):  # fmt: skip
                return _vary_model(st, member, value)
        return st.just(value)
    if origin in (tuple, list) and isinstance(value, list):
        args = typing.get_args(annotation)
        if origin is tuple and args and args[-1] is not Ellipsis:
            parts = [_vary(st, a, v, name) for a, v in zip(args, value, strict=False)]
        else:
            parts = [_vary(st, args[0] if args else Any, v, name) for v in value]
        return st.tuples(*parts).map(list)
    if annotation is str and isinstance(value, str):
        if name == "full_name":
            return st.one_of(st.just(value), hostile_names())
        return st.one_of(st.just(value), hostile_text(max_length=limit))
    return st.just(value)


def _vary_model(st: Any, model: type[BaseModel], value: Mapping[str, Any]) -> Any:
    keys = list(value)
    parts = [
        _vary(st, model.model_fields[k].annotation, value[k], k, model.model_fields[k])
        if k in model.model_fields
        else st.just(value[k])
        for k in keys
    ]
    return st.tuples(*parts).map(lambda vals: {k: v for k, v in zip(keys, vals, strict=True)
                                               if v is not None})  # fmt: skip


def _reset(data: Any, skeleton: Any, loc: tuple[int | str, ...]) -> Any:
    """Put the skeleton's value back at ``loc`` (the first level that exists in both)."""
    if not loc or not isinstance(data, (dict, list)):
        return skeleton
    key, rest = loc[0], loc[1:]
    if isinstance(data, dict) and isinstance(skeleton, dict) and key in skeleton:
        out = dict(data)
        out[key] = _reset(data[key], skeleton[key], rest) if key in data else skeleton[key]
        return out
    if (
        isinstance(data, list)
        and isinstance(skeleton, list)
        and isinstance(key, int)
        and key < min(len(data), len(skeleton))
    ):
        out_list = list(data)
        out_list[key] = _reset(data[key], skeleton[key], rest)
        return out_list
    return skeleton


def _validated(kind: str, skeleton: dict[str, Any], data: dict[str, Any]) -> Event:
    model = event_model(kind)
    for _ in range(6):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                data = _reset(data, skeleton, tuple(err["loc"]))
    return model.model_validate(skeleton)


def events(kind: str | None = None) -> SearchStrategy[Event]:
    """Return a Hypothesis strategy for valid events of one kind, or of any kind.

    Each value starts from a realistic :func:`make_event` (a drawn seed, so dates
    and numbers satisfy the cross-field rules), then the model's field
    annotations decide what Hypothesis varies: text fields get
    :func:`hostile_text` (names :func:`hostile_names`), literal fields any of
    their values, optional fields may be left out. A field that a validator
    refuses is put back to the factory value, so every example is valid.
    """
    st = _require_hypothesis()
    kinds = [kind] if kind is not None else list(event_kinds())
    for k in kinds:
        event_model(k)

    def one(k: str) -> Any:
        model = event_model(k)

        @st.composite  # type: ignore[untyped-decorator,unused-ignore,misc]
        def build(draw: Any) -> Event:
            skeleton = event_data(k, seed=draw(st.integers(0, 10_000)))
            skeleton_json = model.model_validate(skeleton).model_dump(mode="json")
            skeleton_json = {
                key: val for key, val in skeleton_json.items() if key in skeleton or key == "kind"
            }
            data = draw(_vary_model(st, model, skeleton_json))
            data["kind"] = k
            return _validated(k, skeleton_json, data)

        return build()

    return st.one_of(*[one(k) for k in kinds])  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- reading output


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def docx_text(data: bytes) -> str:
    """Return the text of a DOCX: body paragraphs and table cells in reading order, NFC.

    The first-page footer of each section (the address line) follows the body.

    Tables are read row by row, cell by cell (merged cells once); one line per
    paragraph, a line break inside a paragraph gives a new line.
    """
    import docx  # python-docx, installed with docxtpl

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(element: Any, parent: Any) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, parent).text)
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell._tc, cell)
            elif tag == "sdt":
                content = child.find(child.tag.replace("sdt", "sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document)
    # The address line is the footer of a letter's first page; it comes last, as printed.
    for section in document.sections:
        if section.different_first_page_header_footer:
            lines += [p.text for p in section.first_page_footer.paragraphs if p.text]
    return _nfc("\n".join(lines))


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF (pypdf), pages joined by a newline, NFC."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return _nfc("\n".join(page.extract_text() for page in reader.pages))


class _HtmlText(html.parser.HTMLParser):
    _BLOCK: typing.ClassVar[frozenset[str]] = frozenset(
        _words("p div br li tr h1 h2 h3 h4 h5 h6 td th section header footer table ul ol hr")
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(data: str) -> str:
    parser = _HtmlText()
    parser.feed(data)
    lines = [re.sub(r"[ \t\r\n]+", " ", ln).strip() for ln in "".join(parser.parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<div", b"<article", b"<section")):
        return "html"
    return "text"


def letter_text(letter: Letter | bytes | str) -> str:
    """Return the text of a letter given as a :class:`Letter`, rendered bytes or text.

    The format of bytes is found from their first bytes (PDF, DOCX/ZIP, HTML, else text).
    """
    if isinstance(letter, Letter):
        return letter.text
    if isinstance(letter, str):
        return _nfc(letter)
    fmt = _sniff(letter)
    if fmt == "pdf":
        return pdf_text(letter)
    if fmt == "docx":
        return docx_text(letter)
    text = _nfc(letter.decode("utf-8"))
    return _html_text(text) if fmt == "html" else text


@dataclass(frozen=True)
class LetterParts:
    """The parts of a letter, as printed, whitespace collapsed, comparable across formats.

    Attributes:
        header: Letterhead lines: the issuing body's lines, then the national name and motto.
        number_line: "Số: 05/UBND-VX", or None.
        date_line: "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026".
        title: "THƯ CHÚC MỪNG".
        subject: The trích yếu under the title, or None.
        salutation: "Kính gửi: …" (several recipients on one line, as "- a; - b.").
        body: The content paragraphs, the last ending with "./.".
        signature: The upper-case lines of the signature block.
        name: The signer's name.
        distribution: The "Nơi nhận" lines, "- Như trên;" … "- Lưu: VT.".
        footer: The contacts line under the rule, or None.
    """

    header: tuple[str, ...]
    number_line: str | None
    date_line: str | None
    title: str | None
    subject: str | None
    salutation: str | None
    body: tuple[str, ...]
    signature: tuple[str, ...]
    name: str | None
    distribution: tuple[str, ...]
    footer: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the parts as a dict (for goldens and diffs)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _header_order(lines: Iterable[str]) -> tuple[str, ...]:
    lines = [ln for ln in lines if ln]
    national = [ln for ln in (NATIONAL_NAME, NATIONAL_MOTTO) if ln in lines]
    return (*[ln for ln in lines if ln not in national], *national)


def _parts_of_letter(letter: Letter) -> LetterParts:
    if len(letter.recipients) == 1:
        salutation = letter.recipient_line
    else:
        last = len(letter.recipients) - 1
        items = [f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(letter.recipients)]
        salutation = "Kính gửi: " + " ".join(items)
    header = [letter.parent_agency or "", *letter.agency, NATIONAL_NAME, NATIONAL_MOTTO]
    return LetterParts(
        header=_header_order(_ws(h) for h in header),
        number_line=_ws(letter.number_line) if letter.number_line else None,
        date_line=_ws(letter.date_line),
        title=_ws(letter.title),
        subject=_ws(letter.subject) if letter.subject else None,
        salutation=_ws(salutation),
        body=tuple(_ws(p.text) for p in letter.body),
        signature=tuple(_ws(s) for s in letter.signature.lines),
        name=_ws(letter.signature.name),
        distribution=tuple(_ws(d) for d in letter.distribution_lines),
        footer=_ws(letter.footer) if letter.footer else None,
    )


_NUMBER = re.compile(r"Số:\s*\d*\s*/\s*\S+")
_DATE = re.compile(r"\S.*?,\s*ngày\b.*?tháng\b.*?năm\s+\d{4}")
_RULE = re.compile(r"^[-_=─—.\s]+$")
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")


def _segments(text: str, fmt: str) -> list[str]:
    raw = text.splitlines()
    if fmt == "pdf":  # pypdf ends a wrapped line with a space: join it to the next
        joined: list[str] = []
        for line in raw:
            if joined and joined[-1].endswith(" "):
                joined[-1] += line
            else:
                joined.append(line)
        raw = joined
    out: list[str] = []
    dated = False
    for line in raw:
        pieces = [line]
        if fmt == "text" and (dated or not (_NUMBER.search(line) or _DATE.search(line))):
            pieces = re.split(r"\s{3,}", line.strip())  # columns; the date line keeps its gaps
        dated = dated or bool(_DATE.search(line))
        for piece in pieces:
            piece = _ws(piece)
            if piece and not _RULE.match(piece):
                out.append(piece)
    return out


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _parse_parts(text: str, fmt: str) -> LetterParts:
    segs = _segments(text, fmt)
    header: list[str] = []
    number = date = title = subject = salutation = name = footer = None
    i = 0
    while i < len(segs):  # the letterhead, up to the number and date
        seg = segs[i]
        m_number = _NUMBER.search(seg)
        rest = _NUMBER.sub("", seg).strip() if m_number else seg
        m_date = _DATE.search(rest)
        if m_number or m_date:
            number = _ws(m_number.group(0)) if m_number else number
            date = _ws(m_date.group(0)) if m_date else date
            i += 1
            if date is not None:
                break
            continue
        header.append(seg)
        i += 1
    if i < len(segs):
        title, i = segs[i], i + 1
    subject_parts: list[str] = []
    while i < len(segs) and not segs[i].startswith("Kính gửi"):
        subject_parts.append(segs[i])
        i += 1
    subject = " ".join(subject_parts) or None
    if i < len(segs):
        salutation_parts = [segs[i]]
        i += 1
        if salutation_parts[0].rstrip().endswith(":"):
            while i < len(segs) and segs[i].startswith("- "):
                salutation_parts.append(segs[i])
                i += 1
        salutation = " ".join(salutation_parts)
    body: list[str] = []
    while i < len(segs):
        seg = segs[i]
        if seg == "Nơi nhận:" or _AUTHORITY.match(seg):
            break
        body.append(seg)
        i += 1
        if seg.endswith("./."):
            break
    signature: list[str] = []
    distribution: list[str] = []
    tail: list[str] = []
    receiving = False  # after "Nơi nhận:", which may stand beside or under the signature
    for seg in segs[i:]:
        if seg == "Nơi nhận:":
            receiving = True
            continue
        if receiving and distribution and not distribution[-1].endswith((";", ".")):
            distribution[-1] += " " + seg  # an item the text format wrapped in its column
            continue
        if seg.startswith("- ") and (name is None or receiving):
            distribution.append(seg)
        elif _is_upper(seg) and name is None:
            signature.append(seg)
        elif name is None and signature:
            name = seg
        else:
            tail.append(seg)
    footer = " ".join(tail) or None
    return LetterParts(
        header=_header_order(header),
        number_line=number,
        date_line=date,
        title=title,
        subject=subject,
        salutation=salutation,
        body=tuple(body),
        signature=tuple(signature),
        name=name,
        distribution=tuple(distribution),
        footer=footer,
    )


def letter_parts(letter: Letter | bytes | str) -> LetterParts:
    """Split a letter into its parts, from a :class:`Letter` or from rendered output.

    Rendered bytes are recognised by their first bytes (PDF, DOCX, HTML, else
    text); a ``str`` is read as the text format. Whitespace is collapsed, so the
    parts of the same letter compare equal across formats.

    Examples:
        >>> from camon_xinloi.render import render
        >>> letter = example_letter()
        >>> parts = letter_parts(render(letter, "text"))
        >>> parts.date_line, parts.name
        ('Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026', 'Trần Văn Minh')
        >>> parts == letter_parts(letter)
        True
    """
    if isinstance(letter, Letter):
        return _parts_of_letter(letter)
    if isinstance(letter, str):
        return _parse_parts(_nfc(letter), "text")
    fmt = _sniff(letter)
    return _parse_parts(letter_text(letter), fmt)


def assert_letter_equal(a: Letter | bytes | str, b: Letter | bytes | str) -> None:
    """Assert that two letters have the same text; on failure, show a unified diff.

    Each side may be a :class:`Letter`, rendered bytes (any format) or text.

    Raises:
        AssertionError: With the diff of the two texts.
    """
    left, right = letter_text(a), letter_text(b)
    if left == right:
        return
    diff = "\n".join(
        difflib.unified_diff(
            left.splitlines(), right.splitlines(), "expected", "actual", lineterm=""
        )
    )
    raise AssertionError(f"letters differ:\n{diff}")
