"""Who sends a letter: the People's Committee and its signatory.

An :class:`Issuer` is loaded once per commune (from code, a dict or a TOML
file) and gives every letter its letterhead, place name, number notation,
signature block and default "Nơi nhận".

The unit is a fact of the register (:mod:`camon_xinloi.admin_units`): give its
code and the register fills in the type, name and province; an issuer given by
name is checked against the register.

Examples:
    >>> issuer = Issuer.from_unit("26983", signatory=Signatory(full_name="trần văn minh"))
    >>> issuer.agency_lines
    ('ỦY BAN NHÂN DÂN', 'PHƯỜNG BẢY HIỀN')
    >>> issuer.place_name, issuer.province
    ('Bảy Hiền', 'Thành phố Hồ Chí Minh')
    >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
    ...        signatory=Signatory(full_name="Lê Thị Hoa")).unit
    '26458'
    >>> Issuer.from_unit("Phường Trần Hưng Đạo", province="Hải Phòng",
    ...                  signatory=Signatory(full_name="Lê Thị Hoa")).place_name
    'Phường Trần Hưng Đạo'
"""

from __future__ import annotations

import re
import tomllib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from camon_xinloi import _toml as toml
from camon_xinloi import admin_units
from camon_xinloi.admin_units import AdminUnit, UnitType
from camon_xinloi.errors import (
    InvalidIssuerError,
    UncheckedUnitWarning,
    UnitError,
    UnitMismatchError,
)
from camon_xinloi.events import validation_problems
from camon_xinloi.text import Name, ShortText, Text
from camon_xinloi.vi.names import normalize_name

__all__ = ["Issuer", "Signatory", "UnitType"]

_UNIT_WORD: dict[str, str] = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}

