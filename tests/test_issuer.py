from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from camon_xinloi import InvalidIssuerError, Issuer, Signatory, admin_units
from camon_xinloi.errors import (
    AmbiguousUnitError,
    UncheckedUnitWarning,
    UnitMismatchError,
    UnitNotFoundError,
)


def make(name: str, unit_type: str, province: str, **kw: object) -> Issuer:
    return Issuer.model_validate(
        {
            "unit_type": unit_type,
            "name": name,
            "province": province,
            "signatory": {"full_name": "Lê Văn Tám"},
            **kw,
        }
    )


@pytest.mark.parametrize(
    ("name", "unit_type", "province", "place"),
    [
        # default: the name alone
        ("Xuân Phú", "xã", "tỉnh Đồng Nai", "Xuân Phú"),
        ("Phú Quốc", "đặc khu", "tỉnh An Giang", "Phú Quốc"),
        # a number in the name
        ("1 Bảo Lộc", "phường", "tỉnh Lâm Đồng", "Phường 1 Bảo Lộc"),
        ("A Lưới 2", "xã", "thành phố Huế", "Xã A Lưới 2"),
        # a person's name, from the register (no flag given)
        ("Trần Hưng Đạo", "phường", "thành phố Hải Phòng", "Phường Trần Hưng Đạo"),
        ("Lê Lợi", "xã", "tỉnh Lai Châu", "Xã Lê Lợi"),
        # a historical event, from the register
        ("Điện Biên Phủ", "phường", "tỉnh Điện Biên", "Phường Điện Biên Phủ"),
        ("Đồng Khởi", "xã", "tỉnh Vĩnh Long", "Xã Đồng Khởi"),
    ],
)
def test_place_name_rule_of_decree_30_from_the_register(name, unit_type, province, place):
    assert make(name, unit_type, province).place_name == place


@pytest.mark.parametrize(
    ("code", "override", "place"),
    [
        ("10570", False, "Trần Hưng Đạo"),
        ("26983", True, "Phường Bảy Hiền"),
        ("24823", False, "1 Bảo Lộc"),
    ],
)
def test_the_clerk_can_override_the_place_name_rule(code, override, place):
    issuer = Issuer.from_unit(code, signatory=Signatory(full_name="A B"), full_place_name=override)
    assert issuer.place_name == place


def test_agency_lines_and_committee_in_text():
    issuer = make("Trần Hưng Đạo", "phường", "Hải Phòng")
    assert issuer.agency_lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG TRẦN HƯNG ĐẠO")
    assert issuer.committee == "Ủy ban nhân dân Phường Trần Hưng Đạo"
    assert make("Xuân Phú", "xã", "Đồng Nai").committee == "Ủy ban nhân dân xã Xuân Phú"


def test_from_unit_fills_type_name_and_province_from_the_register():
    signatory = Signatory(full_name="Lê Văn Tám")
    for unit in ("26983", "Phường Bảy Hiền", "bay hien"):
        issuer = Issuer.from_unit(unit, signatory=signatory)
        assert (issuer.unit, issuer.unit_type, issuer.name, issuer.province) == (
            "26983", "phường", "Bảy Hiền", "Thành phố Hồ Chí Minh",
        )  # fmt: skip
        assert issuer.committee == "Ủy ban nhân dân phường Bảy Hiền"
    issuer = Issuer.from_unit("Xuân Phú", province="Đồng Nai", signatory=signatory)
    assert (issuer.unit, issuer.province) == ("26458", "tỉnh Đồng Nai")
    assert Issuer.from_dict(issuer.model_dump()) == issuer


def test_an_issuer_given_by_name_is_checked_and_takes_the_registers_spelling():
    issuer = make("xuan phu", "xã", "dong nai")
    assert (issuer.unit, issuer.name, issuer.province) == ("26458", "Xuân Phú", "tỉnh Đồng Nai")
    registered = issuer.registered_unit()
    assert registered is not None
    assert registered.code == "26458"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"unit": "99999"}, UnitNotFoundError, "no unit has the code '99999'"),
        (
            {"unit_type": "phường", "name": "15", "province": "Thành phố Hồ Chí Minh"},
            UnitNotFoundError,
            "no unit named '15' in Thành phố Hồ Chí Minh",
        ),
        (
            {"unit_type": "xã", "name": "Bay Hein", "province": "Hồ Chí Minh"},
            UnitNotFoundError,
            "did you mean Phường Bảy Hiền, Thành phố Hồ Chí Minh",
        ),
        ({"unit": "Xuân Phú"}, AmbiguousUnitError, r"Đà Nẵng \(20650\).*Đồng Nai \(26458\)"),
        (
            {"unit_type": "xã", "name": "Bảy Hiền", "province": "Hồ Chí Minh"},
            UnitMismatchError,
            "a phường, not a xã",
        ),
        (
            {"unit_type": "phường", "name": "Bảy Hiền", "province": "tỉnh Đồng Nai"},
            UnitMismatchError,
            "not in Tỉnh Đồng Nai",
        ),
        ({"unit": "26983", "name": "Tân Định"}, UnitMismatchError, "does not match unit 26983"),
        ({"unit": "26983", "province": "Hà Nội"}, UnitMismatchError, "not in Thành phố Hà Nội"),
    ],
)
def test_units_not_in_the_register_are_refused(kwargs, error, message):
    data = {**kwargs, "signatory": {"full_name": "Lê Văn Tám"}}
    with pytest.raises(error, match=message):
        Issuer.model_validate(data)
    with pytest.raises(InvalidIssuerError, match=message) as info:
        Issuer.from_dict(data, source="ubnd")
    assert str(info.value).startswith("ubnd: ")


