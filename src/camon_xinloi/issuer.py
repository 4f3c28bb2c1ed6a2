"""Who sends a letter: the People's Committee and its signatory.

An :class:`Issuer` is loaded once per commune (from code, a dict or a TOML
file) and gives every letter its letterhead, place name, number notation,
signature block and default "Nơi nhận".

Examples:
    >>> issuer = Issuer(unit_type="phường", name="15", province="Thành phố Hồ Chí Minh",
    ...                 signatory=Signatory(full_name="trần văn minh"))
    >>> issuer.agency_lines
    ('ỦY BAN NHÂN DÂN', 'PHƯỜNG 15')
    >>> issuer.place_name
    'Phường 15'
    >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
    ...        signatory=Signatory(full_name="Lê Thị Hoa")).place_name
    'Xuân Phú'
"""

from __future__ import annotations

import re
import tomllib
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
from camon_xinloi.errors import InvalidIssuerError
from camon_xinloi.events import validation_problems
from camon_xinloi.text import Name, ShortText, Text
from camon_xinloi.vi.names import normalize_name

__all__ = ["Issuer", "Signatory", "UnitType"]

UnitType = Literal["xã", "phường", "đặc khu"]

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

    Attributes:
        unit_type: "xã", "phường" or "đặc khu".
        name: The unit's own name without the type word: "Xuân Phú", "15", "Trần Hưng Đạo".
        province: The province or centrally-run city, e.g. "tỉnh Lâm Đồng".
        full_place_name: Decree 30 (Phụ lục I, II.4) writes the full name ("Phường
            Trần Hưng Đạo") in the date line for units named after a person, a number
            or a historical event. Names with a digit are detected; set this to True
            for units named after a person or event, or False to override.
        body_name: The issuing body, "Ủy ban nhân dân".
        parent_agency: A line above the body name (cơ quan chủ quản), normally none.
        address, phone, email, website: Contacts printed in the footer.
        notation: The ký hiệu after the number, e.g. "UBND-VX"; ``None`` prints no "Số:" line.
        signatory: The default signatory.
        distribution: Default "Nơi nhận" items, ending with the archive line. When not
            given: "Lưu: VT, <đơn vị soạn thảo>" (Decree 30, Phụ lục I), the drafting
            unit read from the notation's last group ("UBND-VX" gives "Lưu: VT, VX"),
            or "Lưu: VT" for a notation without one.

    Examples:
        >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
        ...        notation="UBND-VP", signatory=Signatory(full_name="Lê Thị Hoa")).distribution
        ('Lưu: VT, VP',)
    """

    unit_type: UnitType
    name: Text
    province: Text
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
        """The unit's full name: "Phường 15", "Xã Xuân Phú", "Đặc khu Phú Quốc"."""
        return f"{_UNIT_WORD[self.unit_type]} {self.name}"

    @property
    def name_in_text(self) -> str:
        """The unit's name in running text: "xã Xuân Phú", but "Phường 15" (Phụ lục II)."""
        return self.full_name if self._full_name_rule() else f"{self.unit_type} {self.name}"

    @property
    def committee(self) -> str:
        """The committee in running text: "Ủy ban nhân dân xã Xuân Phú", "… Phường 15".

        Examples:
            >>> Issuer(unit_type="xã", name="Xuân Phú", province="tỉnh Đồng Nai",
            ...        signatory=Signatory(full_name="Lê Thị Hoa")).committee
            'Ủy ban nhân dân xã Xuân Phú'
        """
        return f"{self.body_name} {self.name_in_text}"

    def _full_name_rule(self) -> bool:
        if self.full_place_name is not None:
            return self.full_place_name
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

        Examples:
            >>> Issuer.from_dict({"unit_type": "xã", "name": "An Thới Đông",
            ...     "province": "Thành phố Hồ Chí Minh",
            ...     "signatory": {"full_name": "Phạm Văn Hùng"}}).place_name
            'An Thới Đông'
        """
        try:
            return cls.model_validate(data)
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