_TM_PREFIX = re.compile(r"^\s*TM\.?\s+", re.IGNORECASE)
"""A "TM." written before the collective body's name; the block adds it itself."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Signatory(_Model):
    """The person who signs, and under what authority (Decree 30, Điều 13).

    Attributes:
        full_name: The signer's name; no academic titles (Decree 30 forbids them).
        title: The signer's own position, e.g. "Chủ tịch" or "Phó Chủ tịch".
        on_behalf_of: The collective body for a "TM." line; ``None`` for documents
            under the Chủ tịch's own authority.
        mode: "KT" when a deputy signs for the head, "TL" by order, "TUQ" by
            authorisation, or ``None`` when the head signs. Written with or
            without the dot, as the decree writes them ("KT."); "Q." sets
            ``acting``. A deputy ("Phó Chủ tịch") without a mode signs "KT."
            (Decree 30, Điều 13); another title that is not the head's needs a mode.
        head_title: The head's position used after KT./TL./TUQ.
        acting: Prefix the title with "Q." (acting head).

    Examples:
        >>> Signatory(full_name="Lê Văn Tám", title="Phó Chủ tịch", mode="KT.").block_lines
        ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')
        >>> Signatory(full_name="Lê Văn Tám", title="Phó Chủ tịch").mode
        'KT'
        >>> Signatory(full_name="Lê Văn Tám").block_lines
        ('TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH')
        >>> Signatory(full_name="Lê Văn Tám", mode="Q.").block_lines
        ('TM. ỦY BAN NHÂN DÂN', 'Q. CHỦ TỊCH')
    """

    full_name: Name
    title: Text = "Chủ tịch"
    on_behalf_of: Text | None = "Ủy ban nhân dân"
    mode: Literal["KT", "TL", "TUQ", "KT.", "TL.", "TUQ.", "Q", "Q."] | None = None
    """Stored without the dot and never "Q" (that sets ``acting``): "KT", "TL", "TUQ"."""
    head_title: Text = "Chủ tịch"
    acting: bool = False

    @model_validator(mode="before")
    @classmethod
    def _decree_abbreviations(cls, data: Any) -> Any:
        """Accept "KT.", "TL.", "TUQ.", "Q." and a "TM." prefix as the decree writes them."""
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        mode = data.get("mode")
        if isinstance(mode, str):
            bare = mode.strip().rstrip(".").strip().upper()
            if bare == "Q":
                if data.get("acting") is False:
                    raise ValueError("mode 'Q.' means an acting head, but acting is false")
                data["mode"], data["acting"] = None, True
            elif bare == "TM":
                raise ValueError(
                    "mode 'TM.' is not a signing mode: the collective body goes in"
                    " on_behalf_of (the default, 'Ủy ban nhân dân', prints 'TM. ỦY BAN NHÂN DÂN')"
                )
            else:
                data["mode"] = bare or None
        body = data.get("on_behalf_of")
        if isinstance(body, str) and _TM_PREFIX.match(body):
            data["on_behalf_of"] = _TM_PREFIX.sub("", body, count=1)
        return data

    @field_validator("full_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return normalize_name(value)

    @model_validator(mode="after")
    def _decree_30_signing_form(self) -> Signatory:
        """Derive "KT." for a deputy; refuse forms Decree 30, Điều 13 does not allow."""
        own, head = self.title.casefold(), self.head_title.casefold()
        if self.mode is None and not self.acting and own != head:
            if own == f"phó {head}":
                object.__setattr__(self, "mode", "KT")
            else:
                raise ValueError(
                    f"title {self.title!r} is not the head's ({self.head_title!r}) and no mode"
                    " is given; Decree 30, Điều 13: a deputy signs 'KT.', others 'TL.' (by"
                    " order) or 'TUQ.' (by authorisation), so set mode"
                )
        if self.mode == "KT" and own == head:
            raise ValueError(
                f"mode 'KT.' is for a deputy signing for the head; the head ({self.title!r})"
                " signs without it"
            )
        return self

    @property
    def block_lines(self) -> tuple[str, ...]:
        """The upper-case lines of the signature block above the signing space."""
        lines: list[str] = []
        if self.on_behalf_of:
            lines.append(f"TM. {self.on_behalf_of.upper()}")
        if self.mode:
            lines.append(f"{self.mode}. {self.head_title.upper()}")
        lines.append(("Q. " if self.acting else "") + self.title.upper())
        return tuple(lines)


class Issuer(_Model):
    """A commune-level People's Committee (UBND xã, phường or đặc khu).

    Give the unit by its register code (``unit="26983"``, or :meth:`from_unit`) and
    the register fills in ``unit_type``, ``name`` and ``province``; or give those three
    and they are checked against the register (diacritics, case and the province's
    type word may differ; the register's spelling is kept). A unit that is not in the
    register (after a future reform) needs ``check_register=False``; such an issuer
    is reported with an :class:`~camon_xinloi.errors.UncheckedUnitWarning`.

    Attributes:
        unit: The unit's 5-digit code in the register (or its name, looked up), e.g.
            "26983"; ``None`` only with ``check_register=False``.
        unit_type: "xã", "phường" or "đặc khu".
        name: The unit's own name without the type word: "Xuân Phú", "Trần Hưng Đạo".
        province: The province in running text, e.g. "tỉnh Lâm Đồng", "Thành phố Hồ Chí Minh".
        check_register: False for a unit that is not in the register (unchecked).
        full_place_name: Decree 30 (Phụ lục I, II.4) writes the full name ("Phường
            Trần Hưng Đạo") in the date line for units named after a person, a number
            or a historical event. ``None`` takes this from the register (or, for an
            unchecked unit, from a digit in the name); True or False overrides it.
        body_name: The issuing body, "Ủy ban nhân dân".
        parent_agency: A line above the body name (cơ quan chủ quản), normally none.
        address, phone, email, website: Contacts printed in the footer.
        notation: The ký hiệu after the number, e.g. "UBND-VX"; ``None`` prints no "Số:" line.
        signatory: The default signatory.
        distribution: Default "Nơi nhận" items, ending with the archive line. When not
            given: "Lưu: VT, <đơn vị soạn thảo>" (Decree 30, Phụ lục I), the drafting
            unit read from the notation's last group ("UBND-VX" gives "Lưu: VT, VX"),
            or "Lưu: VT" for a notation without one.

    Raises:
        UnitNotFoundError: The code, name or province is not in the register.
        AmbiguousUnitError: The name matches several units (the message lists them).
        UnitMismatchError: The unit exists, but with another type or in another province.

    Examples:
        >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
        ...        notation="UBND-VP", signatory=Signatory(full_name="Lê Thị Hoa")).distribution
        ('Lưu: VT, VP',)
    """

    unit: str | None = None
    unit_type: UnitType
    name: Text
    province: Text
    check_register: bool = True
    full_place_name: bool | None = None
    body_name: Text = "Ủy ban nhân dân"
    parent_agency: Text | None = None
    address: Text | None = None
    phone: ShortText | None = None
    email: Text | None = None
    website: Text | None = None
    notation: ShortText | None = "UBND"
    signatory: Signatory
    distribution: tuple[Text, ...] = Field(default=("Lưu: VT",), max_length=20)

    @model_validator(mode="before")
    @classmethod
    def _fill_from_register(cls, data: Any) -> Any:
        """Given ``unit`` (a code or name): type, name and province come from the register."""
        if not isinstance(data, Mapping) or data.get("check_register", True) is False:
            return data
        query, name = data.get("unit"), data.get("name")
        unit_type, province = data.get("unit_type"), data.get("province")
        if not isinstance(query, str) or not all(
            isinstance(v, str | None) for v in (name, unit_type, province)
        ):
            return data  # no unit given, or field validation reports the wrong types
        registered = admin_units.find(query, province=province, unit_type=unit_type)
        if name is not None:
            _check_name(name, registered)  # the code decides; a different name is an error
        return {**data, **_registered_fields(registered)}

    @model_validator(mode="after")
    def _check_against_register(self) -> Issuer:
        """Given a name: check it against the register; else report an unchecked issuer."""
        if not self.check_register:
            if self.unit is not None:
                raise ValueError("unit is a register code: remove it, or check_register = false")
            warnings.warn(
                f"issuer {self.full_name}, {self.province} is not checked against the"
                " register of units (check_register=False)",
                UncheckedUnitWarning,
                stacklevel=3,  # the caller of Issuer(...) or Issuer.model_validate(...)
            )
            return self
        if self.unit is not None:
            return self  # filled from the register
        registered = admin_units.find(self.name, province=self.province, unit_type=self.unit_type)
        for field, value in _registered_fields(registered).items():
            object.__setattr__(self, field, value)  # still being built: frozen after this
        self.__pydantic_fields_set__.add("unit")
        return self

    def registered_unit(self) -> AdminUnit | None:
        """Look the unit up in the register: ``None`` for an unchecked issuer.

        A method, not a property: templates see the issuer's fields and properties,
        and the register's records are not template data.

        Examples:
            >>> issuer = Issuer(unit="24823", signatory=Signatory(full_name="Lê Thị Hoa"))
            >>> issuer.registered_unit().named_after, issuer.place_name
            ('number', 'Phường 1 Bảo Lộc')
        """
        return admin_units.get(self.unit) if self.unit is not None else None

    @classmethod
    def from_unit(cls, unit: str, *, signatory: Signatory, **fields: Any) -> Issuer:
        """Build the issuer of a unit of the register, by code or by name.

        Args:
            unit: The 5-digit code ("26983") or the name ("Phường Bảy Hiền", "bay hien").
            signatory: The default signatory.
            **fields: Any other :class:`Issuer` field (``province`` narrows a name).

        Raises:
            UnitNotFoundError, AmbiguousUnitError, UnitMismatchError: As :func:`admin_units.find`.

        Examples:
            >>> Issuer.from_unit("Phú Quốc", signatory=Signatory(full_name="Lê Thị Hoa")).committee
            'Ủy ban nhân dân đặc khu Phú Quốc'
        """
        return cls.model_validate({**fields, "unit": unit, "signatory": signatory})

    @model_validator(mode="before")
    @classmethod
    def _archive_line(cls, data: Any) -> Any:
        """Name the drafting unit in the default archive line ("Lưu: VT, VX")."""
        if not isinstance(data, Mapping) or "distribution" in data:
            return data
        notation = data.get("notation", "UBND")
        if not isinstance(notation, str) or "-" not in notation:
            return data
        unit = notation.rsplit("-", 1)[1].strip()
        return {**data, "distribution": (f"Lưu: VT, {unit}",)} if unit else data

    @property
    def full_name(self) -> str:
        """The unit's full name: "Phường 1 Bảo Lộc", "Xã Xuân Phú", "Đặc khu Phú Quốc"."""
        return f"{_UNIT_WORD[self.unit_type]} {self.name}"

    @property
    def name_in_text(self) -> str:
        """The unit's name in running text: "xã Xuân Phú", but "Phường 1 Bảo Lộc" (Phụ lục II)."""
        return self.full_name if self._full_name_rule() else f"{self.unit_type} {self.name}"

    @property
    def committee(self) -> str:
        """The committee in running text: "Ủy ban nhân dân xã Xuân Phú", "… Phường 1 Bảo Lộc".

        Examples:
            >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
            ...        signatory=Signatory(full_name="Lê Thị Hoa")).committee
            'Ủy ban nhân dân xã Xuân Phú'
        """
        return f"{self.body_name} {self.name_in_text}"

    def _full_name_rule(self) -> bool:
        if self.full_place_name is not None:
            return self.full_place_name
        registered = self.registered_unit()
        if registered is not None:
            return registered.full_place_name
        return any(ch.isdigit() for ch in self.name)

    @property
    def place_name(self) -> str:
        """The place name for the date line, per Decree 30 (Phụ lục I, II.4)."""
        return self.full_name if self._full_name_rule() else self.name

    @property
    def agency_lines(self) -> tuple[str, ...]:
        """The issuing body's name in the letterhead, upper case, on two lines."""
        return (self.body_name.upper(), self.full_name.upper())

    @property
    def footer(self) -> str | None:
        """Address and contacts on one line, or None when none is given.

        Examples:
            >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
            ...        address="Ấp 1, xã Xuân Phú, tỉnh Đồng Nai", phone="0251 3888 111",
            ...        signatory=Signatory(full_name="Lê Thị Hoa")).footer
            'Địa chỉ: Ấp 1, xã Xuân Phú, tỉnh Đồng Nai; Điện thoại: 0251 3888 111'
        """
        parts = [
            f"{label}: {value}"
            for label, value in (
                ("Địa chỉ", self.address),
                ("Điện thoại", self.phone),
                ("Email", self.email),
                ("Website", self.website),
            )
            if value
        ]
        return "; ".join(parts) or None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "issuer") -> Issuer:
        """Build an issuer from a mapping, raising :class:`InvalidIssuerError` when wrong.

        A unit missing from the register, or given ambiguously, is an
        :class:`InvalidIssuerError` too, naming ``source`` and what the register holds.

        Examples:
            >>> Issuer.from_dict({"unit_type": "xã", "name": "An Thới Đông",
            ...     "province": "Thành phố Hồ Chí Minh",
            ...     "signatory": {"full_name": "Phạm Văn Hùng"}}).place_name
            'An Thới Đông'
        """
        try:
            return cls.model_validate(data)
        except UnitError as exc:
            raise InvalidIssuerError(f"{source}: {exc}") from exc
        except ValidationError as exc:
            problems = "; ".join(f"{path}: {msg}" for path, msg in validation_problems(exc))
            raise InvalidIssuerError(f"{source} is invalid: {problems}") from exc

    @classmethod
    def from_toml(cls, path: str | Path) -> Issuer:
        """Load an issuer from a TOML file (the keys of :class:`Issuer`, ``[signatory]`` table).

        Raises:
            InvalidIssuerError: If the file is missing, is not TOML, or a field is wrong.
        """
        path = Path(path)
        try:
            data = toml.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidIssuerError(
                f"cannot read issuer file {str(path)!r}: {exc.strerror or exc}"
            ) from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidIssuerError(f"issuer file {str(path)!r} is not valid TOML: {exc}") from exc
        return cls.from_dict(data, source=f"issuer file {str(path)!r}")


def _registered_fields(unit: AdminUnit) -> dict[str, str]:
    """The issuer fields that the register decides, in the issuer's spelling."""
    return {
        "unit": unit.code,
        "unit_type": unit.unit_type,
        "name": unit.name,
        "province": unit.province_in_text,
    }


def _check_name(name: str, registered: AdminUnit) -> None:
    """Refuse a name that is not the registered unit's (a code and a name that disagree)."""
    try:
        named = admin_units.find(name, province=registered.province, unit_type=registered.unit_type)
    except UnitError:
        named = None
    if named != registered:
        raise UnitMismatchError(
            f"name {name!r} does not match unit {registered.code}: the register has {registered}",
            query=name,
            registered=(registered,),
        )
