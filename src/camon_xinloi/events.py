"""Event models: what happened, as validated data.

Every event is a frozen pydantic model with ``extra="forbid"`` and a ``kind``
literal, so a JSON object or a CSV row parses to the right model with
:func:`parse_event`. Text is NFC-normalised; characters that cannot be printed
are refused with an error naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from camon_xinloi.text import Text
from camon_xinloi.vi.names import normalize_name

__all__ = [
    "AnyEvent",
    "Event",
    "MarriageRegistered",
    "Person",
    "Sex",
    "event_json_schema",
    "event_kinds",
    "event_model",
    "parse_event",
]

Sex = Literal["nam", "nu"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Person(_Model):
    """A citizen named in a letter.

    Attributes:
        full_name: Họ và tên; normalised ("nguyễn văn an" → "Nguyễn Văn An").
        sex: "nam" or "nu", when known; it picks ông/bà, anh/chị.
        birth_date: Ngày sinh, when known.
        birth_year: Năm sinh, when only the year is known (filled from birth_date).
        honorific: An explicit form of address ("cụ", "ông", "bà", ...), which always wins.
        address: Nơi cư trú, e.g. "tổ dân phố 3, phường 15, Thành phố Hồ Chí Minh".

    Examples:
        >>> Person(full_name="  nguyễn   văn an ", sex="nam").full_name
        'Nguyễn Văn An'
    """

    full_name: Text
    sex: Sex | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = Field(default=None, ge=1850, le=2200)
    honorific: Text | None = None
    address: Text | None = None

    @field_validator("full_name")
    @classmethod
    def _normalise_name(cls, value: str) -> str:
        return normalize_name(value)

    @model_validator(mode="after")
    def _year_from_date(self) -> Person:
        if self.birth_date is not None:
            if self.birth_year is not None and self.birth_year != self.birth_date.year:
                raise ValueError(
                    f"birth_year {self.birth_year} does not match birth_date {self.birth_date}"
                )
            object.__setattr__(self, "birth_year", self.birth_date.year)
        return self


class Event(_Model):
    """Base class of all events. Subclasses set a ``kind`` literal."""

    kind: str


class MarriageRegistered(Event):
    """Đăng ký kết hôn: a couple registered their marriage at the commune.

    Dùng khi UBND xã/phường trao Giấy chứng nhận kết hôn và gửi thư chúc mừng
    đôi vợ chồng (domain.md §2.1).

    Attributes:
        spouses: The two spouses; the order is kept in the letter.
        registered_on: The registration date.
        certificate_no: Số Giấy chứng nhận kết hôn, if it is to be cited.
        residence: Nơi cư trú of the couple, if cited.
    """

    kind: Literal["marriage_registered"] = "marriage_registered"
    spouses: tuple[Person, Person]
    registered_on: dt.date
    certificate_no: Text | None = None
    residence: Text | None = None


AnyEvent = Annotated[MarriageRegistered, Field(discriminator="kind")]
"""Any event model, discriminated by ``kind``."""

_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)
_BY_KIND: dict[str, type[Event]] = {
    cls.model_fields["kind"].default: cls for cls in (MarriageRegistered,)
}


def event_kinds() -> tuple[str, ...]:
    """Return the known event kinds, sorted.

    Examples:
        >>> "marriage_registered" in event_kinds()
        True
    """
    return tuple(sorted(_BY_KIND))


def event_model(kind: str) -> type[Event]:
    """Return the model class for ``kind``, or raise ``KeyError`` listing the known kinds."""
    try:
        return _BY_KIND[kind]
    except KeyError:
        raise KeyError(f"unknown event kind {kind!r}; known kinds: {', '.join(event_kinds())}") from None


def parse_event(data: Mapping[str, Any] | str | bytes) -> Event:
    """Parse a dict or a JSON document into the event model named by its ``kind``.

    Raises:
        pydantic.ValidationError: If ``kind`` is unknown or a field is invalid.

    Examples:
        >>> ev = parse_event('{"kind": "marriage_registered", "registered_on": "2026-03-05",'
        ...     ' "spouses": [{"full_name": "lê trung dũng", "sex": "nam"},'
        ...     ' {"full_name": "Vũ Thị Huệ", "sex": "nu"}]}')
        >>> type(ev).__name__, ev.spouses[0].full_name
        ('MarriageRegistered', 'Lê Trung Dũng')
    """
    if isinstance(data, (str, bytes)):
        return _ADAPTER.validate_json(data)
    return _ADAPTER.validate_python(dict(data))


def event_json_schema(kind: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema of one event kind, or of any event when ``kind`` is None.

    Examples:
        >>> event_json_schema("marriage_registered")["properties"]["kind"]["const"]
        'marriage_registered'
    """
    if kind is None:
        return _ADAPTER.json_schema()
    return event_model(kind).model_json_schema()