def test_an_unregistered_unit_needs_the_opt_out_and_is_reported():
    data = {
        "unit_type": "phường",
        "name": "15",
        "province": "Thành phố Hồ Chí Minh",
        "signatory": {"full_name": "Lê Văn Tám"},
    }
    with pytest.raises(UnitNotFoundError):
        Issuer.model_validate(data)
    with pytest.warns(UncheckedUnitWarning, match="Phường 15.*not checked against the register"):
        issuer = Issuer.model_validate({**data, "check_register": False})
    assert issuer.unit is None
    assert issuer.registered_unit() is None
    assert issuer.place_name == "Phường 15"  # the number rule still applies
    with pytest.raises(InvalidIssuerError, match="unit is a register code"):
        Issuer.from_dict({**data, "check_register": False, "unit": "26983"})


@pytest.mark.parametrize(
    ("kwargs", "lines"),
    [
        ({}, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        (
            {"title": "Phó Chủ tịch", "mode": "KT"},
            ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        ({"on_behalf_of": None}, ("CHỦ TỊCH",)),
        ({"acting": True}, ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")),
    ],
)
def test_signature_block_lines(kwargs, lines):
    assert Signatory(full_name="lê văn tám", **kwargs).block_lines == lines


def test_signatory_name_is_normalised():
    assert Signatory(full_name="  LÊ  văn TÁM ").full_name == "Lê Văn Tám"


def test_from_toml(tmp_path: Path):
    path = tmp_path / "ubnd.toml"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\n',
        encoding="utf-8",
    )
    assert Issuer.from_toml(path).place_name == "Xuân Phú"
    path.write_text('unit = "10570"\n[signatory]\nfull_name = "Lê Thị Hoa"\n', encoding="utf-8")
    issuer = Issuer.from_toml(path)
    assert (issuer.full_name, issuer.place_name) == ("Phường Trần Hưng Đạo", "Phường Trần Hưng Đạo")
    path.write_text('unit = "10571"\n[signatory]\nfull_name = "Lê Thị Hoa"\n', encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match=r"ubnd\.toml.*no unit has the code '10571'"):
        Issuer.from_toml(path)


def test_from_toml_errors_name_the_file_and_field(tmp_path: Path):
    path = tmp_path / "ubnd.toml"
    path.write_text('unit_type = "huyện"\nname = "X"\nprovince = "Y"\n', encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match=r"ubnd\.toml.*unit_type.*signatory"):
        Issuer.from_toml(path)
    with pytest.raises(InvalidIssuerError, match="cannot read"):
        Issuer.from_toml(tmp_path / "missing.toml")
    path.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match="not valid TOML"):
        Issuer.from_toml(path)


def test_every_unit_of_the_register_makes_an_issuer_with_the_right_date_line_place():
    signatory = Signatory(full_name="Lê Văn Tám")
    for unit in admin_units.units():
        issuer = Issuer.from_unit(unit.code, signatory=signatory)
        expected = unit.full_name if unit.named_after else unit.name
        assert issuer.place_name == expected
        assert issuer.full_name == unit.full_name
        assert issuer.agency_lines[1] == unit.full_name.upper()


def test_a_unit_code_must_be_a_string(tmp_path: Path):
    path = tmp_path / "ubnd.toml"
    path.write_text('unit = 26983\n[signatory]\nfull_name = "Lê Thị Hoa"\n', encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match="unit: Input should be a valid string"):
        Issuer.from_toml(path)


# --------------------------------------------------------------------------- Decree 30, Điều 13


def test_a_deputy_without_a_mode_signs_kt() -> None:
    """Never "TM. ỦY BAN NHÂN DÂN / PHÓ CHỦ TỊCH": a deputy signs for the head."""
    deputy = Signatory(full_name="Lê Văn Tám", title="Phó Chủ tịch")
    assert deputy.block_lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    own = Signatory(full_name="Lê Văn Tám", title="phó chủ tịch", on_behalf_of=None)
    assert own.block_lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(
    ("mode", "lines"),
    [
        ("KT.", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("kt", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        (" KT. ", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ],
)
def test_modes_with_the_decrees_dot(mode: str, lines: tuple[str, ...]) -> None:
    signatory = Signatory(full_name="A B", title="Phó Chủ tịch", mode=mode)  # type: ignore[arg-type]
    assert signatory.block_lines == lines


def test_tl_tuq_q_and_tm_written_as_the_decree_writes_them() -> None:
    tl = Signatory(full_name="A B", title="Chánh Văn phòng", mode="TL.")
    assert tl.block_lines == ("TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")
    assert Signatory(full_name="A B", title="Trưởng phòng", mode="TUQ.").mode == "TUQ"
    acting = Signatory(full_name="A B", mode="Q.")
    assert acting.acting
    assert acting.block_lines == ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")
    tm = Signatory(full_name="A B", on_behalf_of="TM. Ủy ban nhân dân")
    assert tm.block_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "Ủy viên"}, "no mode is given"),
        ({"title": "Chủ tịch", "mode": "KT."}, "the head"),
        ({"mode": "TM."}, "not a signing mode"),
        ({"mode": "XYZ"}, "mode"),
        ({"mode": "Q.", "acting": False}, "acting is false"),
    ],
)
def test_forms_decree_30_does_not_allow_are_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Signatory(full_name="A B", **kwargs)  # type: ignore[arg-type]


def test_an_issuer_file_with_a_deputy_and_no_mode_signs_kt(tmp_path: Path) -> None:
    path = tmp_path / "ubnd.toml"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\ntitle = "Phó Chủ tịch"\n',
        encoding="utf-8",
    )
    assert Issuer.from_toml(path).signatory.block_lines[1] == "KT. CHỦ TỊCH"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\ntitle = "Ủy viên"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidIssuerError, match="Ủy viên"):
        Issuer.from_toml(path)
