"""Zalo ZNS notifications: a letter's facts as the parameters of an approved ZNS template.

A commune's Zalo Official Account sends ZNS (Zalo Notification Service) messages
from templates that Zalo has approved, each parameter with a *type* (Zalo's
"cài đặt kỹ thuật") that sets its length limit. :func:`zns_payload` fills such a
template from a :class:`~camon_xinloi.letter.Letter` (and, for citizen facts, its
event): the caller maps each template parameter name to a fact, the builder
formats it the way Zalo expects (dates ``dd/mm/yyyy``, phone numbers ``84…``,
amounts as plain digits) and checks it against its type's limit. A value that
does not fit raises :class:`ZnsParamError` naming the parameter, the limit and
the value, unless the caller asked for that parameter to be shortened.

No network calls: the result is the JSON body a portal posts to Zalo's "send ZNS"
endpoint with its own access token. See ``docs/zalo.md`` for the limits and their
sources, and for the SMS fallback.

Examples:
    >>> from camon_xinloi.testing import example_issuer, make_event
    >>> import camon_xinloi as cx
    >>> event = make_event("dossier_delayed")
    >>> letter = cx.compose("xin_loi/tre_hen", event, issuer=example_issuer())
    >>> payload = zns_payload(
    ...     letter,
    ...     event=event,
    ...     template_id="301234",
    ...     phone="event.applicant.phone",
    ...     params={
    ...         "customer_name": ZnsParam("event.applicant.full_name", "customer_name"),
    ...         "dossier_code": ZnsParam("event.dossier_code", "code"),
    ...         "new_date": ZnsParam("event.new_due_on", "time"),
    ...     },
    ... )
    >>> payload["phone"][:2], payload["template_data"]["new_date"]
    ('84', '22/02/2026')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import Event, Person
from camon_xinloi.letter import Letter

__all__ = [
    "TRACKING_ID_LIMIT",
    "ZNS_LIMITS",
    "ParamType",
    "ZnsParam",
    "ZnsParamError",
    "zalo_phone",
    "zns_payload",
]

ParamType = Literal[
    "customer_name",
    "phone_number",
    "address",
    "code",
    "custom_label",
    "transaction_status",
    "contact",
    "personal_title",
    "product_name",
    "amount",
    "time",
    "otp",
    "url",
    "currency",
    "bank_transfer_note",
]
"""Zalo's parameter types ("cài đặt kỹ thuật"), in the order of its template API (1-15)."""

ZNS_LIMITS: Mapping[ParamType, int] = {
    "customer_name": 30,
    "phone_number": 15,
    "address": 200,
    "code": 30,
    "custom_label": 30,
    "transaction_status": 30,
    "contact": 50,
    "personal_title": 5,
    "product_name": 200,
    "amount": 20,
    "time": 20,
    "otp": 10,
    "url": 200,
    "currency": 12,
    "bank_transfer_note": 90,
}
"""The default length limit (characters) of each parameter type; see docs/zalo.md."""

TRACKING_ID_LIMIT = 48
"""The longest ``tracking_id`` Zalo's send API accepts."""

_BANK_NOTE_REFUSED = set("@[]^_!\"•#$%¥&'()*+,€-./:;{|<}=~>?")
_FACT_ROOTS = ("letter", "event")
_ELLIPSIS = "…"


class ZnsParamError(CamonXinloiError, ValueError):
    """A ZNS parameter cannot be filled: its value is too long, empty or of the wrong form.

    Attributes:
        param: The template parameter's name.
        limit: Its length limit, or None when the problem is not the length.
        value: The formatted value that was refused.
    """

    def __init__(self, message: str, *, param: str, limit: int | None, value: str) -> None:
        super().__init__(message)
        self.param = param
        self.limit = limit
        self.value = value


@dataclass(frozen=True)
class ZnsParam:
    """How one template parameter is filled.

    Attributes:
        fact: A dotted path into the letter or the event: ``letter.date``,
            ``letter.agency_name``, ``letter.recipients.0``, ``event.applicant.full_name``,
            ``event.new_due_on``. A person gives their full name.
        type: The parameter's type as approved by Zalo; it sets the limit and the format.
        max_length: The approved template's own limit (``maxLength`` in Zalo's template
            information), when it differs from the type's default.
        shorten: Cut a value that is too long at a word boundary and end it with "…",
            instead of raising :class:`ZnsParamError`.
    """

    fact: str
    type: ParamType
    max_length: int | None = None
    shorten: bool = False

    @property
    def limit(self) -> int:
        """The length limit that applies."""
        return self.max_length if self.max_length is not None else ZNS_LIMITS[self.type]


def zalo_phone(number: str) -> str:
    """Return a Vietnamese phone number in the ``84…`` form Zalo expects.

    Spaces, dots, dashes and brackets are ignored; ``0…``, ``84…`` and ``+84…`` are
    accepted. The national number must have 9 digits (mobile) or 10 (landline).

    Raises:
        ValueError: It is not a Vietnamese phone number.

    Examples:
        >>> zalo_phone("0912 345 678"), zalo_phone("+84 (24) 3825 1234")
        ('84912345678', '842438251234')
        >>> zalo_phone("12345")
        Traceback (most recent call last):
        ...
        ValueError: '12345' is not a Vietnamese phone number (0… or 84… with 9 or 10 digits after)
    """
    digits = re.sub(r"[\s.\-()]", "", unicodedata.normalize("NFKC", number))
    national = None
    if re.fullmatch(r"0\d+", digits):
        national = digits[1:]
    elif re.fullmatch(r"\+?84\d+", digits):
        national = digits.lstrip("+")[2:]
    if national is None or len(national) not in (9, 10) or national.startswith("0"):
        raise ValueError(
            f"{number!r} is not a Vietnamese phone number (0… or 84… with 9 or 10 digits after)"
        )
    return f"84{national}"


def _fact(path: str, letter: Letter, event: Event | None) -> Any:
    root, _, rest = path.partition(".")
    if root not in _FACT_ROOTS or not rest:
        raise ValueError(f"fact {path!r} must start with 'letter.' or 'event.'")
    node: Any = letter if root == "letter" else event
    if node is None:
        raise ValueError(f"fact {path!r} needs the event: pass event=")
    for part in rest.split("."):
        if isinstance(node, tuple | list) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else None
        elif isinstance(node, BaseModel) and not part.startswith("_") and hasattr(node, part):
            node = getattr(node, part)
            if callable(node):
                raise ValueError(f"fact {path!r}: {part!r} is a method, not a fact")
        else:
            raise ValueError(f"fact {path!r}: {type(node).__name__} has no fact {part!r}")
        if node is None:
            return None
    return node


def _format(value: Any, kind: ParamType) -> str:
    if isinstance(value, Person):
        value = value.full_name
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        raise ValueError(f"a yes/no value ({value}) cannot fill a ZNS parameter")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    text = unicodedata.normalize("NFC", str(value)).strip()
    if kind == "phone_number":
        return zalo_phone(text)
    return text


def _shorten(text: str, limit: int) -> str:
    room = text[: limit - len(_ELLIPSIS)]
    cut = room.rsplit(" ", 1)[0] if " " in room.strip() else room
    return cut.rstrip(" ,;:-") + _ELLIPSIS


def _check(name: str, param: ZnsParam, text: str) -> str:
    limit = param.limit
    if param.type in ("amount", "currency") and not re.fullmatch(
        r"\d+" if param.type == "currency" else r"-?\d+(\.\d+)?", text
    ):
        raise ZnsParamError(
            f"ZNS parameter {name!r} ({param.type}) must be a plain number, not {text!r}",
            param=name,
            limit=None,
            value=text,
        )
    if param.type == "bank_transfer_note" and _BANK_NOTE_REFUSED & set(text):
        bad = "".join(sorted(_BANK_NOTE_REFUSED & set(text)))
        raise ZnsParamError(
            f"ZNS parameter {name!r} (bank_transfer_note) may not contain {bad!r}: {text!r}",
            param=name,
            limit=None,
            value=text,
        )
    if len(text) <= limit:
        return text
    if param.shorten:
        return _shorten(text, limit)
    raise ZnsParamError(
        f"ZNS parameter {name!r} ({param.type}) allows at most {limit} characters;"
        f" {text!r} has {len(text)}",
        param=name,
        limit=limit,
        value=text,
    )


def zns_payload(
    letter: Letter,
    *,
    template_id: str | int,
    params: Mapping[str, ZnsParam],
    phone: str,
    event: Event | None = None,
    tracking_id: str | None = None,
) -> dict[str, Any]:
    """Build the body of a ZNS "send" request for a letter.

    Args:
        letter: The composed letter.
        template_id: The approved ZNS template's id.
        params: Template parameter name → how to fill it.
        phone: The recipient's phone number (``0912…``, ``84912…``) or a fact path
            such as ``"event.applicant.phone"``.
        event: The letter's event, for ``event.…`` facts.
        tracking_id: The portal's own id for this message (at most 48 characters).

    Returns:
        ``{"phone": "84…", "template_id": "…", "template_data": {...}}`` plus
        ``"tracking_id"`` when given: the JSON a portal posts to Zalo.

    Raises:
        ZnsParamError: A value is too long (and not to be shortened), empty, or not
            of its type's form; the message names the parameter, the limit and the value.
        ValueError: A fact path does not exist, or the phone number is not Vietnamese.
    """
    data: dict[str, str] = {}
    for name, param in params.items():
        value = _fact(param.fact, letter, event)
        if value is None or value == "" or value == ():
            raise ZnsParamError(
                f"ZNS parameter {name!r}: the fact {param.fact!r} is empty for this letter",
                param=name,
                limit=None,
                value="",
            )
        try:
            text = _format(value, param.type)
        except ValueError as exc:
            raise ZnsParamError(
                f"ZNS parameter {name!r}: {exc}", param=name, limit=None, value=str(value)
            ) from exc
        data[name] = _check(name, param, text)
    number = phone
    if phone.startswith(_FACT_ROOTS):
        found = _fact(phone, letter, event)
        if not found:
            raise ValueError(f"the recipient's phone ({phone}) is empty for this letter")
        number = str(found)
    payload: dict[str, Any] = {
        "phone": zalo_phone(number),
        "template_id": str(template_id),
        "template_data": data,
    }
    if tracking_id is not None:
        if not tracking_id or len(tracking_id) > TRACKING_ID_LIMIT:
            raise ValueError(
                f"tracking_id must have 1 to {TRACKING_ID_LIMIT} characters,"
                f" not {len(tracking_id)}: {tracking_id!r}"
            )
        payload["tracking_id"] = tracking_id
    return payload
